package data_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"branchbot/data"
)

// An action's entry is written with the action: the new object's id is
// filled in, a second write with the same context adds nothing, and a
// refused action leaves no entry.
func TestAuditWrittenWithTheAction(t *testing.T) {
	s := openStore(t)
	founder := person(1, "Ann")
	ctx := data.WithAudit(t.Context(), data.AuditEntry{ActorID: 1, ActorName: "Ann", Action: data.AuditBranchCreate, ObjectKind: data.ObjectBranch, At: t0})
	br, err := s.CreateBranch(ctx, "第一支部", founder, t0)
	if err != nil {
		t.Fatal(err)
	}
	ctx = data.WithAudit(t.Context(), data.AuditEntry{BranchID: br.ID, ActorID: 1, ActorName: "Ann", Action: data.AuditGroupCreate, ObjectKind: data.ObjectGroup, At: t0.Add(time.Minute), Detail: "一组\nsecond line"})
	g, err := s.AddGroup(ctx, br.ID, "一组")
	if err != nil {
		t.Fatal(err)
	}
	// The same context again: the handler's second write.
	if _, err := s.AddGroup(ctx, br.ID, "二组"); err != nil {
		t.Fatal(err)
	}
	// A refused action: no entry.
	refused := data.WithAudit(t.Context(), data.AuditEntry{BranchID: br.ID, ActorID: 1, ActorName: "Ann", Action: data.AuditGroupCreate, ObjectKind: data.ObjectGroup, At: t0.Add(2 * time.Minute)})
	if _, err := s.AddGroup(refused, br.ID, "一组"); !errors.Is(err, data.ErrGroupExists) {
		t.Fatalf("AddGroup twice = %v; want ErrGroupExists", err)
	}

	got, err := s.AuditLog(br.ID, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("AuditLog = %+v; want 2 entries", got)
	}
	if e := got[0]; e.Action != data.AuditGroupCreate || e.ObjectID != int64(g.ID) || e.Detail != "一组 second line" || !e.At.Equal(t0.Add(time.Minute)) {
		t.Errorf("newest = %+v; want group.create of group %d", e, g.ID)
	}
	if e := got[1]; e.Action != data.AuditBranchCreate || e.BranchID != br.ID || e.ObjectID != int64(br.ID) || e.ActorName != "Ann" {
		t.Errorf("oldest = %+v; want branch.create of branch %d", e, br.ID)
	}
}

// AuditLog lists one branch's latest entries, newest first, and stops at
// the limit; another branch's entries stay out.
func TestAuditLogOrderAndLimit(t *testing.T) {
	s := openStore(t)
	for branch := uint64(1); branch <= 3; branch++ {
		for i := range 5 {
			e := data.AuditEntry{BranchID: branch, ActorID: 7, ActorName: "Sec", Action: data.AuditExport, At: t0.Add(time.Duration(i) * time.Hour), Detail: strings.Repeat("x", i)}
			if err := s.RecordAudit(t.Context(), e); err != nil {
				t.Fatal(err)
			}
		}
	}
	got, err := s.AuditLog(2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("AuditLog(2, 3) = %d entries; want 3", len(got))
	}
	for i, e := range got {
		if e.BranchID != 2 || len(e.Detail) != 4-i {
			t.Errorf("entry %d = %+v; want branch 2, the %d-th newest", i, e, i+1)
		}
	}
	if got, _ := s.AuditLog(3, 1000); len(got) != 5 {
		t.Errorf("AuditLog(3, 1000) = %d entries; want all 5", len(got))
	}
	if got, _ := s.AuditLog(4, 10); len(got) != 0 {
		t.Errorf("AuditLog of a branch without entries = %+v", got)
	}
	if err := s.RecordAudit(t.Context(), data.AuditEntry{BranchID: 1, Action: data.AuditMeetingCancel}); data.ErrorCode(err) != data.EInvalid {
		t.Errorf("an entry without an actor = %v; want invalid", err)
	}
}

// The entry and the action share one transaction: an entry that cannot
// be written (here, one without an actor) takes the action down with it.
func TestAuditEntryFailsItsAction(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "第一支部", person(1, "Ann"))
	ctx := data.WithAudit(t.Context(), data.AuditEntry{BranchID: br.ID, Action: data.AuditGroupCreate, ObjectKind: data.ObjectGroup})
	if _, err := s.AddGroup(ctx, br.ID, "一组"); data.ErrorCode(err) != data.EInvalid {
		t.Fatalf("AddGroup with a broken entry = %v; want invalid", err)
	}
	if gs, err := s.Groups(br.ID); err != nil || len(gs) != 0 {
		t.Errorf("groups after the failed action: %+v, %v", gs, err)
	}
	if got, _ := s.AuditLog(br.ID, 10); len(got) != 0 {
		t.Errorf("entries after the failed action: %+v", got)
	}
}

// A backup is every branch's business: the operator's entry goes to each
// branch's log, without a member as its actor; an export of one branch
// goes to that branch's alone.
func TestOperatorAudit(t *testing.T) {
	s := openStore(t)
	a := mustBranch(t, s, "第一支部", person(1, "Ann"))
	b := mustBranch(t, s, "第二支部", person(2, "Bo"))
	if err := s.RecordOperatorAudit(t.Context(), 0, data.AuditBackup, "admin address"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordOperatorAudit(t.Context(), b.ID, data.AuditExport, "branchbot export"); err != nil {
		t.Fatal(err)
	}
	for br, want := range map[uint64][]data.AuditAction{a.ID: {data.AuditBackup}, b.ID: {data.AuditExport, data.AuditBackup}} {
		log, err := s.AuditLog(br, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []data.AuditAction
		for _, e := range log {
			if e.ActorID == 0 {
				got = append(got, e.Action)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("branch %d: the operator's entries = %v; want %v", br, got, want)
		}
	}
	if err := s.RecordOperatorAudit(t.Context(), a.ID, data.AuditMeetingCancel, ""); data.ErrorCode(err) != data.EInvalid {
		t.Errorf("an operator's meeting.cancel = %v; want invalid: that needs a member", err)
	}
}

// An officer's action that changed nothing leaves no entry: deleting a
// holiday that is not there, binding a chat bound already.
func TestAuditSkipsWhatChangedNothing(t *testing.T) {
	s := openStore(t)
	br := mustBranch(t, s, "第一支部", person(1, "Ann"))
	entry := func(a data.AuditAction) context.Context {
		return data.WithAudit(t.Context(), data.AuditEntry{BranchID: br.ID, ActorID: 1, ActorName: "Ann", Action: a})
	}
	if found, err := s.DeleteHoliday(entry(data.AuditHolidayChange), br.ID, "2026-12-24"); err != nil || found {
		t.Fatalf("DeleteHoliday of nothing = %v, %v", found, err)
	}
	bind := data.ChatBinding{ChatID: -100, BranchID: br.ID, Title: "支部群"}
	for i, want := range []bool{true, false} {
		if created, err := s.BindChat(entry(data.AuditChatBind), bind); err != nil || created != want {
			t.Fatalf("BindChat #%d = %v, %v; want %v", i+1, created, err, want)
		}
	}
	log, err := s.AuditLog(br.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []data.AuditAction
	for _, e := range log {
		got = append(got, e.Action)
	}
	if want := []data.AuditAction{data.AuditChatBind}; !slices.Equal(got, want) {
		t.Errorf("entries %v; want only the first bind", got)
	}
}
