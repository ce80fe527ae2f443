package data_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"branchbot/data"
)

func raw(id int64) data.RawUpdate {
	return data.RawUpdate{ID: id, Chat: 100 + id%3, JSON: fmt.Appendf(nil, `{"update_id":%d,"message":{"text":"hi"}}`, id)}
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
	fresh, err := s.Receive(t.Context(), []data.RawUpdate{raw(10), raw(11), raw(12)}, t0)
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
	fresh, err = s.Receive(t.Context(), []data.RawUpdate{raw(10), raw(11), raw(12), raw(13)}, t0.Add(time.Minute))
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
	waiting, err := s.Waiting()
	if err != nil {
		t.Fatal(err)
	}
	if !equalRaw(waiting, []data.RawUpdate{{ID: 12, Chat: raw(12).Chat}, {ID: 13, Chat: raw(13).Chat}}) {
		t.Fatalf("waiting = %+v", waiting)
	}
	want := raw(13)
	want.ReceivedAt = t0.Add(time.Minute)
	u, ok, err := s.InboxUpdate(13)
	if err != nil || !ok || !equalRaw([]data.RawUpdate{u}, []data.RawUpdate{want}) {
		t.Fatalf("InboxUpdate(13) = %+v, %v, %v", u, ok, err)
	}
	// Each attempt after a restart is counted before it is made.
	for attempt := 1; attempt <= 2; attempt++ {
		want.Attempts = attempt
		u, ok, err := s.AttemptUpdate(13)
		if err != nil || !ok || !equalRaw([]data.RawUpdate{u}, []data.RawUpdate{want}) {
			t.Fatalf("AttemptUpdate(13) #%d = %+v, %v, %v", attempt, u, ok, err)
		}
	}
	if u, _, _ := s.InboxUpdate(13); u.Attempts != 2 {
		t.Fatalf("attempts on record = %d; want 2", u.Attempts)
	}
	for _, get := range []func(int64) (data.RawUpdate, bool, error){s.InboxUpdate, s.AttemptUpdate} {
		if _, ok, err := get(11); err != nil || ok {
			t.Fatalf("reading handled update 11 = %v, %v", ok, err)
		}
	}
}

func equalRaw(a, b []data.RawUpdate) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ID != b[i].ID || string(a[i].JSON) != string(b[i].JSON) || !a[i].ReceivedAt.Equal(b[i].ReceivedAt) || a[i].Attempts != b[i].Attempts || a[i].Chat != b[i].Chat {
			return false
		}
	}
	return true
}

// A damaged inbox entry comes back without JSON, for the bot to pass over;
// the others are unharmed.
func TestInboxDamagedEntry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	s := openAt(t, path)
	if _, err := s.Receive(t.Context(), []data.RawUpdate{raw(1), raw(2)}, t0); err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		k := make([]byte, 8)
		binary.BigEndian.PutUint64(k, uint64(1)^(1<<63))
		return tx.Bucket([]byte("inbox")).Put(k, []byte{1, 2})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	got, err := s.Inbox()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 1 || got[0].JSON != nil || got[1].ID != 2 || got[1].JSON == nil {
		t.Fatalf("Inbox = %+v", got)
	}
	for _, get := range []func(int64) (data.RawUpdate, bool, error){s.InboxUpdate, s.AttemptUpdate} {
		if u, ok, err := get(1); err != nil || !ok || u.JSON != nil {
			t.Fatalf("reading the damaged entry = %+v, %v, %v", u, ok, err)
		}
	}
	if err := s.MarkUpdate(1, t0); err != nil {
		t.Fatal(err)
	}
	wantInbox(t, s, 2)
}

// A refused check-in still records its update as handled, in the same
// commit: it leaves the inbox and is not handled again.
func TestRefusedCheckInMarksItsUpdate(t *testing.T) {
	s := openStore(t)
	if _, err := s.Receive(t.Context(), []data.RawUpdate{raw(77)}, t0); err != nil {
		t.Fatal(err)
	}
	_, err := s.CheckIn(update(t, 77), 999, 1, 5, "", t0)
	if !errors.Is(err, data.ErrMeetingUnknown) {
		t.Fatalf("CheckIn to no meeting = %v", err)
	}
	wantProcessed(t, s, 77, true)
	wantInbox(t, s)
}

func TestReceiveNothing(t *testing.T) {
	s := openStore(t)
	fresh, err := s.Receive(t.Context(), nil, t0)
	if err != nil || len(fresh) != 0 {
		t.Fatalf("Receive(nil) = %v, %v", fresh, err)
	}
	wantInbox(t, s)
}
