package bot

import (
	"branchbot/bot/i18n"
	"branchbot/bot/telegram"
	"branchbot/data"
	"context"
	"errors"
	"slices"
	"strings"
	"time"
)

// registerReminders: meeting reminders, what was missed in downtime, the
// RSVP button and the quorum warning before a branch assembly.
func (b *Bot) registerReminders() {
	telegram.HandleButton(b.router, btnAttend, b.attend)
	b.engine.Handle(data.TimerReminder, b.fireReminder)
	b.engine.Handle(data.TimerMissed, b.fireMissed)
	b.engine.Handle(data.TimerQuorum, b.checkQuorum)
}

// btnAttend is the first reminder's 参加: it only records, so it works on
// messages too old for Telegram to show us.
var btnAttend = idButton(telegram.ButtonSpec{Action: "at", Need: data.RoleMember, Old: true})

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
	row := []data.Button{btnLeave.Button(l.T(i18n.MsgBtnLeave), m.ID)}
	switch {
	case len(m.Remind) > 0 && rem.Offset == slices.Min(m.Remind):
		// The reminder closest to the start carries the check-in button.
		row = append([]data.Button{checkInButton(l, m.ID)}, row...)
	case len(m.Remind) > 0 && rem.Offset == slices.Max(m.Remind):
		// The first asks who will come.
		row = append([]data.Button{btnAttend.Button(l.T(i18n.MsgBtnAttend), m.ID)}, row...)
	}
	return data.NoticeMessages{Parts: []string{strings.Join(lines, "\n")}, Buttons: [][]data.Button{row}}
}

// fireReminder handles a reminder timer. Members checked in already or
// on approved leave are not reminded (the store skips them): the last
// reminder's 签到 and 请假 mean nothing to them.
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
	_, err = b.store.SendMissedSummary(ctx, br.ID, b.clock.Now(), func(missed []data.MissedReminder, lang string) string {
		l := b.langOf(lang)
		lines := []string{l.T(i18n.MsgMissedHead, len(missed))}
		for _, mr := range missed {
			lines = append(lines, l.T(i18n.MsgMissedLine, l.Moment(mr.At, loc), esc(mr.Title), l.When(mr.Start, loc)))
		}
		return strings.Join(lines, "\n")
	})
	return err
}

// attend is the announcement's and the first reminder's 参加 button.
func (b *Bot) attend(r *request, meetingID uint64) (reply, error) {
	first, err := b.store.RSVP(r.Ctx, meetingID, r.Member.BranchID, r.Person.UserID, b.clock.Now())
	switch {
	case errors.Is(err, data.ErrMeetingCancelled):
		return reply{Toast: r.Lang.T(i18n.MsgStaleCancelled, meetingID)}, nil
	case errors.Is(err, data.ErrMeetingUnknown):
		return reply{Toast: r.Lang.T(i18n.MsgCheckInNoMeeting)}, nil
	case errors.Is(err, data.ErrNotAttendee):
		return reply{Toast: r.Lang.T(i18n.MsgLeaveNotYours)}, nil
	case errors.Is(err, data.ErrLeaveTooLate):
		return reply{Toast: r.Lang.T(i18n.MsgAttendTooLate)}, nil
	case err != nil:
		return reply{}, err
	case !first:
		return reply{Toast: r.Lang.T(i18n.MsgAttendAgain)}, nil
	}
	return reply{Toast: r.Lang.T(i18n.MsgAttendDone)}, nil
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
	}
	return err
}
