package data_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	bolt "go.etcd.io/bbolt"

	"branchbot/data"
)

// branchNames lists the names of the branches in the store at path.
func branchNames(t *testing.T, path string) map[string]bool {
	t.Helper()
	s := openAt(t, path)
	defer s.Close()
	all, err := s.Branches()
	if err != nil {
		t.Fatalf("Branches: %v", err)
	}
	names := map[string]bool{}
	for _, br := range all {
		names[br.Name] = true
	}
	return names
}

// A backup taken while writes stream in is a sound store holding every
// write committed before it began.
func TestWriteBackupDuringWrites(t *testing.T) {
	s := openStore(t)
	for i := range 20 {
		mustBranch(t, s, fmt.Sprintf("Before %d", i), person(int64(i+1), "Ann"))
	}
	ctx, stop := context.WithCancel(t.Context())
	var committed atomic.Int64
	writerDone := make(chan error, 1)
	underWay := make(chan struct{}) // closed after the writer's fifth commit
	go func() {
		for i := 0; ; i++ {
			if ctx.Err() != nil {
				writerDone <- nil
				return
			}
			if _, err := s.CreateBranch(context.Background(), fmt.Sprintf("During %d", i), person(int64(1000+i), "Bob"), t0); err != nil {
				writerDone <- fmt.Errorf("write %d: %w", i, err)
				return
			}
			committed.Store(int64(i + 1))
			if i == 4 {
				close(underWay)
			}
		}
	}()
	// The copy begins with the writer under way, so the two overlap.
	select {
	case <-underWay:
	case err := <-writerDone:
		t.Fatalf("writer stopped early: %v", err)
	}
	before := committed.Load()
	var buf bytes.Buffer
	n, err := s.WriteBackup(&buf)
	stop()
	if werr := <-writerDone; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatalf("WriteBackup: %v", err)
	}
	if n != int64(buf.Len()) {
		t.Fatalf("WriteBackup reported %d bytes, wrote %d", n, buf.Len())
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := os.WriteFile(copyPath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	schema, err := data.VerifyFile(copyPath)
	if err != nil {
		t.Fatalf("VerifyFile(copy): %v", err)
	}
	if schema != data.SchemaVersion {
		t.Fatalf("copy's schema = %d; want %d", schema, data.SchemaVersion)
	}
	names := branchNames(t, copyPath)
	for i := range 20 {
		if !names[fmt.Sprintf("Before %d", i)] {
			t.Errorf("copy lacks branch Before %d", i)
		}
	}
	for i := range before {
		if !names[fmt.Sprintf("During %d", i)] {
			t.Errorf("copy lacks branch During %d, committed before the copy began", i)
		}
	}
}

func TestVerifyFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	s := openAt(t, good)
	mustBranch(t, s, "Kept", person(1, "Ann"))
	s.Close()
	if v, err := data.VerifyFile(good); err != nil || v != data.SchemaVersion {
		t.Fatalf("VerifyFile(good) = %d, %v; want %d, nil", v, err, data.SchemaVersion)
	}

	notStore := filepath.Join(dir, "notes.txt")
	os.WriteFile(notStore, bytes.Repeat([]byte("minutes of the meeting\n"), 2000), 0o600)
	_, err := data.VerifyFile(notStore)
	wantErrIs(t, "VerifyFile(text)", err, data.ErrNotAStore)

	newer := filepath.Join(dir, "newer.db")
	writeMeta(t, newer, be64(data.SchemaVersion+1))
	_, err = data.VerifyFile(newer)
	wantErrIs(t, "VerifyFile(newer)", err, data.ErrSchemaNewer)

	foreign := filepath.Join(dir, "foreign.db")
	writeForeignBolt(t, foreign)
	_, err = data.VerifyFile(foreign)
	wantErrIs(t, "VerifyFile(foreign bbolt)", err, data.ErrNotAStore)

	_, err = data.VerifyFile(filepath.Join(dir, "missing.db"))
	wantErrIs(t, "VerifyFile(missing)", err, os.ErrNotExist)
}

