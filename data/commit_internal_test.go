package data

import (
	"errors"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestWakeOnlyAfterCommit: a write that queued a message and set a timer
// and then failed is rolled back, and must wake nobody, whether it ran
// alone or in a Batch whose other writes committed.
func TestWakeOnlyAfterCommit(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "store.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var outbox, timers atomic.Int32
	s.OnCommit(Wakers{Outbox: func() { outbox.Add(1) }, Timers: func() { timers.Add(1) }})
	now := time.Date(2025, time.March, 14, 9, 0, 0, 0, time.UTC)
	errBoom := errors.New("boom")
	work := func(text string, fail bool) func(tx *bolt.Tx) error {
		return func(tx *bolt.Tx) error {
			if err := s.enqueue(tx, now, []OutMessage{{ChatID: 1, Text: text}}); err != nil {
				return err
			}
			if err := setTimer(tx, "test", uint64(len(text)), now); err != nil {
				return err
			}
			if fail {
				return errBoom
			}
			return nil
		}
	}

	if err := s.update(t.Context(), work("rolled back", true)); !errors.Is(err, errBoom) {
		t.Fatalf("update = %v; want %v", err, errBoom)
	}
	if err := s.batch(t.Context(), work("rolled back", true)); !errors.Is(err, errBoom) {
		t.Fatalf("batch = %v; want %v", err, errBoom)
	}
	if o, tm := outbox.Load(), timers.Load(); o != 0 || tm != 0 {
		t.Fatalf("failed writes woke the outbox %d and the timers %d times; want neither", o, tm)
	}

	// Concurrent batched writes, one of which fails: bbolt rolls back the
	// shared transaction and runs the others again. Every commit that
	// holds work wakes; the failed write adds nothing.
	const n = 8
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			err := s.batch(t.Context(), work(string(rune('a'+i)), i == 0))
			if (err != nil) != (i == 0) {
				t.Errorf("batch %d = %v", i, err)
			}
		})
	}
	wg.Wait()
	if o, tm := outbox.Load(), timers.Load(); o < 1 || o > n-1 || tm < 1 || tm > n-1 {
		t.Fatalf("batched writes woke the outbox %d and the timers %d times; want 1 to %d each", o, tm, n-1)
	}
	if k, err := s.OutboxLen(); err != nil || k != n-1 {
		t.Fatalf("OutboxLen = %d, %v; want %d", k, err, n-1)
	}
}
