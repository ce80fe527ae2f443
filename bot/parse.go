package bot

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"branchbot/data"
)

// Command is a bot command parsed from a message.
type Command struct {
	Name    string // lower case, without the slash or @mention
	Args    string // the text after the command, trimmed
	Mention string // the @botname suffix, if any
}

// ParseCommand finds the first bot_command entity in a message and returns
// the command it names. Telegram counts entity offsets in UTF-16 code units,
// so a command after Chinese text (or emoji) must be cut in those units, not
// bytes. A command addressed to another bot (/help@otherbot) is not ours:
// ok is false. Messages injected without entities fall back to a leading
// "/word".
func ParseCommand(text string, entities []models.MessageEntity, botUsername string) (cmd Command, ok bool) {
	var raw, rest string
	found := false
	for _, e := range entities {
		if e.Type != models.MessageEntityTypeBotCommand {
			continue
		}
		u := utf16.Encode([]rune(text))
		if e.Offset < 0 || e.Length < 2 || e.Offset+e.Length > len(u) {
			return Command{}, false
		}
		raw = string(utf16.Decode(u[e.Offset : e.Offset+e.Length]))
		rest = string(utf16.Decode(u[e.Offset+e.Length:]))
		found = true
		break
	}
	if !found {
		if !strings.HasPrefix(text, "/") {
			return Command{}, false
		}
		raw, rest, _ = strings.Cut(text, " ")
		if i := strings.IndexAny(raw, "\n\t"); i >= 0 {
			raw, rest = raw[:i], raw[i:]+" "+rest
		}
	}
	if !strings.HasPrefix(raw, "/") || !utf8.ValidString(raw) {
		return Command{}, false
	}
	name, mention, _ := strings.Cut(raw[1:], "@")
	if !validCommandName(name) {
		return Command{}, false
	}
	if mention != "" && !strings.EqualFold(mention, botUsername) {
		return Command{}, false
	}
	return Command{Name: strings.ToLower(name), Args: strings.TrimSpace(rest), Mention: mention}, true
}

// validCommandName follows Telegram's rule for command names: 1–32 of
// [A-Za-z0-9_] (Telegram lower-cases them in menus).
func validCommandName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// roleAliases maps every word a user may type for a role, in either
// language, to the role.
var roleAliases = map[string]data.Role{
	"secretary": data.RoleSecretary, "书记": data.RoleSecretary, "支部书记": data.RoleSecretary,
	"committee": data.RoleCommittee, "支委": data.RoleCommittee, "委员": data.RoleCommittee, "支委委员": data.RoleCommittee,
	"leader": data.RoleLeader, "组长": data.RoleLeader, "小组长": data.RoleLeader, "党小组长": data.RoleLeader,
	"member": data.RoleMember, "党员": data.RoleMember, "成员": data.RoleMember,
}

// ParseRole reads a role name in English or Chinese.
func ParseRole(s string) (data.Role, bool) {
	r, ok := roleAliases[strings.ToLower(strings.TrimSpace(s))]
	return r, ok
}

// Callback data is "<action>:<argument>", at most 64 bytes as Telegram
// requires. Actions are short fixed words so the argument keeps the room.
const (
	cbInvite = "inv" // argument: the role of the invite to create
)

// maxCallbackData is Telegram's limit on callback_data, in bytes.
const maxCallbackData = 64

// Callback is a parsed button press.
type Callback struct {
	Action string
	Arg    string
}

// String encodes the callback for a button.
func (c Callback) String() string { return c.Action + ":" + c.Arg }

// parseID reads the id of a notice, meeting, series, feedback item or
// survey as users type it: digits, optionally after "#", nothing else
// ("12abc", "1e3", "+5", "0" are refused rather than read as 12, 1, 5).
func parseID(s string) (uint64, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "#")
	id, err := strconv.ParseUint(t, 10, 64)
	if err != nil || id == 0 || strconv.FormatUint(id, 10) != t {
		return 0, fmt.Errorf("id %q: not a number", s)
	}
	return id, nil
}

