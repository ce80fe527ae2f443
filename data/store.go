package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Bucket names. Keys are big-endian integers so that cursors iterate in id
// order; composite keys put the parent id first so a prefix scan lists
// children.
var (
	bucketMeta             = []byte("meta")
	bucketBranches         = []byte("branches")          // branch id → Branch
	bucketGroups           = []byte("groups")            // branch id | group id → Group
	bucketMembers          = []byte("members")           // user id → Member
	bucketBranchMembers    = []byte("branch_members")    // branch id | user id → nil
	bucketInvites          = []byte("invites")           // code → Invite
	bucketChats            = []byte("chats")             // chat id → ChatBinding
	bucketUpdates          = []byte("updates")           // update id → unix nanos when handled
	bucketInbox            = []byte("inbox")             // update id → update JSON, received and not yet handled
	bucketNotices          = []byte("notices")           // notice id → Notice
	bucketBranchNotices    = []byte("branch_notices")    // branch id | notice id → nil
	bucketReceipts         = []byte("receipts")          // notice id | user id → Receipt
	bucketOutbox           = []byte("outbox")            // message id → OutMessage, while pending
	bucketOutboxDue        = []byte("outbox_due")        // not-before nanos | message id → nil
	bucketTimers           = []byte("timers")            // fire-at nanos | kind code | ref → zone offset (timerKey)
	bucketTimerRefs        = []byte("timer_refs")        // kind code | ref → fire-at, to find a timer again
	bucketDrafts           = []byte("drafts")            // user id → Draft (a guided flow in progress)
	bucketMeetings         = []byte("meetings")          // meeting id (appendOrd) → Meeting (meeting_codec.go)
	bucketBranchMeetings   = []byte("branch_meetings")   // branch id | start nanos | meeting id → nil (meeting_keys.go)
	bucketReminders        = []byte("reminders")         // reminder id → Reminder
	bucketMeetingReminders = []byte("meeting_reminders") // meeting id | reminder id → nil (meeting_keys.go)
	bucketMissed           = []byte("missed")            // branch id | reminder id → MissedReminder
	bucketSeries           = []byte("series")            // series id → Series
	bucketLeaves           = []byte("leaves")            // meeting id | user id → Leave
	bucketHolidays         = []byte("holidays")          // branch id | "2006-01-02" → HolidayEntry
	bucketAttendance       = []byte("attendance")        // meeting id | user id → Attendance
	bucketMakeUps          = []byte("makeups")           // meeting id | user id → MakeUp
	bucketMeetingPosts     = []byte("meeting_posts")     // meeting id | chat id → message id
	bucketRSVP             = []byte("rsvp")              // meeting id | user id → when they said they will attend
	bucketCodeTries        = []byte("code_tries")        // meeting id | user id → wrong check-in codes
	bucketFeedback         = []byte("feedback")          // feedback id → Feedback
	bucketRelay            = []byte("feedback_relay")    // anonymous feedback id → author's chat, only to relay answers
	bucketRounds           = []byte("eval_rounds")       // round id → Round
	bucketBallots          = []byte("eval_ballots")      // round id | voter | target → rating, deleted at closing
	bucketSurveys          = []byte("surveys")           // survey id → Survey
	bucketAnswers          = []byte("survey_answers")    // survey id | member → Answers

	keySchema = []byte("schema")
)

// ErrSchemaNewer means the store file was written by a newer branchbot.
var ErrSchemaNewer = errors.New("store was written by a newer branchbot")

// ErrLocked means another process holds the store file.
var ErrLocked = errors.New("store file is in use by another process")

// ErrNotAStore means the file exists but is not a bbolt database.
var ErrNotAStore = errors.New("file is not a branchbot store")