// restoreFixture makes a target store with branch "Old" and a key file,
// and a backup with branch "New" and its own key file.
func restoreFixture(t *testing.T) (target, backup string) {
	t.Helper()
	dir := t.TempDir()
	target = filepath.Join(dir, "branchbot.db")
	s := openAt(t, target)
	mustBranch(t, s, "Old", person(1, "Ann"))
	s.Close()
	os.WriteFile(data.KeysPath(target), bytes.Repeat([]byte{1}, 32), 0o600)

	backup = filepath.Join(t.TempDir(), "backup.db")
	b := openAt(t, backup)
	mustBranch(t, b, "New", person(2, "Bob"))
	b.Close()
	os.WriteFile(data.KeysPath(backup), bytes.Repeat([]byte{2}, 64), 0o600)
	return target, backup
}

func TestRestoreReplacesAndKeepsTheOld(t *testing.T) {
	target, backup := restoreFixture(t)
	oldStore, oldKeys := fileBytes(t, target), fileBytes(t, data.KeysPath(target))
	got, err := data.Restore(target, backup)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if got.Kept != target+".bak" || got.KeptKeys != data.KeysPath(target)+".bak" || !got.Keys || got.Schema != data.SchemaVersion {
		t.Fatalf("Restore = %+v", got)
	}
	if !bytes.Equal(fileBytes(t, target+".bak"), oldStore) || !bytes.Equal(fileBytes(t, data.KeysPath(target)+".bak"), oldKeys) {
		t.Fatal("the old store or key file was not kept as .bak")
	}
	if !bytes.Equal(fileBytes(t, data.KeysPath(target)), fileBytes(t, data.KeysPath(backup))) {
		t.Fatal("the backup's key file was not restored")
	}
	if names := branchNames(t, target); !names["New"] || names["Old"] {
		t.Fatalf("restored store has branches %v; want New only", names)
	}
	if fi, _ := os.Stat(target); fi.Mode().Perm() != 0o600 {
		t.Fatalf("restored store mode %v; want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(target))
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".db" && filepath.Ext(e.Name()) != ".bak" && filepath.Ext(e.Name()) != ".keys" {
			t.Errorf("left behind: %s", e.Name())
		}
	}
}

// A backup without a key file takes the old key file away (kept as .bak):
// its keys open nothing in the restored store.
func TestRestoreWithoutKeys(t *testing.T) {
	target, backup := restoreFixture(t)
	os.Remove(data.KeysPath(backup))
	got, err := data.Restore(target, backup)
	if err != nil {
		t.Fatalf("Restore: %v", err)
	}
	if got.Keys {
		t.Fatal("Restore says keys came with a backup that has none")
	}
	if _, err := os.Stat(data.KeysPath(target)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("old key file still in place: %v", err)
	}
}

func TestRestoreRefuses(t *testing.T) {
	for _, tc := range []struct {
		name string
		// setup spoils the restore; done undoes what must be undone.
		setup func(t *testing.T, target, backup string) (done func())
		want  error
	}{
		{"bot running on the target", func(t *testing.T, target, _ string) func() {
			s := openAt(t, target)
			return func() { s.Close() }
		}, data.ErrLocked},
		{"backup is not a store", func(t *testing.T, _, backup string) func() {
			os.WriteFile(backup, bytes.Repeat([]byte("not a store "), 1000), 0o600)
			return func() {}
		}, data.ErrNotAStore},
		{"backup from a newer branchbot", func(t *testing.T, _, backup string) func() {
			writeMeta(t, backup, be64(data.SchemaVersion+1))
			return func() {}
		}, data.ErrSchemaNewer},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target, backup := restoreFixture(t)
			done := tc.setup(t, target, backup)
			store, keys := fileBytes(t, target), fileBytes(t, data.KeysPath(target))
			_, err := data.Restore(target, backup)
			done()
			wantErrIs(t, "Restore", err, tc.want)
			if !bytes.Equal(fileBytes(t, target), store) || !bytes.Equal(fileBytes(t, data.KeysPath(target)), keys) {
				t.Fatal("a refused restore changed the target")
			}
			if _, err := os.Stat(target + ".bak"); !errors.Is(err, os.ErrNotExist) {
				t.Fatal("a refused restore made a .bak")
			}
		})
	}
}

