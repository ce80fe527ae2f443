package data_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"branchbot/data"
)

// BenchmarkStoreBytesPerMeeting measures how much store file a meeting
// costs: n meetings like the reminder benchmarks' (an assembly with the
// branch's two reminders, so five timers: two reminders, check-in
// opening, quorum warning, end), written the two ways the bot writes
// them, then the file's size divided by n. Starts are random minutes in
// 2030–2034, so the time-ordered keys (timers, the branch's calendar)
// arrive in random order, the harder case for page fill.
//
//	go test ./data -run XXX -bench BenchmarkStoreBytesPerMeeting -benchtime 1x -timeout 30m
//
// B/meeting is the file's size (bbolt grows it in steps of up to 16 MiB,
// so a small n overstates it); pages-B/meeting is the pages the file has
// handed out, free ones included; inuse-B/meeting is the bytes those pages
// hold. The breakdown per bucket goes to the log (-v). BENCH_STORE_MEETINGS
// sets another n.
func BenchmarkStoreBytesPerMeeting(b *testing.B) {
	meetings := 100_000
	if n, err := strconv.Atoi(os.Getenv("BENCH_STORE_MEETINGS")); err == nil && n > 0 {
		meetings = n // a quicker look; the figures in BENCHMARKS.md are at 100,000
	}
	b.Run(fmt.Sprintf("CreateMeeting/meetings=%d", meetings), func(b *testing.B) {
		for range b.N {
			path := filepath.Join(b.TempDir(), "size.db")
			s, br := rbBranch(b, path)
			rng := rand.New(rand.NewPCG(1, 2))
			for i := range meetings {
				m, plan := rbMeeting(br, rng, i)
				if _, err := s.CreateMeeting(b.Context(), m, plan); err != nil {
					b.Fatal(err)
				}
			}
			reportStoreSize(b, s, path, meetings)
			s.Close()
		}
	})
	const batch = 1_000
	b.Run(fmt.Sprintf("PlanSeries/meetings=%d/batch=%d", meetings, batch), func(b *testing.B) {
		for range b.N {
			path := filepath.Join(b.TempDir(), "size.db")
			s, br := rbBranch(b, path)
			rbPlanBulk(b, s, br, rand.New(rand.NewPCG(1, 2)), meetings, batch)
			reportStoreSize(b, s, path, meetings)
			s.Close()
		}
	})
}

// reportStoreSize reports the store's size per meeting and logs what each
// bucket takes.
func reportStoreSize(b *testing.B, s *data.Store, path string, meetings int) {
	b.Helper()
	sizes, pageSize, highWater, free, err := s.TestOnlyBucketSizes()
	if err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	n := float64(meetings)
	var inuse int
	b.Logf("%-20s %9s %8s %7s %12s %6s %10s", "bucket", "keys", "leaves", "branch", "B/meeting", "fill", "inuse-B/m")
	for _, z := range sizes {
		inuse += z.InuseBytes
		if z.PageBytes == 0 {
			continue
		}
		b.Logf("%-20s %9d %8d %7d %12.1f %5.0f%% %10.1f", z.Name, z.Keys, z.LeafPages, z.BranchPages,
			float64(z.PageBytes)/n, 100*float64(z.InuseBytes)/float64(z.PageBytes), float64(z.InuseBytes)/n)
	}
	b.Logf("page size %d; %d pages handed out, %d free; file %d bytes", pageSize, highWater/int64(pageSize), free, fi.Size())
	b.ReportMetric(float64(fi.Size())/n, "B/meeting")
	b.ReportMetric(float64(highWater)/n, "pages-B/meeting")
	b.ReportMetric(float64(inuse)/n, "inuse-B/meeting")
	b.ReportMetric(0, "ns/op")
}
