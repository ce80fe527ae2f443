package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"branchbot/bot/tgtest"
	"branchbot/data"
)

// get fetches url and returns its status and body.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return resp.StatusCode, string(body)
}

// runningBot is the real program running against a fake Bot API with an
// admin address on a free loopback port.
type runningBot struct {
	db, admin string
	stderr    *lockedBuffer
	stop      func() int // cancels the bot and returns its exit status
}

// startWithAdmin runs the program until the owner's /neworg is answered,
// then reads the admin address it took from its log.
func startWithAdmin(t *testing.T) *runningBot {
	t.Helper()
	srv := tgtest.NewServer()
	t.Cleanup(srv.Close)
	owner := srv.NewUser("老王", "zh")
	db := filepath.Join(t.TempDir(), "b.db")
	// A key file, as after an anonymous item: backups carry it.
	if err := os.WriteFile(data.KeysPath(db), bytes.Repeat([]byte{7}, 64), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var stdout lockedBuffer
	r := &runningBot{db: db, stderr: &lockedBuffer{}}
	exit := make(chan int, 1)
	go func() {
		exit <- Main(ctx, []string{"run", "-admin-listen", "127.0.0.1:0", "-log-format", "json"}, strings.NewReader(""), &stdout, r.stderr, env(map[string]string{
			"BRANCHBOT_TOKEN":   goodToken,
			"BRANCHBOT_API_URL": srv.URL,
			"BRANCHBOT_DB":      db,
			"BRANCHBOT_OWNER":   strconv.FormatInt(owner.ID, 10),
		}))
	}()
	var stopped bool
	var code int
	r.stop = func() int {
		if !stopped {
			cancel()
			code, stopped = <-exit, true
		}
		return code
	}
	t.Cleanup(func() { r.stop() })
	wait, stop := context.WithTimeout(context.Background(), 30*time.Second)
	defer stop()
	srv.SendText(owner, owner.PrivateChat(), "/neworg 第一党支部")
	if _, err := srv.WaitRequest(wait, func(r tgtest.Request) bool {
		return r.Method == "sendMessage" && r.Params["chat_id"] == strconv.FormatInt(owner.ID, 10)
	}); err != nil {
		t.Fatalf("bot did not answer: %v\n%s", err, r.stderr.String())
	}
	// The admin address is taken and logged before the bot starts polling.
	m := regexp.MustCompile(`"admin_listen":"(127\.0\.0\.1:[0-9]+)"`).FindStringSubmatch(r.stderr.String())
	if m == nil {
		t.Fatalf("no admin address in the log:\n%s", r.stderr.String())
	}
	r.admin = m[1]
	return r
}

// The running program answers health, metrics and backups on its admin
// address, and `branchbot backup` takes its copy there while it runs.
func TestAdminAddress(t *testing.T) {
	r := startWithAdmin(t)
	base := "http://" + r.admin

	if code, body := get(t, base+"/healthz"); code != http.StatusOK || body != "ok\n" {
		t.Fatalf("/healthz = %d %q; want 200 ok", code, body)
	}
	code, body := get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics = %d", code)
	}
	for _, want := range []string{
		`branchbot_updates_handled_total{kind="message"} 1`,
		"branchbot_messages_sent_total", "branchbot_outbox_depth", "branchbot_timer_queue_depth",
		"branchbot_inbox_backlog", "branchbot_timer_lateness_seconds_bucket", "branchbot_api_requests_total",
		"go_goroutines", "process_cpu_seconds_total",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, "第一党支部") {
		t.Error("/metrics carries a branch's name")
	}
	if code, body := get(t, base+"/backup?part=nonsense"); code != http.StatusBadRequest {
		t.Errorf("/backup?part=nonsense = %d %q; want 400", code, body)
	}
	if code, _ := get(t, base+"/nothing"); code != http.StatusNotFound {
		t.Errorf("/nothing = %d; want 404", code)
	}

	// Without the admin address, the backup says why it cannot copy a
	// running bot's store.
	dest := filepath.Join(t.TempDir(), "copy.db")
	var stdout, stderr bytes.Buffer
	if code := Main(t.Context(), []string{"backup", dest}, nil, &stdout, &stderr, env(map[string]string{"BRANCHBOT_DB": r.db})); code != exitFailed {
		t.Fatalf("backup without admin address: exit %d; want %d\n%s", code, exitFailed, stderr.String())
	}
	if !strings.Contains(stderr.String(), "BRANCHBOT_ADMIN_LISTEN") || !strings.Contains(stderr.String(), "in use by a running bot") {
		t.Fatalf("backup without admin address says %q; want why", stderr.String())
	}
	if _, err := os.Stat(dest); err == nil {
		t.Fatal("a refused backup wrote its file")
	}

	stdout.Reset()
	stderr.Reset()
	if code := Main(t.Context(), []string{"backup", "-admin-listen", r.admin, dest}, nil, &stdout, &stderr, env(map[string]string{"BRANCHBOT_DB": r.db})); code != exitOK {
		t.Fatalf("backup through the admin address: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "through its admin address") || strings.Count(stdout.String(), "\n") != 1 {
		t.Fatalf("backup said %q; want one line naming the admin address", stdout.String())
	}
	checkBackup(t, dest, "第一党支部")
	if !bytes.Equal(readFile(t, data.KeysPath(dest)), bytes.Repeat([]byte{7}, 64)) {
		t.Fatal("the backup's key file is not the store's")
	}

	// The export comes the same way while the bot holds the store.
	stdout.Reset()
	stderr.Reset()
	if code := Main(t.Context(), []string{"export", "-branch", "1"}, nil, &stdout, &stderr, env(map[string]string{"BRANCHBOT_DB": r.db, "BRANCHBOT_ADMIN_LISTEN": r.admin})); code != exitOK {
		t.Fatalf("export through the admin address: exit %d\n%s", code, stderr.String())
	}
	var export struct {
		Format   string `json:"format"`
		Branches []struct {
			Branch struct {
				Name string `json:"name"`
			} `json:"branch"`
		} `json:"branches"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &export); err != nil || export.Format != "branchbot-export" || len(export.Branches) != 1 || export.Branches[0].Branch.Name != "第一党支部" {
		t.Fatalf("export through the admin address = %+v, %v\n%.300s", export, err, stdout.String())
	}
	for q, want := range map[string]int{"branch=x": http.StatusBadRequest, "branch=0": http.StatusBadRequest, "branch=99": http.StatusNotFound} {
		if code, body := get(t, base+"/export?"+q); code != want {
			t.Errorf("/export?%s = %d %q; want %d", q, code, body, want)
		}
	}

	if code := r.stop(); code != exitOK {
		t.Fatalf("bot exit %d\n%s", code, r.stderr.String())
	}
	// The branch's audit log names the operator's backup and export.
	func() {
		s, err := data.Open(r.db, data.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		log, err := s.AuditLog(1, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []data.AuditAction
		for _, e := range log {
			if e.ActorID == 0 {
				got = append(got, e.Action)
			}
		}
		if want := []data.AuditAction{data.AuditExport, data.AuditBackup}; !slices.Equal(got, want) {
			t.Errorf("the operator's entries = %v; want %v (newest first)", got, want)
		}
	}()
	if strings.Contains(r.stderr.String(), goodToken) || strings.Contains(r.stderr.String(), secretOf(goodToken)) {
		t.Fatal("token in the JSON log")
	}
	// Stopped, the store is copied directly.
	stdout.Reset()
	stderr.Reset()
	offline := filepath.Join(t.TempDir(), "offline.db")
	if code := Main(t.Context(), []string{"backup", offline, "-db", r.db}, nil, &stdout, &stderr, env(nil)); code != exitOK {
		t.Fatalf("offline backup: exit %d\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "directly") {
		t.Fatalf("offline backup said %q; want that it read the file directly", stdout.String())
	}
	checkBackup(t, offline, "第一党支部")
}

// checkBackup opens the backup at path as a store and finds the branch.
func checkBackup(t *testing.T, path, branch string) {
	t.Helper()
	if _, err := data.VerifyFile(path); err != nil {
		t.Fatalf("backup does not verify: %v", err)
	}
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := s.Branches()
	if err != nil || len(all) != 1 || all[0].Name != branch {
		t.Fatalf("backup's branches = %+v, %v; want %s", all, err, branch)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode %v; want 0600", fi.Mode().Perm())
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A taken admin port stops start-up with one line naming the setting,
// before the store is touched.
func TestAdminAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	db := filepath.Join(t.TempDir(), "b.db")
	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), []string{"run", "-api-url", "http://127.0.0.1:1"}, nil, &stdout, &stderr, env(map[string]string{
		"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_DB": db, "BRANCHBOT_ADMIN_LISTEN": ln.Addr().String(),
	}))
	if code != exitFailed {
		t.Fatalf("exit %d; want %d\n%s", code, exitFailed, stderr.String())
	}
	out := strings.TrimSpace(stderr.String())
	if strings.Count(out, "\n") != 0 || !strings.Contains(out, "BRANCHBOT_ADMIN_LISTEN") || !strings.Contains(out, "in use") {
		t.Fatalf("want one line naming BRANCHBOT_ADMIN_LISTEN and the cause, got %q", out)
	}
	if _, err := os.Stat(db); err == nil {
		t.Fatal("the store was created although start-up failed")
	}
}

// /healthz tells each fault on a line of its own, with 503.
func TestHealthzReasons(t *testing.T) {
	store, err := data.Open(filepath.Join(t.TempDir(), "b.db"), data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	reasons := []string{"no successful Bot API call for 3m0s (limit 2m10s)", "timer engine is not running"}
	a := &admin{store: store, health: func(time.Time) []string { return reasons }, metrics: newMetricsRegistry(), now: time.Now, log: discardLog()}
	srv := newLoopbackServer(t, a)
	code, body := get(t, srv+"/healthz")
	if code != http.StatusServiceUnavailable || body != strings.Join(reasons, "\n")+"\n" {
		t.Fatalf("/healthz = %d %q", code, body)
	}
	// No key file yet: the keys part is not found.
	if code, _ := get(t, srv+"/backup?part=keys"); code != http.StatusNotFound {
		t.Fatalf("/backup?part=keys without a key file = %d; want 404", code)
	}
	resp, err := http.Post(srv+"/backup", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("POST /backup = %d; want 405", resp.StatusCode)
	}
}

func discardLog() *slog.Logger { return slog.New(slog.DiscardHandler) }

// newLoopbackServer serves a's routes on 127.0.0.1 and returns the base URL.
func newLoopbackServer(t *testing.T, a *admin) string {
	t.Helper()
	srv := httptest.NewServer(a.handler())
	t.Cleanup(srv.Close)
	return srv.URL
}
