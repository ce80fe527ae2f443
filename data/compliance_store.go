package data

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TimerCadence is the timer kind of the cadence warnings: ref is a
// branch, whose timer waits for the next instant one of its required
// meetings reaches a warning; ref 0 is the daily sweep that gives every
// branch such a timer, so a branch created since is covered without a
// hook of its own.
const TimerCadence = "cadence"

// bucketCadenceWarned: branch id → the warnings already sent, by slot key
// (from migration 11).
var bucketCadenceWarned = []byte("cadence_warned")

// warnedSlot records the last warning stage sent for a slot, and when the
// slot ends, after which the record is of no more use.
type warnedSlot struct {
	Stage int       `json:"stage"`
	Until time.Time `json:"until"`
}

// SendCadenceWarnings queues one message to each secretary of the branch
// listing the warnings not sent before at their stage (a last-week
// warning follows a first one; neither repeats), and records them, in one
// transaction. render makes the message in a secretary's language from
// the warnings still to send; it runs inside the transaction: format
// only. The branch's cadence timer moves to next (zero: dropped, for the
// sweep to set again) in the same transaction, so a warning is queued
// once even across a crash. It returns the warnings sent.
func (s *Store) SendCadenceWarnings(ctx context.Context, branchID uint64, warnings []CadenceWarning, now, next time.Time, render func(ws []CadenceWarning, lang string) string) ([]CadenceWarning, error) {
	var sent []CadenceWarning
	err := s.update(ctx, func(tx *bolt.Tx) error {
		sent = nil
		if next.IsZero() {
			if err := deleteTimer(tx, TimerCadence, branchID); err != nil {
				return err
			}
		} else if err := setTimer(tx, TimerCadence, branchID, next); err != nil {
			return err
		}
		b := tx.Bucket(bucketCadenceWarned)
		done := map[string]warnedSlot{}
		if _, err := get(b, u64(branchID), &done); err != nil {
			return err
		}
		for k, w := range done {
			if !now.Before(w.Until) {
				delete(done, k)
			}
		}
		for _, w := range warnings {
			if done[w.Slot.Key()].Stage >= w.Stage {
				continue
			}
			sent = append(sent, w)
			done[w.Slot.Key()] = warnedSlot{Stage: w.Stage, Until: w.Slot.To}
		}
		if len(sent) == 0 {
			return put(b, u64(branchID), done)
		}
		people, err := branchMembers(tx, branchID)
		if err != nil {
			return err
		}
		out := reports(people, isSecretary, func(lang string) string { return render(sent, lang) })
		if err := s.enqueue(tx, now, out); err != nil {
			return err
		}
		return put(b, u64(branchID), done)
	})
	if err != nil {
		return nil, fmt.Errorf("cadence warnings of branch %d: %w", branchID, err)
	}
	return sent, nil
}
