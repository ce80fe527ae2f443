package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
)

// registerCompliance: the cadence of required meetings, checked on demand
// (/compliance) and watched (warnings to the secretaries before a
// required meeting is missed).
func (b *Bot) registerCompliance() {
	b.router.Command(telegram.Command{Name: "compliance", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.compliance})
	b.engine.Handle(data.TimerCadence, b.fireCadence)
}

// ensureCadenceSweep sets the sweep once per store, at start: a store
// from before the warnings gets it on its first start.
func (b *Bot) ensureCadenceSweep(ctx context.Context) error {
	has, err := b.store.HasTimer(data.TimerCadence, 0)
	if err != nil || has {
		return err
	}
	return b.store.SetTimer(ctx, data.TimerCadence, 0, b.clock.Now())
}

// cadenceSweep is how often the sweep looks for branches without a
// cadence timer: a branch created since is looked at within a day.
const cadenceSweep = 24 * time.Hour

// compliance is /compliance [period]: each required meeting of the period
// with ✔ (held, with its dates), ✗ (missed) or ⏳ (still due).
func (b *Bot) compliance(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	ask, bad := parseFileAsk(r.Cmd.Args, nil, data.QuarterOf(now, loc))
	if bad != "" {
		return say(r.Lang.T(i18n.MsgComplianceBad, esc(bad))), nil
	}
	p := ask.Period
	if err := p.CheckBegun(now, loc); errors.Is(err, data.ErrPeriodFuture) {
		return say(r.Lang.T(i18n.MsgComplianceFuture, p.String())), nil
	}
	groups, err := b.store.Groups(br.ID)
	if err != nil {
		return reply{}, err
	}
	head := r.Lang.T(i18n.MsgComplianceHead, p.String(), esc(br.Name))
	if !p.End(loc).After(br.CreatedAt) {
		return say(head + "\n" + r.Lang.T(i18n.MsgComplianceBeforeBranch, r.Lang.Date(br.CreatedAt, loc))), nil
	}
	results, err := b.store.Compliance(br, groups, p, loc, now)
	if err != nil {
		return reply{}, err
	}
	if len(results) == 0 {
		return say(head + "\n" + r.Lang.T(i18n.MsgComplianceNone)), nil
	}
	names := groupNames(groups)
	lines := []string{head, ""}
	for _, res := range results {
		lines = append(lines, complianceLine(r.Lang, res, names, loc))
	}
	lines = append(lines, "", r.Lang.T(i18n.MsgComplianceFoot))
	return say(strings.Join(lines, "\n")), nil
}

// meetingsOfSlots loads the branch's scheduled meetings from the first
// slot's start to the last slot's end: a month's report reaches out to
// its quarter for the quarterly kinds.
func (b *Bot) meetingsOfSlots(branchID uint64, slots []data.Slot) ([]data.Meeting, error) {
	from, to := data.SlotsSpan(slots)
	return b.store.Meetings(branchID, from, to)
}

// slotName is a slot as people read it: the kind, its group, its period.
func slotName(l i18n.Lang, s data.Slot, groups map[uint64]string) string {
	name := l.KindName(s.Kind)
	if s.GroupID != 0 {
		name += " · " + esc(groups[s.GroupID])
	}
	return name + " " + s.Period.String()
}

// complianceLine is one slot of /compliance.
func complianceLine(l i18n.Lang, res data.SlotResult, groups map[uint64]string, loc *time.Location) string {
	dates := func(ms []data.Meeting) string {
		var parts []string
		for _, m := range ms {
			parts = append(parts, fmt.Sprintf("%s (/attendance %d)", l.Date(m.Start, loc), m.ID))
		}
		return strings.Join(parts, l.T(i18n.MsgListSep))
	}
	name := slotName(l, res.Slot, groups)
	switch {
	case res.State == data.SlotHeld:
		return "✔ " + l.Labelled(name, l.T(i18n.MsgComplianceHeld, dates(res.Held)))
	case res.State == data.SlotMissed:
		return "✗ " + l.Labelled(name, l.T(i18n.MsgComplianceMissed))
	case len(res.Planned) > 0:
		return "⏳ " + l.Labelled(name, l.T(i18n.MsgCompliancePlanned, dates(res.Planned)))
	}
	return "⏳ " + l.Labelled(name, l.T(i18n.MsgComplianceUnplanned, l.Date(res.To.Add(-time.Second), loc)))
}

// fireCadence handles both cadence timers: the daily sweep (ref 0) and a
// branch's own.
func (b *Bot) fireCadence(ctx context.Context, t data.Timer) error {
	if t.Ref == 0 {
		return b.sweepCadence(ctx, t)
	}
	br, ok, err := b.timerBranch(ctx, t)
	if !ok {
		return err
	}
	return b.warnCadence(ctx, br)
}

// sweepCadence gives every branch whose warnings are on and that has no
// cadence timer one that fires now, then sleeps a day. Branches created
// since the last sweep are found here.
func (b *Bot) sweepCadence(ctx context.Context, t data.Timer) error {
	now := b.clock.Now()
	branches, err := b.store.Branches()
	if err != nil {
		return err
	}
	for _, br := range branches {
		if br.Settings.CadenceWarnOff {
			continue
		}
		if has, err := b.store.HasTimer(data.TimerCadence, br.ID); err != nil || has {
			continue
		}
		if err := b.store.SetTimer(ctx, data.TimerCadence, br.ID, now); err != nil {
			return err
		}
	}
	return b.store.SetTimer(ctx, t.Kind, t.Ref, now.Add(cadenceSweep))
}