// migrations bring a store from schema version i to i+1. They only ever
// append: a released migration is never edited.
var migrations = []func(tx *bolt.Tx) error{
	// 1: the foundation buckets.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketBranches, bucketGroups, bucketMembers, bucketBranchMembers, bucketInvites, bucketChats, bucketUpdates} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	},
	// 2: branch settings (follow-ups, quiet hours), notices with receipts,
	// the durable outbox, and the timer queue.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketNotices, bucketBranchNotices, bucketReceipts, bucketOutbox, bucketOutboxDue, bucketTimers, bucketTimerRefs, bucketDrafts} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return updateBranches(tx, func(br *Branch) { br.Settings = DefaultSettings() })
	},
	// 3: meetings, their reminders, missed-reminder records and series;
	// reminder defaults and the catch-up window in branch settings.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketMeetings, bucketBranchMeetings, bucketReminders, bucketMeetingReminders, bucketMissed, bucketSeries, bucketLeaves} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return updateBranches(tx, func(br *Branch) {
			def := DefaultSettings()
			if br.Settings.Remind == nil {
				br.Settings.Remind = def.Remind
			}
			if br.Settings.CatchUp == 0 {
				br.Settings.CatchUp = def.CatchUp
			}
			if br.Settings.Digest == (Digest{}) {
				br.Settings.Digest = def.Digest
			}
		})
	},
	// 4: branches' own holidays and swapped working days.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketHolidays)
		return err
	},
	// 5: check-in records and the check-in window in branch settings.
	func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(bucketAttendance); err != nil {
			return err
		}
		return updateBranches(tx, func(br *Branch) {
			if br.Settings.CheckInOpen == 0 && br.Settings.LateAfter == 0 {
				def := DefaultSettings()
				br.Settings.CheckInOpen, br.Settings.LateAfter = def.CheckInOpen, def.LateAfter
			}
		})
	},
	// 6: make-up study records.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketMakeUps)
		return err
	},
	// 7: groups' "meeting starting" posts.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketMeetingPosts)
		return err
	},
	// 8: replies ahead (参加) and wrong check-in codes.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketRSVP, bucketCodeTries} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	// 9: feedback, and the way back to anonymous authors.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketFeedback, bucketRelay, bucketRounds, bucketBallots, bucketSurveys, bucketAnswers} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	},
	// 10: the inbox of received updates not yet handled.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketInbox)
		return err
	},
	// 11: the ledger's evidence and attach steps, the cadence warnings
	// sent, and months' themed-day themes.
	func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketEvidence, bucketAttaching, bucketCadenceWarned, bucketThemes} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		return nil
	},
	// 12: a retried message keeps its place (RetryAt); one parked by an
	// older version was moved to its retry time instead: put it back at
	// the front, where it was, with that time as RetryAt.
	func(tx *bolt.Tx) error {
		box, due := tx.Bucket(bucketOutbox), tx.Bucket(bucketOutboxDue)
		moved, err := scanWhere(box, func(m OutMessage) bool { return !m.NotBefore.IsZero() })
		if err != nil {
			return err
		}
		for _, m := range moved {
			if err := due.Delete(dueKey(m.NotBefore, m.ID)); err != nil {
				return err
			}
			m.RetryAt, m.NotBefore = m.NotBefore, time.Time{}
			if err := put(box, u64(m.ID), m); err != nil {
				return err
			}
			if err := due.Put(dueKey(m.NotBefore, m.ID), nil); err != nil {
				return err
			}
		}
		return nil
	},
	// 13: the audit log of officers' actions.
	func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketAudit)
		return err
	},
	// 14: meetings, reminders and timers in a compact binary form, and their
	// buckets rebuilt with full pages.
	migrateCompactRecords,
}

// updateBranches applies change to every branch, for migrations.
func updateBranches(tx *bolt.Tx, change func(*Branch)) error {
	branches := tx.Bucket(bucketBranches)
	var all []Branch
	err := branches.ForEach(func(_, v []byte) error {
		var br Branch
		if err := jsonDecode(v, &br); err != nil {
			return err
		}
		all = append(all, br)
		return nil
	})
	if err != nil {
		return err
	}
	for _, br := range all { // ForEach must not modify its bucket
		change(&br)
		if err := put(branches, u64(br.ID), br); err != nil {
			return err
		}
	}
	return nil
}

// growStep is how much the store file grows by when it runs out of pages.
const growStep = 1 << 20

// SchemaVersion is the store layout this build writes.
var SchemaVersion = uint64(len(migrations))

// Options tune Open.
type Options struct {
	// LockTimeout bounds the wait for another process to release the file.
	LockTimeout time.Duration
	// CheckLimit is the largest file Open checks page by page; 0 means
	// DefaultCheckLimit, a negative value checks every size.
	CheckLimit int64
}

// Store is the bbolt-backed store of branchbot's domain data. It is safe for
// concurrent use.
type Store struct {
	db      boltDB
	keys    *keySlots // the keys of sealed author chats, beside the file
	wakers  atomic.Pointer[Wakers]
	skipped string // why Open did not check every page, if it did not
}

// CheckSkipped says why Open checked only the length of the file and not
// every page (it was over Options.CheckLimit); "" when it checked all.
func (s *Store) CheckSkipped() string { return s.skipped }

