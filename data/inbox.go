package data

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// RawUpdate is a Telegram update as it came from getUpdates: its id and
// its JSON, kept as received so that a future field survives a restart.
type RawUpdate struct {
	ID   int64
	JSON []byte
}

// Receive records fetched updates in the inbox, in one commit, and returns
// those that are new: neither handled before nor already waiting. Once it
// returns, the updates may be confirmed to Telegram: one that is not yet
// handled when the process stops stays in the inbox for the next start.
// Handling an update (a write with WithUpdate, or MarkUpdate) takes it out
// of the inbox in the same transaction.
func (s *Store) Receive(ctx context.Context, updates []RawUpdate) ([]RawUpdate, error) {
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
			if err := inbox.Put(k, u.JSON); err != nil {
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

// Inbox returns the updates received but not yet handled, oldest first.
func (s *Store) Inbox() ([]RawUpdate, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]RawUpdate, error) {
		var out []RawUpdate
		err := tx.Bucket(bucketInbox).ForEach(func(k, v []byte) error {
			out = append(out, RawUpdate{ID: fromI64(k), JSON: append([]byte(nil), v...)})
			return nil
		})
		return out, err
	})
	if err != nil {
		return nil, fmt.Errorf("read the inbox: %w", err)
	}
	return out, nil
}
