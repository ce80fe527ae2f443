package data

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Figures for monitoring. Each is one read transaction that counts keys
// page by page (bbolt keeps counts per page): cheap at a scrape's pace for
// the queues' sizes, which stay small while the bot keeps up.

// OutboxLen counts the messages waiting to be sent (OutboxEmpty is the
// one seek for hot paths).
func (s *Store) OutboxLen() (int, error) { return s.keyCount(bucketOutbox) }

// TimerLen counts the timers waiting to fire.
func (s *Store) TimerLen() (int, error) { return s.keyCount(bucketTimers) }

// InboxLen counts the updates received and not yet handled.
func (s *Store) InboxLen() (int, error) { return s.keyCount(bucketInbox) }

func (s *Store) keyCount(bucket []byte) (int, error) {
	n, err := read(s, func(tx *bolt.Tx) (int, error) {
		return tx.Bucket(bucket).Stats().KeyN, nil
	})
	if err != nil {
		return 0, fmt.Errorf("count %s: %w", bucket, err)
	}
	return n, nil
}

// Ping reports whether the store answers a read transaction: the store's
// part of a health check.
func (s *Store) Ping() error {
	err := s.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) == nil {
			return fmt.Errorf("no meta bucket: %w", ErrNotAStore)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read the store: %w", err)
	}
	return nil
}
