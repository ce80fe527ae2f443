package data

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// ErrDamaged means the store file is damaged: bbolt found pages that do
// not fit together, or panicked reading them. Nothing written on top of
// such a file can be trusted; the way out is a backup.
var ErrDamaged = errors.New("the store is damaged")

// DefaultCheckLimit is the largest store Open checks page by page. The
// check reads every page of the file and must finish before anything
// writes (bbolt's check of a read transaction is not safe beside a
// writer), so it cannot be cut short and left running: the bound on its
// time is a bound on the file's size. A branch's store is a few MiB.
// The check costs about 1.5 ms a MiB: 256 MiB (some 350,000 meetings with
// their reminders) keeps the worst start-up under half a second.
const DefaultCheckLimit = 256 << 20

// boltDB is the bbolt database as the store uses it: every transaction
// turns a panic that comes from bbolt (or a memory fault in the mapped
// file) into an error wrapping ErrDamaged, so that a damaged page fails
// the one call that touched it, with a cause callers can recognise,
// instead of killing the goroutine. Panics of our own code stay panics:
// they are bugs, not damage.
type boltDB struct{ *bolt.DB }

// View runs fn in a read-only transaction, turning damage into ErrDamaged.
func (db boltDB) View(fn func(*bolt.Tx) error) (err error) {
	defer recoverDamage(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return db.DB.View(fn)
}

// Update runs fn in a read-write transaction, turning damage into
// ErrDamaged. bbolt rolls the transaction back before the panic reaches
// us, so nothing of it is written. Every write transaction of the store
// comes through here or Batch, which set its buckets' page fill.
func (db boltDB) Update(fn func(*bolt.Tx) error) (err error) {
	defer recoverDamage(&err)
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return db.DB.Update(func(tx *bolt.Tx) error {
		fillPages(tx)
		return fn(tx)
	})
}

// Batch is bbolt's Batch with fn guarded: bbolt recovers a panic in fn
// itself and keeps only its text, so the recognising happens inside.
func (db boltDB) Batch(fn func(*bolt.Tx) error) (err error) {
	defer recoverDamage(&err)
	return db.DB.Batch(func(tx *bolt.Tx) (err error) {
		defer recoverDamage(&err)
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		fillPages(tx)
		return fn(tx)
	})
}

// recoverDamage, deferred, turns a panic from bbolt into an ErrDamaged
// error in *err and lets any other panic go on. It must be called
// directly by defer so that recover sees the panic.
func recoverDamage(err *error) {
	p := recover()
	if p == nil {
		return
	}
	if !isDamagePanic(p) {
		panic(p)
	}
	*err = fmt.Errorf("%w: %v", ErrDamaged, p)
}

// isDamagePanic tells a panic caused by the file's content from one of
// our own bugs: a memory fault (a page past the end of a shortened file),
// or a panic raised in bbolt's code (its assertions, or an index out of
// range while it decodes a page). It is called from the deferred
// function, while the panicking frames are still on the stack.
func isDamagePanic(p any) bool {
	if f, ok := p.(interface{ Addr() uintptr }); ok && f != nil {
		return true // a fault in mapped memory: SetPanicOnFault was on
	}
	pcs := make([]uintptr, 64)
	n := runtime.Callers(3, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		switch {
		case strings.HasPrefix(f.Function, "runtime."):
			// The panic machinery and the runtime's own checks
			// (panicIndex, sigpanic) sit above the frame that failed.
		case strings.HasPrefix(f.Function, "go.etcd.io/bbolt"):
			return true
		default:
			if strings.Contains(f.Function, "recoverDamage") {
				break // our deferred call itself
			}
			return false
		}
		if !more {
			return false
		}
	}
}

// boltMagic marks a bbolt file; it sits after the 16-byte page header of
// each of the two meta pages.
const boltMagic = 0xED0CDAED

// looksLikeBolt reports whether the file at path starts like a bbolt
// store, whatever happened to the rest of it: a store cut short or
// overwritten in the middle is damaged, a file without the mark is not a
// store at all.
func looksLikeBolt(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	buf := make([]byte, 20)
	// The first meta page, or the second one (at one page size: bbolt
	// keeps two so that one may be torn) for the usual page sizes.
	for _, off := range []int64{0, 4096, 8192, 16384, 65536} {
		if _, err := f.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
			continue
		}
		m := buf[16:20]
		if binary.LittleEndian.Uint32(m) == boltMagic || binary.BigEndian.Uint32(m) == boltMagic {
			return true
		}
	}
	return false
}

