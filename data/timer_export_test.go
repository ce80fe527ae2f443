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
