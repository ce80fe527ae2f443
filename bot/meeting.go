package bot

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/data"
	"branchbot/schedule"
)

// Planning horizon of a series, and how often it plans further.
const (
	seriesHorizon = 6 * 7 * 24 * time.Hour
	seriesReplan  = 7 * 24 * time.Hour
)

// zone is the branch's time zone.
func (b *Bot) zone(br data.Branch) *time.Location {
	if br.Settings.TZ == "" {
		return b.cfg.Location
	}
	// LoadLocation reads the zone database on every call; a branch's zone
	// is wanted on every button press.
	if loc, ok := b.zones.Load(br.Settings.TZ); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(br.Settings.TZ)
	if err != nil {
		return b.cfg.Location
	}
	b.zones.Store(br.Settings.TZ, loc)
	return loc
}

// memberZone is the zone of the sender's branch, or the default.
func (b *Bot) memberZone(r *request) *time.Location {
	if r.member != nil {
		if br, err := b.store.Branch(r.member.BranchID); err == nil {
			return b.zone(br)
		}
	}
	return b.cfg.Location
}

// inputError turns a parse problem into the user's message with the
// syntax and an example.
func inputError(l i18n.Lang, e *InputError, usage i18n.Key) reply {
	text := l.T(e.Problem, esc(e.Value))
	if e.Problem == usage {
		return say(text)
	}
	return say(text + "\n\n" + l.T(usage))
}

