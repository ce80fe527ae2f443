package bot

import (
	"context"
	"errors"
	"time"

	"branchbot/data"
)

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
