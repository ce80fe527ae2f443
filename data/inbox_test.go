package data_test

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"branchbot/data"
)

func raw(id int64) data.RawUpdate {
	return data.RawUpdate{ID: id, JSON: fmt.Appendf(nil, `{"update_id":%d,"message":{"text":"hi"}}`, id)}
}

func ids(us []data.RawUpdate) []int64 {
	out := []int64{}
	for _, u := range us {
		out = append(out, u.ID)
	}
	return out
}

func wantInbox(t *testing.T, s *data.Store, want ...int64) {
	t.Helper()
	got, err := s.Inbox()
	if err != nil {
		t.Fatal(err)
	}
	if want == nil {
		want = []int64{}
	}
	if !reflect.DeepEqual(ids(got), want) {
		t.Fatalf("inbox = %v; want %v", ids(got), want)
	}
}

func TestReceiveKeepsUpdatesUntilHandled(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	s := openAt(t, path)
	fresh, err := s.Receive(t.Context(), []data.RawUpdate{raw(10), raw(11), raw(12)})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(fresh); !reflect.DeepEqual(got, []int64{10, 11, 12}) {
		t.Fatalf("fresh = %v", got)
	}
	wantInbox(t, s, 10, 11, 12)

	// Handled by a write (WithUpdate) or by MarkUpdate: out of the inbox.
	if _, err := s.CreateBranch(update(t, 11), "Branch", person(1, "Ann"), t0); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkUpdate(10, t0); err != nil {
		t.Fatal(err)
	}
	wantInbox(t, s, 12)

	// Telegram delivers them again (the confirmation was lost): only the
	// ones neither handled nor waiting are new.
	fresh, err = s.Receive(t.Context(), []data.RawUpdate{raw(10), raw(11), raw(12), raw(13)})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(fresh); !reflect.DeepEqual(got, []int64{13}) {
		t.Fatalf("fresh on redelivery = %v; want [13]", got)
	}

	// A restart finds what was not handled, oldest first, as received.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	got, err := s.Inbox()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, []data.RawUpdate{raw(12), raw(13)}) {
		t.Fatalf("inbox after reopen = %v", got)
	}
}

func TestReceiveNothing(t *testing.T) {
	s := openStore(t)
	fresh, err := s.Receive(t.Context(), nil)
	if err != nil || len(fresh) != 0 {
		t.Fatalf("Receive(nil) = %v, %v", fresh, err)
	}
	wantInbox(t, s)
}
