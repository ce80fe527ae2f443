package bot

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"branchbot/bot/i18n"
	"branchbot/data"
	"branchbot/schedule"
)

// kindAliases maps what people type for a meeting kind, in either
// language, to the kind.
var kindAliases = map[string]data.MeetingKind{
	"assembly": data.KindAssembly, "支部党员大会": data.KindAssembly, "党员大会": data.KindAssembly, "支部大会": data.KindAssembly,
	"committee": data.KindCommittee, "支委会": data.KindCommittee, "支部委员会": data.KindCommittee, "支部委员会会议": data.KindCommittee,
	"group": data.KindGroup, "党小组会": data.KindGroup, "小组会": data.KindGroup,
	"lecture": data.KindLecture, "党课": data.KindLecture,
	"themeday": data.KindThemeDay, "主题党日": data.KindThemeDay,
	"other": data.KindOther, "其他": data.KindOther, "其他活动": data.KindOther,
}

// ParseKind reads a meeting kind.
func ParseKind(s string) (data.MeetingKind, bool) {
	k, ok := kindAliases[strings.ToLower(strings.TrimSpace(s))]
	return k, ok
}

// ParseDate reads a full date: YYYY-MM-DD (also with / and without
// leading zeros), 2026年12月11日, in full-width digits too. It refuses
// dates that do not exist, like 2026-02-30. Dates relative to today
// ("明天", "12/11") need ParseDay.
func ParseDate(s string) (y int, m time.Month, d int, ok bool) {
	f, ok := dateFields(normaliseInput(s))
	if !ok || len(f) != 3 || len(f[0]) != 4 {
		return 0, 0, 0, false
	}
	n, ok := dateNumbers(f, []int{4, 2, 2})
	if !ok || n[0] < minYear || n[0] > maxYear || n[1] < 1 || n[1] > 12 || n[2] < 1 {
		return 0, 0, 0, false
	}
	t := time.Date(n[0], time.Month(n[1]), n[2], 12, 0, 0, 0, time.UTC)
	if t.Day() != n[2] {
		return 0, 0, 0, false // normalised: the day does not exist
	}
	return n[0], time.Month(n[1]), n[2], true
}

// ParseRemind reads reminder offsets: "1d,2h,30m", or "off" for none.
func ParseRemind(s string) ([]time.Duration, bool) {
	if strings.EqualFold(s, "off") || s == "0" {
		return []time.Duration{}, true
	}
	var out []time.Duration
	for _, f := range strings.Split(s, ",") {
		d, ok := ParseDuration(f)
		if !ok || d <= 0 {
			return nil, false
		}
		out = append(out, d)
	}
	return out, data.RemindOffsets(out).Validate() == nil
}

// MeetingInput is a parsed /meeting command.
type MeetingInput struct {
	Kind      data.MeetingKind
	Start     time.Time
	Duration  time.Duration
	Place     string
	Group     string
	Remind    []time.Duration
	RemindSet bool
	Title     string
	Code      bool        // check-in needs the room's code (code=on)
	Rotate    bool        // the code changes every 30 s (code=rotate)
	Where     *data.Place // loc=lat,lon[,radius]: a shared location checks in
}

// ParsePlace reads "lat,lon" or "lat,lon,radius" (metres, 50–5000,
// default 300).
func ParsePlace(s string) (*data.Place, bool) {
	f := strings.Split(s, ",")
	if len(f) < 2 || len(f) > 3 {
		return nil, false
	}
	lat, err1 := strconv.ParseFloat(f[0], 64)
	lon, err2 := strconv.ParseFloat(f[1], 64)
	p := &data.Place{Lat: lat, Lon: lon, Radius: 300}
	if len(f) == 3 {
		r, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, false
		}
		p.Radius = r
	}
	if err1 != nil || err2 != nil || math.IsNaN(lat) || math.IsNaN(lon) || math.IsNaN(p.Radius) ||
		lat < -90 || lat > 90 || lon < -180 || lon > 180 || p.Radius < 50 || p.Radius > 5000 {
		return nil, false
	}
	return p, true
}

// InputError says what is wrong with a command's arguments: Problem names
// the text to show, Value is the offending piece.
type InputError struct {
	Problem i18n.Key
	Value   string
}

func (e *InputError) Error() string { return string(e.Problem) + ": " + e.Value }