// cadenceSlots are the slots of the quarter holding now, and of the next
// one (whose first warning instants follow this one's last).
func (b *Bot) cadenceSlots(br data.Branch, now time.Time) (cur, next []data.Slot, groups []data.Group, err error) {
	groups, err = b.store.Groups(br.ID)
	if err != nil {
		return nil, nil, nil, err
	}
	loc, table := b.zone(br), br.Settings.CadenceRules()
	quarter := data.QuarterOf(now, loc)
	cur = data.Slots(quarter, loc, table, groups)
	next = data.Slots(data.QuarterOf(quarter.End(loc), loc), loc, table, groups)
	return cur, next, groups, nil
}

// warnCadence warns the branch's secretaries of the required meetings of
// the current month and quarter that are not scheduled with the branch's
// lead or less left, unless it is quiet hours there (then it waits for
// their end), and sets the branch's timer to the next warning instant.
// The warnings sent are recorded, so none is sent twice.
func (b *Bot) warnCadence(ctx context.Context, br data.Branch) error {
	s, loc, now := br.Settings, b.zone(br), b.clock.Now()
	if s.CadenceWarnOff {
		return b.store.DeleteTimer(ctx, data.TimerCadence, br.ID)
	}
	if s.Quiet.Contains(now, loc) {
		return b.store.SetTimer(ctx, data.TimerCadence, br.ID, s.Quiet.NextAllowed(now, loc))
	}
	cur, following, groups, err := b.cadenceSlots(br, now)
	if err != nil {
		return err
	}
	var warnings []data.CadenceWarning
	if len(cur) > 0 {
		meetings, err := b.meetingsOfSlots(br.ID, cur)
		if err != nil {
			return err
		}
		warnings = data.CadenceWarnings(cur, meetings, now, s.WarnLead())
	}
	next := data.NextCadenceCheck(append(cur, following...), now, s.WarnLead())
	names := groupNames(groups)
	sent, err := b.store.SendCadenceWarnings(ctx, br.ID, warnings, now, next, func(ws []data.CadenceWarning, lang string) string {
		return cadenceWarningText(b.langOf(lang), ws, names, now, loc)
	})
	if err != nil {
		return err
	}
	if len(sent) > 0 {
		b.log.Info("cadence warning", "branch_id", br.ID, "slots", len(sent))
	}
	return nil
}

// cadenceWarningText is the secretaries' warning: each required meeting
// not scheduled, with the days left.
func cadenceWarningText(l i18n.Lang, ws []data.CadenceWarning, groups map[uint64]string, now time.Time, loc *time.Location) string {
	lines := []string{l.T(i18n.MsgCadenceWarnHead)}
	for _, w := range ws {
		days := int((w.Slot.To.Sub(now) + 24*time.Hour - time.Nanosecond) / (24 * time.Hour))
		key := i18n.MsgCadenceWarnLine
		if w.Stage == data.StageLastWeek {
			key = i18n.MsgCadenceWarnLast
		}
		lines = append(lines, "· "+l.T(key, slotName(l, w.Slot, groups), days, l.Date(w.Slot.To.Add(-time.Second), loc)))
	}
	return strings.Join(append(lines, "", l.T(i18n.MsgCadenceWarnFoot)), "\n")
}

// rearmCadence sets the branch's cadence timer to its next warning
// instant after its table, lead, zone or quiet hours changed. A warning
// due at once under the new settings waits for the daily sweep rather
// than cutting into the answer to /settings.
func (b *Bot) rearmCadence(ctx context.Context, br data.Branch) error {
	now := b.clock.Now()
	cur, following, _, err := b.cadenceSlots(br, now)
	if err != nil {
		return err
	}
	next := data.NextCadenceCheck(append(cur, following...), now, br.Settings.WarnLead())
	if br.Settings.CadenceWarnOff || next.IsZero() {
		return b.store.DeleteTimer(ctx, data.TimerCadence, br.ID)
	}
	return b.store.SetTimer(ctx, data.TimerCadence, br.ID, next)
}

// cadenceSettingsText is the cadence line of /settings, in the reader's
// words (the table's own form, "committee:monthly", is what one types).
func cadenceSettingsText(l i18n.Lang, s data.Settings) string {
	var rules []string
	for _, rule := range strings.Split(s.CadenceRules().String(), ",") {
		kind, cadence, ok := strings.Cut(rule, ":")
		if !ok {
			continue // "off": no kind is required
		}
		rules = append(rules, l.KindName(data.MeetingKind(kind))+" "+l.T(i18n.Key("cadence."+cadence)))
	}
	table := l.T(i18n.MsgOff)
	if len(rules) > 0 {
		table = strings.Join(rules, l.T(i18n.MsgListSep))
	}
	if s.CadenceWarnOff {
		return l.T(i18n.MsgCadenceSettingsNoWarn, table)
	}
	return l.T(i18n.MsgCadenceSettings, table, FormatDuration(s.WarnLead()))
}
