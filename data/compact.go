package data

import (
	"fmt"
	"io"
	"os"

	bolt "go.etcd.io/bbolt"
)

// compactTxSize is how much bolt.Compact copies per transaction: it bounds
// the memory a compaction holds, not its result.
const compactTxSize = 64 << 20

// Compact rewrites the store at path without its free pages (bbolt's
// file never shrinks by itself) and reports its size before and after.
// It refuses while a bot runs on it (ErrLocked) and, like Restore, on a
// file that is not a sound branchbot store. The compacted copy is built
// beside it, checked, synced and renamed over it.
func Compact(path string) (before, after int64, err error) {
	src, err := openRaw(path, false)
	if err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	defer src.Close()
	if _, err := inspect(src); err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	before = fi.Size()
	tmp, err := WriteBeside(path, func(io.Writer) error { return nil })
	if err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	defer os.Remove(tmp) // gone already once renamed
	// bbolt lays out an empty file as a new store.
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: offlineLockTimeout})
	if err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	if err := compactInto(dst, src); err != nil {
		dst.Close()
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	if err := dst.Close(); err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	if _, err := VerifyFile(tmp); err != nil {
		return 0, 0, fmt.Errorf("compact %s: the copy does not check: %w", path, err)
	}
	if err := CommitBeside(tmp, path); err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	fi, err = os.Stat(path)
	if err != nil {
		return 0, 0, fmt.Errorf("compact: %w", err)
	}
	return before, fi.Size(), nil
}

// compactInto is bolt.Compact with bbolt's panics on damage turned into
// ErrDamaged, like every other read of the store.
func compactInto(dst *bolt.DB, src boltDB) (err error) {
	defer recoverDamage(&err)
	return bolt.Compact(dst, src.DB, compactTxSize)
}
