package bot

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"branchbot/schedule"
)

// registerMeetings: scheduling, listing, moving and cancelling meetings,
// and the guided /meeting flow.
func (b *Bot) registerMeetings() {
	// /meeting is open to members for showing a meeting they attend;
	// scheduling and changing need the committee, checked in the handler.
	b.router.Command(telegram.Command{Name: "meeting", Need: data.RoleMember, Where: telegram.PrivateOnly, Menu: true, Handle: b.meeting})
	b.router.Command(telegram.Command{Name: "meetings", Need: data.RoleMember, Where: telegram.Anywhere, Menu: true, Handle: b.privately(b.meetings)})
	b.router.Command(telegram.Command{Name: "move", Need: data.RoleCommittee, Where: telegram.PrivateOnly, Menu: true, Handle: b.move})
	telegram.HandleButton(b.router, btnMeetFlow, b.meetingFlowButton)
	b.registerMeetingAdmin()
	b.flows[draftMeeting] = func(r *request, d data.Draft, text string) (reply, bool, error) {
		rep, err := b.meetingFlowText(r, d, text)
		return rep, true, err
	}
}

// btnMeetFlow is a step of the guided /meeting flow: kind, date, time,
// group, confirm or drop.
var btnMeetFlow = stepButton(telegram.ButtonSpec{Action: "mf", Need: data.RoleCommittee}, "kdtgcx", 16)

// Planning horizon of a series, and how often it plans further.
const (
	seriesHorizon = 6 * 7 * 24 * time.Hour
	seriesReplan  = 7 * 24 * time.Hour
)

// inputError turns a parse problem into the user's message with the
// syntax and an example.
func inputError(l i18n.Lang, e *InputError, usage i18n.Key) reply {
	text := l.T(e.Problem, esc(e.Value))
	if e.Problem == usage {
		return say(text)
	}
	return say(text + "\n\n" + l.T(usage))
}

// meeting creates a meeting, shows one (/meeting <id>), or changes one
// (/meeting cancel|restore|edit <id>).
func (b *Bot) meeting(r *request) (reply, error) {
	if id, err := parseID(r.Cmd.Args); err == nil {
		return b.showMeeting(r, id)
	}
	if rep, ok, err := b.meetingAdmin(r); ok {
		return rep, err
	}
	if refusal, ok := b.needCommittee(r); !ok {
		return say(refusal), nil
	}
	if strings.TrimSpace(r.Cmd.Args) == "" {
		return b.startMeetingFlow(r)
	}
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	in, ierr := ParseMeetingArgs(r.Cmd.Args, loc, now)
	if ierr != nil {
		return inputError(r.Lang, ierr, i18n.MsgMeetingUsage), nil
	}
	m := data.Meeting{BranchID: br.ID, Kind: in.Kind, Title: in.Title, Start: in.Start, Duration: in.Duration, Place: in.Place, CreatedBy: r.Person.UserID, CreatedAt: now}
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
	return b.scheduleMeeting(r, br, data.NewMeeting{Meeting: m, Plan: plan})
}

// scheduleMeeting stores a new meeting, announces it to its attendees and
// shows it to its creator with any clash (the /meeting command and the
// guided flow).
func (b *Bot) scheduleMeeting(r *request, br data.Branch, nm data.NewMeeting) (reply, error) {
	nm.Announce = func(m data.Meeting, lang string) data.NoticeMessages { return b.renderAnnouncement(br, m, lang) }
	detail := string(nm.Meeting.Kind) + " " + nm.Meeting.Start.In(b.zone(br)).Format(auditTime) + " " + nm.Meeting.Title
	m, told, err := b.store.ScheduleMeeting(b.audited(r, data.AuditMeetingCreate, data.ObjectMeeting, 0, detail), nm)
	if err != nil {
		return reply{}, err
	}
	b.log.Info("meeting created", "branch_id", br.ID, "meeting_id", m.ID, "reminders", len(nm.Plan), "told", told)
	people, err := b.store.Attendees(m)
	if err != nil {
		return reply{}, err
	}
	text := r.Lang.T(i18n.MsgMeetingCreated, m.ID) + "\n" + b.meetingCard(r.Lang, br, m, len(people), nm.Plan) + "\n" + r.Lang.T(i18n.MsgMtgAnnounced, r.Lang.Members(told))
	return say(text + b.clashWarning(r.Lang, br, m)), nil
}

func (b *Bot) groupNamed(r *request, name string) (data.Group, reply, bool, error) {
	groups, err := b.store.Groups(r.Member.BranchID)
	if err != nil {
		return data.Group{}, reply{}, false, err
	}
	for _, g := range groups {
		if strings.EqualFold(g.Name, name) {
			return g, reply{}, true, nil
		}
	}
	return data.Group{}, say(r.Lang.T(i18n.MsgGroupUnknown, esc(name))), false, nil
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
			ats = append(ats, l.Moment(p.At, loc))
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
		lines = append(lines, l.T(i18n.MsgMtgCancelledBy, esc(b.nameOf(m.CancelledBy)), l.DateTime(m.CancelledAt, loc)))
	}
	return strings.Join(lines, "\n")
}

// branchMeeting loads a meeting of the sender's branch, cancelled or not,
// and the branch; when it is not theirs, ok is false and rep says "no such
// meeting".
func (b *Bot) branchMeeting(r *request, id uint64) (m data.Meeting, br data.Branch, rep reply, ok bool, err error) {
	m, ok, err = b.ownMeeting(r, id)
	if !ok || err != nil {
		return m, br, say(r.Lang.T(i18n.MsgMeetingUnknown, id)), false, err
	}
	br, err = b.store.Branch(m.BranchID)
	return m, br, reply{}, err == nil, err
}

