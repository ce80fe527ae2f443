package data

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// Cadence is how often a kind of meeting is required.
type Cadence string

// The cadences a kind may have.
const (
	CadenceOff       Cadence = "off"
	CadenceMonthly   Cadence = "monthly"
	CadenceQuarterly Cadence = "quarterly"
)

// span is the period one required meeting covers; 0 for CadenceOff.
func (c Cadence) span() PeriodSpan {
	switch c {
	case CadenceMonthly:
		return SpanMonth
	case CadenceQuarterly:
		return SpanQuarter
	}
	return 0
}

// CadenceTable says how often each kind of meeting is required. A kind it
// does not name is not required.
type CadenceTable map[MeetingKind]Cadence

// cadenceKinds are the kinds a table lists, in the order people read them.
var cadenceKinds = []MeetingKind{KindCommittee, KindGroup, KindThemeDay, KindAssembly, KindLecture, KindOther}

// DefaultCadence is the usual rule (domain.md): committee, group meetings
// and the themed day monthly; the assembly and the lecture quarterly.
func DefaultCadence() CadenceTable {
	return CadenceTable{
		KindCommittee: CadenceMonthly,
		KindGroup:     CadenceMonthly,
		KindThemeDay:  CadenceMonthly,
		KindAssembly:  CadenceQuarterly,
		KindLecture:   CadenceQuarterly,
	}
}

// Validate checks every kind and cadence.
func (t CadenceTable) Validate() error {
	for k, c := range t {
		if err := k.Validate(); err != nil {
			return err
		}
		if c.span() == 0 && c != CadenceOff {
			return Errorf(EInvalid, "cadence %q of %s is not monthly, quarterly or off", c, k)
		}
	}
	return nil
}

// ParseCadence applies "committee:monthly,lecture:quarterly,group:off" to
// base (kinds it does not name keep their cadence); "default" alone is
// the usual rule. It returns a new table and leaves base alone.
func ParseCadence(s string, base CadenceTable) (CadenceTable, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "default" {
		return DefaultCadence(), nil
	}
	out := CadenceTable{}
	for k, c := range base {
		out[k] = c
	}
	if s == "" {
		return nil, Errorf(EInvalid, "cadence is empty")
	}
	for item := range strings.SplitSeq(s, ",") {
		k, c, ok := strings.Cut(strings.TrimSpace(item), ":")
		kind, cad := MeetingKind(k), Cadence(c)
		if !ok || kind.Validate() != nil || (cad.span() == 0 && cad != CadenceOff) {
			return nil, Errorf(EInvalid, "cadence item %q is not kind:monthly|quarterly|off", item)
		}
		out[kind] = cad
	}
	return out, nil
}

// String writes the table the way ParseCadence reads it, required kinds
// only.
func (t CadenceTable) String() string {
	var parts []string
	for _, k := range cadenceKinds {
		if c := t[k]; c.span() != 0 {
			parts = append(parts, string(k)+":"+string(c))
		}
	}
	if len(parts) == 0 {
		return string(CadenceOff)
	}
	return strings.Join(parts, ",")
}

// Slot is one required meeting: a kind (and, for group meetings, a group)
// that must be held at least once between From and To.
type Slot struct {
	Kind    MeetingKind
	GroupID uint64 // for a group meeting: each group holds its own
	Period  Period // the month or quarter the slot covers
	From    time.Time
	To      time.Time
}

// Key names the slot in the warnings already sent: kind, group, period.
func (s Slot) Key() string { return fmt.Sprintf("%s/%d/%s", s.Kind, s.GroupID, s.Period) }

// SlotState is how a required meeting stands.
type SlotState int

// The states of a slot: held, missed (over without one held), or open
// (not over and none held yet).
const (
	SlotHeld SlotState = iota + 1
	SlotMissed
	SlotOpen
)

// SlotResult is a slot with the meetings that count for it.
type SlotResult struct {
	Slot
	State SlotState
	// Held are the meetings that ended within the slot; Planned those
	// scheduled in it that have not ended yet.
	Held    []Meeting
	Planned []Meeting
}

// Slots lists the required meetings of a period under a cadence table: a
// monthly kind once in each month the period covers, a quarterly kind
// once in each quarter. A period shorter than a kind's cadence is judged
// by the whole cadence period that holds it: a lecture asked of March is
// the lecture of the first quarter. Group meetings are required of each
// group. The order is the table's reading order, then time.
func Slots(p Period, loc *time.Location, table CadenceTable, groups []Group) []Slot {
	var out []Slot
	for _, k := range cadenceKinds {
		span := table[k].span()
		if span == 0 {
			continue
		}
		owners := []uint64{0}
		if k == KindGroup {
			owners = owners[:0]
			for _, g := range groups {
				owners = append(owners, g.ID)
			}
		}
		for _, g := range owners {
			for _, part := range p.Within(span).Parts(span) {
				out = append(out, Slot{Kind: k, GroupID: g, Period: part, From: part.Start(loc), To: part.End(loc)})
			}
		}
	}
	return out
}

