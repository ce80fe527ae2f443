package data

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

func timerRef(kind string, ref uint64) []byte { return append([]byte(kind+"|"), u64(ref)...) }

// setTimer sets (or moves) the one timer of kind for ref. It takes a
// sequence number even when moving one, which also tells the store to wake
// the timer engine after the commit (see workMark).
func setTimer(tx *bolt.Tx, kind string, ref uint64, at time.Time) error {
	if err := deleteTimer(tx, kind, ref); err != nil {
		return err
	}
	timers := tx.Bucket(bucketTimers)
	seq, err := timers.NextSequence()
	if err != nil {
		return err
	}
	k := key2(u64(uint64(at.UnixNano())), u64(seq))
	if err := put(timers, k, Timer{At: at, Kind: kind, Ref: ref}); err != nil {
		return err
	}
	return tx.Bucket(bucketTimerRefs).Put(timerRef(kind, ref), k)
}

func deleteTimer(tx *bolt.Tx, kind string, ref uint64) error {
	refs := tx.Bucket(bucketTimerRefs)
	rk := timerRef(kind, ref)
	k := refs.Get(rk)
	if k == nil {
		return nil
	}
	if err := tx.Bucket(bucketTimers).Delete(append([]byte(nil), k...)); err != nil {
		return err
	}
	return refs.Delete(rk)
}

// SetTimer sets (or moves) the timer of kind for ref to at.
func (s *Store) SetTimer(ctx context.Context, kind string, ref uint64, at time.Time) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return setTimer(tx, kind, ref, at) }); err != nil {
		return fmt.Errorf("set timer %s/%d: %w", kind, ref, err)
	}
	return nil
}

// DeleteTimer removes the timer of kind for ref, if any.
func (s *Store) DeleteTimer(ctx context.Context, kind string, ref uint64) error {
	if err := s.update(ctx, func(tx *bolt.Tx) error { return deleteTimer(tx, kind, ref) }); err != nil {
		return fmt.Errorf("delete timer %s/%d: %w", kind, ref, err)
	}
	return nil
}

// NextTimer returns the earliest timer. Finding it is one seek whatever the
// queue's size.
func (s *Store) NextTimer() (Timer, bool, error) {
	var (
		t  Timer
		ok bool
	)
	err := s.db.View(func(tx *bolt.Tx) error {
		k, v := tx.Bucket(bucketTimers).Cursor().First()
		if k == nil {
			return nil
		}
		ok = true
		var err error
		t, err = decodeTimer(k, v)
		return err
	})
	if err != nil {
		return Timer{}, false, fmt.Errorf("next timer: %w", err)
	}
	return t, ok, nil
}

// decodeTimer reads the timer stored at key k with value v.
func decodeTimer(k, v []byte) (Timer, error) {
	var t Timer
	if err := jsonDecode(v, &t); err != nil {
		return Timer{}, err
	}
	t.At = time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))).In(t.At.Location())
	return t, nil
}
