package data

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// migrateCompactRecords moves a store to the compact records: meetings,
// reminders and timers from JSON to their binary form under shorter keys,
// timer_refs to coded kinds holding the timer's instant, the calendar's
// and the reminder index's ids shortened, and each of those buckets
// rebuilt in key order (at its fill), so that its pages are full rather
// than half empty. Every bucket keeps its sequence.
//
// It runs in the one transaction of all migrations, so the new records
// are held in memory until the commit. The file does not shrink (bbolt
// never gives pages back); the pages freed are reused as the store
// grows, and compacting the file offline gives the space back.
func migrateCompactRecords(tx *bolt.Tx) error {
	err := rebuildBucket(tx, bucketMeetings, false, func(k, v []byte) ([]byte, []byte, error) {
		if len(k) != 8 {
			return nil, nil, fmt.Errorf("meeting key %x: %w", k, errRecord)
		}
		var m Meeting
		if err := jsonDecode(v, &m); err != nil {
			return nil, nil, err
		}
		m.ID = binary.BigEndian.Uint64(k)
		buf, err := encodeMeeting(m)
		return recordKey(m.ID), buf, err
	})
	if err != nil {
		return err
	}
	err = rebuildBucket(tx, bucketReminders, false, func(k, v []byte) ([]byte, []byte, error) {
		if len(k) != 8 {
			return nil, nil, fmt.Errorf("reminder key %x: %w", k, errRecord)
		}
		var r Reminder
		if err := jsonDecode(v, &r); err != nil {
			return nil, nil, err
		}
		return recordKey(binary.BigEndian.Uint64(k)), encodeReminder(r), nil
	})
	if err != nil {
		return err
	}
	// Index keys: fixed eight-byte ids to appendOrd ones, in the same
	// order.
	err = rebuildBucket(tx, bucketMeetingReminders, false, func(k, v []byte) ([]byte, []byte, error) {
		if len(k) != 16 {
			return nil, nil, fmt.Errorf("reminder index key %x: %w", k, errRecord)
		}
		return reminderIndexKey(binary.BigEndian.Uint64(k), binary.BigEndian.Uint64(k[8:])), v, nil
	})
	if err != nil {
		return err
	}
	err = rebuildBucket(tx, bucketBranchMeetings, false, func(k, v []byte) ([]byte, []byte, error) {
		if len(k) != 24 {
			return nil, nil, fmt.Errorf("calendar key %x: %w", k, errRecord)
		}
		nk := appendOrd(binary.BigEndian.AppendUint64(calendarPrefix(binary.BigEndian.Uint64(k)), binary.BigEndian.Uint64(k[8:])), binary.BigEndian.Uint64(k[16:]))
		return nk, v, nil
	})
	if err != nil {
		return err
	}
	// Timers move to keys of instant, kind and ref; the refs keep the
	// instant, and are made anew from the timers.
	refs := &records{}
	err = rebuildBucket(tx, bucketTimers, true, func(k, v []byte) ([]byte, []byte, error) {
		var t Timer
		if err := jsonDecode(v, &t); err != nil {
			return nil, nil, err
		}
		if len(k) != 16 {
			return nil, nil, fmt.Errorf("timer key %x: %w", k, errRecord)
		}
		t.At = time.Unix(0, int64(binary.BigEndian.Uint64(k))).In(t.At.Location())
		refs.add(timerRef(t.Kind, t.Ref), k[:8])
		return timerKey(t.At, t.Kind, t.Ref), encodeTimer(t), nil
	})
	if err != nil {
		return err
	}
	return rebuildBucket(tx, bucketTimerRefs, true, func(k, v []byte) ([]byte, []byte, error) {
		return nil, nil, nil // made anew below
	}, refs)
}

// rebuildBucket rewrites bucket name through convert (nil keeps each
// record as it is; a nil key drops it), writing the records in key order
// into a fresh bucket at the bucket's fill, so its pages come out full.
// resort says the new keys may sort differently from the old ones.
//
// extra records, if given, are written too.
func rebuildBucket(tx *bolt.Tx, name []byte, resort bool, convert func(k, v []byte) ([]byte, []byte, error), extra ...*records) error {
	old := tx.Bucket(name)
	if old == nil {
		return fmt.Errorf("rebuild %s: no such bucket", name)
	}
	seq := old.Sequence()
	var recs records
	err := old.ForEach(func(k, v []byte) error {
		if convert == nil {
			recs.add(k, v)
			return nil
		}
		nk, nv, err := convert(k, v)
		if err != nil {
			return fmt.Errorf("record %x: %w", k, err)
		}
		if nk != nil {
			recs.add(nk, nv)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild %s: %w", name, err)
	}
	for _, more := range extra {
		for i := range more.len() {
			recs.add(more.at(i))
		}
	}
	if resort {
		sort.Sort(&recs)
	}
	if err := tx.DeleteBucket(name); err != nil {
		return fmt.Errorf("rebuild %s: %w", name, err)
	}
	b, err := tx.CreateBucket(name)
	if err != nil {
		return fmt.Errorf("rebuild %s: %w", name, err)
	}
	// A bucket whose keys come in random order settles at about 70% full
	// (see denseBuckets): rebuilt at that, it neither starts half empty
	// nor splits every page at its next inserts.
	b.FillPercent = 0.7
	for _, d := range denseBuckets {
		if bytes.Equal(d.name, name) {
			b.FillPercent = d.fill
		}
	}
	for i := range recs.len() {
		k, v := recs.at(i)
		if err := b.Put(k, v); err != nil {
			return fmt.Errorf("rebuild %s: %w", name, err)
		}
	}
	if err := b.SetSequence(seq); err != nil {
		return fmt.Errorf("rebuild %s: %w", name, err)
	}
	return nil
}

// records holds keys and values in one buffer (a rebuild of a big store
// holds millions), with their bounds beside.
type records struct {
	buf   []byte
	ends  []int // key end, value end, for each record in turn
	order []int // record numbers in the order to write them
}

func (r *records) add(k, v []byte) {
	r.order = append(r.order, len(r.order))
	r.buf = append(r.buf, k...)
	r.ends = append(r.ends, len(r.buf))
	r.buf = append(r.buf, v...)
	r.ends = append(r.ends, len(r.buf))
}

func (r *records) len() int { return len(r.order) }

// at is the i-th record in writing order.
func (r *records) at(i int) (k, v []byte) {
	n := r.order[i]
	start := 0
	if n > 0 {
		start = r.ends[2*n-1]
	}
	kEnd, vEnd := r.ends[2*n], r.ends[2*n+1]
	return r.buf[start:kEnd], r.buf[kEnd:vEnd]
}

func (r *records) Len() int { return len(r.order) }
func (r *records) Less(i, j int) bool {
	a, _ := r.at(i)
	b, _ := r.at(j)
	return bytes.Compare(a, b) < 0
}
func (r *records) Swap(i, j int) { r.order[i], r.order[j] = r.order[j], r.order[i] }
