package data

import bolt "go.etcd.io/bbolt"

// bbolt splits a page that overflows at FillPercent of its size, 50% by
// default. For keys that only ever grow (ids taken from a sequence) every
// new key lands on the last page, so each split leaves a page half empty
// behind for good: the store was about half air. These buckets take their
// keys in order and are filled much fuller.
//
// Buckets whose keys arrive in random order (the timer queue and the
// branches' calendars, ordered by time) keep the default: there a high
// fill makes it worse, not better, since every insert into a full page
// splits it into a full page and a nearly empty one (measured: a random
// insert load fills 69% of its pages at 0.5, 12% at 1.0).
var denseBuckets = []struct {
	name []byte
	fill float64
}{
	// Not meetings: a meeting's record grows once it is held (the
	// minutes), and a record that outgrows a full page splits it into a
	// full page and a nearly empty one, for good. Measured, 2,000 meetings
	// and minutes added to half of them in random order: 336 pages at fill
	// 1.0 (24% full), 106 at the default 0.5 (80%): the room a half-full
	// page leaves is what the minutes take.
	{bucketReminders, 1}, // rewritten at the same size
	// Keys in order but for a few: a moved meeting's new reminder ids
	// under its old id, a branch's digest or cadence ref set again.
	{bucketMeetingReminders, 1}, // meeting id | reminder id, keys only
	{bucketTimerRefs, 1},        // kind | ref: each kind's refs in order
	{bucketUpdates, 1},          // update ids, pruned from the front
}

// fillPages sets the fill of the dense buckets for tx; boltDB's Update
// and Batch call it first in every write transaction. bbolt keeps one
// handle per bucket for a writable transaction and reads its FillPercent
// when it splits pages at commit, so setting it once at the start covers
// every write in the transaction.
func fillPages(tx *bolt.Tx) {
	for _, d := range denseBuckets {
		if b := tx.Bucket(d.name); b != nil {
			b.FillPercent = d.fill
		}
	}
}
