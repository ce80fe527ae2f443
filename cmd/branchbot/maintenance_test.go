package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"branchbot/data"
)

var day = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// storeWithBranch makes a store at dir/name holding one branch.
func storeWithBranch(t *testing.T, dir, name, branch string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateBranch(t.Context(), branch, data.Person{UserID: 1, Name: "Ann"}, day); err != nil {
		t.Fatal(err)
	}
	return path
}

// ops runs a maintenance subcommand of the real program.
func ops(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(t.Context(), args, nil, &out, &errb, env(map[string]string{"BRANCHBOT_DB": db}))
	return code, out.String(), errb.String()
}

func TestRestoreCommand(t *testing.T) {
	dir := t.TempDir()
	db := storeWithBranch(t, dir, "b.db", "Old")
	backup := storeWithBranch(t, t.TempDir(), "backup.db", "New")
	os.WriteFile(data.KeysPath(backup), bytes.Repeat([]byte{3}, 32), 0o600)

	// Refused while a bot runs on the store.
	running, err := data.Open(db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := ops(t, db, "restore", backup)
	running.Close()
	if code != exitFailed || !strings.Contains(stderr, "stop it first") {
		t.Fatalf("restore on a running bot: exit %d, %q", code, stderr)
	}

	// Refused: not a store.
	notes := filepath.Join(dir, "notes.txt")
	os.WriteFile(notes, bytes.Repeat([]byte("minutes "), 1000), 0o600)
	if code, _, stderr := ops(t, db, "restore", notes); code != exitFailed || !strings.Contains(stderr, "not a branchbot store") {
		t.Fatalf("restore of a text file: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(db + ".bak"); err == nil {
		t.Fatal("a refused restore made a .bak")
	}

	code, stdout, stderr := ops(t, db, "restore", backup)
	if code != exitOK {
		t.Fatalf("restore: exit %d, %s", code, stderr)
	}
	if !strings.Contains(stdout, db+".bak") {
		t.Fatalf("restore said %q; want where the old store is", stdout)
	}
	checkBackup(t, db, "New")
	checkBackup(t, db+".bak", "Old")
	if !bytes.Equal(readFile(t, data.KeysPath(db)), bytes.Repeat([]byte{3}, 32)) {
		t.Fatal("the key file was not restored")
	}

	// No argument: a usage error.
	if code, _, _ := ops(t, db, "restore"); code != exitConfig {
		t.Fatalf("restore without a file: exit %d; want %d", code, exitConfig)
	}
}

func TestCompactCommand(t *testing.T) {
	db := storeWithBranch(t, t.TempDir(), "b.db", "Kept")
	running, err := data.Open(db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	code, _, stderr := ops(t, db, "compact")
	running.Close()
	if code != exitFailed || !strings.Contains(stderr, "stop it first") {
		t.Fatalf("compact on a running bot: exit %d, %q", code, stderr)
	}
	code, stdout, stderr := ops(t, db, "compact")
	if code != exitOK || !strings.Contains(stdout, "bytes") {
		t.Fatalf("compact: exit %d, %q %q", code, stdout, stderr)
	}
	checkBackup(t, db, "Kept")
}

// A backup over the admin address taken while writes stream in is a sound
// store holding every write committed before it began.
func TestAdminBackupDuringWrites(t *testing.T) {
	store, err := data.Open(filepath.Join(t.TempDir(), "b.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	a := &admin{store: store, health: func(time.Time) []string { return nil }, metrics: newMetricsRegistry(), now: time.Now, log: discardLog()}
	base := newLoopbackServer(t, a)

	ctx, stop := context.WithCancel(t.Context())
	var committed atomic.Int64
	underWay := make(chan struct{})
	writerDone := make(chan error, 1)
	go func() {
		for i := 0; ; i++ {
			if ctx.Err() != nil {
				writerDone <- nil
				return
			}
			if _, err := store.CreateBranch(context.Background(), fmt.Sprintf("B%d", i), data.Person{UserID: int64(i + 1), Name: "Ann"}, day); err != nil {
				writerDone <- err
				return
			}
			committed.Store(int64(i + 1))
			if i == 4 {
				close(underWay)
			}
		}
	}()
	select {
	case <-underWay:
	case err := <-writerDone:
		t.Fatalf("writer stopped early: %v", err)
	}
	before := committed.Load()
	dest := filepath.Join(t.TempDir(), "copy.db")
	_, stdout, stderr := func() (int, string, string) {
		var out, errb bytes.Buffer
		// The store is open here, as in a running bot: the backup goes
		// through the admin address.
		code := Main(t.Context(), []string{"backup", "-admin-listen", strings.TrimPrefix(base, "http://"), dest}, nil, &out, &errb, env(map[string]string{"BRANCHBOT_DB": store.Path()}))
		if code != exitOK {
			t.Errorf("backup: exit %d", code)
		}
		return code, out.String(), errb.String()
	}()
	stop()
	if err := <-writerDone; err != nil {
		t.Fatal(err)
	}
	if t.Failed() {
		t.Fatalf("stdout %q stderr %q", stdout, stderr)
	}
	s, err := data.Open(dest, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := s.Branches()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, br := range all {
		names[br.Name] = true
	}
	for i := range before {
		if !names[fmt.Sprintf("B%d", i)] {
			t.Errorf("backup lacks branch B%d, committed before it began", i)
		}
	}
}

func TestOpsConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"backup without file", []string{"backup"}, "want one argument"},
		{"backup bad admin", []string{"backup", "x.db", "-admin-listen", "nonsense"}, "BRANCHBOT_ADMIN_LISTEN"},
		{"compact with argument", []string{"compact", "x.db"}, "unexpected argument"},
		{"bad log format", []string{"run", "-token", goodToken, "-log-format", "xml"}, "BRANCHBOT_LOG_FORMAT"},
		{"bad admin port", []string{"run", "-token", goodToken, "-admin-listen", "127.0.0.1:http"}, "BRANCHBOT_ADMIN_LISTEN"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(t.Context(), tc.args, nil, &stdout, &stderr, env(nil))
			out := strings.TrimSpace(stderr.String())
			if code != exitConfig || strings.Count(out, "\n") != 0 || !strings.Contains(out, tc.want) {
				t.Fatalf("exit %d, %q; want %d and one line with %q", code, out, exitConfig, tc.want)
			}
		})
	}
}

// A store that is missing is said so, not created by a backup.
func TestBackupOfNoStore(t *testing.T) {
	dir := t.TempDir()
	code, _, stderr := ops(t, filepath.Join(dir, "none.db"), "backup", filepath.Join(dir, "copy.db"))
	if code != exitFailed || !strings.Contains(stderr, "no store to back up") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Fatal("backup created the store")
	}
}

func TestJSONLogRedactsToken(t *testing.T) {
	var buf bytes.Buffer
	log := newFormattedLogger(&buf, 0, "json", goodToken).With("url", "https://api.telegram.org/bot"+goodToken+"/getMe")
	log.Error("request to /bot"+goodToken+" failed", "err", os.ErrDeadlineExceeded, "detail", "bot%3A"+secretOf(goodToken))
	out := buf.String()
	if strings.Contains(out, goodToken) || strings.Contains(out, secretOf(goodToken)) {
		t.Fatalf("token in JSON log: %s", out)
	}
	var line map[string]any
	if err := json.Unmarshal([]byte(out), &line); err != nil {
		t.Fatalf("not one JSON object: %v: %s", err, out)
	}
	if !strings.Contains(line["msg"].(string), "<token>") || !strings.Contains(line["url"].(string), "<token>") {
		t.Fatalf("redaction marker missing: %s", out)
	}
}

func TestVersionOf(t *testing.T) {
	rev := "0123456789abcdef0123456789abcdef01234567"
	for _, tc := range []struct {
		name     string
		version  string
		settings map[string]string
		want     string
	}{
		{"release", "v1.2.0", nil, "v1.2.0"},
		{"devel with revision", "(devel)", map[string]string{"vcs.revision": rev, "vcs.modified": "false"}, "(devel) (0123456789ab)"},
		{"devel dirty", "(devel)", map[string]string{"vcs.revision": rev, "vcs.modified": "true"}, "(devel) (0123456789ab+dirty)"},
		{"pseudo-version names the commit", "v0.0.0-20261206120000-0123456789ab+dirty", map[string]string{"vcs.revision": rev, "vcs.modified": "true"}, "v0.0.0-20261206120000-0123456789ab+dirty"},
		{"empty", "", nil, "(devel)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			info := &debug.BuildInfo{Main: debug.Module{Version: tc.version}}
			for k, v := range tc.settings {
				info.Settings = append(info.Settings, debug.BuildSetting{Key: k, Value: v})
			}
			if got := versionOf(info); got != tc.want {
				t.Fatalf("versionOf = %q; want %q", got, tc.want)
			}
		})
	}
}

// A backup onto the store itself is refused, the store left as it was.
func TestBackupOntoTheStoreRefused(t *testing.T) {
	dir := t.TempDir()
	db := storeWithBranch(t, dir, "b.db", "第一党支部")
	before := readFile(t, db)
	for _, dest := range []string{db, filepath.Join(dir, ".", "b.db")} {
		code, _, stderr := ops(t, db, "backup", dest)
		if code != exitFailed || !strings.Contains(stderr, "is the store itself") {
			t.Fatalf("backup %s: exit %d, %q", dest, code, stderr)
		}
	}
	if !bytes.Equal(readFile(t, db), before) {
		t.Fatal("the refused backup changed the store")
	}
}