// DefaultMeetingLength is a meeting's length when none is given.
const DefaultMeetingLength = 90 * time.Minute

// ParseMeetingArgs reads
//
//	<kind> <day> <HH:MM> [dur=90m] [at=<place>] [group=<name>] [remind=1d,2h,30m] <title>
//
// in the branch's zone, where day is anything ParseDay reads ("2026-12-05",
// "12月5日", "明天", "next fri"). The options may come in any order before
// or among the title's words; a value with spaces goes in quotes:
// at="会议室 B", at=“会议室 B”, at=「会议室 B」.
func ParseMeetingArgs(args string, loc *time.Location, now time.Time) (MeetingInput, *InputError) {
	f, ierr := splitWords(args, meetingOptionKeys)
	if ierr != nil {
		return MeetingInput{}, ierr
	}
	if len(f) < 4 {
		return MeetingInput{}, &InputError{Problem: i18n.MsgMeetingUsage}
	}
	in := MeetingInput{Duration: DefaultMeetingLength}
	var ok bool
	if in.Kind, ok = ParseKind(f[0]); !ok {
		return in, &InputError{Problem: i18n.MsgBadKind, Value: f[0]}
	}
	start, used, ierr := parseWhenWords(f[1:], loc, now)
	if ierr != nil {
		return in, ierr
	}
	if len(f) == 1+used {
		// "committee next fri 15:00": all there but the title.
		return in, &InputError{Problem: i18n.MsgMeetingUsage}
	}
	in.Start = start
	rest, ierr := parseOptions(f[1+used:], &in)
	if ierr != nil {
		return in, ierr
	}
	if ierr := checkTitle(rest); ierr != nil {
		return in, ierr
	}
	in.Title = rest
	if in.Kind == data.KindGroup && in.Group == "" {
		return in, &InputError{Problem: i18n.MsgGroupNeeded}
	}
	return in, nil
}

func checkTitle(title string) *InputError {
	switch {
	case title == "":
		return &InputError{Problem: i18n.MsgNoTitle}
	case utf8.RuneCountInString(title) > data.MaxTitleLen:
		return &InputError{Problem: i18n.MsgTitleLong, Value: strconv.Itoa(utf8.RuneCountInString(title))}
	}
	return nil
}

// parseWhen reads a day (anything ParseDay reads) and a time in loc and
// refuses the past. A refusal for the past names the day as it was
// resolved, so "今天 08:00" says which date is meant.
func parseWhen(date, clock string, loc *time.Location, now time.Time) (time.Time, *InputError) {
	y, m, d, ok := ParseDay(date, now, loc)
	if !ok {
		return time.Time{}, &InputError{Problem: i18n.MsgBadDay, Value: date}
	}
	mins, ok := ParseClock(clock)
	if !ok {
		return time.Time{}, &InputError{Problem: i18n.MsgBadTime, Value: clock}
	}
	start := schedule.WallTime(y, m, d, mins/60, mins%60, loc)
	if !start.After(now) {
		return time.Time{}, &InputError{Problem: i18n.MsgPast, Value: fmt.Sprintf("%04d-%02d-%02d %02d:%02d", y, m, d, mins/60, mins%60)}
	}
	return start, nil
}

// parseWhenWords reads the day and time at the start of words: two words
// ("明天 15:00") or three when the day is two ("next fri 15:00"). It
// returns the start and how many words it used.
func parseWhenWords(words []string, loc *time.Location, now time.Time) (time.Time, int, *InputError) {
	if len(words) < 2 {
		return time.Time{}, 0, &InputError{Problem: i18n.MsgMeetingUsage}
	}
	if len(words) >= 3 {
		if _, _, _, ok := ParseDay(words[0]+" "+words[1], now, loc); ok {
			start, ierr := parseWhen(words[0]+" "+words[1], words[2], loc, now)
			return start, 3, ierr
		}
	}
	start, ierr := parseWhen(words[0], words[1], loc, now)
	return start, 2, ierr
}