// meeting creates a meeting, or shows one: /meeting <id>.
func (b *Bot) meeting(r *request) (reply, error) {
	if id, err := parseID(r.cmd.Args); err == nil {
		return b.showMeeting(r, id)
	}
	if strings.TrimSpace(r.cmd.Args) == "" {
		return b.startMeetingFlow(r)
	}
	br, err := b.store.Branch(r.member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	in, ierr := ParseMeetingArgs(r.cmd.Args, loc, now)
	if ierr != nil {
		return inputError(r.lang, ierr, i18n.MsgMeetingUsage), nil
	}
	m := data.Meeting{BranchID: br.ID, Kind: in.Kind, Title: in.Title, Start: in.Start, Duration: in.Duration, Place: in.Place, CreatedBy: r.person.UserID, CreatedAt: now}
	if in.Group != "" {
		g, rep, ok, err := b.groupNamed(r, in.Group)
		if !ok || err != nil {
			return rep, err
		}
		m.GroupID = g.ID
	}
	m.Remind = br.Settings.Remind
	if in.RemindSet {
		m.Remind = in.Remind
	}
	m.Where = in.Where
	switch {
	case in.Rotate:
		m.Code, m.Rotate = data.NewCodeSecret(), true
	case in.Code:
		m.Code = data.NewCheckInCode()
	}
	plan := schedule.PlanReminders(m.Start, m.Remind, br.Settings.Quiet, loc, now)
	m, err = b.store.CreateMeeting(r.ctx, m, plan)
	if err != nil {
		return reply{}, err
	}
	return b.meetingCreated(r, br, m, plan)
}

// meetingCreated wakes the reminder engine for a new meeting and shows it
// to its creator (the /meeting command and the guided flow).
func (b *Bot) meetingCreated(r *request, br data.Branch, m data.Meeting, plan []data.PlannedReminder) (reply, error) {
	b.engine.Wake()
	b.log.Info("meeting created", "branch_id", br.ID, "meeting_id", m.ID, "reminders", len(plan))
	people, err := b.store.Attendees(m)
	if err != nil {
		return reply{}, err
	}
	return say(r.lang.T(i18n.MsgMeetingCreated, m.ID) + "\n" + b.meetingCard(r.lang, br, m, len(people), plan)), nil
}

func (b *Bot) groupNamed(r *request, name string) (data.Group, reply, bool, error) {
	groups, err := b.store.Groups(r.member.BranchID)
	if err != nil {
		return data.Group{}, reply{}, false, err
	}
	for _, g := range groups {
		if strings.EqualFold(g.Name, name) {
			return g, reply{}, true, nil
		}
	}
	return data.Group{}, say(r.lang.T(i18n.MsgGroupUnknown, esc(name))), false, nil
}

// meetingCard describes a meeting: what, when, where, who, reminders.
func (b *Bot) meetingCard(l i18n.Lang, br data.Branch, m data.Meeting, people int, plan []data.PlannedReminder) string {
	loc := b.zone(br)
	lines := []string{
		fmt.Sprintf("<b>%s</b> · %s", esc(m.Title), l.KindName(m.Kind)),
		l.T(i18n.MsgCardWhen, l.When(m.Start, loc), FormatDuration(m.Duration)),
	}
	if m.Place != "" {
		lines = append(lines, l.T(i18n.MsgCardWhere, esc(m.Place)))
	}
	lines = append(lines, l.T(i18n.MsgCardWho, people))
	if len(plan) > 0 {
		var ats []string
		for _, p := range plan {
			ats = append(ats, p.At.In(loc).Format("01-02 15:04"))
		}
		lines = append(lines, l.T(i18n.MsgCardRemind, strings.Join(ats, l.T(i18n.MsgListSep))))
	} else {
		lines = append(lines, l.T(i18n.MsgCardNoRemind))
	}
	switch {
	case m.Rotate:
		lines = append(lines, l.T(i18n.MsgCardRotate, m.ID))
	case m.Code != "":
		// Only organisers see cards; members get reminders.
		lines = append(lines, l.T(i18n.MsgCardCode, m.Code))
	}
	if m.Status == data.Cancelled {
		lines = append(lines, l.T(i18n.MsgCardCancelled))
	}
	return strings.Join(lines, "\n")
}

// branchMeeting loads a meeting of the sender's branch, cancelled or not,
// and the branch; when it is not theirs, ok is false and rep says "no such
// meeting".
func (b *Bot) branchMeeting(r *request, id uint64) (m data.Meeting, br data.Branch, rep reply, ok bool, err error) {
	m, err = b.store.Meeting(id)
	if errors.Is(err, data.ErrMeetingUnknown) || (err == nil && m.BranchID != r.member.BranchID) {
		return m, br, say(r.lang.T(i18n.MsgMeetingUnknown, id)), false, nil
	}
	if err != nil {
		return m, br, reply{}, false, err
	}
	br, err = b.store.Branch(m.BranchID)
	return m, br, reply{}, err == nil, err
}

func (b *Bot) showMeeting(r *request, id uint64) (reply, error) {
	m, br, rep, ok, err := b.branchMeeting(r, id)
	if !ok || err != nil {
		return rep, err
	}
	people, err := b.store.Attendees(m)
	if err != nil {
		return reply{}, err
	}
	pending, err := b.store.PendingReminders(m.ID)
	if err != nil {
		return reply{}, err
	}
	plan := make([]data.PlannedReminder, len(pending))
	for i, p := range pending {
		plan[i] = data.PlannedReminder{Offset: p.Offset, At: p.At}
	}
	return say(fmt.Sprintf("#%d ", m.ID) + b.meetingCard(r.lang, br, m, len(people), plan)), nil
}

// meetings lists the next 30 days.
func (b *Bot) meetings(r *request) (reply, error) {
	br, err := b.store.Branch(r.member.BranchID)
	if err != nil {
		return reply{}, err
	}
	now := b.clock.Now()
	list, err := b.store.Meetings(br.ID, now, now.Add(30*24*time.Hour))
	if err != nil {
		return reply{}, err
	}
	if len(list) == 0 {
		return say(r.lang.T(i18n.MsgMeetingsNone)), nil
	}
	loc := b.zone(br)
	lines := []string{r.lang.T(i18n.MsgMeetingsHeader)}
	for _, m := range list {
		lines = append(lines, fmt.Sprintf("#%d · %s · %s · %s", m.ID, r.lang.When(m.Start, loc), r.lang.KindName(m.Kind), esc(m.Title)))
	}
	return say(strings.Join(lines, "\n")), nil
}

// meetingOfBranch loads a meeting of the user's branch for a change: not
// a cancelled one (ok false, rep says so).
func (b *Bot) meetingOfBranch(r *request, id uint64) (data.Meeting, data.Branch, reply, bool, error) {
	m, br, rep, ok, err := b.branchMeeting(r, id)
	if ok && m.Status == data.Cancelled {
		return m, br, say(r.lang.T(i18n.MsgMeetingWasCancelled, id)), false, nil
	}
	return m, br, rep, ok, err
}

// cancelMeeting is /cancel <id>.
func (b *Bot) cancelMeeting(r *request) (reply, error) {
	id, err := parseID(r.cmd.Args)
	if err != nil {
		return say(r.lang.T(i18n.MsgCancelUsage)), nil
	}
	if refusal, ok := b.allowed(b.cmds["meeting"], r); !ok {
		return say(refusal), nil
	}
	m, br, rep, ok, err := b.meetingOfBranch(r, id)
	if !ok || err != nil {
		return rep, err
	}
	loc := b.zone(br)
	m, told, err := b.store.CancelMeeting(r.ctx, m.ID, data.MeetingChange{Now: b.clock.Now(), By: r.person.UserID, Render: func(m data.Meeting, lang string) string {
		l := b.langOf(lang)
		return l.T(i18n.MsgMeetingCancelledNote, esc(m.Title), l.When(m.Start, loc))
	}})
	if err != nil {
		return reply{}, err
	}
	b.sender.Wake()
	b.engine.Wake()
	return say(r.lang.T(i18n.MsgMeetingCancelDone, m.ID, told)), nil
}

// move is /move <id> <YYYY-MM-DD> <HH:MM>.
func (b *Bot) move(r *request) (reply, error) {
	f := strings.Fields(r.cmd.Args)
	if len(f) != 3 {
		return say(r.lang.T(i18n.MsgMoveUsage)), nil
	}
	id, err := parseID(f[0])
	if err != nil {
		return say(r.lang.T(i18n.MsgMoveUsage)), nil
	}
	m, br, rep, ok, err := b.meetingOfBranch(r, id)
	if !ok || err != nil {
		return rep, err
	}
	loc, now := b.zone(br), b.clock.Now()
	start, ierr := parseWhen(f[1], f[2], loc, now)
	if ierr != nil {
		return inputError(r.lang, ierr, i18n.MsgMoveUsage), nil
	}
	from := m.Start
	plan := schedule.PlanReminders(start, m.Remind, br.Settings.Quiet, loc, now)
	m, told, err := b.store.MoveMeeting(r.ctx, m.ID, start, plan, data.MeetingChange{Now: now, By: r.person.UserID, Render: func(m data.Meeting, lang string) string {
		l := b.langOf(lang)
		return l.T(i18n.MsgMeetingMovedNote, esc(m.Title), l.When(from, loc), l.When(m.Start, loc))
	}})
	if errors.Is(err, data.ErrMeetingStarted) {
		return say(r.lang.T(i18n.MsgMoveStarted, id)), nil
	}
	if err != nil {
		return reply{}, err
	}
	b.sender.Wake()
	b.engine.Wake()
	people, _ := b.store.Attendees(m)
	return say(r.lang.T(i18n.MsgMeetingMoveDone, m.ID, told) + "\n" + b.meetingCard(r.lang, br, m, len(people), plan)), nil
}

// renderReminder is what attendees get before a meeting.
func (b *Bot) renderReminder(br data.Branch, m data.Meeting, rem data.Reminder, lang string, late time.Duration) data.NoticeMessages {
	l := b.langOf(lang)
	loc := b.zone(br)
	head := l.T(i18n.MsgReminderHead, esc(m.Title), l.KindName(m.Kind))
	if m.Kind == data.KindThemeDay {
		head = l.T(i18n.MsgThemeDayHead, esc(m.Title))
	}
	lines := []string{head, l.T(i18n.MsgCardWhen, l.When(m.Start, loc), FormatDuration(m.Duration))}
	if m.Place != "" {
		lines = append(lines, l.T(i18n.MsgCardWhere, esc(m.Place)))
	}
	if late > 0 {
		lines = append(lines, l.T(i18n.MsgReminderLate, FormatDuration(late.Round(time.Minute))))
	}
	row := []data.Button{{Text: l.T(i18n.MsgBtnLeave), Data: Callback{Action: cbLeave, Arg: fmt.Sprint(m.ID)}.String()}}
	switch {
	case len(m.Remind) > 0 && rem.Offset == slices.Min(m.Remind):
		// The reminder closest to the start carries the check-in button.
		row = append([]data.Button{checkInButton(l, m.ID)}, row...)
	case len(m.Remind) > 0 && rem.Offset == slices.Max(m.Remind):
		// The first asks who will come.
		row = append([]data.Button{{Text: l.T(i18n.MsgBtnAttend), Data: Callback{Action: cbAttend, Arg: fmt.Sprint(m.ID)}.String()}}, row...)
	}
	return data.NoticeMessages{Parts: []string{strings.Join(lines, "\n")}, Buttons: [][]data.Button{row}}
}

// fireReminder handles a reminder timer.
func (b *Bot) fireReminder(ctx context.Context, t data.Timer) error {
	sent, missed, err := b.store.FireReminder(ctx, data.ReminderFire{
		ReminderID: t.Ref, Now: b.clock.Now(), Render: b.renderReminder,
		Quiet: func(br data.Branch, now time.Time) time.Time { return br.Settings.Quiet.NextAllowed(now, b.zone(br)) },
	})
	if err != nil {
		return err
	}
	if missed {
		b.log.Warn("reminder missed", "reminder_id", t.Ref, "due", t.At)
	} else if sent > 0 {
		b.log.Info("reminder sent", "reminder_id", t.Ref, "attendees", sent, "late", b.clock.Now().Sub(t.At))
		b.sender.Wake()
	}
	return nil
}

// fireMissed tells a branch's secretaries what was missed in downtime.
func (b *Bot) fireMissed(ctx context.Context, t data.Timer) error {
	br, ok, err := b.timerBranch(ctx, t)
	if !ok {
		return err
	}
	loc := b.zone(br)
	n, err := b.store.SendMissedSummary(ctx, br.ID, b.clock.Now(), func(missed []data.MissedReminder, lang string) string {
		l := b.langOf(lang)
		lines := []string{l.T(i18n.MsgMissedHead, len(missed))}
		for _, mr := range missed {
			lines = append(lines, l.T(i18n.MsgMissedLine, mr.At.In(loc).Format("01-02 15:04"), esc(mr.Title), l.When(mr.Start, loc)))
		}
		return strings.Join(lines, "\n")
	})
	if n > 0 {
		b.sender.Wake()
	}
	return err
}

// draftLeave is the Kind of a leave request waiting for its reason.
const draftLeave = "leave"

// leave is a reminder's 请假 button: it asks for the reason, which the
// next message gives.
func (b *Bot) leave(r *request, meetingID uint64) (reply, error) {
	m, err := b.store.Meeting(meetingID)
	if err != nil || m.BranchID != r.member.BranchID || m.Status != data.Scheduled {
		return reply{toast: r.lang.T(i18n.MsgCheckInNoMeeting)}, nil
	}
	_, err = b.store.StartDraft(r.ctx, data.Draft{UserID: r.person.UserID, Kind: draftLeave, Stage: "reason", Fields: map[string]string{"meeting": fmt.Sprint(meetingID)}, UpdatedAt: b.clock.Now()})
	if err != nil {
		return reply{}, err
	}
	return reply{toast: r.lang.T(i18n.MsgLeaveAskToast), text: r.lang.T(i18n.MsgLeaveAsk, esc(m.Title))}, nil
}

// leaveCmd is /leave <id> <reason>.
func (b *Bot) leaveCmd(r *request) (reply, error) {
	idText, reason := firstWord(r.cmd.Args)
	id, err := parseID(idText)
	if err != nil || strings.TrimSpace(reason) == "" {
		return say(r.lang.T(i18n.MsgLeaveUsage)), nil
	}
	return b.requestLeave(r, id, strings.TrimSpace(reason), 0)
}

// requestLeave files a leave request and says how it went; draftID is the
// draft that asked for the reason, if any.
func (b *Bot) requestLeave(r *request, meetingID uint64, reason string, draftID uint64) (reply, error) {
	if n := len([]rune(reason)); n > data.MaxTitleLen {
		return say(r.lang.T(i18n.MsgTitleLong, fmt.Sprint(n))), nil
	}
	_, cur, first, err := b.store.RequestLeave(r.ctx, data.Leave{MeetingID: meetingID, UserID: r.person.UserID, Name: r.person.Name, At: b.clock.Now(), Reason: reason}, draftID,
		func(m data.Meeting, l data.Leave, lang string) (string, [][]data.Button) {
			ol := b.langOf(lang)
			arg := fmt.Sprintf("%d-%d", m.ID, l.UserID)
			return ol.T(i18n.MsgLeaveNote, esc(l.Name), esc(m.Title), m.ID, esc(l.Reason)), [][]data.Button{{
				{Text: ol.T(i18n.MsgBtnApprove), Data: Callback{Action: cbLeaveApprove, Arg: arg}.String()},
				{Text: ol.T(i18n.MsgBtnReject), Data: Callback{Action: cbLeaveReject, Arg: arg}.String()},
			}}
		})
	switch {
	case errors.Is(err, data.ErrMeetingUnknown), errors.Is(err, data.ErrMeetingCancelled):
		return say(r.lang.T(i18n.MsgCheckInNoMeeting)), nil
	case errors.Is(err, data.ErrNotAttendee):
		return say(r.lang.T(i18n.MsgLeaveNotYours)), nil
	case errors.Is(err, data.ErrLeaveTooLate):
		return say(r.lang.T(i18n.MsgLeaveTooLate)), nil
	case errors.Is(err, data.ErrCheckedInLeft):
		return say(r.lang.T(i18n.MsgLeaveCheckedIn)), nil
	case errors.Is(err, data.ErrDraftGone):
		return say(r.lang.T(i18n.MsgButtonStale)), nil
	case err != nil:
		return reply{}, err
	case !first:
		return say(r.lang.T(i18n.MsgLeaveAgain, r.lang.T(i18n.Key("leave."+string(cur.Status))))), nil
	}
	b.sender.Wake()
	b.log.Info("leave requested", "meeting_id", meetingID, "user_id", r.person.UserID)
	return say(r.lang.T(i18n.MsgLeaveDone)), nil
}

// decideLeave is the organiser's Approve or Reject button.
func (b *Bot) decideLeave(r *request, arg string, approve bool) (reply, error) {
	mid, uid, _ := strings.Cut(arg, "-")
	meetingID, _ := strconv.ParseUint(mid, 10, 64)
	userID, _ := strconv.ParseInt(uid, 10, 64)
	m, err := b.store.Meeting(meetingID)
	if err != nil || m.BranchID != r.member.BranchID {
		return reply{toast: r.lang.T(i18n.MsgButtonStale)}, nil
	}
	l, err := b.store.DecideLeave(r.ctx, meetingID, userID, approve, r.person.UserID, b.clock.Now(), func(m data.Meeting, l data.Leave, lang string) string {
		ml := b.langOf(lang)
		if l.Status == data.LeaveApproved {
			return ml.T(i18n.MsgLeaveApproved, esc(m.Title))
		}
		return ml.T(i18n.MsgLeaveRejected, esc(m.Title))
	})
	switch {
	case errors.Is(err, data.ErrLeaveUnknown), errors.Is(err, data.ErrLeaveDecided):
		return reply{toast: r.lang.T(i18n.MsgLeaveDecidedAlready)}, nil
	case errors.Is(err, data.ErrOwnLeave):
		return reply{toast: r.lang.T(i18n.MsgLeaveOwn)}, nil
	case err != nil:
		return reply{}, err
	}
	b.sender.Wake()
	verdict := r.lang.T(i18n.Key("leave." + string(l.Status)))
	return reply{edit: true, text: r.lang.T(i18n.MsgLeaveNote, esc(l.Name), esc(m.Title), m.ID, esc(l.Reason)) + "\n→ " + verdict, toast: verdict}, nil
}

// series is /series (list), /series stop <id>, or /series <kind> <rule> ….
func (b *Bot) series(r *request) (reply, error) { return b.seriesReplacing(r, 0) }

// seriesReplacing is series; a new series replaces the one with id replace
// (if not zero) in the same transaction.
func (b *Bot) seriesReplacing(r *request, replace uint64) (reply, error) {
	args := strings.TrimSpace(r.cmd.Args)
	br, err := b.store.Branch(r.member.BranchID)
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
			return say(r.lang.T(i18n.MsgSeriesUsage)), nil
		}
		sr, err := b.store.StopSeries(r.ctx, id, br.ID)
		if errors.Is(err, data.ErrSeriesUnknown) {
			return say(r.lang.T(i18n.MsgSeriesUnknown, id)), nil
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
				kept = append(kept, fmt.Sprintf("#%d %s", m.ID, m.Start.In(loc).Format("01-02")))
			}
		}
		text := r.lang.T(i18n.MsgSeriesStopped, sr.ID)
		if len(kept) > 0 {
			text += "\n" + r.lang.T(i18n.MsgSeriesKept, strings.Join(kept, r.lang.T(i18n.MsgListSep)))
		}
		return say(text), nil
	}
	in, ierr := ParseSeriesArgs(args)
	if ierr != nil {
		return inputError(r.lang, ierr, i18n.MsgSeriesUsage), nil
	}
	rule, err := schedule.ParseRule(in.Rule, max(in.At, 0), loc, now)
	var re *schedule.RuleError
	if errors.As(err, &re) {
		return say(r.lang.T(i18n.Key("rule."+re.Reason), esc(in.Rule)) + "\n\n" + r.lang.T(i18n.MsgSeriesUsage)), nil
	}
	if err != nil {
		return reply{}, err
	}
	switch {
	case rule.HasOwnTime() && in.At >= 0:
		return say(r.lang.T(i18n.MsgRuleOwnTime) + "\n\n" + r.lang.T(i18n.MsgSeriesUsage)), nil
	case !rule.HasOwnTime() && in.At < 0:
		return say(r.lang.T(i18n.MsgRuleNeedsTime) + "\n\n" + r.lang.T(i18n.MsgSeriesUsage)), nil
	}
	sr := data.Series{BranchID: br.ID, Kind: in.Kind, Rule: in.Rule, At: max(in.At, 0), Title: in.Title, Duration: in.Duration, Place: in.Place, Remind: br.Settings.Remind, Holiday: in.Holiday, CreatedBy: r.person.UserID, CreatedAt: now, PlannedUntil: now}
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
	sr, err = b.store.CreateSeries(r.ctx, sr, now, replace)
	if err != nil {
		return reply{}, err
	}
	if _, err := b.planSeries(r.ctx, sr.ID); err != nil {
		return reply{}, err
	}
	b.engine.Wake()
	next, err := b.store.Meetings(br.ID, now, now.Add(seriesHorizon))
	if err != nil {
		return reply{}, err
	}
	var dates []string
	for _, m := range next {
		if m.SeriesID == sr.ID {
			dates = append(dates, fmt.Sprintf("#%d %s", m.ID, r.lang.When(m.Start, loc)))
		}
	}
	return say(r.lang.T(i18n.MsgSeriesCreated, sr.ID, esc(sr.Title), esc(sr.Rule), strings.Join(dates, "\n"))), nil
}

