package data_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"branchbot/data"
)

// readSchema reads meta/schema straight from a closed store file.
func readSchema(t *testing.T, path string) (uint64, bool) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("bolt.Open(%s): %v", path, err)
	}
	defer db.Close()
	var (
		v     uint64
		found bool
	)
	err = db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("meta"))
		if b == nil {
			return nil
		}
		raw := b.Get([]byte("schema"))
		if raw == nil {
			return nil
		}
		if len(raw) != 8 {
			t.Errorf("schema value is %d bytes; want 8", len(raw))
			return nil
		}
		v, found = binary.BigEndian.Uint64(raw), true
		return nil
	})
	if err != nil {
		t.Fatalf("read schema: %v", err)
	}
	return v, found
}

// writeMeta writes raw as meta/schema with bbolt directly (creating the file
// if needed) and closes it.
func writeMeta(t *testing.T, path string, raw []byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatalf("bolt.Open(%s): %v", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucketIfNotExists([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("schema"), raw)
	})
	if err != nil {
		t.Fatalf("write schema: %v", err)
	}
	if err := db.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
}

func be64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func TestOpenCreatesFileWithMode0600(t *testing.T) {
	path := storePath(t)
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("store file exists before Open: %v", err)
	}
	s := openAt(t, path)
	if got := s.Path(); got != path {
		t.Errorf("Path() = %q; want %q", got, path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("stat: %v", err)
	}
	if !fi.Mode().IsRegular() {
		t.Errorf("store file mode %v is not a regular file", fi.Mode())
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("store file permissions = %#o; want 0600", perm)
	}
}

func TestOpenWritesSchemaVersion(t *testing.T) {
	if data.SchemaVersion < 1 {
		t.Fatalf("SchemaVersion = %d; want at least 1", data.SchemaVersion)
	}
	path := storePath(t)
	s := openAt(t, path)
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	v, ok := readSchema(t, path)
	if !ok || v != data.SchemaVersion {
		t.Fatalf("meta/schema = %d (present %v); want %d", v, ok, data.SchemaVersion)
	}
}

func TestOpenMigratesOlderSchema(t *testing.T) {
	// A store whose meta says schema 0 (nothing migrated yet) is brought up
	// to date and then fully usable.
	path := storePath(t)
	writeMeta(t, path, be64(0))
	s := openAt(t, path)
	br := mustBranch(t, s, "Migrated", person(1, "Ann"))
	if got := mustMember(t, s, 1); got.BranchID != br.ID {
		t.Fatalf("member branch = %d; want %d", got.BranchID, br.ID)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if v, _ := readSchema(t, path); v != data.SchemaVersion {
		t.Fatalf("schema after migration = %d; want %d", v, data.SchemaVersion)
	}
}

func TestReopenKeepsData(t *testing.T) {
	path := storePath(t)
	ctx := t.Context()

	s := openAt(t, path)
	founder := person(100, "Founder")
	br := mustBranch(t, s, "  Branch One  ", founder)
	joined := mustJoin(t, s, br.ID, data.RoleCommittee, founder.UserID, person(200, "Joiner"))
	g, err := s.AddGroup(ctx, br.ID, "Group A")
	if err != nil {
		t.Fatalf("AddGroup: %v", err)
	}
	if _, _, err := s.SetMemberGroup(ctx, br.ID, 200, "group a"); err != nil {
		t.Fatalf("SetMemberGroup: %v", err)
	}
	chat := data.ChatBinding{ChatID: -1001234567890, BranchID: br.ID, Title: "Chat", BoundBy: 100, BoundAt: t0}
	if _, err := s.BindChat(ctx, chat); err != nil {
		t.Fatalf("BindChat: %v", err)
	}
	if err := s.MarkUpdate(77, t0); err != nil {
		t.Fatalf("MarkUpdate: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}

	s = openAt(t, path)
	gotBr, err := s.Branch(br.ID)
	if err != nil {
		t.Fatalf("Branch after reopen: %v", err)
	}
	if !reflect.DeepEqual(gotBr, br) {
		t.Errorf("Branch after reopen = %+v; want %+v", gotBr, br)
	}
	if gotBr.Name != "Branch One" {
		t.Errorf("branch name = %q; want it trimmed to %q", gotBr.Name, "Branch One")
	}
	want := joined
	want.GroupID = g.ID
	if got := mustMember(t, s, 200); got != want {
		t.Errorf("member after reopen = %+v; want %+v", got, want)
	}
	if got := mustMember(t, s, 100); got.Role != data.RoleSecretary {
		t.Errorf("founder role after reopen = %q; want secretary", got.Role)
	}
	if gs, err := s.Groups(br.ID); err != nil || len(gs) != 1 || gs[0] != g {
		t.Errorf("Groups after reopen = %+v, %v; want [%+v]", gs, err, g)
	}
	if b, ok, err := s.ChatBinding(chat.ChatID); err != nil || !ok || b != chat {
		t.Errorf("ChatBinding after reopen = %+v, %v, %v; want %+v", b, ok, err, chat)
	}
	wantProcessed(t, s, 77, true)

	// Sequences survive too: the next branch gets a new id.
	br2 := mustBranch(t, s, "Branch Two", person(300, "Other"))
	if br2.ID == br.ID {
		t.Errorf("second branch reused id %d", br.ID)
	}
}

func TestOpenSchemaNewer(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"bare bbolt file", func(t *testing.T, path string) {
			writeMeta(t, path, be64(data.SchemaVersion+1))
		}},
		{"existing store bumped", func(t *testing.T, path string) {
			s := openAt(t, path)
			mustBranch(t, s, "Old data", person(1, "Ann"))
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			writeMeta(t, path, be64(data.SchemaVersion+1))
		}},
		{"far future", func(t *testing.T, path string) {
			writeMeta(t, path, be64(1<<63))
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := storePath(t)
			tc.setup(t, path)
			before := fileBytes(t, path)
			s, err := data.Open(path, data.Options{LockTimeout: 200 * time.Millisecond})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded on a store from a newer schema")
			}
			wantErrIs(t, "Open", err, data.ErrSchemaNewer)
			if errors.Is(err, data.ErrNotAStore) || errors.Is(err, data.ErrLocked) {
				t.Errorf("Open error %v also matches another sentinel", err)
			}
			if !bytes.Equal(fileBytes(t, path), before) {
				t.Fatal("Open changed the bytes of a newer store file")
			}
			// The failed Open released the file: bbolt can open it again.
			if v, _ := readSchema(t, path); v <= data.SchemaVersion {
				t.Fatalf("schema = %d after failed Open; want it untouched", v)
			}
		})
	}
}

