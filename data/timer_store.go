package data

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// timerKinds are the timer kinds stored as a one-byte code; any other kind
// is stored spelled out. The list only ever grows at the end.
var timerKinds = []string{TimerReminder, TimerMissed, TimerSeries, TimerStart, TimerAfter, TimerDigest, TimerQuorum, TimerCadence}

// timerRef is the timer_refs key of the timer of kind for ref: the kind's
// code, then ref in a form that sorts as the number does, so that each
// kind's new timers go at the end of its range.
func timerRef(kind string, ref uint64) []byte {
	return appendOrd(appendEnum(make([]byte, 0, 6), timerKinds, kind), ref)
}

// timerKey is where a timer waits in the queue: its fire time (Unix
// nanoseconds, big endian) first, so the earliest is the first key, then
// a sequence number that keeps timers of the same instant in the order
// they were set.
func timerKey(at time.Time, seq uint64) []byte {
	return appendOrd(binary.BigEndian.AppendUint64(make([]byte, 0, 12), uint64(at.UnixNano())), seq)
}

// encodeTimer is the value stored under a timer's key: its kind, its ref
// and the offset of its time's zone (the instant is the key).
func encodeTimer(t Timer) []byte {
	_, offset := t.At.Zone()
	b := appendEnum(make([]byte, 0, 8), timerKinds, t.Kind)
	b = binary.AppendUvarint(b, t.Ref)
	return binary.AppendVarint(b, int64(offset))
}

// decodeTimer reads the timer stored at key k with value v.
func decodeTimer(k, v []byte) (Timer, error) {
	kind, rest, err := readEnum(v, timerKinds)
	if err != nil || len(k) < 8 {
		return Timer{}, fmt.Errorf("decode timer: %w", errRecord)
	}
	ref, n := binary.Uvarint(rest)
	if n <= 0 {
		return Timer{}, fmt.Errorf("decode timer: %w", errRecord)
	}
	offset, m := binary.Varint(rest[n:])
	if m <= 0 || n+m != len(rest) {
		return Timer{}, fmt.Errorf("decode timer: %w", errRecord)
	}
	at := inZone(time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))), offset)
	return Timer{At: at, Kind: kind, Ref: ref}, nil
}

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
	k := timerKey(at, seq)
	if err := timers.Put(k, encodeTimer(Timer{At: at, Kind: kind, Ref: ref})); err != nil {
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
