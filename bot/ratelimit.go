package bot

import (
	"sync"
	"time"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// sendWindow is one member's recent sends to others, oldest first: at
// most a day's worth, bounded by the largest daily limit.
type sendWindow []time.Time

// allow reports whether one more send at now keeps within perMinute and
// perDay, and if not, when the oldest send that stands in the way leaves
// the window. It drops what is older than a day.
func (w *sendWindow) allow(now time.Time, perMinute, perDay int) (ok bool, retryAt time.Time) {
	sends := *w
	for len(sends) > 0 && !sends[0].After(now.Add(-24*time.Hour)) {
		sends = sends[1:]
	}
	*w = sends
	if len(sends) >= perDay {
		return false, sends[len(sends)-perDay].Add(24 * time.Hour)
	}
	recent := 0
	for _, at := range sends {
		if at.After(now.Add(-time.Minute)) {
			recent++
		}
	}
	if recent >= perMinute {
		return false, sends[len(sends)-perMinute].Add(time.Minute)
	}
	return true, time.Time{}
}

// sendLimiter counts, per member, what they made the bot send to others.
// The counts live in memory only: a stored count would be a record, at
// rest, of when each member wrote, which sits beside each anonymous
// item's time and would name its author. A restart forgets them, which
// costs a flooder at most one more allowance.
type sendLimiter struct {
	mu      sync.Mutex
	members map[int64]*sendWindow
}

// newSendLimiter returns a limiter with no counts.
func newSendLimiter() *sendLimiter { return &sendLimiter{members: map[int64]*sendWindow{}} }

func (b *Bot) sendLimits() *sendLimiter { return b.limits }

// take counts a send by user at now if the branch's limits allow it. undo
// gives the send back (the action was refused for another reason).
func (l *sendLimiter) take(user int64, now time.Time, s data.Settings) (undo func(), ok bool, retryAt time.Time) {
	perMinute, perDay := s.SendLimits()
	l.mu.Lock()
	defer l.mu.Unlock()
	w := l.members[user]
	if w == nil {
		w = &sendWindow{}
		l.members[user] = w
	}
	if ok, at := w.allow(now, perMinute, perDay); !ok {
		return func() {}, false, at
	}
	*w = append(*w, now)
	return func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		for i := len(*w) - 1; i >= 0; i-- {
			if (*w)[i].Equal(now) {
				*w = append((*w)[:i], (*w)[i+1:]...)
				return
			}
		}
	}, true, time.Time{}
}

// limitSend takes one send for the request's member. When over the limit
// it returns the polite refusal, naming in the branch's zone when to try
// again; undo gives the send back if the action does not happen.
func (b *Bot) limitSend(r *request) (undo func(), refusal string, ok bool) {
	if r.Member == nil {
		return func() {}, "", true // the action refuses non-members itself
	}
	br, err := b.store.Branch(r.Member.BranchID)
	if err != nil {
		// The action itself will meet the same store; do not refuse here.
		return func() {}, "", true
	}
	now := b.clock.Now()
	undo, ok, at := b.sendLimits().take(r.Person.UserID, now, br.Settings)
	if ok {
		return undo, "", true
	}
	loc := b.zone(br)
	at, now = at.In(loc), now.In(loc)
	// Round up: "after 15:04" must not name a minute still inside the limit.
	if at.Truncate(time.Minute).Before(at) {
		at = at.Truncate(time.Minute).Add(time.Minute)
	}
	when := r.Lang.Clock(at, loc)
	if y, m, d := at.Date(); y != now.Year() || m != now.Month() || d != now.Day() {
		when = r.Lang.DateTime(at, loc)
	}
	return undo, r.Lang.T(i18n.MsgSendLimited, when), false
}
