package data

import "time"

// The export format's name and version (docs/export-schema.json). A
// change that could break a reader (a field renamed, removed or given
// another meaning) raises ExportVersion; new optional fields do not.
const (
	ExportFormat  = "branchbot-export"
	ExportVersion = 1
)

// The types below are the export's own, apart from the store's: what a
// record looks like on disk may change, the export stays as documented.
// Secrets (check-in codes, invite codes, author chats, answer keys,
// ballots) have no field here at all.

// ExportHeader is the top of an export; its "branches" array follows.
type ExportHeader struct {
	Format     string    `json:"format"`
	Version    int       `json:"version"`
	ExportedAt time.Time `json:"exported_at"`
}

// ExportBranchInfo is a branch's own record.
type ExportBranchInfo struct {
	ID        uint64    `json:"id"`
	Name      string    `json:"name"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
}

// ExportGroup is a group (党小组) of a branch.
type ExportGroup struct {
	ID   uint64 `json:"id"`
	Name string `json:"name"`
}

// ExportMember is a membership.
type ExportMember struct {
	ID       int64     `json:"id"`
	Name     string    `json:"name"`
	Username string    `json:"username,omitempty"`
	Role     Role      `json:"role"`
	GroupID  uint64    `json:"group,omitempty"`
	Joined   time.Time `json:"joined"`
}

// ExportMeeting is a meeting with what happened at it.
type ExportMeeting struct {
	ID              uint64             `json:"id"`
	Kind            MeetingKind        `json:"kind"`
	Title           string             `json:"title"`
	Start           time.Time          `json:"start"`
	DurationMinutes int                `json:"duration_minutes"`
	Place           string             `json:"place,omitempty"`
	GroupID         uint64             `json:"group,omitempty"`
	SeriesID        uint64             `json:"series,omitempty"`
	Status          MeetingStatus      `json:"status"`
	CreatedBy       int64              `json:"created_by"`
	CreatedAt       time.Time          `json:"created_at"`
	CancelledBy     int64              `json:"cancelled_by,omitempty"`
	CancelledAt     time.Time          `json:"cancelled_at,omitzero"`
	Attendance      []ExportAttendance `json:"attendance"`
	Leaves          []ExportLeave      `json:"leaves"`
	MakeUps         []ExportMakeUp     `json:"makeups"`
	Minutes         *ExportMinutes     `json:"minutes,omitempty"`
	Evidence        []ExportEvidence   `json:"evidence"`
}

// ExportAttendance is one check-in.
type ExportAttendance struct {
	Member int64     `json:"member"`
	Name   string    `json:"name"`
	At     time.Time `json:"at"`
	Late   bool      `json:"late,omitempty"`
	By     int64     `json:"by,omitempty"`
	Reason string    `json:"reason,omitempty"`
}

// ExportLeave is a leave request and its decision.
type ExportLeave struct {
	Member    int64       `json:"member"`
	Name      string      `json:"name"`
	At        time.Time   `json:"at"`
	Reason    string      `json:"reason,omitempty"`
	Status    LeaveStatus `json:"status"`
	DecidedBy int64       `json:"decided_by,omitempty"`
	DecidedAt time.Time   `json:"decided_at,omitzero"`
}

// ExportMakeUp is a member's make-up study of a meeting they missed.
type ExportMakeUp struct {
	Member int64     `json:"member"`
	At     time.Time `json:"at"`
	Note   string    `json:"note,omitempty"`
}

// ExportMinutes is a meeting's record; Earlier holds replaced versions.
type ExportMinutes struct {
	Text      string          `json:"text"`
	Host      string          `json:"host,omitempty"`
	Recorder  string          `json:"recorder,omitempty"`
	Agenda    []string        `json:"agenda,omitempty"`
	Decisions []string        `json:"decisions,omitempty"`
	By        int64           `json:"by"`
	At        time.Time       `json:"at"`
	Earlier   []ExportMinutes `json:"earlier,omitempty"`
}

// ExportEvidence describes a photo or document attached to a meeting; the
// file itself stays with Telegram.
type ExportEvidence struct {
	Kind         EvidenceKind `json:"kind"`
	FileUniqueID string       `json:"file_unique_id"`
	FileName     string       `json:"file_name,omitempty"`
	Caption      string       `json:"caption,omitempty"`
	By           int64        `json:"by"`
	At           time.Time    `json:"at"`
}

// ExportSeries is a recurring meeting.
type ExportSeries struct {
	ID              uint64      `json:"id"`
	Kind            MeetingKind `json:"kind"`
	Rule            string      `json:"rule"`
	Title           string      `json:"title"`
	DurationMinutes int         `json:"duration_minutes"`
	Place           string      `json:"place,omitempty"`
	GroupID         uint64      `json:"group,omitempty"`
	Holiday         string      `json:"holiday,omitempty"`
	Active          bool        `json:"active"`
	CreatedBy       int64       `json:"created_by"`
	CreatedAt       time.Time   `json:"created_at"`
}

// ExportHoliday is a branch's own day off or swapped working day.
type ExportHoliday struct {
	Date string `json:"date"`
	Off  bool   `json:"off"`
	Name string `json:"name,omitempty"`
}

// ExportNotice is a notice and who received and read it.
type ExportNotice struct {
	ID         uint64          `json:"id"`
	Text       string          `json:"text"`
	CreatedBy  int64           `json:"created_by"`
	CreatedAt  time.Time       `json:"created_at"`
	Recipients int             `json:"recipients"`
	Delivered  int             `json:"delivered"`
	Acked      int             `json:"acked"`
	Receipts   []ExportReceipt `json:"receipts"`
}

// ExportReceipt is one member's copy of a notice.
type ExportReceipt struct {
	Member      int64         `json:"member"`
	Name        string        `json:"name"`
	State       DeliveryState `json:"state"`
	DeliveredAt time.Time     `json:"delivered_at,omitzero"`
	AckAt       time.Time     `json:"ack_at,omitzero"`
}

// ExportFeedback is a feedback item as exported when anonymous: the type
// has no author field, so no author can be written by mistake.
type ExportFeedback struct {
	ID        uint64       `json:"id"`
	Category  string       `json:"category"`
	Text      string       `json:"text"`
	Anonymous bool         `json:"anonymous"`
	Open      bool         `json:"open"`
	CreatedAt time.Time    `json:"created_at"`
	Thread    []ExportPost `json:"thread"`
}

// ExportNamedFeedback is a feedback item its author signed.
type ExportNamedFeedback struct {
	ExportFeedback
	AuthorID int64  `json:"author_id"`
	Author   string `json:"author"`
}

// ExportPost is one message of a feedback thread: the author's follow-up
// or the secretary's answer.
type ExportPost struct {
	FromAuthor bool      `json:"from_author"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
}

