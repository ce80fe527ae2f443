package data

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// RawUpdate is a Telegram update as it came from getUpdates: its id and
// its JSON, kept as received so that a field this build does not know
// survives a restart.
type RawUpdate struct {
	ID   int64
	JSON []byte
	// ReceivedAt is when it was stored; Starts counts the starts of the bot
	// that found it still waiting (see StartInbox).
	ReceivedAt time.Time
	Starts     int
}

// An inbox value is the receive time (unix nanos), the number of starts
// that found the update waiting, and the update's JSON.
const inboxHeader = 8 + 1

func inboxValue(at time.Time, starts int, js []byte) []byte {
	v := make([]byte, inboxHeader, inboxHeader+len(js))
	binary.BigEndian.PutUint64(v, uint64(at.UnixNano()))
	v[8] = byte(min(starts, 255))
	return append(v, js...)
}

func rawUpdate(k, v []byte) (RawUpdate, error) {
	if len(v) < inboxHeader {
		return RawUpdate{}, fmt.Errorf("inbox entry %d is %d bytes: damaged", fromI64(k), len(v))
	}
	return RawUpdate{
		ID:         fromI64(k),
		JSON:       append([]byte(nil), v[inboxHeader:]...),
		ReceivedAt: time.Unix(0, int64(binary.BigEndian.Uint64(v))),
		Starts:     int(v[8]),
	}, nil
}

// Receive records fetched updates in the inbox, in one commit, and returns
// those that are new: neither handled before nor already waiting. Once it
// returns, the updates may be confirmed to Telegram: one that is not yet
// handled when the process stops stays in the inbox for the next start.
// Handling an update (a write with WithUpdate, or MarkUpdate) takes it out
// of the inbox in the same transaction.
func (s *Store) Receive(ctx context.Context, updates []RawUpdate, now time.Time) ([]RawUpdate, error) {
	if len(updates) == 0 {
		return nil, nil
	}
	var fresh []RawUpdate
	// Batched: the poller's commit shares one with a storm of check-ins.
	err := s.batch(Unmarked(ctx), func(tx *bolt.Tx) error {
		fresh = fresh[:0] // Batch may run this more than once
		handled, inbox := tx.Bucket(bucketUpdates), tx.Bucket(bucketInbox)
		for _, u := range updates {
			k := i64(u.ID)
			if handled.Get(k) != nil || inbox.Get(k) != nil {
				continue
			}
			if err := inbox.Put(k, inboxValue(now, 0, u.JSON)); err != nil {
				return err
			}
			u.ReceivedAt, u.Starts = now, 0
			fresh = append(fresh, u)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record %d received updates: %w", len(updates), err)
	}
	return fresh, nil
}

// StartInbox is for the bot's start: it counts this start against every
// update still waiting in the inbox and returns them, oldest first. An
// update that several starts in a row found waiting may be the one that
// stops the bot; the caller decides what to pass over.
func (s *Store) StartInbox() ([]RawUpdate, error) {
	var out []RawUpdate
	err := s.db.Update(func(tx *bolt.Tx) error {
		out = out[:0]
		b := tx.Bucket(bucketInbox)
		err := b.ForEach(func(k, v []byte) error {
			u, err := rawUpdate(k, v)
			if err != nil {
				// Damaged: returned without JSON, for the caller to pass over.
				out = append(out, RawUpdate{ID: fromI64(k)})
				return nil
			}
			u.Starts++
			out = append(out, u)
			return nil
		})
		if err != nil {
			return err
		}
		// Write after the walk: a cursor is not safe across changes.
		for _, u := range out {
			if u.JSON == nil {
				continue
			}
			if err := b.Put(i64(u.ID), inboxValue(u.ReceivedAt, u.Starts, u.JSON)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the inbox: %w", err)
	}
	return out, nil
}

// Inbox returns the updates waiting in the inbox, oldest first.
func (s *Store) Inbox() ([]RawUpdate, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]RawUpdate, error) {
		var out []RawUpdate
		err := tx.Bucket(bucketInbox).ForEach(func(k, v []byte) error {
			u, err := rawUpdate(k, v)
			if err != nil {
				return err
			}
			out = append(out, u)
			return nil
		})
		return out, err
	})
	if err != nil {
		return nil, fmt.Errorf("read the inbox: %w", err)
	}
	return out, nil
}

// InboxUpdate returns update id if it is waiting in the inbox.
func (s *Store) InboxUpdate(id int64) (RawUpdate, bool, error) {
	type found struct {
		u  RawUpdate
		ok bool
	}
	f, err := read(s, func(tx *bolt.Tx) (found, error) {
		v := tx.Bucket(bucketInbox).Get(i64(id))
		if v == nil {
			return found{}, nil
		}
		u, err := rawUpdate(i64(id), v)
		return found{u, err == nil}, err
	})
	if err != nil {
		return RawUpdate{}, false, fmt.Errorf("read update %d from the inbox: %w", id, err)
	}
	return f.u, f.ok, nil
}
