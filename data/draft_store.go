package data

import (
	"context"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// StartDraft replaces the user's draft with a new one and returns it.
func (s *Store) StartDraft(ctx context.Context, d Draft) (Draft, error) {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketDrafts)
		id, err := b.NextSequence()
		if err != nil {
			return err
		}
		d.ID = id
		return put(b, i64(d.UserID), d)
	})
	if err != nil {
		return Draft{}, fmt.Errorf("start draft: %w", err)
	}
	return d, nil
}

// SaveDraft stores changes to the user's current draft.
func (s *Store) SaveDraft(ctx context.Context, d Draft) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return put(tx.Bucket(bucketDrafts), i64(d.UserID), d) }); err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

// CurrentDraft returns the user's draft, if one is in progress and fresh.
func (s *Store) CurrentDraft(userID int64, now time.Time) (Draft, bool, error) {
	var (
		d  Draft
		ok bool
	)
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		ok, err = get(tx.Bucket(bucketDrafts), i64(userID), &d)
		return err
	})
	if err != nil {
		return Draft{}, false, fmt.Errorf("get draft: %w", err)
	}
	if ok && now.Sub(d.UpdatedAt) > DraftTTL {
		return Draft{}, false, nil
	}
	return d, ok, nil
}

// EndDraft removes the user's draft if it is still the one with id, and
// fails with ErrDraftGone otherwise.
func (s *Store) EndDraft(ctx context.Context, userID int64, id uint64) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return endDraft(tx, userID, id) }); err != nil {
		return fmt.Errorf("end draft: %w", err)
	}
	return nil
}

func endDraft(tx *bolt.Tx, userID int64, id uint64) error {
	b := tx.Bucket(bucketDrafts)
	var d Draft
	ok, err := get(b, i64(userID), &d)
	switch {
	case err != nil:
		return err
	case !ok || d.ID != id:
		return ErrDraftGone
	}
	return b.Delete(i64(userID))
}