func TestOpenCorruptSchemaValue(t *testing.T) {
	path := storePath(t)
	writeMeta(t, path, []byte{0, 0, 1})
	before := fileBytes(t, path)
	s, err := data.Open(path, data.Options{LockTimeout: 200 * time.Millisecond})
	if err == nil {
		s.Close()
		t.Fatal("Open succeeded with a malformed schema value")
	}
	wantErrIs(t, "Open", err, data.ErrNotAStore)
	if !bytes.Equal(fileBytes(t, path), before) {
		t.Fatal("Open changed the file")
	}
}

func TestOpenNotAStore(t *testing.T) {
	text := func(n int) []byte {
		line := []byte("This is a plain text file, not a bbolt database. 0123456789\n")
		return bytes.Repeat(line, n/len(line)+1)[:n]
	}
	random := func(n int) []byte {
		// Deterministic pseudo-random bytes (xorshift), so a failure is
		// reproducible.
		b := make([]byte, n)
		x := uint64(0x9E3779B97F4A7C15)
		for i := range b {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			b[i] = byte(x)
		}
		return b
	}
	for _, tc := range []struct {
		name    string
		content []byte
	}{
		{"64KiB text", text(64 << 10)},
		{"64KiB random", random(64 << 10)},
		{"1MiB text", text(1 << 20)},
		{"1 byte", []byte("x")},
		{"100 bytes", text(100)},
		{"2KiB text", text(2048)},
		{"8KiB text", text(8192)},
		{"2049 bytes text", text(2049)},
		{"4KiB text", text(4096)},
		{"8191 bytes text", text(8191)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := storePath(t)
			if err := os.WriteFile(path, tc.content, 0o644); err != nil {
				t.Fatal(err)
			}
			s, err := data.Open(path, data.Options{LockTimeout: 200 * time.Millisecond})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded on a file that is not a store")
			}
			wantErrIs(t, "Open", err, data.ErrNotAStore)
			if !bytes.Equal(fileBytes(t, path), tc.content) {
				t.Fatal("Open changed the content of a foreign file")
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode().Perm() != 0o644 {
				t.Errorf("Open changed the file mode to %v", fi.Mode().Perm())
			}
		})
	}
}

func TestOpenMissingDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "no", "such", "dir", "branchbot.db")
	s, err := data.Open(path, data.Options{})
	if err == nil {
		s.Close()
		t.Fatal("Open succeeded in a missing directory")
	}
	for _, sentinel := range []error{data.ErrLocked, data.ErrNotAStore, data.ErrSchemaNewer} {
		if errors.Is(err, sentinel) {
			t.Errorf("Open error %v wrongly matches %v", err, sentinel)
		}
	}
	if !strings.Contains(err.Error(), path) {
		t.Errorf("Open error %q does not name the path", err)
	}
}

// TestOpenLocked relies on bbolt's flock(2) lock: flock locks belong to the
// open file description, so a second open(2) of the same file in the same
// process conflicts just as another process would (Linux and the BSDs).
func TestOpenLocked(t *testing.T) {
	path := storePath(t)
	first := openAt(t, path)
	mustBranch(t, first, "Held", person(1, "Ann"))
	before := fileBytes(t, path)

	s, err := data.Open(path, data.Options{LockTimeout: 200 * time.Millisecond})
	if err == nil {
		s.Close()
		t.Fatal("second Open of a held store succeeded")
	}
	wantErrIs(t, "second Open", err, data.ErrLocked)
	if !bytes.Equal(fileBytes(t, path), before) {
		t.Fatal("failed Open changed the file")
	}

	// The holder is unaffected, and once it lets go the file opens again.
	if _, err := first.Member(1); err != nil {
		t.Fatalf("holder lost its data: %v", err)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second := openAt(t, path)
	if _, err := second.Member(1); err != nil {
		t.Fatalf("after the holder closed: %v", err)
	}
}

// TestUnmarkedWriteLeavesItsUpdate: a side write made with Unmarked
// (refreshing a member's name before the handler's real effect) does not
// count as handling the update; the real write after it does.
func TestUnmarkedWriteLeavesItsUpdate(t *testing.T) {
	s := openStore(t)
	mustBranch(t, s, "Branch", person(1, "Ann"))
	ctx := update(t, 2001)
	if _, err := s.TouchMember(data.Unmarked(ctx), data.Person{UserID: 1, Name: "Ann B."}); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 2001, false)
	if err := s.SetMuted(ctx, 1, true); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 2001, true)
}

func TestWithUpdateMarksWrites(t *testing.T) {
	s := openStore(t)
	founder := person(1, "Ann")

	br, err := s.CreateBranch(update(t, 1001), "Branch", founder, t0)
	if err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1001, true)
	wantProcessed(t, s, 1002, false)

	// Every kind of write records its update.
	inv, err := s.CreateInvite(update(t, 1002), br.ID, data.RoleMember, 1, t0)
	if err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1002, true)
	if _, _, err := s.RedeemInvite(update(t, 1003), inv.Code, person(2, "Bob"), t0); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1003, true)
	if _, err := s.AddGroup(update(t, 1004), br.ID, "G"); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1004, true)
	if _, _, err := s.SetMemberGroup(update(t, 1005), br.ID, 2, "G"); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1005, true)
	if _, err := s.SetRole(update(t, 1006), br.ID, 2, data.RoleLeader); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1006, true)
	if _, err := s.BindChat(update(t, 1007), data.ChatBinding{ChatID: -5, BranchID: br.ID}); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1007, true)
	if err := s.MigrateChat(update(t, 1008), -5, -6); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1008, true)
	if _, err := s.TouchMember(update(t, 1009), person(2, "Bobby")); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 1009, true)
}

