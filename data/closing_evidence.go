package data

import (
	"strings"
	"time"
	"unicode/utf8"
)

// EvidenceKind is what sort of file a piece of evidence is.
type EvidenceKind string

// Kinds of evidence.
const (
	EvidencePhoto    EvidenceKind = "photo"
	EvidenceDocument EvidenceKind = "document"
)

// Evidence is a photo or document attached to a meeting for the ledger
// (the sign-in sheet, a photo of the meeting). The file stays on
// Telegram's servers: FileID fetches it, FileUniqueID tells two copies of
// one file apart from two files.
type Evidence struct {
	MeetingID    uint64       `json:"meeting_id"`
	Kind         EvidenceKind `json:"kind"`
	FileID       string       `json:"file_id"`
	FileUniqueID string       `json:"file_unique_id"`
	FileName     string       `json:"file_name,omitempty"` // a document's name
	Caption      string       `json:"caption,omitempty"`
	By           int64        `json:"by"`
	At           time.Time    `json:"at"`
}

// MaxCaptionLen is Telegram's limit on a caption, in characters.
const MaxCaptionLen = 1024

// Validate checks a piece of evidence before it is stored.
func (e Evidence) Validate() error {
	switch {
	case e.Kind != EvidencePhoto && e.Kind != EvidenceDocument:
		return Errorf(EInvalid, "unknown evidence kind %q", e.Kind)
	case strings.TrimSpace(e.FileID) == "" || strings.TrimSpace(e.FileUniqueID) == "":
		return Errorf(EInvalid, "evidence without a file")
	case !utf8.ValidString(e.Caption) || utf8.RuneCountInString(e.Caption) > MaxCaptionLen:
		return Errorf(EInvalid, "evidence caption is malformed or longer than %d characters", MaxCaptionLen)
	}
	return nil
}

// AttachWindow is how long after "/minutes <id> attach" the files a
// secretary sends are taken as that meeting's evidence: long enough to
// pick a few photos, short enough that a later file is not misfiled.
const AttachWindow = 10 * time.Minute

// Attaching is an open attach step: files userID sends before Until go to
// MeetingID.
type Attaching struct {
	MeetingID uint64    `json:"meeting_id"`
	Until     time.Time `json:"until"`
}

// ErrEvidenceDuplicate means the file is already attached to the meeting.
var ErrEvidenceDuplicate = &Error{Code: EConflict, Message: "file already attached"}
