package bot

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"branchbot/bot/i18n"
	"branchbot/data"
	"branchbot/schedule"
)

// The guided meeting flow, for people who will not type syntax: kind →
// (group) → date → time → title → confirm, with buttons at every step and
// typing allowed wherever a button would do. Answers live in a draft in
// the store, so the flow survives a restart.
const draftMeeting = "meeting"

// Flow steps, the first letter of a button's choice.
const (
	stepKind    = "k"
	stepGroup   = "g"
	stepDate    = "d"
	stepTime    = "t"
	stepConfirm = "c"
	stepDrop    = "x"
)

var flowKinds = []data.MeetingKind{data.KindAssembly, data.KindCommittee, data.KindGroup, data.KindLecture, data.KindThemeDay, data.KindOther}

var flowTimes = []string{"0900", "1000", "1430", "1500", "1600", "1900"}

func flowButton(d data.Draft, s, value, label string) data.Button {
	return btnMeetFlow.Button(label, step{Draft: d.ID, Step: s, Value: value})
}

// startMeetingFlow is /meeting without arguments.
func (b *Bot) startMeetingFlow(r *request) (reply, error) {
	d, err := b.store.StartDraft(r.Ctx, data.Draft{UserID: r.Person.UserID, Kind: draftMeeting, Stage: stepKind, Fields: map[string]string{}, UpdatedAt: b.clock.Now()})
	if err != nil {
		return reply{}, err
	}
	return b.flowPrompt(r, d)
}

// flowPrompt shows the question of the draft's current step.
func (b *Bot) flowPrompt(r *request, d data.Draft) (reply, error) {
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	var rows [][]data.Button
	var text string
	switch d.Stage {
	case stepKind:
		text = r.Lang.T(i18n.MsgFlowKind)
		for i, k := range flowKinds {
			if i%3 == 0 {
				rows = append(rows, nil)
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], flowButton(d, stepKind, string(k), r.Lang.KindName(k)))
		}
	case stepGroup:
		groups, err := b.store.Groups(br.ID)
		if err != nil {
			return reply{}, err
		}
		if len(groups) == 0 {
			// Nothing to choose: end the flow rather than leave it stuck.
			if err := b.store.EndDraft(r.Ctx, d.UserID, d.ID); err != nil && !errors.Is(err, data.ErrDraftGone) {
				return reply{}, err
			}
			return reply{Text: r.Lang.T(i18n.MsgGroupNone), Edit: true}, nil
		}
		text = r.Lang.T(i18n.MsgFlowGroup)
		for _, g := range groups {
			rows = append(rows, []data.Button{flowButton(d, stepGroup, strconv.FormatUint(g.ID, 10), g.Name)})
		}
	case stepDate:
		text = r.Lang.T(i18n.MsgFlowDate)
		today := now.In(loc)
		for i := 1; i <= 14; i++ {
			day := today.AddDate(0, 0, i)
			if (i-1)%7 == 0 {
				rows = append(rows, nil)
			}
			label := fmt.Sprintf("%d/%d %s", day.Month(), day.Day(), r.Lang.Weekday(day.Weekday()))
			rows[len(rows)-1] = append(rows[len(rows)-1], flowButton(d, stepDate, day.Format("20060102"), label))
		}
	case stepTime:
		text = r.Lang.T(i18n.MsgFlowTime)
		rows = append(rows, nil)
		for _, t := range flowTimes {
			rows[0] = append(rows[0], flowButton(d, stepTime, t, t[:2]+":"+t[2:]))
		}
	case "title":
		return reply{Text: r.Lang.T(i18n.MsgFlowTitle), Edit: true}, nil
	case stepConfirm:
		m, err := b.flowMeeting(br, d, now)
		if err != nil {
			// Each step checked its own field; what is left is a rule
			// across fields. Name the fields, not the English rule.
			b.log.Debug("meeting flow invalid", "err", err)
			return say(r.Lang.T(i18n.MsgFlowInvalid, esc(d.Fields["date"]+" "+d.Fields["time"]+" "+d.Fields["title"]))), nil
		}
		plan := schedule.PlanReminders(m.Start, m.Remind, br.Settings.Quiet, loc, now)
		people, err := b.store.Attendees(m)
		if err != nil {
			return reply{}, err
		}
		text = r.Lang.T(i18n.MsgFlowConfirm) + "\n\n" + b.meetingCard(r.Lang, br, m, len(people), plan)
		rows = [][]data.Button{{flowButton(d, stepConfirm, "", r.Lang.T(i18n.MsgBtnSend)), flowButton(d, stepDrop, "", r.Lang.T(i18n.MsgBtnCancel))}}
	}
	if d.Stage != stepKind && d.Stage != stepConfirm {
		rows = append(rows, []data.Button{flowButton(d, stepDrop, "", r.Lang.T(i18n.MsgBtnCancel))})
	}
	return reply{Text: text, Buttons: rows, Edit: true}, nil
}

