package data

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// An inbox value: receive time (unix nanos), chat key, attempts, JSON.
const inboxHeader = 8 + 8 + 1

func inboxValue(u RawUpdate) []byte {
	v := make([]byte, inboxHeader, inboxHeader+len(u.JSON))
	binary.BigEndian.PutUint64(v, uint64(u.ReceivedAt.UnixNano()))
	binary.BigEndian.PutUint64(v[8:], uint64(u.Chat))
	v[16] = byte(min(u.Attempts, 255))
	return append(v, u.JSON...)
}

// rawUpdate decodes an inbox value; a damaged one comes back with its id
// and nothing else.
func rawUpdate(k, v []byte) RawUpdate {
	if len(v) <= inboxHeader {
		return RawUpdate{ID: fromI64(k)}
	}
	return RawUpdate{
		ID:         fromI64(k),
		ReceivedAt: time.Unix(0, int64(binary.BigEndian.Uint64(v))),
		Chat:       int64(binary.BigEndian.Uint64(v[8:])),
		Attempts:   int(v[16]),
		JSON:       append([]byte(nil), v[inboxHeader:]...),
	}
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
			u.ReceivedAt, u.Attempts = now, 0
			if err := inbox.Put(k, inboxValue(u)); err != nil {
				return err
			}
			fresh = append(fresh, u)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("record %d received updates: %w", len(updates), err)
	}
	return fresh, nil
}

// Waiting lists the updates in the inbox, oldest first, by id and chat
// only: after a long outage the inbox may be large, and each update is
// read when its turn comes (InboxUpdate, AttemptUpdate).
func (s *Store) Waiting() ([]RawUpdate, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]RawUpdate, error) {
		var out []RawUpdate
		err := tx.Bucket(bucketInbox).ForEach(func(k, v []byte) error {
			u := RawUpdate{ID: fromI64(k)}
			if len(v) > inboxHeader {
				u.Chat = int64(binary.BigEndian.Uint64(v[8:]))
			}
			out = append(out, u)
			return nil
		})
		return out, err
	})
	if err != nil {
		return nil, fmt.Errorf("list the inbox: %w", err)
	}
	return out, nil
}

// Inbox returns the updates waiting in the inbox, oldest first.
func (s *Store) Inbox() ([]RawUpdate, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]RawUpdate, error) {
		var out []RawUpdate
		err := tx.Bucket(bucketInbox).ForEach(func(k, v []byte) error {
			out = append(out, rawUpdate(k, v))
			return nil
		})
		return out, err
	})
	if err != nil {
		return nil, fmt.Errorf("read the inbox: %w", err)
	}
	return out, nil
}

// InboxUpdate returns update id if it is waiting in the inbox (with nil
// JSON if its entry is damaged).
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
		return found{rawUpdate(i64(id), v), true}, nil
	})
	if err != nil {
		return RawUpdate{}, false, fmt.Errorf("read update %d from the inbox: %w", id, err)
	}
	return f.u, f.ok, nil
}

// AttemptUpdate is InboxUpdate for an update about to be handled again
// after a restart: it first counts the attempt, durably, so that an update
// that kills the process every time it is handled can be recognised.
func (s *Store) AttemptUpdate(id int64) (RawUpdate, bool, error) {
	var (
		u  RawUpdate
		ok bool
	)
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketInbox)
		v := b.Get(i64(id))
		if v == nil {
			return nil
		}
		ok, u = true, rawUpdate(i64(id), v)
		if u.JSON == nil {
			return nil
		}
		u.Attempts++
		return b.Put(i64(id), inboxValue(u))
	})
	if err != nil {
		return RawUpdate{}, false, fmt.Errorf("count an attempt at update %d: %w", id, err)
	}
	return u, ok, nil
}
