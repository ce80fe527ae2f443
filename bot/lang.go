package bot

import (
	"fmt"
	"strings"

	"branchbot/data"
)

// Lang is a language branchbot speaks.
type Lang string

// The languages with a full catalogue.
const (
	LangZH Lang = "zh"
	LangEN Lang = "en"
)

// ParseLang accepts the values of BRANCHBOT_LANG.
func ParseLang(s string) (Lang, bool) {
	switch Lang(strings.ToLower(strings.TrimSpace(s))) {
	case LangZH:
		return LangZH, true
	case LangEN:
		return LangEN, true
	}
	return "", false
}

// langFor picks the catalogue for a Telegram language_code ("zh-hans",
// "en-GB", …), falling back to def for everything else.
func langFor(code string, def Lang) Lang {
	code = strings.ToLower(code)
	switch {
	case strings.HasPrefix(code, "zh"):
		return LangZH
	case strings.HasPrefix(code, "en"):
		return LangEN
	}
	return def
}

// catalogues holds one catalogue per language. Keys are the msg* constants;
// a test checks both catalogues have every key with the same format verbs.
var catalogues = map[Lang]map[msg]string{LangZH: textsZH, LangEN: textsEN}

// msg names a text in the catalogues.
type msg string

// T formats the text key in language l. A missing key is a programming
// error caught by tests; at run time it degrades to the key itself rather
// than to silence.
func (l Lang) T(key msg, args ...any) string {
	s, ok := catalogues[l][key]
	if !ok {
		s, ok = catalogues[LangZH][key]
	}
	if !ok {
		return string(key)
	}
	if len(args) == 0 {
		return s
	}
	return fmt.Sprintf(s, args...)
}

// RoleName is the role as members call it.
func (l Lang) RoleName(r data.Role) string {
	return l.T(msg("role." + string(r)))
}

