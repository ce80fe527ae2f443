package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
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
	var n int64
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		n, err = tx.WriteTo(w)
		return err
	})
	if err != nil {
		return n, fmt.Errorf("write backup: %w", err)
	}
	return n, nil
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

// Restored says what Restore did.
type Restored struct {
	Schema uint64 // the restored store's schema version
	// Kept is where the replaced store was kept ("" if there was none);
	// KeptKeys likewise for its key file.
	Kept, KeptKeys string
	// Keys is whether the backup came with a key file.
	Keys bool
}

// Restore replaces the store at target with the backup at src (and its
// key file, KeysPath(src), when there is one). It refuses, changing
// nothing, when a bot runs on target (ErrLocked), or src is not a
// branchbot store (ErrNotAStore), is damaged (ErrDamaged) or comes from a
// newer branchbot (ErrSchemaNewer). The old store is kept as target+".bak"
// and its key file as KeysPath(target)+".bak"; the new files are copied
// beside target, synced and renamed over it, so a crash leaves the old
// store or the new one, never half of either.
func Restore(target, src string) (Restored, error) {
	var out Restored
	schema, err := VerifyFile(src)
	if err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	out.Schema = schema
	// Hold the target's lock until the new file is in place, so no bot
	// starts on the old one meanwhile. A target that is damaged (the
	// usual reason to restore) cannot be opened: it is replaced anyway.
	if db, err := openRaw(target, false); err == nil {
		defer db.Close()
	} else if errors.Is(err, ErrLocked) {
		return out, fmt.Errorf("restore: %w", err)
	} else if !errors.Is(err, ErrDamaged) && !errors.Is(err, fs.ErrNotExist) {
		return out, fmt.Errorf("restore: %w", err)
	}

	tmp, err := copyBeside(target, src)
	if err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	defer os.Remove(tmp) // gone already once renamed
	srcKeys, targetKeys := KeysPath(src), KeysPath(target)
	var tmpKeys string
	if _, err := os.Stat(srcKeys); err == nil {
		if tmpKeys, err = copyBeside(targetKeys, srcKeys); err != nil {
			return out, fmt.Errorf("restore: %w", err)
		}
		defer os.Remove(tmpKeys)
		out.Keys = true
	}

	if out.Kept, err = keepAside(target); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	if out.KeptKeys, err = keepAside(targetKeys); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	if err := os.Rename(tmp, target); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	// The old key file's keys open nothing in the restored store: it goes
	// (kept as .bak above) when the backup brought none.
	if tmpKeys != "" {
		err = os.Rename(tmpKeys, targetKeys)
	} else if out.KeptKeys != "" {
		err = os.Remove(targetKeys)
	}
	if err != nil {
		return out, fmt.Errorf("restore key file: %w", err)
	}
	if err := syncDir(filepath.Dir(target)); err != nil {
		return out, fmt.Errorf("restore: %w", err)
	}
	return out, nil
}

// keepAside makes path+".bak" a second name of the file at path,
// replacing an older .bak; "" when there is no file. A hard link keeps
// path itself in place for the atomic rename that replaces it; a file
// system without links gets a copy.
func keepAside(path string) (string, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	bak := path + ".bak"
	if err := os.Remove(bak); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("replace %s: %w", bak, err)
	}
	if err := os.Link(path, bak); err == nil {
		return bak, nil
	}
	tmp, err := copyBeside(bak, path)
	if err != nil {
		return "", fmt.Errorf("keep %s: %w", path, err)
	}
	if err := os.Rename(tmp, bak); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("keep %s: %w", path, err)
	}
	return bak, nil
}

// copyBeside copies src into a new temporary file in dst's directory
// (mode 0600, synced) and returns its name, for a rename over dst.
func copyBeside(dst, src string) (string, error) {
	in, err := os.Open(src)
	if err != nil {
		return "", err
	}
	defer in.Close()
	return WriteBeside(dst, func(w io.Writer) error {
		_, err := io.Copy(w, in)
		return err
	})
}

// WriteBeside creates a temporary file (mode 0600) in dst's directory,
// fills it with write, syncs it and returns its name, for an atomic
// rename over dst. On error nothing is left behind.
func WriteBeside(dst string, write func(w io.Writer) error) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(dst), filepath.Base(dst)+".tmp-*")
	if err != nil {
		return "", fmt.Errorf("temporary file beside %s: %w", dst, err)
	}
	name := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(name)
		return "", err
	}
	if err := f.Chmod(0o600); err != nil {
		return fail(fmt.Errorf("chmod %s: %w", name, err))
	}
	if err := write(f); err != nil {
		return fail(fmt.Errorf("write %s: %w", name, err))
	}
	if err := f.Sync(); err != nil {
		return fail(fmt.Errorf("sync %s: %w", name, err))
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("close %s: %w", name, err)
	}
	return name, nil
}

// syncDir makes the renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// CommitBeside renames the temporary file tmp over dst and syncs the
// directory: the last step of WriteBeside's atomic replace.
func CommitBeside(tmp, dst string) error {
	if err := os.Rename(tmp, dst); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("rename over %s: %w", dst, err)
	}
	return syncDir(filepath.Dir(dst))
}

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