func TestWithUpdateFailedWriteNotMarked(t *testing.T) {
	s := openStore(t)
	founder := person(1, "Ann")
	br := mustBranch(t, s, "Branch", founder)
	other := mustBranch(t, s, "Other", person(9, "Zed"))
	used := mustInvite(t, s, br.ID, data.RoleMember, 1)
	if _, _, err := s.RedeemInvite(t.Context(), used.Code, person(2, "Bob"), t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BindChat(t.Context(), data.ChatBinding{ChatID: -7, BranchID: other.ID}); err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct {
		id     int64
		name   string
		target error
		write  func(ctx context.Context) error
	}{
		{2001, "CreateBranch by a member", data.ErrAlreadyMember, func(ctx context.Context) error {
			_, err := s.CreateBranch(ctx, "Second", founder, t0)
			return err
		}},
		{2002, "RedeemInvite unknown", data.ErrInviteUnknown, func(ctx context.Context) error {
			_, _, err := s.RedeemInvite(ctx, "nope", person(3, "Cy"), t0)
			return err
		}},
		{2003, "RedeemInvite used", data.ErrInviteUsed, func(ctx context.Context) error {
			_, _, err := s.RedeemInvite(ctx, used.Code, person(3, "Cy"), t0)
			return err
		}},
		{2004, "SetRole last secretary", data.ErrLastSecretary, func(ctx context.Context) error {
			_, err := s.SetRole(ctx, br.ID, 1, data.RoleMember)
			return err
		}},
		{2005, "SetMemberGroup unknown group", data.ErrGroupUnknown, func(ctx context.Context) error {
			_, _, err := s.SetMemberGroup(ctx, br.ID, 2, "missing")
			return err
		}},
		{2006, "BindChat bound elsewhere", data.ErrChatBoundElse, func(ctx context.Context) error {
			_, err := s.BindChat(ctx, data.ChatBinding{ChatID: -7, BranchID: br.ID})
			return err
		}},
		{2007, "TouchMember stranger", data.ErrNotMember, func(ctx context.Context) error {
			_, err := s.TouchMember(ctx, person(404, "Ghost"))
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.write(update(t, tc.id))
			wantErrIs(t, tc.name, err, tc.target)
			wantProcessed(t, s, tc.id, false)
		})
	}
}

func TestWithUpdateCancelledContext(t *testing.T) {
	s := openStore(t)
	ctx, cancel := context.WithCancel(data.WithUpdate(t.Context(), 3001))
	cancel()
	_, err := s.CreateBranch(ctx, "Never", person(1, "Ann"), t0)
	wantErrIs(t, "CreateBranch with a cancelled context", err, context.Canceled)
	wantNotMember(t, s, 1)
	wantProcessed(t, s, 3001, false)
}

func TestWithUpdateSurvivesReopen(t *testing.T) {
	// The mark is committed with the write: both are on disk together.
	path := storePath(t)
	s := openAt(t, path)
	if _, err := s.CreateBranch(update(t, 4001), "Branch", person(1, "Ann"), t0); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s = openAt(t, path)
	wantProcessed(t, s, 4001, true)
	mustMember(t, s, 1)
}

func TestMarkUpdateIdempotent(t *testing.T) {
	s := openStore(t)
	for range 3 {
		if err := s.MarkUpdate(5, t0); err != nil {
			t.Fatalf("MarkUpdate: %v", err)
		}
		wantProcessed(t, s, 5, true)
	}
	// A later mark does not move the recorded time: pruning between the
	// first and the later time still removes it.
	if err := s.MarkUpdate(5, t0.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	n, err := s.PruneUpdates(t0.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("PruneUpdates = %d; want 1", n)
	}
	wantProcessed(t, s, 5, false)

	// A WithUpdate write for an id already marked succeeds and keeps it.
	if err := s.MarkUpdate(6, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateBranch(update(t, 6), "B", person(1, "Ann"), t0); err != nil {
		t.Fatal(err)
	}
	wantProcessed(t, s, 6, true)
}

func TestPruneUpdates(t *testing.T) {
	s := openStore(t)
	marks := map[int64]time.Time{
		-3: t0.Add(-72 * time.Hour), // odd ids still work
		0:  t0.Add(-48 * time.Hour),
		10: t0.Add(-25 * time.Hour),
		11: t0.Add(-time.Nanosecond),
		12: t0, // exactly at the cutoff: kept
		13: t0.Add(time.Nanosecond),
		14: t0.Add(time.Hour),
	}
	for id, at := range marks {
		if err := s.MarkUpdate(id, at); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.PruneUpdates(t0)
	if err != nil {
		t.Fatal(err)
	}
	if n != 4 {
		t.Errorf("PruneUpdates = %d; want 4", n)
	}
	for id, at := range marks {
		wantProcessed(t, s, id, !at.Before(t0))
	}
	if n, err := s.PruneUpdates(t0); err != nil || n != 0 {
		t.Errorf("second PruneUpdates = %d, %v; want 0, nil", n, err)
	}
	if n, err := s.PruneUpdates(t0.Add(24 * time.Hour)); err != nil || n != 3 {
		t.Errorf("PruneUpdates(later) = %d, %v; want 3, nil", n, err)
	}
	for id := range marks {
		wantProcessed(t, s, id, false)
	}
	// Pruning an empty set is fine.
	if n, err := s.PruneUpdates(t0.Add(100 * time.Hour)); err != nil || n != 0 {
		t.Errorf("PruneUpdates on empty = %d, %v", n, err)
	}
}

func TestOpenForeignBoltFile(t *testing.T) {
	path := storePath(t)
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte("someone_elses"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)
	if _, err := data.Open(path, data.Options{}); !errors.Is(err, data.ErrNotAStore) {
		t.Fatalf("Open(foreign bbolt file) = %v, want ErrNotAStore", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("foreign bbolt file was changed")
	}
}