// groupOfBranch reports whether the group id (as text) is one of the
// branch's: a forged button must not point elsewhere.
func (b *Bot) groupOfBranch(branchID uint64, id string) bool {
	groups, err := b.store.Groups(branchID)
	if err != nil {
		return false
	}
	for _, g := range groups {
		if strconv.FormatUint(g.ID, 10) == id {
			return true
		}
	}
	return false
}

// flowMeeting builds the meeting a finished draft describes.
func (b *Bot) flowMeeting(br data.Branch, d data.Draft, now time.Time) (data.Meeting, error) {
	f := d.Fields
	y, mo, day, _ := ParseDate(f["date"])
	mins, _ := ParseClock(f["time"])
	group, _ := strconv.ParseUint(f["group"], 10, 64)
	m := data.Meeting{
		BranchID: br.ID, Kind: data.MeetingKind(f["kind"]), Title: f["title"],
		Start:    schedule.WallTime(y, mo, day, mins/60, mins%60, b.zone(br)),
		Duration: DefaultMeetingLength, GroupID: group, Remind: br.Settings.Remind,
		CreatedBy: d.UserID, CreatedAt: now,
	}
	return m, m.Validate()
}

// meetingFlowButton handles a press in the guided flow.
func (b *Bot) meetingFlowButton(r *request, s step) (reply, error) {
	id, step, value := s.Draft, s.Step, s.Value
	d, ok, err := b.buttonDraft(r, draftMeeting, id)
	if err != nil || !ok {
		return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, err
	}
	switch step {
	case stepDrop:
		if err := b.store.EndDraft(r.Ctx, d.UserID, d.ID); err != nil {
			return reply{}, err
		}
		return reply{Edit: true, Text: r.Lang.T(i18n.MsgCancelled)}, nil
	case stepConfirm:
		return b.confirmMeetingFlow(r, d)
	}
	if step != d.Stage {
		return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
	}
	switch step {
	case stepKind:
		if data.MeetingKind(value).Validate() != nil {
			return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
		}
		d.Fields["kind"], d.Stage = value, stepDate
		if value == string(data.KindGroup) {
			d.Stage = stepGroup
		}
	case stepGroup:
		if !b.groupOfBranch(r.Member.BranchID, value) {
			return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
		}
		d.Fields["group"], d.Stage = value, stepDate
	case stepDate:
		if len(value) != 8 {
			return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
		}
		d.Fields["date"], d.Stage = value[:4]+"-"+value[4:6]+"-"+value[6:], stepTime
	case stepTime:
		if len(value) != 4 {
			return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
		}
		d.Fields["time"], d.Stage = value[:2]+":"+value[2:], "title"
	}
	return b.saveAndPrompt(r, d)
}

func (b *Bot) saveAndPrompt(r *request, d data.Draft) (reply, error) {
	if err := b.saveDraft(r, d); err != nil {
		return reply{}, err
	}
	return b.flowPrompt(r, d)
}

// meetingFlowText takes typed answers: a date, a time or the title.
func (b *Bot) meetingFlowText(r *request, d data.Draft, text string) (reply, error) {
	if refusal, ok := b.router.Allowed("meeting", r); !ok {
		return say(refusal), nil
	}
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	text = strings.TrimSpace(text)
	switch d.Stage {
	case stepDate:
		// Kept resolved: a typed 下周五 must not move if the flow is
		// finished on another day.
		y, mo, day, ok := ParseDay(text, now, loc)
		if !ok {
			return say(r.Lang.T(i18n.MsgBadDay, esc(text))), nil
		}
		d.Fields["date"], d.Stage = fmt.Sprintf("%04d-%02d-%02d", y, mo, day), stepTime
	case stepTime:
		if _, ierr := parseWhen(d.Fields["date"], text, loc, now); ierr != nil {
			return say(r.Lang.T(ierr.Problem, esc(ierr.Value))), nil
		}
		d.Fields["time"], d.Stage = text, "title"
	case "title":
		if ierr := checkTitle(text); ierr != nil {
			return say(r.Lang.T(ierr.Problem, esc(ierr.Value))), nil
		}
		d.Fields["title"], d.Stage = text, stepConfirm
	default:
		return say(r.Lang.T(i18n.MsgFlowUseButtons)), nil
	}
	rep, err := b.saveAndPrompt(r, d) // typed: a new message (edit needs a button)
	return rep, err
}

func (b *Bot) confirmMeetingFlow(r *request, d data.Draft) (reply, error) {
	if d.Stage != stepConfirm {
		return reply{Toast: r.Lang.T(i18n.MsgButtonStale)}, nil
	}
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		return reply{}, err
	}
	loc, now := b.zone(br), b.clock.Now()
	m, err := b.flowMeeting(br, d, now)
	if err != nil || !m.Start.After(now) {
		return reply{Toast: r.Lang.T(i18n.MsgPast, d.Fields["date"]+" "+d.Fields["time"])}, nil
	}
	plan := schedule.PlanReminders(m.Start, m.Remind, br.Settings.Quiet, loc, now)
	rep, err := b.scheduleMeeting(r, br, data.NewMeeting{Meeting: m, Plan: plan, DraftID: d.ID})
	rep.Edit = true // replaces the flow's last step
	return rep, err
}
