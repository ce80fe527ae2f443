package data_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
)

// TestStoreStaysSmall guards the store's size per meeting (see
// BenchmarkStoreBytesPerMeeting for the figures): 3,000 meetings with two
// reminders and five timers each, planned 100 a transaction, must take at
// most 800 bytes of pages in use each, and the buckets whose keys only
// grow and whose records do not must have their pages full, not half
// empty (meetings keep room for their minutes: see denseBuckets).
func TestStoreStaysSmall(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 3,000 meetings")
	}
	const meetings = 3_000
	path := filepath.Join(t.TempDir(), "size.db")
	s, br := rbBranch(t, path)
	defer s.Close()
	rbPlanBulk(t, s, br, rand.New(rand.NewPCG(1, 2)), meetings, 100)
	sizes, pageSize, highWater, free, err := s.TestOnlyBucketSizes()
	if err != nil {
		t.Fatal(err)
	}
	// Free pages are left by the last transactions, until later writes
	// reuse them; the store of a few thousand meetings has a few dozen.
	live := float64(highWater-int64(free*pageSize)) / meetings
	t.Logf("%.0f bytes of pages per meeting, %.0f of them in use", float64(highWater)/meetings, live)
	if live > 800 {
		t.Errorf("%.0f bytes of pages in use per meeting; want at most 800", live)
	}
	dense := map[string]bool{"reminders": true, "meeting_reminders": true, "timer_refs": true}
	for _, z := range sizes {
		if !dense[z.Name] {
			continue
		}
		// The last page of each is partly filled.
		if fill := float64(z.InuseBytes) / float64(z.PageBytes-pageSize); fill < 0.9 {
			t.Errorf("bucket %s: pages %.0f%% full; want at least 90%%", z.Name, 100*fill)
		}
	}
}
