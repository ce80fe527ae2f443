package bot

import (
	"context"
	"errors"
	"time"

	"branchbot/data"
)

// fireTimer does the work of a due timer from the durable queue.
func (b *Bot) fireTimer(ctx context.Context, t data.Timer) error {
	switch t.Kind {
	case data.TimerFollowUp:
		return b.fireFollowUp(ctx, t)
	case data.TimerReminder:
		return b.fireReminder(ctx, t)
	case data.TimerMissed:
		return b.fireMissed(ctx, t)
	case data.TimerSeries:
		return b.fireSeries(ctx, t)
	case data.TimerDigest:
		return b.fireDigest(ctx, t)
	case data.TimerAfter:
		return b.closeMeeting(ctx, t)
	case data.TimerStart:
		return b.postMeetingStart(ctx, t)
	case data.TimerQuorum:
		return b.checkQuorum(ctx, t)
	case data.TimerSurveyRemind, data.TimerSurveyClose:
		return b.fireSurvey(ctx, t)
	}
	b.log.Warn("unknown timer dropped", "kind", t.Kind, "ref", t.Ref)
	return b.store.DeleteTimer(ctx, t.Kind, t.Ref)
}

// timerBranch loads the branch a timer is for (digest, missed-reminder
// summary). A timer whose branch is gone is dropped, and ok is false.
func (b *Bot) timerBranch(ctx context.Context, t data.Timer) (br data.Branch, ok bool, err error) {
	br, err = b.store.Branch(t.Ref)
	if data.ErrorCode(err) == data.ENotFound {
		return br, false, b.store.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	if err != nil {
		return br, false, err // the engine retries
	}
	return br, true, nil
}

// timerMeeting loads the meeting a timer is for and the time zone of its
// branch. A timer whose meeting has been deleted is dropped, and ok is false.
func (b *Bot) timerMeeting(ctx context.Context, t data.Timer) (m data.Meeting, loc *time.Location, ok bool, err error) {
	m, err = b.store.Meeting(t.Ref)
	if errors.Is(err, data.ErrMeetingUnknown) {
		return m, nil, false, b.store.DeleteTimer(ctx, t.Kind, t.Ref)
	}
	if err != nil {
		return m, nil, false, err // the engine retries
	}
	br, err := b.store.Branch(m.BranchID)
	if err != nil {
		return m, nil, false, err
	}
	return m, b.zone(br), true, nil
}