// SlotsSpan is the time the slots cover together, from the first start
// to the last end: a month's check reaches out to its quarter for the
// quarterly kinds. slots must not be empty.
func SlotsSpan(slots []Slot) (from, to time.Time) {
	from, to = slots[0].From, slots[0].To
	for _, s := range slots {
		if s.From.Before(from) {
			from = s.From
		}
		if s.To.After(to) {
			to = s.To
		}
	}
	return from, to
}

// SlotsSince leaves out the slots that ended by t: a branch is not held
// to meetings that fell due before it existed.
func SlotsSince(slots []Slot, t time.Time) []Slot {
	var out []Slot
	for _, s := range slots {
		if s.To.After(t) {
			out = append(out, s)
		}
	}
	return out
}

// CheckCompliance sets each slot against the branch's meetings. Only a
// meeting actually held counts: scheduled (not cancelled) and ended by
// now. meetings may hold anything; those of other kinds, groups or times
// are ignored.
func CheckCompliance(slots []Slot, meetings []Meeting, now time.Time) []SlotResult {
	ms := slices.Clone(meetings)
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].Start.Before(ms[j].Start) })
	out := make([]SlotResult, 0, len(slots))
	for _, s := range slots {
		r := SlotResult{Slot: s}
		for _, m := range ms {
			if !s.counts(m) {
				continue
			}
			if m.End().After(now) {
				r.Planned = append(r.Planned, m)
			} else {
				r.Held = append(r.Held, m)
			}
		}
		switch {
		case len(r.Held) > 0:
			r.State = SlotHeld
		case now.Before(s.To):
			r.State = SlotOpen
		default:
			r.State = SlotMissed
		}
		out = append(out, r)
	}
	return out
}

// counts reports whether meeting m is one of the slot's: its kind (and
// group), not cancelled, starting within the slot.
func (s Slot) counts(m Meeting) bool {
	return m.Status == Scheduled && m.Kind == s.Kind && (s.GroupID == 0 || m.GroupID == s.GroupID) &&
		!m.Start.Before(s.From) && m.Start.Before(s.To)
}

// LastWeek is how long before a slot's end the second, last warning of a
// meeting not yet scheduled goes out.
const LastWeek = 7 * 24 * time.Hour

// DefaultCadenceLead is how long before a slot's end the first warning
// goes out, unless the branch chose otherwise.
const DefaultCadenceLead = 14 * 24 * time.Hour

// Warning stages: the first at the branch's lead, the last in the last
// week. A later stage supersedes an earlier one.
const (
	StageLead     = 1
	StageLastWeek = 2
)

// CadenceWarning is a required meeting that is not even scheduled with
// little time left.
type CadenceWarning struct {
	Slot  Slot
	Stage int
}

// CadenceWarnings lists the slots open at now for which no meeting is
// scheduled at all (held or to come), with lead or less left: the
// secretaries must hear of them while there is time to act.
func CadenceWarnings(slots []Slot, meetings []Meeting, now time.Time, lead time.Duration) []CadenceWarning {
	var out []CadenceWarning
	for _, s := range slots {
		if now.Before(s.From) || !now.Before(s.To) {
			continue
		}
		left := s.To.Sub(now)
		stage := 0
		switch {
		case left <= LastWeek:
			stage = StageLastWeek
		case left <= lead:
			stage = StageLead
		default:
			continue
		}
		if slices.ContainsFunc(meetings, s.counts) {
			continue
		}
		out = append(out, CadenceWarning{Slot: s, Stage: stage})
	}
	return out
}

// NextCadenceCheck is the first instant after now at which one of slots
// reaches a warning stage (lead or the last week left), or zero if none
// does.
func NextCadenceCheck(slots []Slot, now time.Time, lead time.Duration) time.Time {
	var next time.Time
	for _, s := range slots {
		for _, d := range []time.Duration{lead, LastWeek} {
			at := s.To.Add(-d)
			if at.After(now) && at.Before(s.To) && (next.IsZero() || at.Before(next)) {
				next = at
			}
		}
	}
	return next
}

// MaxCadenceLead bounds a branch's warning lead: a month's slot is four
// weeks at its shortest, and a warning must fall within its slot.
const MaxCadenceLead = 28 * 24 * time.Hour

// CadenceRules is the branch's cadence table in force.
func (s Settings) CadenceRules() CadenceTable {
	if s.Cadence == nil {
		return DefaultCadence()
	}
	return s.Cadence
}

// WarnLead is how long before a slot's end the first warning goes out.
func (s Settings) WarnLead() time.Duration {
	if s.CadenceLead == 0 {
		return DefaultCadenceLead
	}
	return s.CadenceLead
}

// validateCadence checks the table and the warning lead.
func (s Settings) validateCadence() error {
	if s.CadenceLead < 0 || s.CadenceLead > MaxCadenceLead || (s.CadenceLead != 0 && s.CadenceLead < 24*time.Hour) {
		return Errorf(EInvalid, "cadence warning lead %v out of range (1 to 28 days)", s.CadenceLead)
	}
	return s.Cadence.Validate()
}
