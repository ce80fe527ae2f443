package data_test

import (
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"branchbot/data"
)

// i64key encodes a signed id the way the store does.
func i64key(v int64) []byte { return be64(uint64(v) ^ (1 << 63)) }

// writeSchema1 writes, with bbolt directly, a store as schema 1 left it:
// the foundation buckets and two branches (ids 1 and 2) whose JSON has no
// settings, with a secretary (7) and a member (8) in branch 1.
func writeSchema1(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatalf("bolt.Open(%s): %v", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		meta, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		if err := meta.Put([]byte("schema"), be64(1)); err != nil {
			return err
		}
		for _, name := range []string{"branches", "groups", "members", "branch_members", "invites", "chats", "updates"} {
			if _, err := tx.CreateBucket([]byte(name)); err != nil {
				return err
			}
		}
		br := tx.Bucket([]byte("branches"))
		if err := br.SetSequence(2); err != nil {
			return err
		}
		for k, v := range map[uint64]string{
			1: `{"id":1,"name":"Old","created_by":7,"created_at":"2025-03-14T09:26:53.589793238Z"}`,
			2: `{"id":2,"name":"Other","created_by":9,"created_at":"2025-03-14T09:26:53.589793238Z"}`,
		} {
			if err := br.Put(be64(k), []byte(v)); err != nil {
				return err
			}
		}
		members := tx.Bucket([]byte("members"))
		bm := tx.Bucket([]byte("branch_members"))
		for uid, v := range map[int64]string{
			7: `{"user_id":7,"branch_id":1,"role":"secretary","name":"Sec","lang":"zh","joined_at":"2025-03-14T09:26:53.589793238Z"}`,
			8: `{"user_id":8,"branch_id":1,"role":"member","name":"Mem","lang":"en","joined_at":"2025-03-14T09:26:53.589793238Z"}`,
		} {
			if err := members.Put(i64key(uid), []byte(v)); err != nil {
				return err
			}
			if err := bm.Put(append(be64(1), i64key(uid)...), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("write schema 1 store: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateSchema1To2(t *testing.T) {
	if data.SchemaVersion < 2 {
		t.Fatalf("SchemaVersion = %d; want at least 2", data.SchemaVersion)
	}
	path := storePath(t)
	writeSchema1(t, path)
	ctx := t.Context()

	s := openAt(t, path)
	created := time.Date(2025, 3, 14, 9, 26, 53, 589793238, time.UTC)
	for _, want := range []data.Branch{
		{ID: 1, Name: "Old", CreatedBy: 7, CreatedAt: created, Settings: data.DefaultSettings()},
		{ID: 2, Name: "Other", CreatedBy: 9, CreatedAt: created, Settings: data.DefaultSettings()},
	} {
		got, err := s.Branch(want.ID)
		if err != nil {
			t.Fatalf("Branch(%d): %v", want.ID, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("Branch(%d) after migration = %+v; want %+v", want.ID, got, want)
		}
	}
	if m := mustMember(t, s, 8); m.BranchID != 1 || m.Lang != "en" {
		t.Fatalf("member 8 after migration = %+v", m)
	}

	// The schema-2 buckets exist: notices, outbox, timers and drafts work.
	n, err := s.CreateNotice(ctx, data.NewNotice{BranchID: 1, Text: "hello", By: 7, Now: t0, FollowUpAt: t0.Add(time.Hour), Render: newRenderer("n").render})
	if err != nil {
		t.Fatalf("CreateNotice on migrated store: %v", err)
	}
	if n.Recipients != 1 {
		t.Fatalf("notice recipients = %d; want 1", n.Recipients)
	}
	if _, err := s.StartDraft(ctx, data.Draft{UserID: 7, Kind: "notice", UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if br := mustBranch(t, s, "New", person(20, "New")); br.ID != 3 {
		t.Fatalf("new branch id = %d; want 3 (sequence kept)", br.ID)
	}
	// Settings chosen after the migration survive a reopen: the migration
	// does not run again.
	if _, err := s.UpdateSettings(ctx, 1, func(st *data.Settings) error { st.MaxFollowUps = 1; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if v, _ := readSchema(t, path); v != data.SchemaVersion {
		t.Fatalf("schema after migration = %d; want %d", v, data.SchemaVersion)
	}
	s = openAt(t, path)
	br, err := s.Branch(1)
	if err != nil {
		t.Fatal(err)
	}
	if br.Settings.MaxFollowUps != 1 {
		t.Fatalf("settings after reopen = %+v; want MaxFollowUps 1 kept", br.Settings)
	}
	if _, err := s.Notice(n.ID); err != nil {
		t.Fatalf("notice after reopen: %v", err)
	}
}

// A message an older version parked by moving it to its retry time is put
// back in its place, with that time as its RetryAt (migration 12).
func TestMigrateMovedRetryBackToItsPlace(t *testing.T) {
	path := storePath(t)
	s := openAt(t, path)
	s.Close()
	retry := t0.Add(time.Hour)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		if err := tx.Bucket([]byte("meta")).Put([]byte("schema"), be64(11)); err != nil {
			return err
		}
		m := `{"id":5,"chat_id":42,"text":"parked","purpose":{"kind":"report"},"attempts":1,"not_before":"` + retry.Format(time.RFC3339Nano) + `","created_at":"` + t0.Format(time.RFC3339Nano) + `"}`
		if err := tx.Bucket([]byte("outbox")).Put(be64(5), []byte(m)); err != nil {
			return err
		}
		return tx.Bucket([]byte("outbox_due")).Put(append(be64(uint64(retry.UnixNano())), be64(5)...), nil)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	due, _, err := s.DueOutbox(t0, 10, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(due) != 1 || due[0].ID != 5 || !due[0].NotBefore.IsZero() || !due[0].RetryAt.Equal(retry) {
		t.Fatalf("after migration, due at t0 = %+v; want message 5 in front with RetryAt %v", due, retry)
	}
}
