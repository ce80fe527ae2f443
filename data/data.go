// Package data holds branchbot's domain types, their validation and the
// bbolt store that keeps them. Only this package imports bbolt: callers
// speak domain types and never see a transaction or raw bytes.
package data

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Role is a member's standing within a branch. Roles are ordered: each one
// may do everything the roles below it may do.
type Role string

// The roles a member can hold. RoleOwner is never stored on a member: it
// belongs to the operators named in the configuration, who may create
// branches.
const (
	RoleMember    Role = "member"
	RoleLeader    Role = "leader"
	RoleCommittee Role = "committee"
	RoleSecretary Role = "secretary"
	RoleOwner     Role = "owner"
)

// rank orders roles for AtLeast.
var rank = map[Role]int{RoleMember: 1, RoleLeader: 2, RoleCommittee: 3, RoleSecretary: 4, RoleOwner: 5}

// AtLeast reports whether r ranks at or above min.
// An unknown role on either side fails closed.
func (r Role) AtLeast(min Role) bool { return rank[min] > 0 && rank[r] >= rank[min] }

// Validate checks that r is a role a member may hold in a branch: RoleOwner
// belongs to the configuration, never to a member.
func (r Role) Validate() error {
	switch r {
	case RoleMember, RoleLeader, RoleCommittee, RoleSecretary:
		return nil
	}
	return Errorf(EInvalid, "role %q", r)
}

// Branch is an organisation unit (支部) with its own members, groups and calendar.
type Branch struct {
	ID        uint64    `json:"id"`
	Name      string    `json:"name"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Settings  Settings  `json:"settings"`
}

// MaxNameLen bounds branch, group and member display names, in characters.
const MaxNameLen = 64

// Validate checks the branch's name and settings.
func (br Branch) Validate() error {
	if err := validateName(br.Name); err != nil {
		return err
	}
	return br.Settings.Validate()
}

// validateName checks a branch or group name, as it will be stored: trimmed.
func validateName(name string) error {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return Errorf(EInvalid, "name is empty")
	case utf8.RuneCountInString(name) > MaxNameLen:
		return Errorf(EInvalid, "name is longer than %d characters", MaxNameLen)
	case !utf8.ValidString(name):
		return Errorf(EInvalid, "name is not valid UTF-8")
	case strings.IndexFunc(name, isBreakOrControl) >= 0:
		return Errorf(EInvalid, "name contains a line break or control character")
	}
	return nil
}

func isBreakOrControl(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

// Group is a subdivision of a branch (党小组) led by a group leader.
type Group struct {
	ID       uint64 `json:"id"`
	BranchID uint64 `json:"branch_id"`
	Name     string `json:"name"`
}

// Validate checks the group's name.
func (g Group) Validate() error {
	return validateName(g.Name)
}

// Member is a Telegram user's membership of a branch. A user belongs to at
// most one branch at a time, so every command knows which branch it is for.
type Member struct {
	UserID    int64     `json:"user_id"`
	BranchID  uint64    `json:"branch_id"`
	Role      Role      `json:"role"`
	GroupID   uint64    `json:"group_id,omitempty"`
	Name      string    `json:"name"`
	Username  string    `json:"username,omitempty"`
	Lang      string    `json:"lang,omitempty"`
	JoinedAt  time.Time `json:"joined_at"`
	InvitedBy int64     `json:"invited_by,omitempty"`
	// Muted silences optional messages (the weekly digest, notice
	// follow-ups) for this member; meeting reminders are never muted.
	Muted bool `json:"muted,omitempty"`
}

// Invite is a single-use code that lets one person join a branch.
type Invite struct {
	Code      string    `json:"code"`
	BranchID  uint64    `json:"branch_id"`
	Role      Role      `json:"role"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	ExpiresAt time.Time `json:"expires_at"`
	UsedBy    int64     `json:"used_by,omitempty"`
	UsedAt    time.Time `json:"used_at,omitzero"`
}

// InviteTTL is how long an invite code stays valid.
const InviteTTL = 7 * 24 * time.Hour

// ChatBinding ties a Telegram group chat to a branch, for notices and meeting posts.
type ChatBinding struct {
	ChatID   int64     `json:"chat_id"`
	BranchID uint64    `json:"branch_id"`
	Title    string    `json:"title"`
	BoundBy  int64     `json:"bound_by"`
	BoundAt  time.Time `json:"bound_at"`
}

// Code classifies an error so the edge can say the right thing to a user.
type Code string

// Error codes. Anything else is internal and only logged.
const (
	EInvalid   Code = "invalid"
	ENotFound  Code = "not_found"
	EConflict  Code = "conflict"
	EExpired   Code = "expired"
	EForbidden Code = "forbidden"
	EInternal  Code = "internal"
)

// Error is a domain error: a code for the program and a message for logs.
// Users never see Message directly; the bot maps Code (and sentinel errors)
// to a text in their language.
type Error struct {
	Code    Code
	Message string
}

// Error returns the code and the message, for logs.
func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Errorf returns an *Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EInternal
// for any other non-nil error and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// Sentinel errors the bot turns into specific answers.
var (
	ErrNotMember     = &Error{Code: ENotFound, Message: "user is not a member of any branch"}
	ErrAlreadyMember = &Error{Code: EConflict, Message: "user is already a member of a branch"}
	ErrInviteUnknown = &Error{Code: ENotFound, Message: "invite code unknown"}
	ErrInviteUsed    = &Error{Code: EConflict, Message: "invite code already used"}
	ErrInviteExpired = &Error{Code: EExpired, Message: "invite code expired"}
	ErrGroupExists   = &Error{Code: EConflict, Message: "group name already taken"}
	ErrGroupUnknown  = &Error{Code: ENotFound, Message: "group not found"}
	ErrChatBoundElse = &Error{Code: EConflict, Message: "chat is bound to another branch"}
	ErrLastSecretary = &Error{Code: EConflict, Message: "branch would be left without a secretary"}
)
