package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Backups, restores and compaction. A store and its key file belong
// together: the store holds sealed author chats, the key file the keys
// that open them, so every copy here moves both.

// offlineLockTimeout is how long the offline operations wait for the
// file's lock: a running bot holds it for good, so waiting longer only
// delays the answer.
const offlineLockTimeout = 500 * time.Millisecond

// WriteBackup writes a consistent copy of the whole store to w, from one
// read transaction: writers go on meanwhile, and the copy holds every
// write committed before it began and none after. It returns the bytes
// written; a failed write leaves w with a partial copy.
func (s *Store) WriteBackup(w io.Writer) (int64, error) {
	return s.WriteBackupSized(w, func(int64) {})
}

// WriteBackupSized calls announce with the copy's size, then writes the
// copy to w, both from one read transaction, so the size announced is
// the size written.
func (s *Store) WriteBackupSized(w io.Writer, announce func(size int64)) (int64, error) {
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		announce(tx.Size())
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("write backup: %w", err)
	}
	return n, nil
}

// WriteKeysSized copies the key file to w, holding the key file's lock so
// that no slot is half written in the copy; announce gets the size first.
// ok is false (and nothing is written) when there is no key file.
func (s *Store) WriteKeysSized(w io.Writer, announce func(size int64)) (n int64, ok bool, err error) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	f, err := os.Open(s.keys.path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("open key file: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, false, fmt.Errorf("key file: %w", err)
	}
	announce(fi.Size())
	n, err = io.Copy(w, io.LimitReader(f, fi.Size()))
	if err != nil {
		return n, true, fmt.Errorf("copy key file: %w", err)
	}
	return n, true, nil
}

// openRaw opens the bbolt file at path for the offline operations,
// waiting offlineLockTimeout for its lock, with Open's vocabulary of
// errors: ErrLocked, ErrNotAStore, ErrDamaged. A missing file is an
// fs.ErrNotExist error, never a new file.
func openRaw(path string, readOnly bool) (boltDB, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return boltDB{}, fmt.Errorf("open %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return boltDB{}, fmt.Errorf("open %s: %w (not a regular file)", path, ErrNotAStore)
	}
	if fi.Size() == 0 {
		return boltDB{}, fmt.Errorf("open %s: %w (empty file)", path, ErrNotAStore)
	}
	raw, err := openBolt(path, &bolt.Options{Timeout: offlineLockTimeout, ReadOnly: readOnly})
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return boltDB{}, fmt.Errorf("open %s: %w", path, ErrLocked)
	case err != nil && !errors.As(err, &pathErr):
		if errors.Is(err, ErrDamaged) || looksLikeBolt(path) {
			return boltDB{}, fmt.Errorf("open %s: %w", path, damaged(err))
		}
		return boltDB{}, fmt.Errorf("open %s: %w (%v)", path, ErrNotAStore, err)
	case err != nil:
		return boltDB{}, fmt.Errorf("open %s: %w", path, err)
	}
	return boltDB{raw}, nil
}

// inspect checks every page of db and reads its schema version: a file
// without branchbot's schema mark is ErrNotAStore, one from a newer
// branchbot ErrSchemaNewer, one whose pages do not fit ErrDamaged.
func inspect(db boltDB) (schema uint64, err error) {
	if _, err := check(db, 0); err != nil {
		return 0, err
	}
	err = db.View(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		if meta == nil {
			return fmt.Errorf("no schema version: %w", ErrNotAStore)
		}
		v := meta.Get(keySchema)
		if len(v) != 8 {
			return fmt.Errorf("schema version: %w", ErrNotAStore)
		}
		schema = binary.BigEndian.Uint64(v)
		return nil
	})
	if err != nil {
		return 0, err
	}
	if schema > SchemaVersion {
		return schema, fmt.Errorf("%w: schema %d, this build knows up to %d", ErrSchemaNewer, schema, SchemaVersion)
	}
	return schema, nil
}

// VerifyFile opens the store file at path read-only, walks every bucket,
// checks that its pages fit together and returns its schema version. It
// fails with ErrNotAStore, ErrDamaged, ErrSchemaNewer or ErrLocked (a
// running bot holds the file) and never changes the file.
func VerifyFile(path string) (schema uint64, err error) {
	db, err := openRaw(path, true)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	schema, err = inspect(db)
	if err != nil {
		return schema, fmt.Errorf("verify %s: %w", path, err)
	}
	return schema, nil
}

// BackupFile copies the store at path, which no bot may be running on
// (ErrLocked), into w: the offline counterpart of WriteBackup. The store
// is opened read-only: unlike Open it migrates nothing.
func BackupFile(path string, w io.Writer) (int64, error) {
	db, err := openRaw(path, true)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int64
	err = db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("back up %s: %w", path, err)
	}
	return n, nil
}