// ParseMoveArgs reads /move's arguments, <id> <day> <HH:MM>, in the
// branch's zone. Anything missing or left over is the usage.
func ParseMoveArgs(args string, loc *time.Location, now time.Time) (uint64, time.Time, *InputError) {
	f := strings.Fields(args)
	if len(f) < 3 || len(f) > 4 {
		return 0, time.Time{}, &InputError{Problem: i18n.MsgMoveUsage}
	}
	id, err := parseID(f[0])
	if err != nil {
		return 0, time.Time{}, &InputError{Problem: i18n.MsgMoveUsage}
	}
	start, used, ierr := parseWhenWords(f[1:], loc, now)
	if ierr != nil {
		return 0, time.Time{}, ierr
	}
	if used != len(f)-1 {
		return 0, time.Time{}, &InputError{Problem: i18n.MsgMoveUsage}
	}
	return id, start, nil
}

// meetingOptionKeys are the options of /meeting; /series adds holiday.
var meetingOptionKeys = map[string]bool{"dur": true, "at": true, "group": true, "remind": true, "loc": true, "code": true}

// seriesOptionKeys are the options of /series.
var seriesOptionKeys = map[string]bool{"dur": true, "at": true, "group": true, "remind": true, "loc": true, "code": true, "holiday": true}

// quotePairs maps each opening quote people type to its closing one:
// straight quotes, the curly ones Chinese keyboards produce, and corner
// brackets.
var quotePairs = map[rune]rune{'"': '"', '\'': '\'', '“': '”', '‘': '’', '「': '」', '『': '』', '＂': '＂', '＇': '＇'}

// cutOption splits "key=value" at its first "=" (or the full-width "＝"),
// returning the key normalised and lower-cased.
func cutOption(w string) (key, value string, ok bool) {
	i := strings.IndexAny(w, "=＝")
	if i < 0 {
		return "", "", false
	}
	_, size := utf8.DecodeRuneInString(w[i:])
	return strings.ToLower(normaliseInput(w[:i])), w[i+size:], true
}

// splitWords splits args into words at any run of white space, like
// strings.Fields, except that the value of an option in keys that opens
// with a quote runs to its closing quote, spaces included, and loses the
// quotes: `at="会议室 B" 学习` is the words "at=会议室 B" and "学习". Runs of
// space inside the quotes become one space. Text glued to the closing
// quote ("at=“会议室 B”学习") starts the next word, as Chinese is often
// typed without spaces. A quote left open is refused, naming the option.
func splitWords(args string, keys map[string]bool) ([]string, *InputError) {
	var words []string
	s := args
	for {
		s = strings.TrimLeftFunc(s, unicode.IsSpace)
		if s == "" {
			return words, nil
		}
		end := strings.IndexFunc(s, unicode.IsSpace)
		if end < 0 {
			end = len(s)
		}
		w := s[:end]
		if key, value, ok := cutOption(w); ok && keys[key] {
			open, size := utf8.DecodeRuneInString(value)
			if closing, quoted := quotePairs[open]; quoted {
				body := s[len(w)-len(value)+size:]
				j := strings.IndexRune(body, closing)
				if j < 0 {
					return nil, &InputError{Problem: i18n.MsgOpenQuote, Value: key}
				}
				words = append(words, key+"="+strings.Join(strings.Fields(body[:j]), " "))
				s = body[j+utf8.RuneLen(closing):]
				continue
			}
		}
		words = append(words, w)
		s = s[end:]
	}
}

// parseOptions takes key=value options out of words, returning the rest
// as the title. Values of places and groups are kept as typed; the others
// are read with full-width forms folded.
func parseOptions(words []string, in *MeetingInput) (string, *InputError) {
	var title []string
	for _, w := range words {
		k, v, isOpt := cutOption(w)
		if !isOpt {
			title = append(title, w)
			continue
		}
		switch k {
		case "dur":
			d, ok := ParseDuration(v)
			if !ok || d < 5*time.Minute || d > 12*time.Hour {
				return "", &InputError{Problem: i18n.MsgBadDuration, Value: w}
			}
			in.Duration = d
		case "at":
			v = strings.TrimSpace(v)
			if v == "" || utf8.RuneCountInString(v) > data.MaxNameLen {
				return "", &InputError{Problem: i18n.MsgBadOption, Value: w}
			}
			in.Place = v
		case "group":
			v = strings.TrimSpace(v)
			if v == "" {
				return "", &InputError{Problem: i18n.MsgBadOption, Value: w}
			}
			in.Group = v
		case "remind":
			r, ok := ParseRemind(normaliseInput(v))
			if !ok {
				return "", &InputError{Problem: i18n.MsgBadRemind, Value: w}
			}
			in.Remind, in.RemindSet = r, true
		case "loc":
			p, ok := ParsePlace(normaliseInput(v))
			if !ok {
				return "", &InputError{Problem: i18n.MsgBadOption, Value: w}
			}
			in.Where = p
		case "code":
			switch strings.ToLower(normaliseInput(v)) {
			case "on":
				in.Code, in.Rotate = true, false
			case "rotate":
				in.Code, in.Rotate = true, true
			case "off":
				in.Code, in.Rotate = false, false
			default:
				return "", &InputError{Problem: i18n.MsgBadOption, Value: w}
			}
		default:
			title = append(title, w) // "=" inside a title is fine
		}
	}
	return strings.Join(title, " "), nil
}