// ParseCallback decodes callback data made by Callback.String. It rejects
// anything a client could forge that we would not have made: unknown
// actions, oversize data, broken UTF-8.
func ParseCallback(s string) (Callback, error) {
	if len(s) > maxCallbackData || !utf8.ValidString(s) {
		return Callback{}, fmt.Errorf("callback data %q: malformed", s)
	}
	action, arg, ok := strings.Cut(s, ":")
	if !ok {
		return Callback{}, fmt.Errorf("callback data %q: no action", s)
	}
	switch action {
	case cbInvite:
		if _, ok := ParseRole(arg); !ok {
			return Callback{}, fmt.Errorf("callback data %q: unknown role", s)
		}
	case cbAck, cbRemind, cbUnread, cbNoticeSend, cbNoticeDrop, cbLeave, cbCheckIn, cbAttend:
		id, err := strconv.ParseUint(arg, 10, 64)
		if err != nil || id == 0 || strconv.FormatUint(id, 10) != arg {
			return Callback{}, fmt.Errorf("callback data %q: bad id", s)
		}
	case cbLeaveApprove, cbLeaveReject:
		mid, uid, ok := strings.Cut(arg, "-")
		m, err1 := strconv.ParseUint(mid, 10, 64)
		u, err2 := strconv.ParseInt(uid, 10, 64)
		if !ok || err1 != nil || err2 != nil || m == 0 || u <= 0 || fmt.Sprintf("%d-%d", m, u) != arg {
			return Callback{}, fmt.Errorf("callback data %q: bad leave reference", s)
		}
	case cbSurvey:
		p := strings.Split(arg, "-")
		if len(p) != 3 || len(p[1]) > 3 || len(p[2]) < 1 || len(p[2]) > 2 {
			return Callback{}, fmt.Errorf("callback data %q: bad survey answer", s)
		}
		if _, err := strconv.ParseUint(p[0], 10, 64); err != nil {
			return Callback{}, fmt.Errorf("callback data %q: bad survey answer", s)
		}
		if _, err := strconv.Atoi(p[1]); err != nil {
			return Callback{}, fmt.Errorf("callback data %q: bad survey answer", s)
		}
		if _, err := strconv.Atoi(p[2]); err != nil && p[2] != "d" && p[2] != "t" {
			return Callback{}, fmt.Errorf("callback data %q: bad survey answer", s)
		}
	case cbEvaluate:
		p := strings.Split(arg, "-")
		if len(p) != 3 || !strings.Contains("eqbun", p[2]) || len(p[2]) != 1 {
			return Callback{}, fmt.Errorf("callback data %q: bad ballot", s)
		}
		r, err1 := strconv.ParseUint(p[0], 10, 64)
		_, err2 := strconv.Atoi(p[1])
		if err1 != nil || err2 != nil || r == 0 || len(p[1]) > 6 {
			return Callback{}, fmt.Errorf("callback data %q: bad ballot", s)
		}
	case cbFeedback:
		id, choice, ok := strings.Cut(arg, "-")
		n, err := strconv.ParseUint(id, 10, 64)
		if !ok || err != nil || n == 0 || strconv.FormatUint(n, 10) != id || len(choice) < 1 || len(choice) > 2 || !strings.Contains("casx", choice[:1]) {
			return Callback{}, fmt.Errorf("callback data %q: bad feedback step", s)
		}
	case cbMeetFlow:
		id, choice, ok := strings.Cut(arg, "-")
		if n, err := strconv.ParseUint(id, 10, 64); !ok || err != nil || n == 0 || strconv.FormatUint(n, 10) != id || !validChoice(choice) {
			return Callback{}, fmt.Errorf("callback data %q: bad flow step", s)
		}
	default:
		return Callback{}, fmt.Errorf("callback data %q: unknown action", s)
	}
	return Callback{Action: action, Arg: arg}, nil
}

