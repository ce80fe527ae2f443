package data

import (
	"context"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// timerKinds are the timer kinds stored as a one-byte code; any other kind
// is stored spelled out. The list only ever grows at the end. Timers due
// at the same instant go in this order, then by ref: a meeting's own
// timers first, in the order a meeting sets them (check-in opening,
// quorum warning, end, then its reminders), as when they went in the
// order they were set.
var timerKinds = []string{TimerStart, TimerQuorum, TimerAfter, TimerReminder, TimerMissed, TimerSeries, TimerDigest, TimerCadence}

// timerRef is the timer_refs key of the timer of kind for ref: the kind's
// code, then ref in a form that sorts as the number does, so that each
// kind's new timers go at the end of its range.
func timerRef(kind string, ref uint64) []byte {
	return appendOrd(appendEnum(make([]byte, 0, 6), timerKinds, kind), ref)
}

// timerKey is where a timer waits in the queue: its fire time (Unix
// nanoseconds, big endian) first, so the earliest is the first key, then
// its kind and ref, which make it unique (one timer per kind and ref).
// Timers due at the same instant go in the order of their kinds' codes.
func timerKey(at time.Time, kind string, ref uint64) []byte {
	return append(binary.BigEndian.AppendUint64(make([]byte, 0, 16), uint64(at.UnixNano())), timerRef(kind, ref)...)
}

// encodeTimer is the value stored under a timer's key: the offset of its
// time's zone (all else is in the key).
func encodeTimer(t Timer) []byte {
	_, offset := t.At.Zone()
	return binary.AppendVarint(make([]byte, 0, 3), int64(offset))
}

// decodeTimer reads the timer stored at key k with value v.
func decodeTimer(k, v []byte) (Timer, error) {
	if len(k) < 8 {
		return Timer{}, fmt.Errorf("decode timer: %w", errRecord)
	}
	kind, rest, err := readEnum(k[8:], timerKinds)
	if err != nil {
		return Timer{}, fmt.Errorf("decode timer: %w", err)
	}
	ref, rest, err := readOrd(rest)
	if err != nil || len(rest) != 0 {
		return Timer{}, fmt.Errorf("decode timer: %w", errRecord)
	}
	offset, n := binary.Varint(v)
	if n <= 0 || n != len(v) {
		return Timer{}, fmt.Errorf("decode timer: %w", errRecord)
	}
	at := inZone(time.Unix(0, int64(binary.BigEndian.Uint64(k[:8]))), offset)
	return Timer{At: at, Kind: kind, Ref: ref}, nil
}

// setTimer sets (or moves) the one timer of kind for ref. It takes a
// number from the queue's sequence, even when moving one: that tells the
// store to wake the timer engine after the commit (see workMark).
func setTimer(tx *bolt.Tx, kind string, ref uint64, at time.Time) error {
	if err := deleteTimer(tx, kind, ref); err != nil {
		return err
	}
	timers := tx.Bucket(bucketTimers)
	if _, err := timers.NextSequence(); err != nil { // the mark that wakes the engine
		return err
	}
	if err := timers.Put(timerKey(at, kind, ref), encodeTimer(Timer{At: at, Kind: kind, Ref: ref})); err != nil {
		return err
	}
	// The ref keeps the instant: with kind and ref, it is the queue key.
	return tx.Bucket(bucketTimerRefs).Put(timerRef(kind, ref), binary.BigEndian.AppendUint64(nil, uint64(at.UnixNano())))
}
func deleteTimer(tx *bolt.Tx, kind string, ref uint64) error {
	refs := tx.Bucket(bucketTimerRefs)
	rk := timerRef(kind, ref)
	at := refs.Get(rk)
	if at == nil {
		return nil
	}
	if len(at) != 8 {
		return fmt.Errorf("timer ref %s/%d: %w", kind, ref, errRecord)
	}
	k := append(append(make([]byte, 0, 8+len(rk)), at...), rk...)
	if err := tx.Bucket(bucketTimers).Delete(k); err != nil {
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
