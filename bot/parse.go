package bot

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"branchbot/bot/i18n"
	"branchbot/data"
)

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

// parseID reads the id of a notice, meeting, series, feedback item or
// survey as users type it: digits, optionally after "#", nothing else
// ("12abc", "1e3", "+5", "0" are refused rather than read as 12, 1, 5).
// Full-width digits and "＃" count as their ASCII forms.
func parseID(s string) (uint64, error) {
	t := strings.TrimPrefix(normaliseInput(s), "#")
	id, err := strconv.ParseUint(t, 10, 64)
	if err != nil || id == 0 || strconv.FormatUint(id, 10) != t {
		return 0, fmt.Errorf("id %q: not a number", s)
	}
	return id, nil
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
	s = strings.ToLower(normaliseInput(s))
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

// ParseClock reads a wall-clock time "HH:MM" (also "H:MM", and the
// full-width digits and colon Chinese keyboards produce) as minutes after
// midnight.
func ParseClock(s string) (int, bool) {
	s = normaliseInput(s)
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
//	evalmin=5          complete ballots before an evaluation's per-member
//	                   results are published (data.MinEvalVoters or more)
//	perminute=5        what one member may make the bot send others, a minute
//	perday=30          … and a day (feedback, follow-ups, leave requests)
//	cadence=committee:monthly,group:off   the required meetings (or default)
//	cadencewarn=14d|off  how long before a period ends a required meeting
//	                   not scheduled is warned of (1d–28d)
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
			wd, okDay := i18n.ParseWeekdayWord(day)
			if !ok || !okClock || !okDay {
				return cur, bad
			}
			out.Digest = data.Digest{Weekday: wd, At: mins}
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
		case "evalmin":
			// Only upward: below data.MinEvalVoters a round's grades could
			// be traced to their voters.
			n, err := strconv.Atoi(v)
			if err != nil || n < data.MinEvalVoters || n > data.MaxEvalVoters {
				return cur, bad
			}
			out.EvalMinVoters = n
		case "perminute", "perday":
			n, err := strconv.Atoi(v)
			if err != nil || len(v) > 4 || n < 1 {
				return cur, bad
			}
			if k == "perminute" {
				out.SendsPerMinute = n
			} else {
				out.SendsPerDay = n
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
		case "cadence":
			t, err := data.ParseCadence(v, out.CadenceRules())
			if err != nil {
				return cur, bad
			}
			out.Cadence = t
		case "cadencewarn":
			if strings.EqualFold(v, "off") {
				out.CadenceWarnOff = true
				break
			}
			d, ok := ParseDuration(v)
			if !ok || d < 24*time.Hour || d > data.MaxCadenceLead {
				return cur, bad
			}
			out.CadenceLead, out.CadenceWarnOff = d, false
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
