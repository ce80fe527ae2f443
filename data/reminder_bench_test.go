package data_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"branchbot/data"
)

// Benchmarks of the reminder engine's store side: how fast reminders go
// into the durable timer queue, and what finding and firing the next due
// one costs as the queue grows. Every meeting is real (meeting record,
// index entry, two reminder records and their timers), written through the
// store's exported API; nothing is loaded into bbolt behind its back.
//
//	go test ./data -run XXX -bench 'BenchmarkReminderEnqueue' -benchtime 1x
//	go test ./data -run XXX -bench 'BenchmarkReminderQueue' -timeout 30m

// rbNow is the benchmarks' "now"; every meeting starts years after it, so
// nothing is ever missed or past.
var rbNow = time.Date(2026, time.November, 25, 9, 0, 0, 0, time.UTC)

// rbRemind are the branch defaults: a day and an hour before.
var rbRemind = []time.Duration{24 * time.Hour, time.Hour}

// rbMembers is the size of the benchmark branch: every meeting is an
// assembly, so a fired reminder goes to all of them.
const rbMembers = 10

// rbBranch opens a fresh store at path with one branch of rbMembers
// members. The caller closes it.
func rbBranch(b testing.TB, path string) (*data.Store, data.Branch) {
	b.Helper()
	s, err := data.Open(path, data.Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	founder := data.Person{UserID: 1001, Name: "书记", Lang: "zh"}
	br, err := s.CreateBranch(ctx, "第一党支部", founder, rbNow)
	if err != nil {
		b.Fatal(err)
	}
	for i := 1; i < rbMembers; i++ {
		inv, err := s.CreateInvite(ctx, br.ID, data.RoleMember, founder.UserID, rbNow)
		if err != nil {
			b.Fatal(err)
		}
		p := data.Person{UserID: int64(1001 + i), Name: fmt.Sprintf("党员%d", i), Lang: "zh"}
		if _, _, err := s.RedeemInvite(ctx, inv.Code, p, rbNow); err != nil {
			b.Fatal(err)
		}
	}
	return s, br
}

// rbMeeting is the i-th benchmark meeting with its two planned reminders.
// Starts are random minutes in 2030–2034, so reminders reach the timer
// queue in random order, as real meetings do.
func rbMeeting(br data.Branch, rng *rand.Rand, i int) (data.Meeting, []data.PlannedReminder) {
	from := time.Date(2030, time.January, 1, 0, 0, 0, 0, time.UTC)
	start := from.Add(time.Duration(rng.IntN(5*365*24*60)) * time.Minute)
	m := data.Meeting{
		BranchID: br.ID, Kind: data.KindAssembly, Title: fmt.Sprintf("支部党员大会 第%d次", i+1),
		Start: start, Duration: 90 * time.Minute, Place: "三楼会议室",
		Remind: rbRemind, CreatedBy: 1001, CreatedAt: rbNow,
	}
	plan := make([]data.PlannedReminder, len(rbRemind))
	for k, off := range rbRemind {
		plan[k] = data.PlannedReminder{Offset: off, At: start.Add(-off)}
	}
	return m, plan
}

// rbPlanBulk creates meetings through PlanSeries, the store's one path
// that writes many meetings in one transaction (a recurring series
// planning ahead), batch meetings per transaction. Each batch gets its own
// series so that starts may come in any order; the series is stopped at
// once so that its planning timer goes. Every meeting still queues its own
// timers besides the reminders (check-in opening, the assembly's quorum
// warning, the end): callers that want reminders alone delete them.
func rbPlanBulk(b testing.TB, s *data.Store, br data.Branch, rng *rand.Rand, meetings, batch int) {
	b.Helper()
	ctx := context.Background()
	plans := make([]data.MeetingPlan, 0, batch)
	flush := func() {
		sr, err := s.CreateSeries(ctx, data.Series{BranchID: br.ID, Kind: data.KindAssembly, Rule: "bench", Title: "支部党员大会", Remind: rbRemind, CreatedBy: 1001, CreatedAt: rbNow}, time.Date(2036, time.January, 1, 0, 0, 0, 0, time.UTC), 0)
		if err != nil {
			b.Fatal(err)
		}
		until := time.Date(2036, time.January, 1, 0, 0, 0, 0, time.UTC)
		n, err := s.PlanSeries(ctx, sr.ID, until, plans, until)
		if err != nil {
			b.Fatal(err)
		}
		if n != len(plans) {
			b.Fatalf("PlanSeries created %d of %d meetings", n, len(plans))
		}
		if _, err := s.StopSeries(ctx, sr.ID, br.ID); err != nil {
			b.Fatal(err)
		}
		plans = plans[:0]
	}
	for i := range meetings {
		m, plan := rbMeeting(br, rng, i)
		plans = append(plans, data.MeetingPlan{Meeting: m, Reminders: plan})
		if len(plans) == batch || i == meetings-1 {
			flush()
		}
	}
}

// BenchmarkReminderEnqueue measures how fast reminders enter the durable
// queue: meetings with two reminders each, written the way the bot writes
// them. CreateMeeting is the real /meeting path, one transaction (a bbolt
// commit: two fsyncs) per meeting. PlanSeries is the bulk path, a series planning 1,000
// meetings per transaction. Run with -benchtime=1x.
func BenchmarkReminderEnqueue(b *testing.B) {
	const meetings = 20_000
	b.Run(fmt.Sprintf("CreateMeeting/meetings=%d", meetings), func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			s, br := rbBranch(b, filepath.Join(b.TempDir(), "bench.db"))
			rng := rand.New(rand.NewPCG(1, 2))
			ctx := context.Background()
			b.StartTimer()
			start := time.Now()
			for i := range meetings {
				m, plan := rbMeeting(br, rng, i)
				if _, err := s.CreateMeeting(ctx, m, plan); err != nil {
					b.Fatal(err)
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			rbReportEnqueue(b, s, meetings, elapsed)
			s.Close()
		}
	})
	const batch = 1_000
	b.Run(fmt.Sprintf("PlanSeries/meetings=%d/batch=%d", meetings, batch), func(b *testing.B) {
		for range b.N {
			b.StopTimer()
			s, br := rbBranch(b, filepath.Join(b.TempDir(), "bench.db"))
			rng := rand.New(rand.NewPCG(1, 2))
			b.StartTimer()
			start := time.Now()
			rbPlanBulk(b, s, br, rng, meetings, batch)
			elapsed := time.Since(start)
			b.StopTimer()
			rbReportEnqueue(b, s, meetings, elapsed)
			s.Close()
		}
	})
}

func rbReportEnqueue(b *testing.B, s *data.Store, meetings int, elapsed time.Duration) {
	b.Helper()
	if _, ok, err := s.NextTimer(); err != nil || !ok {
		b.Fatalf("NextTimer after enqueue = %v, %v", ok, err)
	}
	reminders := meetings * len(rbRemind)
	b.ReportMetric(float64(reminders)/elapsed.Seconds(), "reminders/s")
	b.ReportMetric(float64(meetings)/elapsed.Seconds(), "meetings/s")
	b.ReportMetric(elapsed.Seconds(), "s-total")
}

// BenchmarkReminderQueue builds a queue of n reminders (n/2 meetings,
// planned in bulk through PlanSeries 5,000 meetings a transaction, in
// random time order) and measures:
//
//   - Build: building the queue, per op (reminders/s, file size). This
//     writes the meetings' other timers too; they are deleted after Build,
//     untimed, so the queue holds the n reminder timers alone.
//   - NextTimer: finding the earliest due reminder, as the engine does
//     before every wait. It is one B+tree seek, so it must not grow
//     linearly with n.
//   - FireAndNext: one engine cycle on time: NextTimer, then FireReminder
//     of that timer (reminder consumed, ten attendees' messages queued in
//     the outbox, one transaction with its commit). Only for the queues
//     that a second of firing cannot drain.
//
// NextTimer and FireAndNext run on the queue Build made last.
func BenchmarkReminderQueue(b *testing.B) {
	for _, n := range []int{1_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("queued=%d", n), func(pb *testing.B) {
			var s *data.Store
			defer func() {
				if s != nil {
					s.Close()
				}
			}()
			pb.Run("Build", func(b *testing.B) {
				var (
					elapsed time.Duration
					size    int64
				)
				for i := range b.N {
					if s != nil {
						s.Close()
					}
					// The parent owns the directory: the store outlives
					// this sub-benchmark.
					path := filepath.Join(pb.TempDir(), fmt.Sprintf("bench%d.db", i))
					b.StopTimer()
					var br data.Branch
					s, br = rbBranch(b, path)
					rng := rand.New(rand.NewPCG(uint64(n), 7))
					b.StartTimer()
					start := time.Now()
					rbPlanBulk(b, s, br, rng, n/len(rbRemind), 5_000)
					elapsed += time.Since(start)
					if fi, err := os.Stat(path); err == nil {
						size = fi.Size()
					}
				}
				b.ReportMetric(float64(n*b.N)/elapsed.Seconds(), "reminders/s")
				b.ReportMetric(float64(size)/(1<<20), "file-MB")
			})
			if s == nil {
				pb.Fatal("no queue built")
			}
			if left, err := s.TestOnlyKeepTimers(context.Background(), data.TimerReminder); err != nil || left != n {
				pb.Fatalf("reminder timers left = %d, %v; want %d", left, err, n)
			}

			pb.Run("NextTimer", func(b *testing.B) {
				for b.Loop() {
					t, ok, err := s.NextTimer()
					if err != nil || !ok || t.Kind != data.TimerReminder {
						b.Fatalf("NextTimer = %+v, %v, %v", t, ok, err)
					}
				}
			})

			if n < 100_000 {
				return
			}
			pb.Run("FireAndNext", func(b *testing.B) {
				ctx := context.Background()
				render := func(br data.Branch, m data.Meeting, r data.Reminder, lang string, late time.Duration) data.NoticeMessages {
					return data.NoticeMessages{Parts: []string{"提醒：" + m.Title}}
				}
				before, err := s.OutboxLen()
				if err != nil {
					b.Fatal(err)
				}
				fired, sent := 0, 0
				for b.Loop() {
					t, ok, err := s.NextTimer()
					if err != nil || !ok || t.Kind != data.TimerReminder {
						b.Fatalf("NextTimer = %+v, %v, %v; want a reminder", t, ok, err)
					}
					k, missed, err := s.FireReminder(ctx, data.ReminderFire{ReminderID: t.Ref, Now: t.At, Render: render})
					if err != nil || missed || k != rbMembers {
						b.Fatalf("FireReminder(%d) = %d, %v, %v; want %d attendees", t.Ref, k, missed, err, rbMembers)
					}
					fired++
					sent += k
				}
				after, err := s.OutboxLen()
				if err != nil {
					b.Fatal(err)
				}
				if want := fired * rbMembers; sent != want || after-before != want {
					b.Fatalf("%d reminders fired reached %d attendees and queued %d messages; want %d", fired, sent, after-before, want)
				}
			})
		})
	}
}