// MemberQuery resolves how a secretary names a member in a command: an
// @username, "#N" for the N-th line of /members (members must be in that
// order), a numeric Telegram id, or the display name as /members shows it
// (names may contain spaces, so the longest name that prefixes the
// arguments wins). It returns the member and the remaining arguments.
func MemberQuery(args string, members []data.Member) (m data.Member, rest string, matches []data.Member) {
	args = strings.TrimSpace(args)
	first, tail := firstWord(args)
	if u, ok := strings.CutPrefix(first, "@"); ok && u != "" {
		for _, m := range members {
			if strings.EqualFold(m.Username, u) {
				return m, tail, []data.Member{m}
			}
		}
		return data.Member{}, tail, nil
	}
	if n, ok := strings.CutPrefix(first, "#"); ok {
		if i, err := strconv.Atoi(n); err == nil && i >= 1 && i <= len(members) {
			return members[i-1], tail, []data.Member{members[i-1]}
		}
		return data.Member{}, tail, nil
	}
	if id, err := strconv.ParseInt(first, 10, 64); err == nil {
		for _, m := range members {
			if m.UserID == id {
				return m, tail, []data.Member{m}
			}
		}
	}
	best := -1
	for _, m := range members {
		n := m.Name
		if n == "" || len(args) < len(n) || !strings.EqualFold(args[:len(n)], n) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(args[len(n):]); len(args) > len(n) && !unicode.IsSpace(r) {
			continue // a longer name that starts the same
		}
		switch {
		case len(n) > best:
			best, matches = len(n), []data.Member{m}
		case len(n) == best:
			matches = append(matches, m)
		}
	}
	if len(matches) != 1 {
		return data.Member{}, "", matches
	}
	return matches[0], strings.TrimSpace(args[best:]), matches
}

// ParseDuration reads a span as people type it: one or more number-unit
// pairs with units d, h, m or s ("1d", "90m", "1h30m"). Go's
// time.ParseDuration has no days and accepts things like "1.5µs".
func ParseDuration(s string) (time.Duration, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return 0, false
	}
	var total time.Duration
	for s != "" {
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i > 6 || i == len(s) {
			return 0, false
		}
		n, _ := strconv.Atoi(s[:i])
		var unit time.Duration
		switch s[i] {
		case 'd':
			unit = 24 * time.Hour
		case 'h':
			unit = time.Hour
		case 'm':
			unit = time.Minute
		case 's':
			unit = time.Second
		default:
			return 0, false
		}
		if time.Duration(n) > 366*24*time.Hour/unit { // before n*unit can overflow
			return 0, false
		}
		total += time.Duration(n) * unit
		if total > 366*24*time.Hour {
			return 0, false
		}
		s = s[i+1:]
	}
	return total, true
}

// FormatDuration writes a span the way ParseDuration reads it.
func FormatDuration(d time.Duration) string {
	if d <= 0 {
		return "0m"
	}
	var sb strings.Builder
	for _, u := range []struct {
		unit time.Duration
		name string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if n := d / u.unit; n > 0 {
			fmt.Fprintf(&sb, "%d%s", n, u.name)
			d -= n * u.unit
		}
	}
	return sb.String()
}

// ParseClock reads a wall-clock time "HH:MM" (also "H:MM" and the
// full-width colon Chinese keyboards produce) as minutes after midnight.
func ParseClock(s string) (int, bool) {
	s = strings.ReplaceAll(strings.TrimSpace(s), "：", ":")
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, false
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || h[0] == '+' || h[0] == '-' || m[0] == '+' || m[0] == '-' {
		return 0, false
	}
	return hh*60 + mm, true
}

// SettingError names the setting a user got wrong.
type SettingError struct {
	Key, Value string
}

func (e *SettingError) Error() string { return fmt.Sprintf("setting %s=%q", e.Key, e.Value) }