// Wakers are the workers a commit can give work to. Whatever store method
// queued a message or set a timer, its worker hears of it from here, so no
// caller has to remember to wake it.
//
// The store calls them after the commit, once the write lock is released,
// on the writing goroutine: each must return at once (a non-blocking
// wake-up). One commit may call one more than once, when bbolt's Batch
// merged several writes into it.
type Wakers struct {
	// Outbox runs after a commit that put messages into the outbox.
	Outbox func()
	// Timers runs after a commit that set or moved a timer.
	Timers func()
}

// OnCommit sets the workers to wake after commits that give them work,
// replacing any set before. A nil field wakes nobody; so does a store on
// which OnCommit was never called.
func (s *Store) OnCommit(w Wakers) { s.wakers.Store(&w) }

// workMark is where the outbox's and the timers' sequences stood when a
// write began. enqueue and setTimer take a number from them for every
// message and timer (and nothing else does), so a sequence that moved is
// the transaction's own record that they ran. It lives in the transaction:
// an attempt that bbolt's Batch rolls back and runs again leaves no trace.
type workMark struct{ outbox, timers uint64 }

func markWork(tx *bolt.Tx) workMark {
	return workMark{tx.Bucket(bucketOutbox).Sequence(), tx.Bucket(bucketTimers).Sequence()}
}

// wakeAfterCommit arranges for the workers given work since mark to be
// woken if, and only if, tx commits.
func (s *Store) wakeAfterCommit(tx *bolt.Tx, mark workMark) {
	now := markWork(tx)
	if now.outbox != mark.outbox {
		tx.OnCommit(func() {
			if w := s.wakers.Load(); w != nil && w.Outbox != nil {
				w.Outbox()
			}
		})
	}
	if now.timers != mark.timers {
		tx.OnCommit(func() {
			if w := s.wakers.Load(); w != nil && w.Timers != nil {
				w.Timers()
			}
		})
	}
}

// KeysPath is the file beside the store at path that holds the keys of
// sealed author chats: it is as private as the store, and a backup
// needs both.
func KeysPath(path string) string { return path + ".keys" }

// Open opens (creating if needed, mode 0600) the store at path, checks
// that its pages fit together, and runs any pending migrations. It fails
// fast with ErrLocked when another process has the file, ErrNotAStore
// when the file is something else, ErrDamaged when it is a store whose
// pages are damaged (cut short, overwritten), and ErrSchemaNewer when a
// newer branchbot wrote it; in each case the file is left untouched.
func Open(path string, opts Options) (*Store, error) {
	if opts.LockTimeout <= 0 {
		opts.LockTimeout = 3 * time.Second
	}
	switch {
	case opts.CheckLimit == 0:
		opts.CheckLimit = DefaultCheckLimit
	case opts.CheckLimit < 0:
		opts.CheckLimit = 0 // no limit
	}
	fi, statErr := os.Stat(path)
	existed := statErr == nil && fi.Size() > 0
	raw, err := openBolt(path, &bolt.Options{Timeout: opts.LockTimeout})
	var pathErr *fs.PathError
	switch {
	case errors.Is(err, berrors.ErrTimeout):
		return nil, fmt.Errorf("open store %s: %w", path, ErrLocked)
	case err != nil && existed && !errors.As(err, &pathErr):
		// bbolt reports a bad file in several ways (invalid meta page,
		// version mismatch, checksum, "file size too small", a panic):
		// a file marked as a bbolt store is a damaged store, any other
		// file with content is not ours.
		if errors.Is(err, ErrDamaged) || looksLikeBolt(path) {
			return nil, fmt.Errorf("open store %s: %w", path, damaged(err))
		}
		return nil, fmt.Errorf("open store %s: %w (%v)", path, ErrNotAStore, err)
	case err != nil:
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	db := boltDB{raw}
	// A lone Batch caller waits this long for company; short, because
	// fsync itself is about a millisecond.
	db.MaxBatchDelay = time.Millisecond
	// bbolt grows a file past 16 MiB (its default step) 16 MiB at a time,
	// and a smaller one to the next power of two: a store of 5 MiB took
	// 8, one of 70 took 86. Smaller steps keep the file near its data;
	// each step costs one truncate and fsync, every few thousand meetings.
	db.AllocSize = growStep
	s := &Store{db: db, keys: newKeySlots(KeysPath(path))}
	if existed {
		if s.skipped, err = check(db, opts.CheckLimit); err != nil {
			db.Close()
			return nil, fmt.Errorf("open store %s: %w", path, err)
		}
	}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// damaged wraps err in ErrDamaged unless it is already.
func damaged(err error) error {
	if errors.Is(err, ErrDamaged) {
		return err
	}
	return fmt.Errorf("%w: %v", ErrDamaged, err)
}

func (s *Store) migrate() error {
	return s.db.Update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketMeta) == nil {
			// A bbolt file without our meta bucket but with other buckets
			// belongs to some other program: do not migrate it in place.
			foreign := tx.ForEach(func([]byte, *bolt.Bucket) error { return ErrNotAStore })
			if foreign != nil {
				return fmt.Errorf("no schema version: %w", foreign)
			}
		}
		meta, err := tx.CreateBucketIfNotExists(bucketMeta)
		if err != nil {
			return fmt.Errorf("create meta bucket: %w", err)
		}
		var version uint64
		if v := meta.Get(keySchema); v != nil {
			if len(v) != 8 {
				return fmt.Errorf("schema version: %w", ErrNotAStore)
			}
			version = binary.BigEndian.Uint64(v)
		}
		if version > SchemaVersion {
			return fmt.Errorf("%w: schema %d, this build knows up to %d", ErrSchemaNewer, version, SchemaVersion)
		}
		for v := version; v < SchemaVersion; v++ {
			if err := migrations[v](tx); err != nil {
				return fmt.Errorf("migrate schema %d to %d: %w", v, v+1, err)
			}
		}
		return meta.Put(keySchema, u64(SchemaVersion))
	})
}

