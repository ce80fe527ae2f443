package i18n

// Keys of the meeting texts below: cancelling safely and undoing it,
// announcing and editing meetings, clashes, buttons that no longer apply,
// and what a series skipped.
const (
	// MsgMeetingForMembers: what /meeting does for a member.
	MsgMeetingForMembers    Key = "meeting.formembers"
	MsgMtgAdminUsage        Key = "mtg.adminusage"
	MsgMtgCancelHint        Key = "mtg.cancelhint"
	MsgMtgNotManager        Key = "mtg.notmanager"
	MsgMtgStartedNoCancel   Key = "mtg.startednocancel"
	MsgMtgStartedNoRestore  Key = "mtg.startednorestore"
	MsgMtgStartedNoEdit     Key = "mtg.startednoedit"
	MsgMtgCancelConfirm     Key = "mtg.cancelconfirm"
	MsgMtgAudienceAll       Key = "mtg.audience.all"
	MsgMtgAudienceCommittee Key = "mtg.audience.committee"
	MsgMtgAudienceGroup     Key = "mtg.audience.group"
	MsgBtnConfirmCancel     Key = "btn.confirmcancel"
	MsgBtnKeepMeeting       Key = "btn.keepmeeting"
	MsgBtnRestore           Key = "btn.restore"
	MsgMtgCancelDone        Key = "mtg.canceldone"
	MsgMtgKept              Key = "mtg.kept"
	MsgMtgRestoreDone       Key = "mtg.restoredone"
	MsgMtgRestoredNote      Key = "mtg.restorednote"
	MsgMtgNotCancelled      Key = "mtg.notcancelled"
	MsgMtgAlreadyCancelled  Key = "mtg.alreadycancelled"
	MsgMtgCancelledBy       Key = "mtg.cancelledby"
	MsgStaleCancelled       Key = "stale.cancelled"
	MsgStaleDecided         Key = "stale.decided"
	MsgMtgAnnounce          Key = "mtg.announce"
	MsgMtgAnnounceAsk       Key = "mtg.announceask"
	MsgMtgAnnounced         Key = "mtg.announced"
	MsgMtgEditUsage         Key = "mtg.editusage"
	MsgMtgEditedNote        Key = "mtg.editednote"
	MsgMtgChangeTitle       Key = "mtg.change.title"
	MsgMtgChangePlace       Key = "mtg.change.place"
	MsgMtgChangeDuration    Key = "mtg.change.duration"
	MsgMtgChangeGroup       Key = "mtg.change.group"
	MsgMtgEditDone          Key = "mtg.editdone"
	MsgMtgEditSame          Key = "mtg.editsame"
	MsgMtgGroupOnlyGroup    Key = "mtg.grouponlygroup"
	MsgMtgClash             Key = "mtg.clash"
	MsgMtgPlaceNone         Key = "mtg.placenone"
	MsgAnsweredPrivately    Key = "answered.privately"
	MsgSeriesKeptMeetings   Key = "series.keptmeetings"
	MsgSeriesSkipped        Key = "series.skipped"
	MsgSeriesNothingPlanned Key = "series.nothingplanned"
	MsgSeriesLineMore       Key = "series.linemore"
)

