package data

import (
	"context"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// SetHolidays adds or replaces a branch's entries.
func (s *Store) SetHolidays(ctx context.Context, branchID uint64, entries []HolidayEntry) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHolidays)
		for _, e := range entries {
			if err := put(b, key2(u64(branchID), []byte(e.Date)), e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("set holidays of branch %d: %w", branchID, err)
	}
	return nil
}

// DeleteHoliday removes a branch's entry for date, reporting whether there
// was one.
func (s *Store) DeleteHoliday(ctx context.Context, branchID uint64, date string) (bool, error) {
	var found bool
	err := s.update(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHolidays)
		k := key2(u64(branchID), []byte(date))
		if found = b.Get(k) != nil; !found {
			return errUnchanged
		}
		return b.Delete(k)
	})
	if err != nil {
		return false, fmt.Errorf("delete holiday %s of branch %d: %w", date, branchID, err)
	}
	return found, nil
}

// Holidays lists a branch's entries by date.
func (s *Store) Holidays(branchID uint64) ([]HolidayEntry, error) {
	out, err := read(s, func(tx *bolt.Tx) ([]HolidayEntry, error) {
		return scanPrefix[HolidayEntry](tx.Bucket(bucketHolidays), u64(branchID))
	})
	if err != nil {
		return nil, fmt.Errorf("list holidays of branch %d: %w", branchID, err)
	}
	return out, nil
}