// Close closes the store file.
func (s *Store) Close() error { return s.db.Close() }

// Path returns the store's file name.
func (s *Store) Path() string { return s.db.Path() }

type updateKey struct{}

// WithUpdate marks ctx as the handling of Telegram update id: every write made
// through the store with that context also records the update as processed,
// in the same transaction, so after a crash an update whose effects are on
// disk is never handled again.
func WithUpdate(ctx context.Context, id int64) context.Context {
	return context.WithValue(ctx, updateKey{}, id)
}

type noUpdate struct{}

// Unmarked returns ctx without its update: writes made with it do not
// record the update as handled. For idempotent side writes (refreshing a
// member's name) that come before the handler's real effect.
func Unmarked(ctx context.Context) context.Context {
	return context.WithValue(ctx, updateKey{}, noUpdate{})
}

// batch is update for hot paths with many concurrent writers (a storm of
// check-ins): bbolt's Batch merges them into shared commits. fn may run
// more than once, so it must only touch the transaction and its own
// results.
func (s *Store) batch(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.db.Batch(s.write(ctx, fn))
}

// update runs fn in a read-write transaction, recording ctx's update (if any)
// in the same transaction, and wakes the workers it gave work to once it
// has committed.
func (s *Store) update(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := s.db.Update(s.write(ctx, fn)); !errors.Is(err, errUnchanged) {
		return err
	}
	return nil
}

// errUnchanged is what an update's fn returns when it found nothing to
// change: the transaction is dropped, with the audit entry it would have
// carried (an officer's action that did nothing is no action).
var errUnchanged = errors.New("nothing to change")

// write is what update and batch run: fn, then ctx's audit entry and the
// marking of ctx's update (if any), and the wake-ups its work calls for
// after the commit.
func (s *Store) write(ctx context.Context, fn func(tx *bolt.Tx) error) func(tx *bolt.Tx) error {
	return func(tx *bolt.Tx) error {
		mark := markWork(tx)
		audit := pendingAudit(ctx)
		seq := auditSeq(tx, audit)
		if err := fn(tx); err != nil {
			return err
		}
		if audit != nil {
			if err := appendAudit(tx, audit, seq); err != nil {
				return err
			}
		}
		if id, ok := ctx.Value(updateKey{}).(int64); ok {
			if err := markUpdate(tx, id, time.Now()); err != nil {
				return err
			}
		}
		s.wakeAfterCommit(tx, mark)
		return nil
	}
}

// markUpdate records update id as handled and takes it out of the inbox.
func markUpdate(tx *bolt.Tx, id int64, at time.Time) error {
	b := tx.Bucket(bucketUpdates)
	k := i64(id)
	if b.Get(k) != nil {
		return nil
	}
	if err := tx.Bucket(bucketInbox).Delete(k); err != nil {
		return err
	}
	return b.Put(k, u64(uint64(at.UnixNano())))
}