// meetingTexts are the texts of the meetings feature added with safe
// cancels, announcements and edits.
var meetingTexts = map[Key]Text{
	MsgMeetingForMembers: {
		ZH: "你可以用 /meeting ‹编号› 查看要参加的会议，/meetings 查看近期会议。",
		EN: "You can see a meeting you attend with /meeting ‹id›, and the coming ones with /meetings.",
	},
	MsgMtgAdminUsage: {
		ZH: "用法：\n/meeting &lt;编号&gt; —— 查看会议\n/meeting cancel &lt;编号&gt; —— 取消会议（会先请你确认）\n/meeting restore &lt;编号&gt; —— 恢复误取消的会议\n/meeting edit &lt;编号&gt; [title=标题] [at=地点] [dur=90m] [group=党小组] —— 修改会议\n例如：/meeting cancel 12",
		EN: "Usage:\n/meeting &lt;number&gt;: show a meeting\n/meeting cancel &lt;number&gt;: cancel it (you confirm first)\n/meeting restore &lt;number&gt;: bring back a meeting cancelled by mistake\n/meeting edit &lt;number&gt; [title=…] [at=place] [dur=90m] [group=…]: change it\nExample: /meeting cancel 12",
	},
	MsgMtgCancelHint: {
		ZH: "/cancel 只用来放弃进行中的操作，不会取消会议。\n要取消会议 #%[1]d，请发送 /meeting cancel %[1]d。",
		EN: "/cancel only drops what you are doing; it cancels no meeting.\nTo cancel meeting #%[1]d, send /meeting cancel %[1]d.",
	},
	MsgMtgNotManager: {
		ZH: "只有会议 #%d 的组织者或书记可以取消、恢复或修改它。",
		EN: "Only the organiser of meeting #%d or a secretary can cancel, restore or change it.",
	},
	MsgMtgStartedNoCancel: {
		ZH: "会议 #%d 已经开始或结束，不能取消：它的签到和记录属于已经举行的会议。",
		EN: "Meeting #%d has started or is over, so it cannot be cancelled: its check-ins and records belong to a meeting that took place.",
	},
	MsgMtgStartedNoRestore: {
		ZH: "会议 #%d 原定的时间已到，不能再恢复。如需补开，请重新安排一次会议。",
		EN: "Meeting #%d was due to start already, so it cannot be restored. Schedule a new meeting instead.",
	},
	MsgMtgStartedNoEdit: {
		ZH: "会议 #%d 已经开始，不能再修改。",
		EN: "Meeting #%d has started and can no longer be changed.",
	},
	MsgMtgCancelConfirm: {
		ZH: "确定取消会议 #%d「%s」（%s）吗？\n将通知 %s（%s）。请假和参加回复会保留，误取消可以恢复。",
		EN: "Cancel meeting #%d “%s” (%s)?\n%s will be told (%s). Leaves and replies are kept; a cancel made by mistake can be undone.",
	},
	MsgMtgAudienceAll: {
		ZH: "全体党员",
		EN: "every member",
	},
	MsgMtgAudienceCommittee: {
		ZH: "支委和书记",
		EN: "the committee and secretaries",
	},
	MsgMtgAudienceGroup: {
		ZH: "党小组「%s」",
		EN: "group “%s”",
	},
	MsgBtnConfirmCancel: {
		ZH: "❌ 确认取消",
		EN: "❌ Cancel it",
	},
	MsgBtnKeepMeeting: {
		ZH: "不取消",
		EN: "Keep it",
	},
	MsgBtnRestore: {
		ZH: "↩️ 恢复",
		EN: "↩️ Restore",
	},
	MsgMtgCancelDone: {
		ZH: "已取消会议 #%d，正在通知 %s。\n误取消可点「恢复」，或在会议开始前发送 /meeting restore %[1]d。",
		EN: "Meeting #%d cancelled; telling %s.\nIf that was a mistake, press Restore, or send /meeting restore %[1]d before it starts.",
	},
	MsgMtgKept: {
		ZH: "好的，会议 #%d 照常举行。",
		EN: "Fine: meeting #%d goes ahead.",
	},
	MsgMtgRestoreDone: {
		ZH: "已恢复会议 #%d，正在通知 %s。请假和参加回复都保留，提醒已重新安排。",
		EN: "Meeting #%d restored; telling %s. Leaves and replies are as they were; reminders are planned again.",
	},
	MsgMtgRestoredNote: {
		ZH: "✅ 会议恢复：%s\n时间：%s，照常举行。此前的请假仍然有效。",
		EN: "✅ Meeting back on: %s\nWhen: %s, as planned. Leave asked before still stands.",
	},
	MsgMtgNotCancelled: {
		ZH: "会议 #%d 没有被取消，无需恢复。",
		EN: "Meeting #%d is not cancelled; nothing to restore.",
	},
	MsgMtgAlreadyCancelled: {
		ZH: "会议 #%d 已经取消了。如属误取消，发送 /meeting restore %[1]d 恢复。",
		EN: "Meeting #%d is cancelled already. If that was a mistake, send /meeting restore %[1]d.",
	},
	MsgMtgCancelledBy: {
		ZH: "❌ 已取消（%s 于 %s）",
		EN: "❌ Cancelled (by %s, %s)",
	},
	MsgStaleCancelled: {
		ZH: "已失效：会议 #%d 已取消。",
		EN: "No longer valid: meeting #%d was cancelled.",
	},
	MsgStaleDecided: {
		ZH: "已失效：这条请假已经处理过了（%s）。",
		EN: "No longer valid: this request has been decided already (%s).",
	},
	MsgMtgAnnounce: {
		ZH: "📅 <b>新会议</b>：%s（%s）",
		EN: "📅 <b>New meeting</b>: %s (%s)",
	},
	MsgMtgAnnounceAsk: {
		ZH: "能来请点「参加」，来不了请点「请假」。",
		EN: "Press “I'll attend” if you can come, or ask for leave.",
	},
	MsgMtgAnnounced: {
		ZH: "已通知 %s。",
		EN: "Told %s.",
	},
	MsgMtgEditUsage: {
		ZH: "用法：/meeting edit &lt;编号&gt; [title=标题] [at=地点] [dur=90m] [group=党小组]\n标题和地点可以有空格，写到下一个选项为止。\n例如：/meeting edit 12 at=会议室 B title=学习交流",
		EN: "Usage: /meeting edit &lt;number&gt; [title=…] [at=place] [dur=90m] [group=…]\nA title or place may have spaces; it runs to the next option.\nExample: /meeting edit 12 at=Room B title=Study session",
	},
	MsgMtgEditedNote: {
		ZH: "✏️ <b>会议变更</b>：%s（%s）\n%s",
		EN: "✏️ <b>Meeting changed</b>: %s (%s)\n%s",
	},
	MsgMtgChangeTitle: {
		ZH: "标题：%s → %s",
		EN: "Title: %s → %s",
	},
	MsgMtgChangePlace: {
		ZH: "地点：%s → %s",
		EN: "Place: %s → %s",
	},
	MsgMtgChangeDuration: {
		ZH: "时长：%s → %s",
		EN: "Length: %s → %s",
	},
	MsgMtgChangeGroup: {
		ZH: "党小组：%s → %s",
		EN: "Group: %s → %s",
	},
	MsgMtgEditDone: {
		ZH: "已修改会议 #%d，正在通知 %s：",
		EN: "Meeting #%d changed; telling %s:",
	},
	MsgMtgEditSame: {
		ZH: "会议 #%d 没有变化。",
		EN: "Meeting #%d is unchanged.",
	},
	MsgMtgGroupOnlyGroup: {
		ZH: "只有党小组会有党小组；会议 #%d 的参会人不按党小组定。",
		EN: "Only a group meeting has a group; who attends meeting #%d does not depend on one.",
	},
	MsgMtgClash: {
		ZH: "⚠️ 时间冲突：与 #%d「%s」（%s）重叠，有相同的参会人。会议仍已安排；如需调整，请用 /move。",
		EN: "⚠️ Clash: it overlaps #%d “%s” (%s), with some of the same people. It is scheduled all the same; /move it if needed.",
	},
	MsgMtgPlaceNone: {
		ZH: "（未定）",
		EN: "(none)",
	},
	MsgAnsweredPrivately: {
		ZH: "已私信回复你。",
		EN: "I have answered you in a private chat.",
	},
	MsgSeriesKeptMeetings: {
		ZH: "已安排的会议仍保留：%s。如需取消，请用 /meeting cancel &lt;编号&gt;。",
		EN: "Meetings already planned stay: %s. Cancel them with /meeting cancel &lt;number&gt;.",
	},
	MsgSeriesSkipped: {
		ZH: "跳过：%s（%s，节假日跳过）",
		EN: "Skipped: %s (%s; holidays are skipped)",
	},
	MsgSeriesNothingPlanned: {
		ZH: "（未来 6 周没有日期）",
		EN: "(no dates in the next 6 weeks)",
	},
	MsgSeriesLineMore: {
		ZH: "    %s · %s · %s",
		EN: "    %s · %s · %s",
	},
	"holiday.keep": {
		ZH: "节假日照常",
		EN: "held on holidays",
	},
	"holiday.skip": {
		ZH: "节假日跳过",
		EN: "holidays skipped",
	},
	"holiday.move": {
		ZH: "节假日顺延到下一个工作日",
		EN: "holidays moved to the next working day",
	},
}