// The catalogue keys.
const (
	msgGreet                msg = "greet"
	msgGreetMember          msg = "greet.member"
	msgGreetGroup           msg = "greet.group"
	msgJoined               msg = "joined"
	msgJoinedNotice         msg = "joined.notice"
	msgInviteUnknown        msg = "invite.unknown"
	msgInviteUsed           msg = "invite.used"
	msgInviteExpired        msg = "invite.expired"
	msgAlreadyMember        msg = "already.member"
	msgAlreadyElsewhere     msg = "already.elsewhere"
	msgHelpHeader           msg = "help.header"
	msgHelpGuest            msg = "help.guest"
	msgHelpGroup            msg = "help.group"
	msgNeworgUsage          msg = "neworg.usage"
	msgNeworgDone           msg = "neworg.done"
	msgNeworgInBranch       msg = "neworg.inbranch"
	msgInviteChoose         msg = "invite.choose"
	msgInviteLink           msg = "invite.link"
	msgInviteUsage          msg = "invite.usage"
	msgBindDone             msg = "bind.done"
	msgBindAgain            msg = "bind.again"
	msgBindElsewhere        msg = "bind.elsewhere"
	msgGroupUsage           msg = "group.usage"
	msgGroupAdded           msg = "group.added"
	msgGroupExists          msg = "group.exists"
	msgGroupUnknown         msg = "group.unknown"
	msgGroupSet             msg = "group.set"
	msgGroupList            msg = "group.list"
	msgGroupNone            msg = "group.none"
	msgMembersHeader        msg = "members.header"
	msgMembersLine          msg = "members.line"
	msgNoGroup              msg = "members.nogroup"
	msgRoleUsage            msg = "role.usage"
	msgRoleDone             msg = "role.done"
	msgRoleUnknown          msg = "role.unknown"
	msgRoleLast             msg = "role.last"
	msgMemberUnknown        msg = "member.unknown"
	msgMemberAmbiguous      msg = "member.ambiguous"
	msgNameInvalid          msg = "name.invalid"
	msgRefusedRole          msg = "refused.role"
	msgRefusedOwner         msg = "refused.owner"
	msgNotMember            msg = "refused.notmember"
	msgPrivateOnly          msg = "refused.private"
	msgGroupOnly            msg = "refused.group"
	msgUnknownCommand       msg = "unknown.command"
	msgPlainText            msg = "plain.text"
	msgInternal             msg = "internal"
	msgButtonStale          msg = "button.stale"
	msgAddedToGroup         msg = "added.group"
	msgNoticeAsk            msg = "notice.ask"
	msgNoticeTooLong        msg = "notice.toolong"
	msgNoticePreview        msg = "notice.preview"
	msgBtnSend              msg = "btn.send"
	msgBtnCancel            msg = "btn.cancel"
	msgNothingToCancel      msg = "cancel.nothing"
	msgCancelled            msg = "cancel.done"
	msgNoticeSent           msg = "notice.sent"
	msgNoticeSentToast      msg = "notice.senttoast"
	msgNoticeHeader         msg = "notice.header"
	msgNoticeFooter         msg = "notice.footer"
	msgFollowUp             msg = "notice.followup"
	msgBtnAck               msg = "btn.ack"
	msgBtnAcked             msg = "btn.acked"
	msgBtnRemind            msg = "btn.remind"
	msgBtnUnread            msg = "btn.unread"
	msgReportAll            msg = "report.all"
	msgReportSome           msg = "report.some"
	msgReportUnreachable    msg = "report.unreachable"
	msgReportFailed         msg = "report.failed"
	msgListSep              msg = "list.sep"
	msgStatus               msg = "status"
	msgStatusPending        msg = "status.pending"
	msgStatusUnreachable    msg = "status.unreachable"
	msgAckUnknown           msg = "ack.unknown"
	msgAckNotYours          msg = "ack.notyours"
	msgAckAgain             msg = "ack.again"
	msgAckThanks            msg = "ack.thanks"
	msgQuietNow             msg = "quiet.now"
	msgRemindTooSoon        msg = "remind.toosoon"
	msgRemindNobody         msg = "remind.nobody"
	msgRemindDone           msg = "remind.done"
	msgAcksUsage            msg = "acks.usage"
	msgNoticeUnknown        msg = "notice.unknown"
	msgAcksHeader           msg = "acks.header"
	msgAcksUnread           msg = "acks.unread"
	msgAcksPending          msg = "acks.pending"
	msgAcksUnreachable      msg = "acks.unreachable"
	msgAcksAll              msg = "acks.all"
	msgNoticesNone          msg = "notices.none"
	msgNoticesHeader        msg = "notices.header"
	msgNoticesLine          msg = "notices.line"
	msgNoticesHint          msg = "notices.hint"
	msgSettingBad           msg = "settings.bad"
	msgSettingsUsage        msg = "settings.usage"
	msgSettingsSaved        msg = "settings.saved"
	msgSettingsShow         msg = "settings.show"
	msgSettingsFollow       msg = "settings.follow"
	msgOff                  msg = "off"
	msgHelpReceipts         msg = "help.receipts"
	msgMeetingUsage         msg = "meeting.usage"
	msgBadKind              msg = "meeting.badkind"
	msgBadDate              msg = "meeting.baddate"
	msgBadTime              msg = "meeting.badtime"
	msgPast                 msg = "meeting.past"
	msgBadDuration          msg = "meeting.baddur"
	msgBadRemind            msg = "meeting.badremind"
	msgBadOption            msg = "meeting.badoption"
	msgGroupNeeded          msg = "meeting.groupneeded"
	msgNoTitle              msg = "meeting.notitle"
	msgTitleLong            msg = "meeting.titlelong"
	msgMeetingCreated       msg = "meeting.created"
	msgCardWhen             msg = "card.when"
	msgCardWhere            msg = "card.where"
	msgCardWho              msg = "card.who"
	msgCardRemind           msg = "card.remind"
	msgCardNoRemind         msg = "card.noremind"
	msgCardCancelled        msg = "card.cancelled"
	msgMeetingUnknown       msg = "meeting.unknown"
	msgMeetingWasCancelled  msg = "meeting.wascancelled"
	msgMeetingsNone         msg = "meetings.none"
	msgMeetingsHeader       msg = "meetings.header"
	msgCancelUsage          msg = "cancel.usage"
	msgMeetingCancelledNote msg = "meeting.cancellednote"
	msgMeetingCancelDone    msg = "meeting.canceldone"
	msgMoveUsage            msg = "move.usage"
	msgMeetingMovedNote     msg = "meeting.movednote"
	msgMeetingMoveDone      msg = "meeting.movedone"
	msgReminderHead         msg = "reminder.head"
	msgReminderLate         msg = "reminder.late"
	msgBtnLeave             msg = "btn.leave"
	msgMissedHead           msg = "missed.head"
	msgMissedLine           msg = "missed.line"
	msgLeaveNote            msg = "leave.note"
	msgLeaveNotYours        msg = "leave.notyours"
	msgLeaveAgain           msg = "leave.again"
	msgLeaveDone            msg = "leave.done"
	msgSeriesUsage          msg = "series.usage"
	msgSeriesUnknown        msg = "series.unknown"
	msgSeriesStopped        msg = "series.stopped"
	msgSeriesKept           msg = "series.kept"
	msgSeriesCreated        msg = "series.created"
	msgSeriesNone           msg = "series.none"
	msgSeriesHeader         msg = "series.header"
	msgRuleOwnTime          msg = "rule.owntime"
	msgRuleNeedsTime        msg = "rule.needstime"
	msgDigestHead           msg = "digest.head"
	msgDigestFoot           msg = "digest.foot"
	msgMuted                msg = "mute.on"
	msgUnmuted              msg = "mute.off"
	msgThemeDayUsage        msg = "themeday.usage"
	msgThemeDayNone         msg = "themeday.none"
	msgThemeDayShow         msg = "themeday.show"
	msgThemeDayReplaced     msg = "themeday.replaced"
	msgThemeDayHead         msg = "themeday.head"
	msgFlowKind             msg = "flow.kind"
	msgFlowGroup            msg = "flow.group"
	msgFlowDate             msg = "flow.date"
	msgFlowTime             msg = "flow.time"
	msgFlowTitle            msg = "flow.title"
	msgFlowConfirm          msg = "flow.confirm"
	msgFlowUseButtons       msg = "flow.buttons"
	msgHolidayUsage         msg = "holiday.usage"
	msgHolidaySaved         msg = "holiday.saved"
	msgHolidayNoEntry       msg = "holiday.noentry"
	msgHolidayImportBad     msg = "holiday.importbad"
	msgHolidayBranch        msg = "holiday.branch"
	msgHolidayNone          msg = "holiday.none"
	msgHolidayAhead         msg = "holiday.ahead"
	msgHolidayOff           msg = "holiday.off"
	msgHolidayWork          msg = "holiday.work"
	msgBtnCheckIn           msg = "btn.checkin"
	msgCheckInDone          msg = "checkin.done"
	msgCheckInLate          msg = "checkin.late"
	msgCheckInAgain         msg = "checkin.again"
	msgCheckInNotOpen       msg = "checkin.notopen"
	msgCheckInClosed        msg = "checkin.closed"
	msgCheckInNoMeeting     msg = "checkin.nomeeting"
	msgCheckInNone          msg = "checkin.none"
	msgCheckInWhich         msg = "checkin.which"
	msgCheckInUsage         msg = "checkin.usage"
	msgAttendanceUsage      msg = "attendance.usage"
	msgRollExpected         msg = "roll.expected"
	msgRollPresent          msg = "roll.present"
	msgRollLate             msg = "roll.late"
	msgRollLeave            msg = "roll.leave"
	msgRollAbsent           msg = "roll.absent"
	msgLeaveAsk             msg = "leave.ask"
	msgLeaveAskToast        msg = "leave.asktoast"
	msgLeaveUsage           msg = "leave.usage"
	msgLeaveTooLate         msg = "leave.toolate"
	msgLeaveCheckedIn       msg = "leave.checkedin"
	msgLeaveApproved        msg = "leave.approvedmsg"
	msgLeaveRejected        msg = "leave.rejectedmsg"
	msgLeaveDecidedAlready  msg = "leave.decidedalready"
	msgBtnApprove           msg = "btn.approve"
	msgBtnReject            msg = "btn.reject"
	msgRollPending          msg = "roll.pending"
	msgSummary              msg = "summary"
	msgSummaryAbsent        msg = "summary.absent"
	msgSummaryNext          msg = "summary.next"
	msgMakeUpPrompt         msg = "makeup.prompt"
	msgMakeUpUsage          msg = "makeup.usage"
	msgMakeUpNotNeeded      msg = "makeup.notneeded"
	msgMakeUpAgain          msg = "makeup.again"
	msgMakeUpDone           msg = "makeup.done"
	msgMinutesUsage         msg = "minutes.usage"
	msgMinutesTooLong       msg = "minutes.toolong"
	msgMinutesSaved         msg = "minutes.saved"
	msgMeNone               msg = "me.none"
	msgMeHead               msg = "me.head"
	msgMeLine               msg = "me.line"
	msgMePrivate            msg = "me.private"
	msgRollMadeUp           msg = "roll.madeup"
	msgRollMinutes          msg = "roll.minutes"
	msgCorrectionReason     msg = "correction.reason"
	msgProxyAlready         msg = "proxy.already"
	msgProxyDone            msg = "proxy.done"
	msgMarkProxy            msg = "mark.proxy"
	msgMarkCorrection       msg = "mark.correction"
	msgPostHead             msg = "post.head"
	msgPostCount            msg = "post.count"
	msgPostClosed           msg = "post.closed"
	msgBtnAttend            msg = "btn.attend"
	msgAttendDone           msg = "attend.done"
	msgAttendAgain          msg = "attend.again"
	msgAttendTooLate        msg = "attend.toolate"
	msgQuorumWarn           msg = "quorum.warn"
	msgCodeNeeded           msg = "code.needed"
	msgCodeWrong            msg = "code.wrong"
	msgCodeLocked           msg = "code.locked"
	msgCardCode             msg = "card.code"
	msgCardRotate           msg = "card.rotate"
	msgCodeUsage            msg = "code.usage"
	msgCodeNone             msg = "code.none"
	msgCodeStatic           msg = "code.static"
	msgCodeLive             msg = "code.live"
	msgCodeOver             msg = "code.over"
	msgLocationFar          msg = "location.far"
	msgLocationNone         msg = "location.none"
	msgRollNotYet           msg = "roll.notyet"
	msgFbChooseCategory     msg = "fb.choose"
	msgFbChooseAnon         msg = "fb.chooseanon"
	msgFbAnon               msg = "fb.anon"
	msgFbNamed              msg = "fb.named"
	msgFbAskText            msg = "fb.asktext"
	msgFbPreview            msg = "fb.preview"
	msgFbTooLong            msg = "fb.toolong"
	msgFbUsage              msg = "fb.usage"
	msgFbThanks             msg = "fb.thanks"
	msgFbThanksStrict       msg = "fb.thanksstrict"
	msgFbNote               msg = "fb.note"
	msgFbFollowNote         msg = "fb.follownote"
	msgFbNone               msg = "fb.none"
	msgFbListHead           msg = "fb.listhead"
	msgFbReplyUsage         msg = "fb.replyusage"
	msgFbAnswer             msg = "fb.answer"
	msgFbClosedTail         msg = "fb.closedtail"
	msgFbFollowHint         msg = "fb.followhint"
	msgFbClosedNote         msg = "fb.closednote"
	msgFbUnknown            msg = "fb.unknown"
	msgFbIsClosed           msg = "fb.isclosed"
	msgFbDone               msg = "fb.done"
	msgFbReplied            msg = "fb.replied"
	msgFbNoWayBack          msg = "fb.nowayback"
	msgFbFollowUsage        msg = "fb.followusage"
	msgFbNotYours           msg = "fb.notyours"
	msgFbFollowed           msg = "fb.followed"
	msgEvalAlready          msg = "eval.already"
	msgEvalOpened           msg = "eval.opened"
	msgEvalNone             msg = "eval.none"
	msgEvalRunning          msg = "eval.running"
	msgEvalUsage            msg = "eval.usage"
	msgEvalResults          msg = "eval.results"
	msgEvalTally            msg = "eval.tally"
	msgEvalStart            msg = "eval.start"
	msgEvalNothing          msg = "eval.nothing"
	msgEvalNotYet           msg = "eval.notyet"
	msgEvalCard             msg = "eval.card"
	msgEvalClosedToast      msg = "eval.closedtoast"
	msgEvalNotVoter         msg = "eval.notvoter"
	msgEvalRecorded         msg = "eval.recorded"
	msgBadRule              msg = "rule.bad"
)

// Menu descriptions are "cmd.<name>"; role names are "role.<role>".
func cmdDesc(name string) msg { return msg("cmd." + name) }