// UpdateProcessed reports whether update id has been handled.
func (s *Store) UpdateProcessed(id int64) (bool, error) {
	var seen bool
	err := s.db.View(func(tx *bolt.Tx) error {
		seen = tx.Bucket(bucketUpdates).Get(i64(id)) != nil
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("check update %d: %w", id, err)
	}
	return seen, nil
}

// MarkUpdate records update id as handled at time at (idempotent). An
// update whose handler wrote to the store is marked already, in that
// write's transaction: then this costs a read, not a second commit.
func (s *Store) MarkUpdate(id int64, at time.Time) error {
	if done, err := s.UpdateProcessed(id); err == nil && done {
		return nil
	}
	if err := s.db.Update(func(tx *bolt.Tx) error { return markUpdate(tx, id, at) }); err != nil {
		return fmt.Errorf("mark update %d: %w", id, err)
	}
	return nil
}

// PruneUpdates forgets handled update ids recorded before cutoff. Telegram
// keeps an unconfirmed update for at most a day, so ids older than that can
// never come back.
func (s *Store) PruneUpdates(cutoff time.Time) (int, error) {
	var n int
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUpdates)
		var old [][]byte
		c := b.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(v) == 8 && int64(binary.BigEndian.Uint64(v)) < cutoff.UnixNano() {
				old = append(old, append([]byte(nil), k...))
			}
		}
		// Delete after the walk: a cursor is not safe across changes.
		for _, k := range old {
			if err := b.Delete(k); err != nil {
				return err
			}
		}
		n = len(old)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("prune updates: %w", err)
	}
	return n, nil
}

// read runs fn in a read-only transaction and returns what it found.
func read[T any](s *Store, fn func(tx *bolt.Tx) (T, error)) (T, error) {
	var out T
	err := s.db.View(func(tx *bolt.Tx) error {
		var err error
		out, err = fn(tx)
		return err
	})
	return out, err
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

// i64 encodes a signed id so that negative ids (group chats) sort before
// positive ones.
func i64(v int64) []byte { return u64(uint64(v) ^ (1 << 63)) }

// fromI64 undoes i64 on the first eight bytes of b.
func fromI64(b []byte) int64 { return int64(binary.BigEndian.Uint64(b) ^ (1 << 63)) }

func key2(a, b []byte) []byte { return append(append(make([]byte, 0, len(a)+len(b)), a...), b...) }

func put(b *bolt.Bucket, k []byte, v any) error {
	buf, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode %T: %w", v, err)
	}
	return b.Put(k, buf)
}

// get decodes the value at k into v, reporting whether it existed.
func get(b *bolt.Bucket, k []byte, v any) (bool, error) {
	buf := b.Get(k)
	if buf == nil {
		return false, nil
	}
	if err := json.Unmarshal(buf, v); err != nil {
		return true, fmt.Errorf("decode %T: %w", v, err)
	}
	return true, nil
}

func jsonDecode(buf []byte, v any) error {
	if err := json.Unmarshal(buf, v); err != nil {
		return fmt.Errorf("decode %T: %w", v, err)
	}
	return nil
}

// scanPrefix decodes every value under prefix in b, in key order.
func scanPrefix[T any](b *bolt.Bucket, prefix []byte) ([]T, error) {
	var out []T
	c := b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var item T
		if err := jsonDecode(v, &item); err != nil {
			return nil, err
		}
		out = append(out, item)
	}
	return out, nil
}

// scanWhere decodes every value in b, in key order, and returns those that
// keep accepts (all of them when keep is nil).
func scanWhere[T any](b *bolt.Bucket, keep func(T) bool) ([]T, error) {
	var out []T
	err := b.ForEach(func(_, v []byte) error {
		var item T
		if err := jsonDecode(v, &item); err != nil {
			return err
		}
		if keep == nil || keep(item) {
			out = append(out, item)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func putU64(b *bolt.Bucket, k []byte, v uint64) error { return b.Put(k, u64(v)) }

// Walk calls fn for every key and value of every top-level bucket, bucket
// by bucket in name order, in one read transaction: a consistent view of
// the whole store. key and value are valid only during the call. Tests
// use it to check the whole store: that a refused command changed
// nothing, that no bucket keeps an anonymous author.
func (s *Store) Walk(fn func(bucket string, key, value []byte) error) error {
	return s.db.View(func(tx *bolt.Tx) error {
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return b.ForEach(func(k, v []byte) error { return fn(string(name), k, v) })
		})
	})
}