// openBolt is bolt.Open with its panics caught: garbage in a meta or
// freelist page makes bbolt panic (or fault) while opening. After such a
// panic the file may stay locked by this process until it exits, which
// it is about to do.
//
// A restore or a compaction replaces the file by a rename while holding
// the old one's lock: an open that waited for that lock would get it on
// the old file, now unlinked or renamed to .bak, and write there. So the
// open is repeated until the file it holds is the one at path.
func openBolt(path string, opts *bolt.Options) (*bolt.DB, error) {
	for {
		before, _ := os.Stat(path)
		db, err := openBoltOnce(path, opts)
		if err != nil {
			return nil, err
		}
		after, _ := os.Stat(path)
		if before == nil || after == nil || os.SameFile(before, after) {
			return db, nil
		}
		db.Close() // the file was replaced while this open waited
	}
}

func openBoltOnce(path string, opts *bolt.Options) (db *bolt.DB, err error) {
	defer func() {
		if p := recover(); p != nil {
			db, err = nil, fmt.Errorf("%w: opening it failed: %v", ErrDamaged, p)
		}
	}()
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	return bolt.Open(path, 0o600, opts)
}

// check verifies that the store's pages fit together, before anything
// writes to it. limit bounds the file size checked page by page (see
// DefaultCheckLimit); a larger file is only checked for its length, and
// the reason comes back in skipped.
func check(db boltDB, limit int64) (skipped string, err error) {
	fi, err := os.Stat(db.Path())
	if err != nil {
		return "", fmt.Errorf("check store: %w", err)
	}
	err = db.View(func(tx *bolt.Tx) error {
		// A file shorter than its own pages: reading them would fault
		// where nothing can recover (the check runs on bbolt's own
		// goroutine), so say so before.
		if fi.Size() < tx.Size() {
			return fmt.Errorf("%w: the file is %d bytes, its pages need %d (cut short?)", ErrDamaged, fi.Size(), tx.Size())
		}
		if limit > 0 && fi.Size() > limit {
			skipped = fmt.Sprintf("the file is %d MiB, over the %d MiB checked at start; only its length was checked", fi.Size()>>20, limit>>20)
			return nil
		}
		// Every key of every bucket, on this goroutine first: a page
		// whose garbage points outside the file faults here, where the
		// fault becomes an error, and not in tx.Check's goroutine.
		if err := walkAll(tx); err != nil {
			return err
		}
		var problems []string
		for err := range tx.Check(bolt.WithKVStringer(quietStringer{})) {
			if len(problems) < 3 {
				problems = append(problems, err.Error())
			}
		}
		if len(problems) > 0 {
			return fmt.Errorf("%w: %s", ErrDamaged, strings.Join(problems, "; "))
		}
		return nil
	})
	return skipped, err
}

// walkAll visits every key of every bucket, nested ones included.
func walkAll(tx *bolt.Tx) error {
	var walk func(b *bolt.Bucket) error
	walk = func(b *bolt.Bucket) error {
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if v == nil {
				if sub := b.Bucket(k); sub != nil {
					if err := walk(sub); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	return tx.ForEach(func(_ []byte, b *bolt.Bucket) error { return walk(b) })
}

// quietStringer keeps keys and values out of the check's messages: keys
// hold member and chat ids, and the message ends up in a log line.
type quietStringer struct{}

func (quietStringer) KeyToString(k []byte) string   { return fmt.Sprintf("<%d-byte key>", len(k)) }
func (quietStringer) ValueToString(v []byte) string { return fmt.Sprintf("<%d-byte value>", len(v)) }