// ParseSettings applies "key=value" pairs to cur:
//
//	followup=24h|off   when to remind non-readers of a notice
//	followups=0..2     how many automatic reminders at most
//	quiet=22:00-07:30|off  hours in which nothing optional is sent
//	remind=1d,1h|off   default reminders before a meeting
//	catchup=6h         how late a reminder may go out after downtime
//	tz=Europe/Berlin   the branch's time zone
//	digest=mon-08:30|off   when the weekly agenda goes out
//	checkin=30m        how long before the start check-in opens
//	late=10m           after how long past the start a check-in is late
//
// It stops at the first bad pair, changing nothing.
func ParseSettings(args string, cur data.Settings) (data.Settings, error) {
	out := cur
	for _, pair := range strings.Fields(args) {
		k, v, ok := strings.Cut(pair, "=")
		k = strings.ToLower(k)
		bad := &SettingError{Key: k, Value: v}
		if !ok || v == "" {
			return cur, bad
		}
		switch k {
		case "followup":
			if strings.EqualFold(v, "off") || v == "0" {
				out.FollowUpAfter = 0
				break
			}
			d, ok := ParseDuration(v)
			if !ok {
				return cur, bad
			}
			out.FollowUpAfter = d
		case "followups":
			n, err := strconv.Atoi(v)
			if err != nil || len(v) != 1 || n < 0 || n > data.MaxFollowUpsLimit {
				return cur, bad
			}
			out.MaxFollowUps = n
		case "quiet":
			if strings.EqualFold(v, "off") {
				out.Quiet = data.QuietHours{}
				break
			}
			from, to, ok := strings.Cut(strings.ReplaceAll(v, "–", "-"), "-")
			a, ok1 := ParseClock(from)
			b, ok2 := ParseClock(to)
			if !ok || !ok1 || !ok2 || a == b {
				return cur, bad
			}
			out.Quiet = data.QuietHours{Start: a, End: b}
		case "remind":
			r, ok := ParseRemind(v)
			if !ok {
				return cur, bad
			}
			out.Remind = r
		case "catchup":
			if strings.EqualFold(v, "off") || v == "0" {
				out.CatchUp = 0
				break
			}
			d, ok := ParseDuration(v)
			if !ok || d > 7*24*time.Hour {
				return cur, bad
			}
			out.CatchUp = d
		case "digest":
			if strings.EqualFold(v, "off") {
				out.Digest.Off = true
				break
			}
			day, clock, ok := strings.Cut(strings.ToLower(v), "-")
			mins, okClock := ParseClock(clock)
			wd := slices.Index(weekdayWords, day)
			if !ok || !okClock || wd < 0 {
				return cur, bad
			}
			out.Digest = data.Digest{Weekday: time.Weekday(wd), At: mins}
		case "checkin", "late":
			d, ok := ParseDuration(v)
			if v == "0" || v == "0m" {
				d, ok = 0, true
			}
			if !ok || d > 24*time.Hour {
				return cur, bad
			}
			if k == "checkin" {
				out.CheckInOpen = d
			} else {
				out.LateAfter = d
			}
		case "anonymity":
			switch strings.ToLower(v) {
			case "strict":
				out.StrictAnonymity = true
			case "relay":
				out.StrictAnonymity = false
			default:
				return cur, bad
			}
		case "tz":
			if _, err := time.LoadLocation(v); err != nil || v == "Local" {
				return cur, bad
			}
			out.TZ = v
		default:
			return cur, bad
		}
	}
	if err := out.Validate(); err != nil {
		return cur, &SettingError{Key: "settings", Value: strings.TrimSpace(args)}
	}
	return out, nil
}

// Callback actions beyond invites.
const (
	cbAck          = "ack" // argument: notice id
	cbRemind       = "rem" // argument: notice id (secretary's "remind again")
	cbUnread       = "unr" // argument: notice id (secretary's "who has not read")
	cbNoticeSend   = "nts" // argument: draft id
	cbNoticeDrop   = "ntx" // argument: draft id
	cbLeave        = "lv"  // argument: meeting id
	cbMeetFlow     = "mf"  // argument: draft id "-" step letter and choice, e.g. "7-kassembly"
	cbCheckIn      = "ci"  // argument: meeting id
	cbAttend       = "at"  // argument: meeting id
	cbFeedback     = "fb"  // argument: draft id "-" step letter and choice
	cbEvaluate     = "ev"  // argument: round id "-" card index "-" grade letter or n
	cbSurvey       = "sv"  // argument: survey id "-" question "-" choice, d (next) or t (type)
	cbLeaveApprove = "lva" // argument: meeting id "-" user id
	cbLeaveReject  = "lvr" // argument: meeting id "-" user id
)

// ID returns a callback's numeric argument.
func (c Callback) ID() uint64 {
	id, _ := strconv.ParseUint(c.Arg, 10, 64)
	return id
}

// validChoice accepts a flow step: a letter naming the step and up to 16
// letters or digits.
func validChoice(s string) bool {
	if len(s) < 1 || len(s) > 17 || !strings.Contains("kdtgcx", s[:1]) {
		return false
	}
	for _, r := range s[1:] {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

// firstWord splits s at its first run of white space of any kind (the
// full-width spaces and line breaks Chinese keyboards produce included),
// returning the first word and the trimmed rest.
func firstWord(s string) (string, string) {
	s = strings.TrimSpace(s)
	i := strings.IndexFunc(s, unicode.IsSpace)
	if i < 0 {
		return s, ""
	}
	return s[:i], strings.TrimSpace(s[i:])
}
