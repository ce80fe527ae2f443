package data

import (
	"strings"
	"time"
	"unicode/utf8"
)

// AuditAction is the stable code of something a secretary, a committee
// member or an owner did. Codes are part of the export format: a released
// code is never renamed.
type AuditAction string

// The actions the audit log records. Members' own doings (check-ins,
// feedback, leave requests, survey answers) are not among them: the log is
// of the branch's officers, and an anonymous author must never appear.
const (
	AuditBranchCreate   AuditAction = "branch.create"
	AuditInviteCreate   AuditAction = "invite.create"
	AuditRoleChange     AuditAction = "member.role"
	AuditGroupCreate    AuditAction = "group.create"
	AuditGroupSet       AuditAction = "group.set"
	AuditChatBind       AuditAction = "chat.bind"
	AuditMeetingCreate  AuditAction = "meeting.create"
	AuditMeetingMove    AuditAction = "meeting.move"
	AuditMeetingEdit    AuditAction = "meeting.edit"
	AuditMeetingCancel  AuditAction = "meeting.cancel"
	AuditMeetingRestore AuditAction = "meeting.restore"
	AuditNoticeSend     AuditAction = "notice.send"
	AuditSettingsChange AuditAction = "settings.change"
	AuditLeaveApprove   AuditAction = "leave.approve"
	AuditLeaveReject    AuditAction = "leave.reject"
	AuditSeriesCreate   AuditAction = "series.create"
	AuditSeriesStop     AuditAction = "series.stop"
	AuditExport         AuditAction = "export"
	AuditHolidayChange  AuditAction = "holiday.change"
	AuditMinutesEdit    AuditAction = "minutes.edit"
	AuditCheckInFor     AuditAction = "attendance.proxy"
	AuditSurveyCreate   AuditAction = "survey.create"
	AuditEvalOpen       AuditAction = "evaluation.open"
	AuditEvalClose      AuditAction = "evaluation.close"
	// AuditBackup: the server's operator took a copy of the whole store.
	AuditBackup AuditAction = "backup"
)

// AuditActions lists every action code, so that texts and the export
// schema can be checked to cover them all.
var AuditActions = []AuditAction{
	AuditBranchCreate, AuditInviteCreate, AuditRoleChange, AuditGroupCreate, AuditGroupSet, AuditChatBind,
	AuditMeetingCreate, AuditMeetingMove, AuditMeetingEdit, AuditMeetingCancel, AuditMeetingRestore,
	AuditNoticeSend, AuditSettingsChange, AuditLeaveApprove, AuditLeaveReject,
	AuditSeriesCreate, AuditSeriesStop, AuditExport,
	AuditHolidayChange, AuditMinutesEdit, AuditCheckInFor, AuditSurveyCreate, AuditEvalOpen, AuditEvalClose,
	AuditBackup,
}

// ByOperator reports whether a the server's operator may do, with no
// member behind it (ActorID 0): a backup, or an export taken with a
// maintenance command or over the admin address.
func (a AuditAction) ByOperator() bool { return a == AuditBackup || a == AuditExport }

// Object kinds an entry names. An entry made before its object exists (a
// meeting being created) names the kind with ID 0; the store fills in the
// id the action's transaction gave it.
const (
	ObjectBranch  = "branch"
	ObjectMeeting = "meeting"
	ObjectNotice  = "notice"
	ObjectSeries  = "series"
	ObjectGroup   = "group"
	ObjectMember  = "member"
	ObjectChat    = "chat"
	ObjectSurvey  = "survey"
	ObjectRound   = "round"
)

// MaxAuditDetail bounds an entry's detail, in characters: a hint of what
// changed, not a copy of it.
const MaxAuditDetail = 80

// AuditEntry is one line of a branch's audit log: who did what, when, to
// what. The actor's name is kept as it was at the time, so a later change
// of name does not rewrite history.
type AuditEntry struct {
	BranchID  uint64      `json:"branch_id"`
	Seq       uint64      `json:"seq"` // the store's order of entries, for ties in At
	At        time.Time   `json:"at"`
	ActorID   int64       `json:"actor_id"` // 0: the server's operator (see ByOperator)
	ActorName string      `json:"actor_name"`
	Action    AuditAction `json:"action"`
	// ObjectKind and ObjectID name what was acted on ("meeting", 12).
	ObjectKind string `json:"object_kind,omitempty"`
	ObjectID   int64  `json:"object_id,omitempty"`
	// Detail is short and never sensitive: a role, a date, a setting's
	// name; never a message's text or an anonymous author.
	Detail string `json:"detail,omitempty"`
}

// Validate checks that the entry says who did what.
func (e AuditEntry) Validate() error {
	switch {
	case e.Action == "":
		return Errorf(EInvalid, "audit entry without an action")
	case e.ActorID == 0 && !e.Action.ByOperator():
		return Errorf(EInvalid, "audit entry %s without an actor", e.Action)
	}
	return nil
}

// trimDetail keeps a detail to one short line.
func trimDetail(s string) string {
	s = strings.Join(strings.FieldsFunc(s, isBreakOrControl), " ")
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= MaxAuditDetail {
		return s
	}
	r := []rune(s)
	return string(r[:MaxAuditDetail-1]) + "…"
}