func TestCompact(t *testing.T) {
	path := storePath(t)
	s := openAt(t, path)
	first := mustBranch(t, s, "Kept", person(1, "Ann"))
	// Updates received fill pages, handling them frees the pages: the
	// file keeps its size until compacted.
	var raws []data.RawUpdate
	for i := range 100 {
		raws = append(raws, data.RawUpdate{ID: int64(i), JSON: fmt.Appendf(nil, `{"update_id":%d,"pad":%q}`, i, bytes.Repeat([]byte("x"), 16<<10))})
	}
	if _, err := s.Receive(t.Context(), raws, t0); err != nil {
		t.Fatal(err)
	}
	for _, u := range raws {
		if err := s.MarkUpdate(u.ID, t0); err != nil {
			t.Fatal(err)
		}
	}
	// A running bot holds the file.
	if _, _, err := data.Compact(path); !errors.Is(err, data.ErrLocked) {
		t.Fatalf("Compact while open: %v; want ErrLocked", err)
	}
	s.Close()

	before, after, err := data.Compact(path)
	if err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if after >= before {
		t.Fatalf("Compact: %d → %d bytes; want smaller", before, after)
	}
	if fi, _ := os.Stat(path); fi.Size() != after || fi.Mode().Perm() != 0o600 {
		t.Fatalf("file is %d bytes, mode %v; want %d, 0600", fi.Size(), fi.Mode().Perm(), after)
	}
	s = openAt(t, path)
	if br, err := s.Branch(first.ID); err != nil || br.Name != "Kept" {
		t.Fatalf("Branch after compaction = %+v, %v", br, err)
	}
	// Bucket sequences survive: a new branch does not reuse an id.
	next := mustBranch(t, s, "Next", person(2, "Bob"))
	if next.ID <= first.ID {
		t.Fatalf("new branch id %d after compaction; want > %d", next.ID, first.ID)
	}
}

func TestCompactRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	notStore := filepath.Join(dir, "notes.txt")
	os.WriteFile(notStore, bytes.Repeat([]byte("x"), 10000), 0o600)
	if _, _, err := data.Compact(notStore); !errors.Is(err, data.ErrNotAStore) {
		t.Fatalf("Compact(text): %v; want ErrNotAStore", err)
	}
	newer := filepath.Join(dir, "newer.db")
	writeMeta(t, newer, be64(data.SchemaVersion+1))
	before := fileBytes(t, newer)
	if _, _, err := data.Compact(newer); !errors.Is(err, data.ErrSchemaNewer) {
		t.Fatalf("Compact(newer): %v; want ErrSchemaNewer", err)
	}
	if !bytes.Equal(fileBytes(t, newer), before) {
		t.Fatal("a refused compaction changed the file")
	}
}

// writeForeignBolt writes a bbolt file that some other program made.
func writeForeignBolt(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		_, err := tx.CreateBucket([]byte("someone_elses"))
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

func TestQueueFigures(t *testing.T) {
	s := openStore(t)
	if err := s.Ping(); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if _, err := s.Receive(t.Context(), []data.RawUpdate{{ID: 1, JSON: []byte(`{"update_id":1}`)}, {ID: 2, JSON: []byte(`{"update_id":2}`)}}, t0); err != nil {
		t.Fatal(err)
	}
	if err := s.SetTimer(t.Context(), "test", 7, t0); err != nil {
		t.Fatal(err)
	}
	if n, err := s.InboxLen(); err != nil || n != 2 {
		t.Fatalf("InboxLen = %d, %v; want 2", n, err)
	}
	if n, err := s.TimerLen(); err != nil || n != 1 {
		t.Fatalf("TimerLen = %d, %v; want 1", n, err)
	}
	s.Close()
	if err := s.Ping(); err == nil {
		t.Fatal("Ping on a closed store succeeded")
	}
}
