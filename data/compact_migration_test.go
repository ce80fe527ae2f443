package data_test

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"branchbot/data"
)

// openFixtureCopy copies the schema-12 fixture into a temporary directory
// and returns its path.
func openFixtureCopy(t *testing.T) string {
	t.Helper()
	raw, err := os.ReadFile(fixtureStore)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCompactMigrationReadsBackTheSame opens a store written by the
// build that stored JSON records and checks that, migrated, it reads back
// exactly what that build read: every meeting, reminder, calendar entry,
// timer (kind, ref, instant and zone) and bucket sequence, and every
// record of the other buckets byte for byte.
func TestCompactMigrationReadsBackTheSame(t *testing.T) {
	path := openFixtureCopy(t)
	if v, _ := readSchema(t, path); v != 12 {
		t.Fatalf("fixture schema = %d; want 12, the schema that stored JSON", v)
	}
	s := openAt(t, path)
	got := dumpStore(t, s)
	if v, _ := readSchemaOf(t, s); v != data.SchemaVersion {
		t.Fatalf("schema after migration = %d; want %d", v, data.SchemaVersion)
	}
	goldenRaw, err := os.ReadFile(fixtureGolden)
	if err != nil {
		t.Fatal(err)
	}
	var want storeDump
	if err := json.Unmarshal(goldenRaw, &want); err != nil {
		t.Fatal(err)
	}
	// A later schema may add buckets; those the old store had must hold
	// the same.
	for name := range got.Sequences {
		if _, ok := want.Sequences[name]; !ok {
			delete(got.Sequences, name)
			delete(got.Raw, name)
		}
	}
	gotJSON, _ := json.MarshalIndent(got, "", "\t")
	wantJSON, _ := json.MarshalIndent(want, "", "\t")
	if !bytes.Equal(gotJSON, wantJSON) {
		diffLines(t, string(wantJSON), string(gotJSON))
	}
	// JSON shows a time's offset, not its location: compare those too.
	for _, tm := range got.Timers {
		if _, off := tm.At.Zone(); off != 0 && tm.At.Location() == time.UTC {
			t.Errorf("timer %s/%d at %v lost its zone", tm.Kind, tm.Ref, tm.At)
		}
	}
}

// TestCompactMigrationKeepsWorking checks that a migrated store goes on
// as a new one would: a timer moves, a reminder fires, a meeting is made.
func TestCompactMigrationKeepsWorking(t *testing.T) {
	s := openAt(t, openFixtureCopy(t))
	ctx := t.Context()
	first, ok, err := s.NextTimer()
	if err != nil || !ok {
		t.Fatalf("NextTimer = %v, %v", ok, err)
	}
	if first.Kind != data.TimerReminder {
		t.Fatalf("first timer = %+v; want a reminder", first)
	}
	render := func(data.Branch, data.Meeting, data.Reminder, string, time.Duration) data.NoticeMessages {
		return data.NoticeMessages{Parts: []string{"提醒"}}
	}
	if _, _, err := s.FireReminder(ctx, data.ReminderFire{ReminderID: first.Ref, Now: first.At, Render: render}); err != nil {
		t.Fatal(err)
	}
	if ok, err := s.HasTimer(first.Kind, first.Ref); err != nil || ok {
		t.Fatalf("HasTimer(fired) = %v, %v; want false", ok, err)
	}
	next, _, err := s.NextTimer()
	if err != nil || next.Kind == first.Kind && next.Ref == first.Ref && next.At.Equal(first.At) {
		t.Fatalf("NextTimer after firing = %+v, %v", next, err)
	}
	m, err := s.Meeting(1)
	if err != nil {
		t.Fatal(err)
	}
	m.ID, m.Title = 0, "迁移后的会议"
	m.Start = m.Start.AddDate(0, 1, 0)
	made, err := s.CreateMeeting(ctx, m, []data.PlannedReminder{{Offset: time.Hour, At: m.Start.Add(-time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	if made.ID != 13 {
		t.Errorf("new meeting id = %d; want 13, after the fixture's 12", made.ID)
	}
	back, err := s.Meeting(made.ID)
	if err != nil || back.Title != m.Title || !back.Start.Equal(m.Start) {
		t.Fatalf("Meeting(%d) = %+v, %v", made.ID, back, err)
	}
	rs, err := s.PendingReminders(made.ID)
	if err != nil || len(rs) != 1 || rs[0].ID != 25 {
		t.Fatalf("PendingReminders = %+v, %v; want one, id 25 after the fixture's 24", rs, err)
	}
	if ok, err := s.HasTimer(data.TimerReminder, rs[0].ID); err != nil || !ok {
		t.Fatalf("HasTimer(new reminder) = %v, %v", ok, err)
	}
}

// diffLines reports the first lines where want and got differ.
func diffLines(t *testing.T, want, got string) {
	t.Helper()
	wl, gl := bytes.Split([]byte(want), []byte("\n")), bytes.Split([]byte(got), []byte("\n"))
	shown := 0
	for i := 0; i < max(len(wl), len(gl)) && shown < 20; i++ {
		var w, g []byte
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if !bytes.Equal(w, g) {
			t.Errorf("line %d:\n want %s\n  got %s", i+1, w, g)
			shown++
		}
	}
	if shown == 0 {
		t.Errorf("dumps differ")
	}
}

// readSchemaOf reads the schema version of an open store.
func readSchemaOf(t *testing.T, s *data.Store) (uint64, bool) {
	t.Helper()
	var (
		v     uint64
		found bool
	)
	err := s.Walk(func(bucket string, k, val []byte) error {
		if bucket == "meta" && string(k) == "schema" && len(val) == 8 {
			v, found = binary.BigEndian.Uint64(val), true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return v, found
}
