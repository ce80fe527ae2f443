package data_test

import (
	"context"
	"testing"
	"time"

	"branchbot/data"
)

// A warning reaches the secretaries only, once per stage, and moves the
// branch's cadence timer in the same transaction.
func TestSendCadenceWarningsOncePerStage(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	sec := person(1, "书记")
	br := mustBranch(t, s, "第一党支部", sec)
	mustJoin(t, s, br.ID, data.RoleMember, sec.UserID, person(2, "党员"))
	mustJoin(t, s, br.ID, data.RoleCommittee, sec.UserID, person(3, "支委"))

	utc := time.UTC
	q1, _ := data.ParsePeriod("2026-Q1")
	slots := data.Slots(q1, utc, data.CadenceTable{data.KindLecture: data.CadenceQuarterly}, nil)
	send := func(now time.Time) int {
		t.Helper()
		ws := data.CadenceWarnings(slots, nil, now, data.DefaultCadenceLead)
		next := now.Add(time.Hour)
		sent, err := s.SendCadenceWarnings(ctx, br.ID, ws, now, next, func(ws []data.CadenceWarning, lang string) string { return "warn" })
		if err != nil {
			t.Fatal(err)
		}
		if has, err := s.HasTimer(data.TimerCadence, br.ID); err != nil || !has {
			t.Errorf("no cadence timer after sending: %v", err)
		}
		return len(sent)
	}
	lead := time.Date(2026, 3, 20, 9, 0, 0, 0, utc)
	if n := send(lead); n != 1 {
		t.Fatalf("first warning: %d sent", n)
	}
	if n := send(lead.Add(time.Hour)); n != 0 {
		t.Errorf("the first warning was sent again")
	}
	if n := send(time.Date(2026, 3, 26, 9, 0, 0, 0, utc)); n != 1 {
		t.Errorf("the last-week warning: %d sent", n)
	}
	if n := send(time.Date(2026, 3, 27, 9, 0, 0, 0, utc)); n != 0 {
		t.Errorf("the last-week warning was sent again")
	}
	due, _, err := s.DueOutbox(time.Date(2026, 4, 1, 0, 0, 0, 0, utc), 100, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 2 {
		t.Fatalf("%d messages queued, want 2", len(due))
	}
	for _, m := range due {
		if m.ChatID != sec.UserID {
			t.Errorf("a warning went to %d, not the secretary", m.ChatID)
		}
	}
}