// ownMeeting loads a meeting of the sender's branch, cancelled or not; ok
// is false when there is none with that id there. A store failure is an
// error, never "no such meeting". Each caller words the refusal for where
// it answers (a reply, a toast).
func (b *Bot) ownMeeting(r *request, id uint64) (m data.Meeting, ok bool, err error) {
	m, err = b.store.Meeting(id)
	switch {
	case errors.Is(err, data.ErrMeetingUnknown):
		return m, false, nil
	case err != nil:
		return m, false, err
	}
	return m, m.BranchID == r.Member.BranchID, nil
}

// showMeeting is /meeting <id>: the organisers' full card, or for a
// member a meeting they attend, read-only and without the room's code.
func (b *Bot) showMeeting(r *request, id uint64) (reply, error) {
	m, br, rep, ok, err := b.branchMeeting(r, id)
	if !ok || err != nil {
		return rep, err
	}
	if !m.VisibleTo(*r.Member) {
		// Whether a committee meeting exists is not the member's to know.
		return say(r.Lang.T(i18n.MsgMeetingUnknown, id)), nil
	}
	people, err := b.store.Attendees(m)
	if err != nil {
		return reply{}, err
	}
	if !r.Member.Role.AtLeast(data.RoleCommittee) {
		m.Code, m.Rotate = "", false
	}
	plan, err := b.plannedReminders(m.ID)
	if err != nil {
		return reply{}, err
	}
	return say(fmt.Sprintf("#%d ", m.ID) + b.meetingCard(r.Lang, br, m, len(people), plan)), nil
}

// meetings lists the next 30 days.
func (b *Bot) meetings(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	now := b.clock.Now()
	// The organisers see what was called off, marked; members only what
	// they are still expected at.
	organiser := r.Member.Role.AtLeast(data.RoleCommittee)
	list30 := b.store.Meetings
	if organiser {
		list30 = b.store.AllMeetings
	}
	all, err := list30(br.ID, now, now.Add(30*24*time.Hour))
	if err != nil {
		return reply{}, err
	}
	var list []data.Meeting
	for _, m := range all {
		if m.VisibleTo(*r.Member) {
			list = append(list, m)
		}
	}
	if len(list) == 0 {
		return say(r.Lang.T(i18n.MsgMeetingsNone)), nil
	}
	loc := b.zone(br)
	lines := []string{r.Lang.T(i18n.MsgMeetingsHeader)}
	for _, m := range list {
		line := fmt.Sprintf("#%d · %s · %s · %s", m.ID, r.Lang.When(m.Start, loc), r.Lang.KindName(m.Kind), esc(m.Title))
		if m.Status == data.Cancelled {
			line = "<s>" + line + "</s> " + r.Lang.T(i18n.MsgCardCancelled)
		}
		lines = append(lines, line)
	}
	return say(strings.Join(lines, "\n")), nil
}

// meetingOfBranch loads a meeting of the user's branch for a change: not
// a cancelled one (ok false, rep says so).
func (b *Bot) meetingOfBranch(r *request, id uint64) (data.Meeting, data.Branch, reply, bool, error) {
	m, br, rep, ok, err := b.branchMeeting(r, id)
	if ok && m.Status == data.Cancelled {
		return m, br, say(r.Lang.T(i18n.MsgMeetingWasCancelled, id)), false, nil
	}
	return m, br, rep, ok, err
}

// move is /move <id> <YYYY-MM-DD> <HH:MM>.
func (b *Bot) move(r *request) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	// The day as people write it: 2026-12-11, 12月11日, 下周五, next fri.
	id, start, ierr := ParseMoveArgs(r.Cmd.Args, loc, now)
	if ierr != nil {
		return inputError(r.Lang, ierr, i18n.MsgMoveUsage), nil
	}
	m, br, rep, ok, err := b.meetingOfBranch(r, id)
	if !ok || err != nil {
		return rep, err
	}
	from := m.Start
	plan := schedule.PlanReminders(start, m.Remind, br.Settings.Quiet, loc, now)
	detail := from.In(loc).Format(auditTime) + " → " + start.In(loc).Format(auditTime)
	m, told, err := b.store.MoveMeeting(b.audited(r, data.AuditMeetingMove, data.ObjectMeeting, auditID(m.ID), detail), m.ID, start, plan, data.MeetingChange{Now: now, By: r.Person.UserID, Render: func(m data.Meeting, lang string) string {
		l := b.langOf(lang)
		return l.T(i18n.MsgMeetingMovedNote, esc(m.Title), l.When(from, loc), l.When(m.Start, loc))
	}})
	if errors.Is(err, data.ErrMeetingStarted) {
		return say(r.Lang.T(i18n.MsgMoveStarted, id)), nil
	}
	if err != nil {
		return reply{}, err
	}
	people, _ := b.store.Attendees(m)
	return say(r.Lang.T(i18n.MsgMeetingMoveDone, m.ID, told) + "\n" + b.meetingCard(r.Lang, br, m, len(people), plan) + b.clashWarning(r.Lang, br, m)), nil
}

// plannedReminders are a meeting's reminders still to go, as its card
// shows them.
func (b *Bot) plannedReminders(meetingID uint64) ([]data.PlannedReminder, error) {
	pending, err := b.store.PendingReminders(meetingID)
	if err != nil {
		return nil, err
	}
	plan := make([]data.PlannedReminder, len(pending))
	for i, p := range pending {
		plan[i] = data.PlannedReminder{Offset: p.Offset, At: p.At}
	}
	return plan, nil
}
