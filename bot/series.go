package bot

import (
	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"branchbot/schedule"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// registerSeries: recurring meetings, planned ahead a few weeks at a time.
func (b *Bot) registerSeries() {
	b.router.Command(telegram.Command{Name: "series", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.series})
	b.engine.Handle(data.TimerSeries, b.fireSeries)
}

// series is /series (list), /series stop <id>, or /series <kind> <rule> ….
func (b *Bot) series(r *request) (reply, error) { return b.seriesReplacing(r, 0) }

// seriesReplacing is series; a new series replaces the one with id replace
// (if not zero) in the same transaction.
func (b *Bot) seriesReplacing(r *request, replace uint64) (reply, error) {
	args := strings.TrimSpace(r.Cmd.Args)
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	switch {
	case args == "":
		return b.listSeries(r, br)
	case strings.HasPrefix(strings.ToLower(args), "stop"):
		id, err := parseID(strings.TrimSpace(args[4:]))
		if err != nil {
			return say(r.Lang.T(i18n.MsgSeriesUsage)), nil
		}
		sr, err := b.store.StopSeries(b.audited(r, data.AuditSeriesStop, data.ObjectSeries, auditID(id), ""), id, br.ID)
		if errors.Is(err, data.ErrSeriesUnknown) {
			return say(r.Lang.T(i18n.MsgSeriesUnknown, id)), nil
		}
		if err != nil {
			return reply{}, err
		}
		left, err := b.store.Meetings(br.ID, now, now.Add(seriesHorizon+seriesReplan))
		if err != nil {
			return reply{}, err
		}
		var kept []string
		for _, m := range left {
			if m.SeriesID == sr.ID {
				kept = append(kept, fmt.Sprintf("#%d %s", m.ID, r.Lang.MonthDay(m.Start, loc)))
			}
		}
		text := r.Lang.T(i18n.MsgSeriesStopped, sr.ID)
		if len(kept) > 0 {
			text += "\n" + r.Lang.T(i18n.MsgSeriesKeptMeetings, strings.Join(kept, r.Lang.T(i18n.MsgListSep)))
		}
		return say(text), nil
	}
	in, ierr := ParseSeriesArgs(args)
	if ierr != nil {
		return inputError(r.Lang, ierr, i18n.MsgSeriesUsage), nil
	}
	rule, err := schedule.ParseRule(in.Rule, max(in.At, 0), loc, now)
	var re *schedule.RuleError
	if errors.As(err, &re) {
		return say(r.Lang.T(i18n.Key("rule."+re.Reason), esc(in.Rule)) + "\n\n" + r.Lang.T(i18n.MsgSeriesUsage)), nil
	}
	if err != nil {
		return reply{}, err
	}
	switch {
	case rule.HasOwnTime() && in.At >= 0:
		return say(r.Lang.T(i18n.MsgRuleOwnTime) + "\n\n" + r.Lang.T(i18n.MsgSeriesUsage)), nil
	case !rule.HasOwnTime() && in.At < 0:
		return say(r.Lang.T(i18n.MsgRuleNeedsTime) + "\n\n" + r.Lang.T(i18n.MsgSeriesUsage)), nil
	}
	sr := data.Series{BranchID: br.ID, Kind: in.Kind, Rule: in.Rule, At: max(in.At, 0), Title: in.Title, Duration: in.Duration, Place: in.Place, Remind: br.Settings.Remind, Holiday: in.Holiday, CreatedBy: r.Person.UserID, CreatedAt: now, PlannedUntil: now}
	if sr.Holiday == "" {
		sr.Holiday = string(schedule.DefaultPolicy(in.Rule))
	}
	if in.RemindSet {
		sr.Remind = in.Remind
	}
	if in.Group != "" {
		g, rep, ok, err := b.groupNamed(r, in.Group)
		if !ok || err != nil {
			return rep, err
		}
		sr.GroupID = g.ID
	}
	sr, err = b.store.CreateSeries(b.audited(r, data.AuditSeriesCreate, data.ObjectSeries, 0, sr.Rule+" "+sr.Title), sr, now, replace)
	if err != nil {
		return reply{}, err
	}
	_, skipped, err := b.planSeries(r.Ctx, sr.ID)
	if err != nil {
		return reply{}, err
	}
	next, err := b.store.Meetings(br.ID, now, now.Add(seriesHorizon))
	if err != nil {
		return reply{}, err
	}
	var dates []string
	for _, m := range next {
		if m.SeriesID == sr.ID {
			dates = append(dates, fmt.Sprintf("#%d %s", m.ID, r.Lang.When(m.Start, loc)))
		}
	}
	// A date left out is said, with the holiday that made it so: an
	// empty "planned" list reads as a bug otherwise.
	for _, sk := range skipped {
		dates = append(dates, r.Lang.T(i18n.MsgSeriesSkipped, r.Lang.When(sk.At, loc), esc(sk.Holiday)))
	}
	if len(dates) == 0 {
		dates = append(dates, r.Lang.T(i18n.MsgSeriesNothingPlanned))
	}
	return say(r.Lang.T(i18n.MsgSeriesCreated, sr.ID, esc(sr.Title), esc(sr.Rule), strings.Join(dates, "\n"))), nil
}

func (b *Bot) listSeries(r *request, br data.Branch) (reply, error) {
	list, err := b.store.SeriesOf(br.ID)
	if err != nil {
		return reply{}, err
	}
	var lines []string
	for _, sr := range list {
		if !sr.Active {
			continue
		}
		lines = append(lines, fmt.Sprintf("#%d · %s · %s · %02d:%02d · %s", sr.ID, r.Lang.KindName(sr.Kind), esc(sr.Rule), sr.At/60, sr.At%60, esc(sr.Title)))
		// Who, where and what a holiday does: what decides whether a
		// date was planned.
		who := b.audience(r.Lang, data.Meeting{BranchID: sr.BranchID, Kind: sr.Kind, GroupID: sr.GroupID})
		place := esc(sr.Place)
		if place == "" {
			place = r.Lang.T(i18n.MsgMtgPlaceNone)
		}
		lines = append(lines, r.Lang.T(i18n.MsgSeriesLineMore, who, place, r.Lang.T(i18n.Key("holiday."+sr.Holiday))))
	}
	if len(lines) == 0 {
		return say(r.Lang.T(i18n.MsgSeriesNone) + "\n\n" + r.Lang.T(i18n.MsgSeriesUsage)), nil
	}
	return say(r.Lang.T(i18n.MsgSeriesHeader) + "\n" + strings.Join(lines, "\n")), nil
}

// skippedDate is an occurrence of a series left out for a holiday.
type skippedDate struct {
	At      time.Time
	Holiday string // its name, as the calendar gives it
}

// planSeries creates a series' meetings through the planning horizon and
// sets its next planning time. It returns how many it planned and the
// dates its holiday policy left out.
func (b *Bot) planSeries(ctx context.Context, id uint64) (int, []skippedDate, error) {
	sr, err := b.store.Series(id)
	if err != nil {
		return 0, nil, err
	}
	br, err := b.store.Branch(sr.BranchID)
	if err != nil {
		return 0, nil, err
	}
	loc, now := b.zone(br), b.clock.Now()
	rule, err := schedule.ParseRule(sr.Rule, sr.At, loc, now)
	if err != nil {
		b.log.Error("series rule no longer parses; stopping it", "series_id", id, "err", err)
		_, err := b.store.StopSeries(ctx, id, sr.BranchID)
		return 0, nil, err
	}
	cal, err := b.calendar(br)
	if err != nil {
		return 0, nil, err
	}
	var skipped []skippedDate
	until := now.Add(seriesHorizon)
	var plans []data.MeetingPlan
	from := sr.PlannedUntil
	if from.Before(now) {
		from = now
	}
	for occ := rule.Next(from); !occ.IsZero() && !occ.After(until); occ = rule.Next(occ) {
		at, ok := cal.Adjust(occ, schedule.HolidayPolicy(sr.Holiday))
		if !ok {
			_, name := cal.Kind(occ)
			skipped = append(skipped, skippedDate{At: occ, Holiday: name})
			continue
		}
		m := data.Meeting{BranchID: sr.BranchID, Kind: sr.Kind, Title: sr.Title, Start: at, Duration: sr.Duration, Place: sr.Place, GroupID: sr.GroupID, Remind: sr.Remind, CreatedBy: sr.CreatedBy, CreatedAt: now}
		plans = append(plans, data.MeetingPlan{Meeting: m, Reminders: schedule.PlanReminders(at, sr.Remind, br.Settings.Quiet, loc, now)})
	}
	n, err := b.store.PlanSeries(ctx, id, until, plans, now.Add(seriesReplan))
	return n, skipped, err
}

func (b *Bot) fireSeries(ctx context.Context, t data.Timer) error {
	n, _, err := b.planSeries(ctx, t.Ref)
	if errors.Is(err, data.ErrSeriesUnknown) {
		return b.store.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	if n > 0 {
		b.log.Info("series planned", "series_id", t.Ref, "meetings", n)
	}
	return err
}
