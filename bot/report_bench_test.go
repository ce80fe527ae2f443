package bot

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"branchbot/bot/i18n"
	"branchbot/data"
)

// reportBranch is a store holding a branch of 200 members with a year of
// weekly meetings (2026), most members checked in, some on leave, some
// absent and made up, two attachments a meeting.
func reportBranch(tb testing.TB) (*data.Store, data.Branch) {
	tb.Helper()
	ctx := context.Background()
	s, err := data.Open(filepath.Join(tb.TempDir(), "ledger.db"), data.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	start := time.Date(2025, 12, 1, 9, 0, 0, 0, shanghai)
	founder := data.Person{UserID: 1, Name: "书记", Lang: "zh"}
	br, err := s.CreateBranch(ctx, "第一党支部", founder, start)
	if err != nil {
		tb.Fatal(err)
	}
	const members = 200
	for id := int64(2); id <= members; id++ {
		inv, err := s.CreateInvite(ctx, br.ID, data.RoleMember, founder.UserID, start)
		if err != nil {
			tb.Fatal(err)
		}
		if _, _, err := s.RedeemInvite(ctx, inv.Code, data.Person{UserID: id, Name: fmt.Sprintf("党员%03d", id), Lang: "zh"}, start); err != nil {
			tb.Fatal(err)
		}
	}
	first := time.Date(2026, 1, 7, 19, 0, 0, 0, shanghai)
	for w := range 52 {
		at := first.AddDate(0, 0, 7*w)
		kind := data.KindAssembly
		if w%4 == 3 {
			kind = data.KindLecture
		}
		m, err := s.CreateMeeting(ctx, data.Meeting{BranchID: br.ID, Kind: kind, Title: fmt.Sprintf("第%d周学习", w+1), Start: at, Duration: time.Hour,
			CreatedBy: founder.UserID, CreatedAt: start, Minutes: &data.Minutes{Text: "传达学习会议精神", Host: "书记", Recorder: "党员002", Agenda: []string{"学习", "讨论"}, By: 1, At: at}}, nil)
		if err != nil {
			tb.Fatal(err)
		}
		// Concurrent writers share commits (bbolt's Batch), as a storm of
		// real check-ins does.
		var wg sync.WaitGroup
		for id := int64(1); id <= members; id++ {
			wg.Go(func() {
				var err error
				switch {
				case (id+int64(w))%10 == 0:
					_, _, _, err = s.RequestLeave(ctx, data.Leave{MeetingID: m.ID, UserID: id, Name: fmt.Sprint(id), Reason: "出差", At: at.Add(-time.Hour)}, 0,
						func(data.Meeting, data.Leave, string) (string, [][]data.Button) { return "", nil })
				case (id+int64(w))%10 == 1:
					_, err = s.RecordMakeUp(ctx, data.MakeUp{MeetingID: m.ID, UserID: id, At: at.Add(48 * time.Hour)})
				default:
					_, err = s.CheckIn(ctx, m.ID, br.ID, id, "", at.Add(time.Duration(id%20)*time.Minute))
				}
				if err != nil {
					tb.Error(err)
				}
			})
		}
		wg.Wait()
		for i := range 2 {
			if _, err := s.AddEvidence(ctx, br.ID, data.Evidence{MeetingID: m.ID, Kind: data.EvidencePhoto, FileID: fmt.Sprintf("f%d-%d", w, i), FileUniqueID: fmt.Sprintf("u%d-%d", w, i), By: 1, At: at}); err != nil {
				tb.Fatal(err)
			}
		}
	}
	return s, br
}

// BenchmarkLedgerReport times what /report 2026 does for that branch
// before sending: draw up the ledger, write the XLSX, draw the chart.
func BenchmarkLedgerReport(b *testing.B) {
	s, br := reportBranch(b)
	year, _ := data.ParsePeriod("2026")
	now := time.Date(2027, 1, 10, 9, 0, 0, 0, shanghai)
	l := i18n.For("zh", i18n.ZH)
	b.ReportAllocs()
	b.ResetTimer()
	var size int
	for b.Loop() {
		led, err := s.Ledger(br.ID, year, shanghai, now)
		if err != nil {
			b.Fatal(err)
		}
		if len(led.Meetings) != 52 || len(led.Members) != 200 {
			b.Fatalf("ledger of %d meetings, %d members", len(led.Meetings), len(led.Members))
		}
		book, err := ledgerWorkbook(l, led, shanghai)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := ledgerChart(l, led, shanghai); err != nil {
			b.Fatal(err)
		}
		size = len(book.Data)
	}
	b.ReportMetric(float64(size), "xlsx-bytes")
}
