package data

import (
	"context"

	bolt "go.etcd.io/bbolt"
)

// TestOnlySetTimers sets many timers in one transaction, so that tests and
// benchmarks can build big queues without one fsync per timer. It exists
// only in test builds (package data_test sees it as data.(*Store).TestOnlySetTimers).
func (s *Store) TestOnlySetTimers(ctx context.Context, ts []Timer) error {
	return s.update(ctx, func(tx *bolt.Tx) error {
		for _, t := range ts {
			if err := setTimer(tx, t.Kind, t.Ref, t.At); err != nil {
				return err
			}
		}
		return nil
	})
}

// TestOnlyKeepTimers deletes every timer whose kind is not kind (with its
// ref), so that a benchmark can time one kind of timer alone, and returns
// how many timers are left. Deletes go in transactions of bounded size so
// that million-timer queues do not need one huge transaction.
func (s *Store) TestOnlyKeepTimers(ctx context.Context, kind string) (int, error) {
	var (
		drop []Timer
		kept int
	)
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTimers).ForEach(func(k, v []byte) error {
			t, err := decodeTimer(k, v)
			if err != nil {
				return err
			}
			if t.Kind == kind {
				kept++
			} else {
				drop = append(drop, t)
			}
			return nil
		})
	})
	for len(drop) > 0 && err == nil {
		chunk := drop[:min(len(drop), 100_000)]
		drop = drop[len(chunk):]
		err = s.update(ctx, func(tx *bolt.Tx) error {
			for _, t := range chunk {
				if err := deleteTimer(tx, t.Kind, t.Ref); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return kept, err
}

// TestOnlyTimers lists every timer in queue order (fire time, then the
// order they were set), read the way the store reads them.
func (s *Store) TestOnlyTimers() ([]Timer, error) {
	var out []Timer
	err := s.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTimers).ForEach(func(k, v []byte) error {
			t, err := decodeTimer(k, v)
			if err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	})
	return out, err
}