func (b *Bot) listSeries(r *request, br data.Branch) (reply, error) {
	list, err := b.store.SeriesOf(br.ID)
	if err != nil {
		return reply{}, err
	}
	var lines []string
	for _, sr := range list {
		if sr.Active {
			lines = append(lines, fmt.Sprintf("#%d · %s · %s · %02d:%02d · %s", sr.ID, r.lang.KindName(sr.Kind), esc(sr.Rule), sr.At/60, sr.At%60, esc(sr.Title)))
		}
	}
	if len(lines) == 0 {
		return say(r.lang.T(i18n.MsgSeriesNone) + "\n\n" + r.lang.T(i18n.MsgSeriesUsage)), nil
	}
	return say(r.lang.T(i18n.MsgSeriesHeader) + "\n" + strings.Join(lines, "\n")), nil
}

// planSeries creates a series' meetings through the planning horizon and
// sets its next planning time.
func (b *Bot) planSeries(ctx context.Context, id uint64) (int, error) {
	sr, err := b.store.Series(id)
	if err != nil {
		return 0, err
	}
	br, err := b.store.Branch(sr.BranchID)
	if err != nil {
		return 0, err
	}
	loc, now := b.zone(br), b.clock.Now()
	rule, err := schedule.ParseRule(sr.Rule, sr.At, loc, now)
	if err != nil {
		b.log.Error("series rule no longer parses; stopping it", "series_id", id, "err", err)
		_, err := b.store.StopSeries(ctx, id, sr.BranchID)
		return 0, err
	}
	cal, err := b.calendar(br)
	if err != nil {
		return 0, err
	}
	until := now.Add(seriesHorizon)
	var plans []data.MeetingPlan
	from := sr.PlannedUntil
	if from.Before(now) {
		from = now
	}
	for occ := rule.Next(from); !occ.IsZero() && !occ.After(until); occ = rule.Next(occ) {
		at, ok := cal.Adjust(occ, schedule.HolidayPolicy(sr.Holiday))
		if !ok {
			continue
		}
		m := data.Meeting{BranchID: sr.BranchID, Kind: sr.Kind, Title: sr.Title, Start: at, Duration: sr.Duration, Place: sr.Place, GroupID: sr.GroupID, Remind: sr.Remind, CreatedBy: sr.CreatedBy, CreatedAt: now}
		plans = append(plans, data.MeetingPlan{Meeting: m, Reminders: schedule.PlanReminders(at, sr.Remind, br.Settings.Quiet, loc, now)})
	}
	return b.store.PlanSeries(ctx, id, until, plans, now.Add(seriesReplan))
}

