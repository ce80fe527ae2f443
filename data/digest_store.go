package data

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Branches lists every branch.
func (s *Store) Branches() ([]Branch, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]Branch, error) {
		return scanWhere[Branch](tx.Bucket(bucketBranches), nil)
	})
	if err != nil {
		return nil, fmt.Errorf("list branches: %w", err)
	}
	return out, nil
}

// HasTimer reports whether the timer of kind for ref is set.
func (s *Store) HasTimer(kind string, ref uint64) (bool, error) {
	var ok bool
	err := s.db.View(func(tx *bolt.Tx) error {
		ok = tx.Bucket(bucketTimerRefs).Get(timerRef(kind, ref)) != nil
		return nil
	})
	return ok, err
}

// SetMuted silences or restores a member's optional messages.
func (s *Store) SetMuted(ctx context.Context, userID int64, muted bool) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		m, err := member(tx, userID)
		if err != nil {
			return err
		}
		m.Muted = muted
		return put(tx.Bucket(bucketMembers), i64(userID), m)
	})
	if err != nil {
		return fmt.Errorf("mute member %d: %w", userID, err)
	}
	return nil
}

// SendDigest queues each member's agenda for the coming week (the meetings
// they attend that start in [now, until)) and sets the next digest, in one
// transaction. Muted members and members with nothing on get nothing. It
// returns how many members it wrote to.
func (s *Store) SendDigest(ctx context.Context, branchID uint64, now, until, next time.Time, render func(m Member, meetings []Meeting) string) (int, error) {
	var n int
	err := s.update(ctx, func(tx *bolt.Tx) error {
		n = 0
		if next.IsZero() {
			if err := deleteTimer(tx, TimerDigest, branchID); err != nil {
				return err
			}
		} else if err := setTimer(tx, TimerDigest, branchID, next); err != nil {
			return err
		}
		week, err := meetingsBetween(tx, branchID, now, until)
		if err != nil {
			return err
		}
		members, err := branchMembers(tx, branchID)
		if err != nil {
			return err
		}
		var out []OutMessage
		for _, p := range members {
			if p.Muted {
				continue
			}
			var agenda []Meeting
			for _, m := range week {
				if attends(m, p) {
					agenda = append(agenda, m)
				}
			}
			if len(agenda) == 0 {
				continue
			}
			out = append(out, OutMessage{ChatID: p.UserID, Text: render(p, agenda), Purpose: Purpose{Kind: PurposeMeeting, UserID: p.UserID}})
		}
		n = len(out)
		return s.enqueue(tx, now, out)
	})
	if err != nil {
		return 0, fmt.Errorf("digest of branch %d: %w", branchID, err)
	}
	return n, nil
}
