package data_test

import (
	"reflect"
	"testing"
	"time"

	"branchbot/data"
)

func TestDrafts(t *testing.T) {
	s := openStore(t)
	ctx := t.Context()
	if d, ok, err := s.CurrentDraft(1, t0); err != nil || ok {
		t.Fatalf("CurrentDraft with none = %+v, %v, %v", d, ok, err)
	}

	d1, err := s.StartDraft(ctx, data.Draft{ID: 999, UserID: 1, Kind: "notice", Stage: "text", UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if d1.ID == 0 || d1.ID == 999 || d1.UserID != 1 || d1.Kind != "notice" || d1.Stage != "text" {
		t.Fatalf("StartDraft = %+v; want a store-assigned id", d1)
	}
	other, err := s.StartDraft(ctx, data.Draft{UserID: 2, Kind: "notice", UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	// A new draft for the same user replaces the old one, with a new id.
	d2, err := s.StartDraft(ctx, data.Draft{UserID: 1, Kind: "notice", Stage: "text", UpdatedAt: t0.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if !(d1.ID < other.ID && other.ID < d2.ID) {
		t.Fatalf("draft ids %d, %d, %d; want increasing", d1.ID, other.ID, d2.ID)
	}
	cur, ok, err := s.CurrentDraft(1, t0.Add(time.Minute))
	if err != nil || !ok || !reflect.DeepEqual(cur, d2) {
		t.Fatalf("CurrentDraft = %+v, %v, %v; want %+v", cur, ok, err, d2)
	}

	// SaveDraft keeps the id and stores the changes.
	d2.Stage, d2.Text, d2.UpdatedAt = "confirm", "Meeting at 8", t0.Add(2*time.Minute)
	if err := s.SaveDraft(ctx, d2); err != nil {
		t.Fatal(err)
	}
	if cur, _, _ := s.CurrentDraft(1, t0.Add(2*time.Minute)); !reflect.DeepEqual(cur, d2) {
		t.Fatalf("after SaveDraft: %+v; want %+v", cur, d2)
	}

	// Fresh for DraftTTL after the last change, then gone.
	if _, ok, _ := s.CurrentDraft(1, d2.UpdatedAt.Add(data.DraftTTL)); !ok {
		t.Fatal("draft expired at exactly DraftTTL")
	}
	if d, ok, err := s.CurrentDraft(1, d2.UpdatedAt.Add(data.DraftTTL+time.Nanosecond)); err != nil || ok || !reflect.DeepEqual(d, data.Draft{}) {
		t.Fatalf("CurrentDraft after DraftTTL = %+v, %v, %v; want none", d, ok, err)
	}

	// EndDraft only ends the draft it names.
	for _, id := range []uint64{d1.ID, other.ID, d2.ID + 1, 0} {
		wantErrIs(t, "EndDraft(wrong id)", s.EndDraft(ctx, 1, id), data.ErrDraftGone)
	}
	wantCode(t, "EndDraft(wrong id)", s.EndDraft(ctx, 1, d1.ID), data.ENotFound)
	if _, ok, _ := s.CurrentDraft(1, d2.UpdatedAt); !ok {
		t.Fatal("a wrong EndDraft removed the draft")
	}
	if err := s.EndDraft(ctx, 1, d2.ID); err != nil {
		t.Fatalf("EndDraft = %v", err)
	}
	if _, ok, _ := s.CurrentDraft(1, d2.UpdatedAt); ok {
		t.Fatal("draft still there after EndDraft")
	}
	wantErrIs(t, "EndDraft twice", s.EndDraft(ctx, 1, d2.ID), data.ErrDraftGone)
	wantErrIs(t, "EndDraft(no draft)", s.EndDraft(ctx, 3, 1), data.ErrDraftGone)

	// The other user's draft was never touched.
	if cur, ok, _ := s.CurrentDraft(2, t0); !ok || !reflect.DeepEqual(cur, other) {
		t.Fatalf("user 2's draft = %+v, %v; want %+v", cur, ok, other)
	}
	// Ids keep increasing after drafts end.
	d3, err := s.StartDraft(ctx, data.Draft{UserID: 1, UpdatedAt: t0})
	if err != nil || d3.ID <= d2.ID {
		t.Fatalf("StartDraft after EndDraft = %+v, %v; want id > %d", d3, err, d2.ID)
	}
}

func TestDraftSurvivesReopen(t *testing.T) {
	path := storePath(t)
	s := openAt(t, path)
	d, err := s.StartDraft(t.Context(), data.Draft{UserID: 1, Kind: "notice", Stage: "confirm", Text: "x", UpdatedAt: t0})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	if cur, ok, err := s.CurrentDraft(1, t0); err != nil || !ok || !reflect.DeepEqual(cur, d) {
		t.Fatalf("after reopen: %+v, %v, %v; want %+v", cur, ok, err, d)
	}
	d2, err := s.StartDraft(t.Context(), data.Draft{UserID: 1, UpdatedAt: t0})
	if err != nil || d2.ID <= d.ID {
		t.Fatalf("id after reopen = %d; want > %d", d2.ID, d.ID)
	}
}
