package data

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketAudit holds the audit log: branch id | at nanos | seq → AuditEntry,
// so a branch's entries are one prefix in time order and its latest are a
// reverse walk from the prefix's end.
var bucketAudit = []byte("audit")

// objectBuckets are the buckets whose sequence gives a new object its id:
// an entry for an object being created learns the id from them.
var objectBuckets = map[string][]byte{
	ObjectBranch:  bucketBranches,
	ObjectMeeting: bucketMeetings,
	ObjectNotice:  bucketNotices,
	ObjectSeries:  bucketSeries,
	ObjectGroup:   bucketGroups,
	ObjectSurvey:  bucketSurveys,
	ObjectRound:   bucketRounds,
}

// auditMark is an entry waiting for its action's first committed write.
type auditMark struct {
	entry AuditEntry
	done  atomic.Bool // set when a transaction carrying the entry committed
}

type auditKey struct{}

// WithAudit marks ctx as the doing of the action e describes: the first
// write made through the store with that context that commits also
// appends e to the audit log, in the same transaction, so the action is
// never on disk without its entry. Later writes with the same context
// (a handler that writes twice) add nothing. An entry naming an object
// kind with ID 0 gets the id the write gave a new object of that kind;
// one with BranchID 0 for a new branch gets the branch's id. At zero
// means the time of the write.
func WithAudit(ctx context.Context, e AuditEntry) context.Context {
	e.Detail = trimDetail(e.Detail)
	return context.WithValue(ctx, auditKey{}, &auditMark{entry: e})
}

// pendingAudit is ctx's entry if it is still to be written.
func pendingAudit(ctx context.Context) *auditMark {
	m, ok := ctx.Value(auditKey{}).(*auditMark)
	if !ok || m.done.Load() {
		return nil
	}
	return m
}

// auditSeq is where the sequence of the entry's object bucket stood
// before the action ran: a sequence that moved is the id the action gave.
func auditSeq(tx *bolt.Tx, m *auditMark) uint64 {
	if m == nil || m.entry.ObjectID != 0 {
		return 0
	}
	name, ok := objectBuckets[m.entry.ObjectKind]
	if !ok {
		return 0
	}
	return tx.Bucket(name).Sequence()
}

// appendAudit writes m's entry in tx and marks it done once tx commits.
// seqBefore is auditSeq from before the action.
func appendAudit(tx *bolt.Tx, m *auditMark, seqBefore uint64) error {
	e := m.entry
	if name, ok := objectBuckets[e.ObjectKind]; ok && e.ObjectID == 0 {
		if now := tx.Bucket(name).Sequence(); now != seqBefore {
			e.ObjectID = int64(seqBefore + 1) // the first id the action took
			if e.ObjectKind == ObjectBranch && e.BranchID == 0 {
				e.BranchID = seqBefore + 1
			}
		}
	}
	if e.At.IsZero() {
		e.At = time.Now()
	}
	if err := e.Validate(); err != nil {
		return err
	}
	b := tx.Bucket(bucketAudit)
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	e.Seq = seq
	if err := put(b, auditKeyOf(e), e); err != nil {
		return fmt.Errorf("audit %s: %w", e.Action, err)
	}
	tx.OnCommit(func() { m.done.Store(true) })
	return nil
}

func auditKeyOf(e AuditEntry) []byte {
	return key2(key2(u64(e.BranchID), u64(uint64(e.At.UnixNano()))), u64(e.Seq))
}

// RecordAudit appends e to the audit log on its own, for an action that
// writes nothing else (an export of the branch's data).
func (s *Store) RecordAudit(ctx context.Context, e AuditEntry) error {
	if err := s.update(WithAudit(ctx, e), func(*bolt.Tx) error { return nil }); err != nil {
		return fmt.Errorf("record audit %s: %w", e.Action, err)
	}
	return nil
}

// RecordOperatorAudit appends an entry of the server's operator (no
// member: ActorID 0) to the log of branchID, or of every branch when
// branchID is 0, in one transaction: a copy of the whole store is each
// branch's business.
func (s *Store) RecordOperatorAudit(ctx context.Context, branchID uint64, action AuditAction, detail string) error {
	err := s.update(ctx, func(tx *bolt.Tx) error {
		ids := []uint64{branchID}
		if branchID == 0 {
			ids = ids[:0]
			if err := tx.Bucket(bucketBranches).ForEach(func(k, _ []byte) error {
				ids = append(ids, binary.BigEndian.Uint64(k))
				return nil
			}); err != nil {
				return err
			}
		}
		now := time.Now()
		for _, id := range ids {
			m := &auditMark{entry: AuditEntry{BranchID: id, At: now, Action: action, Detail: trimDetail(detail)}}
			if err := appendAudit(tx, m, 0); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("record audit %s: %w", action, err)
	}
	return nil
}

// MaxAuditList is the most entries AuditLog returns at once.
const MaxAuditList = 100

// AuditLog returns branchID's latest limit entries (at most MaxAuditList),
// newest first.
func (s *Store) AuditLog(branchID uint64, limit int) ([]AuditEntry, error) {
	limit = min(max(limit, 0), MaxAuditList)
	out, err := read(s, func(tx *bolt.Tx) ([]AuditEntry, error) {
		var out []AuditEntry
		prefix := u64(branchID)
		c := tx.Bucket(bucketAudit).Cursor()
		// The last key of the prefix is just before the next branch's first.
		k, v := c.Seek(u64(branchID + 1))
		if k == nil {
			k, v = c.Last()
		} else {
			k, v = c.Prev()
		}
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < limit; k, v = c.Prev() {
			var e AuditEntry
			if err := jsonDecode(v, &e); err != nil {
				return nil, err
			}
			out = append(out, e)
		}
		return out, nil
	})
	if err != nil {
		return nil, fmt.Errorf("audit log of branch %d: %w", branchID, err)
	}
	return out, nil
}

// auditOf returns all of branchID's entries, oldest first.
func auditOf(tx *bolt.Tx, branchID uint64) ([]AuditEntry, error) {
	return scanPrefix[AuditEntry](tx.Bucket(bucketAudit), u64(branchID))
}