func (b *Bot) fireSeries(ctx context.Context, t data.Timer) error {
	n, err := b.planSeries(ctx, t.Ref)
	if errors.Is(err, data.ErrSeriesUnknown) {
		return b.store.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	if n > 0 {
		b.log.Info("series planned", "series_id", t.Ref, "meetings", n)
	}
	return err
}

// attend is the first reminder's 参加 button.
func (b *Bot) attend(r *request, meetingID uint64) (reply, error) {
	first, err := b.store.RSVP(r.ctx, meetingID, r.member.BranchID, r.person.UserID, b.clock.Now())
	switch {
	case errors.Is(err, data.ErrMeetingUnknown), errors.Is(err, data.ErrMeetingCancelled):
		return reply{toast: r.lang.T(i18n.MsgCheckInNoMeeting)}, nil
	case errors.Is(err, data.ErrNotAttendee):
		return reply{toast: r.lang.T(i18n.MsgLeaveNotYours)}, nil
	case errors.Is(err, data.ErrLeaveTooLate):
		return reply{toast: r.lang.T(i18n.MsgAttendTooLate)}, nil
	case err != nil:
		return reply{}, err
	case !first:
		return reply{toast: r.lang.T(i18n.MsgAttendAgain)}, nil
	}
	return reply{toast: r.lang.T(i18n.MsgAttendDone)}, nil
}

// checkQuorum warns the secretaries a day before a branch assembly that a
// majority has not said it will come.
func (b *Bot) checkQuorum(ctx context.Context, t data.Timer) error {
	m, loc, ok, err := b.timerMeeting(ctx, t)
	if !ok {
		return err
	}
	confirmed, expected, err := b.store.CheckQuorum(ctx, m.ID, b.clock.Now(), func(m data.Meeting, confirmed, expected int, lang string) string {
		l := b.langOf(lang)
		return l.T(i18n.MsgQuorumWarn, esc(m.Title), l.When(m.Start, loc), confirmed, expected)
	})
	if err == nil && confirmed*2 <= expected {
		b.log.Info("assembly short of a majority", "meeting_id", m.ID, "confirmed", confirmed, "expected", expected)
		b.sender.Wake()
	}
	return err
}