// ExportSurvey is a survey and its answers.
type ExportSurvey struct {
	ID        uint64           `json:"id"`
	Title     string           `json:"title"`
	Anonymous bool             `json:"anonymous"`
	Open      bool             `json:"open"`
	Deadline  time.Time        `json:"deadline"`
	CreatedBy int64            `json:"created_by"`
	Questions []ExportQuestion `json:"questions"`
	// Answers holds ExportAnswers for an anonymous survey (no member) and
	// ExportNamedAnswers for a named one.
	Answers []any `json:"answers"`
}

// ExportQuestion is one question of a survey.
type ExportQuestion struct {
	Kind    QuestionKind `json:"kind"`
	Text    string       `json:"text"`
	Options []string     `json:"options,omitempty"`
}

// ExportAnswers are one answerer's answers to an anonymous survey: choices
// and texts by question index, and no member.
type ExportAnswers struct {
	Choices map[int][]int  `json:"choices,omitempty"`
	Texts   map[int]string `json:"texts,omitempty"`
	Done    bool           `json:"done"`
}

// ExportNamedAnswers are a member's answers to a named survey.
type ExportNamedAnswers struct {
	Member int64  `json:"member"`
	Name   string `json:"name"`
	ExportAnswers
}

// ExportRound is an evaluation round with its published tallies only:
// none while it is open or when too few voted; ballots are never kept.
type ExportRound struct {
	ID       uint64        `json:"id"`
	Open     bool          `json:"open"`
	OpenedAt time.Time     `json:"opened_at"`
	ClosedAt time.Time     `json:"closed_at,omitzero"`
	Voters   int           `json:"voters"`
	Withheld bool          `json:"withheld,omitempty"`
	Tallies  []ExportTally `json:"tallies"`
}

// ExportTally is the ratings one member received in a closed round.
type ExportTally struct {
	Member  int64          `json:"member"`
	Name    string         `json:"name"`
	Ratings map[Rating]int `json:"ratings"`
}