// SeriesInput is a parsed /series command.
type SeriesInput struct {
	Kind      data.MeetingKind
	Rule      string
	At        int // minutes after midnight; -1 when the rule carries its time
	Duration  time.Duration
	Place     string
	Group     string
	Remind    []time.Duration
	RemindSet bool
	Title     string
	Holiday   string // "", keep, skip or move
}

// ParseSeriesArgs reads
//
//	<kind> <rule> <HH:MM> [options] [holiday=skip|move|keep] <title>
//
// where rule is a readable rule (monthly:first-fri) or an @descriptor, or
// a five-field cron spec in quotes, which carries its own time:
//
//	/series committee "0 15 * * 5" 支委会例会
func ParseSeriesArgs(args string) (SeriesInput, *InputError) {
	// Any run of spaces (full-width ones from Chinese keyboards, tabs) is
	// one separator, as in /meeting.
	args = strings.Join(strings.Fields(args), " ")
	in := SeriesInput{Duration: DefaultMeetingLength, At: -1}
	kind, rest, _ := strings.Cut(args, " ")
	var ok bool
	if in.Kind, ok = ParseKind(kind); !ok {
		if kind == "" {
			return in, &InputError{Problem: i18n.MsgSeriesUsage}
		}
		return in, &InputError{Problem: i18n.MsgBadKind, Value: kind}
	}
	rest = strings.TrimSpace(rest)
	if q := strings.IndexAny(rest, "\"“"); q == 0 {
		body := strings.TrimLeft(rest, "\"“")
		end := strings.IndexAny(body, "\"”")
		if end < 0 {
			return in, &InputError{Problem: i18n.MsgBadRule, Value: rest}
		}
		in.Rule, rest = strings.TrimSpace(body[:end]), strings.TrimSpace(body[end+len(string([]rune(body[end:])[0])):])
	} else {
		in.Rule, rest, _ = strings.Cut(rest, " ")
		rest = strings.TrimSpace(rest)
	}
	if in.Rule == "" {
		return in, &InputError{Problem: i18n.MsgSeriesUsage}
	}
	first, after, _ := strings.Cut(rest, " ")
	if mins, ok := ParseClock(first); ok {
		in.At, rest = mins, strings.TrimSpace(after)
	}
	all, ierr := splitWords(rest, seriesOptionKeys)
	if ierr != nil {
		return in, ierr
	}
	var words []string
	for _, w := range all {
		k, v, ok := cutOption(w)
		if !ok || k != "holiday" {
			words = append(words, w)
			continue
		}
		v = strings.ToLower(normaliseInput(v))
		if v != "keep" && v != "skip" && v != "move" {
			return in, &InputError{Problem: i18n.MsgBadOption, Value: w}
		}
		in.Holiday = v
	}
	var mi MeetingInput
	mi.Duration = in.Duration
	title, ierr := parseOptions(words, &mi)
	if ierr != nil {
		return in, ierr
	}
	if mi.Code || mi.Where != nil {
		// A series keeps no check-in code or place: refuse rather than
		// drop them.
		for _, w := range words {
			if k, _, _ := cutOption(w); k == "code" || k == "loc" {
				return in, &InputError{Problem: i18n.MsgSeriesCheckInOption, Value: w}
			}
		}
	}
	if ierr := checkTitle(title); ierr != nil {
		return in, ierr
	}
	in.Duration, in.Place, in.Group, in.Remind, in.RemindSet, in.Title = mi.Duration, mi.Place, mi.Group, mi.Remind, mi.RemindSet, title
	if in.Kind == data.KindGroup && in.Group == "" {
		return in, &InputError{Problem: i18n.MsgGroupNeeded}
	}
	return in, nil
}
