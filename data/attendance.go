package data

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"slices"
	"time"
)

// Attendance is one member's check-in to a meeting.
type Attendance struct {
	MeetingID uint64    `json:"meeting_id"`
	UserID    int64     `json:"user_id"`
	Name      string    `json:"name"`
	At        time.Time `json:"at"`
	Late      bool      `json:"late,omitempty"`
	// By is who recorded it when not the member themselves (代签, 补签);
	// Reason says why, for the ledger.
	By     int64  `json:"by,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// Correction reports whether an organiser recorded the check-in after
// the meeting (补签), which always carries a reason; one recorded during
// it without a reason is 代签.
func (a Attendance) Correction() bool { return a.By != 0 && a.Reason != "" }

// Check-in errors carry the window so the bot can say when.
var (
	ErrCheckInNotOpen = &Error{Code: EConflict, Message: "check-in is not open yet"}
	ErrCheckInClosed  = &Error{Code: EConflict, Message: "check-in has closed"}
	ErrCodeNeeded     = &Error{Code: EForbidden, Message: "this meeting needs its check-in code"}
	ErrCodeWrong      = &Error{Code: EForbidden, Message: "wrong check-in code"}
	ErrCodeLocked     = &Error{Code: EForbidden, Message: "too many wrong codes"}
)

// Code attempts: after MaxCodeTries wrong codes a member waits CodeLockout.
const (
	MaxCodeTries = 5
	CodeLockout  = 10 * time.Minute
)

// CodePeriod is how long a rotating code lasts; the previous one is still
// taken, so a member typing at the change is not refused.
const CodePeriod = 30 * time.Second

// RotatingCode is the 4-digit code of a rotating-code meeting at t.
func RotatingCode(secret string, t time.Time) string {
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "%d", t.Unix()/int64(CodePeriod/time.Second))
	sum := mac.Sum(nil)
	return fmt.Sprintf("%04d", (int(sum[0])<<8|int(sum[1]))%10000)
}

// NewCodeSecret returns a secret for rotating codes.
func NewCodeSecret() string {
	b := make([]byte, 16)
	rand.Read(b)
	return fmt.Sprintf("%x", b)
}

// NewCheckInCode returns a random 4-digit code.
func NewCheckInCode() string {
	b := make([]byte, 2)
	rand.Read(b)
	return fmt.Sprintf("%04d", (int(b[0])<<8|int(b[1]))%10000)
}

// CheckInWindow returns when check-in to m opens and closes, and from when
// a check-in counts as late, under the branch's settings.
func CheckInWindow(m Meeting, s Settings) (open, late, closes time.Time) {
	return m.Start.Add(-s.CheckInOpen), m.Start.Add(s.LateAfter), m.Start.Add(m.Duration)
}

// CheckInResult is what a check-in attempt found.
type CheckInResult struct {
	Attendance           // the check-in on record (the earlier one when not First)
	First      bool      // this attempt recorded it
	Opens      time.Time // when check-in to the meeting opens
	Branch     Branch    // the meeting's branch, for its zone
}

// CodeAccepted reports whether code checks in to m at now: its code, or
// for a rotating one the code on the screen now or a moment ago.
func CodeAccepted(m Meeting, code string, now time.Time) bool {
	same := func(want string) bool { return subtle.ConstantTimeCompare([]byte(code), []byte(want)) == 1 }
	if !m.Rotate {
		return same(m.Code)
	}
	return same(RotatingCode(m.Code, now)) || same(RotatingCode(m.Code, now.Add(-CodePeriod)))
}

// IsCheckInCode reports whether s has the shape of a check-in code: four
// ASCII digits, as NewCheckInCode and RotatingCode make them.
func IsCheckInCode(s string) bool {
	if len(s) != 4 {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// CodeMeeting picks which of the meetings open to a member a check-in code
// typed on its own (no meeting id) is for: the first whose code it is at
// now, or, for a wrong code, the first meeting with a code at all, so the
// miss is counted where a guesser would be locked out. ok is false when
// code is not shaped like one or none of the meetings has a code: then
// the number is no code (it may be a meeting's id).
func CodeMeeting(open []Meeting, code string, now time.Time) (m Meeting, ok bool) {
	if !IsCheckInCode(code) {
		return Meeting{}, false
	}
	for _, c := range open {
		if c.Code == "" {
			continue
		}
		if CodeAccepted(c, code, now) {
			return c, true
		}
		if !ok {
			m, ok = c, true
		}
	}
	return m, ok
}

// Roll is a meeting's attendance as the ledger shows it.
type Roll struct {
	Expected []Member     // 应到
	Present  []Attendance // 实到, late ones included
	Leave    []Leave      // 请假: every request; rejected ones excuse nothing
	Absent   []Member     // 缺席: expected, not present, no leave
	MadeUp   []MakeUp     // 补学 done
}

// ErrAlreadyCheckedIn means the member has a check-in already.
var ErrAlreadyCheckedIn = &Error{Code: EConflict, Message: "member already checked in"}

// AttendanceTally is one member's attendance at the ended meetings of one
// kind, as /me shows it to them.
// Its counts are a meeting roll's (Tally), over meetings instead of
// members.
type AttendanceTally struct {
	Kind MeetingKind
	Tally
}

// MeetingRoll is a meeting with its roll, as TallyAttendance counts it.
type MeetingRoll struct {
	Meeting Meeting
	Roll    Roll
}

// TallyAttendance counts userID's attendance in the rolls, by meeting
// kind, in the order each kind first counts. A meeting not over by now
// counts nothing (nobody is absent yet), nor one the member was not
// expected at: their record covers what was asked of them. A rejected
// leave excuses nothing, so the member is counted absent instead.
func TallyAttendance(userID int64, now time.Time, rolls []MeetingRoll) []AttendanceTally {
	var out []AttendanceTally
	index := map[MeetingKind]int{}
	for _, mr := range rolls {
		m, r := mr.Meeting, mr.Roll
		if m.Start.Add(m.Duration).After(now) {
			continue
		}
		if !slices.ContainsFunc(r.Expected, func(p Member) bool { return p.UserID == userID }) {
			continue
		}
		i, ok := index[m.Kind]
		if !ok {
			i = len(out)
			index[m.Kind] = i
			out = append(out, AttendanceTally{Kind: m.Kind})
		}
		t := &out[i]
		t.Expected++
		for _, a := range r.Present {
			if a.UserID == userID {
				t.Present++
				if a.Late {
					t.Late++
				}
			}
		}
		for _, l := range r.Leave {
			if l.UserID == userID && l.Excuses() {
				t.Leave++
			}
		}
		for _, p := range r.Absent {
			if p.UserID == userID {
				t.Absent++
			}
		}
		for _, mu := range r.MadeUp {
			if mu.UserID == userID {
				t.MadeUp++
			}
		}
	}
	return out
}
