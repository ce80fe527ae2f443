package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"branchbot/data"
)

// newExportStore makes a store with two branches and closes it.
func newExportStore(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "b.db")
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	for i, name := range []string{"第一党支部", "第二党支部"} {
		if _, err := s.CreateBranch(t.Context(), name, data.Person{UserID: int64(i + 1), Name: "Sec"}, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// branchNames reads the branches' names out of an export.
func branchNames(t *testing.T, doc []byte) []string {
	t.Helper()
	var d struct {
		Format   string
		Branches []struct{ Branch struct{ Name string } }
	}
	if err := json.Unmarshal(doc, &d); err != nil || d.Format != data.ExportFormat {
		t.Fatalf("not an export (%v): %.200s", err, doc)
	}
	var out []string
	for _, b := range d.Branches {
		out = append(out, b.Branch.Name)
	}
	return out
}

// A stopped bot's store is read directly: every branch to standard
// output, or one branch to a private file.
func TestExportFromStore(t *testing.T) {
	path := newExportStore(t)
	var stdout, stderr bytes.Buffer
	if code := Main(t.Context(), []string{"export"}, strings.NewReader(""), &stdout, &stderr, env(map[string]string{"BRANCHBOT_DB": path})); code != exitOK {
		t.Fatalf("export = %d: %s", code, stderr.String())
	}
	if got := branchNames(t, stdout.Bytes()); len(got) != 2 {
		t.Errorf("branches %v; want both", got)
	}
	if !strings.Contains(stderr.String(), "read the store "+path+" directly") {
		t.Errorf("stderr %q does not say where the export came from", stderr.String())
	}

	out := filepath.Join(t.TempDir(), "export.json")
	stdout.Reset()
	stderr.Reset()
	if code := Main(t.Context(), []string{"export", "-db", path, "-branch", "2", "-o", out}, strings.NewReader(""), &stdout, &stderr, env(nil)); code != exitOK {
		t.Fatalf("export -branch 2 = %d: %s", code, stderr.String())
	}
	if stdout.Len() != 0 {
		t.Errorf("stdout got %d bytes with -o", stdout.Len())
	}
	doc, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if got := branchNames(t, doc); len(got) != 1 || got[0] != "第二党支部" {
		t.Errorf("branches %v; want 第二党支部", got)
	}
	if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode %v; want 0600", fi.Mode().Perm())
	}
}

// Refusals: flags that make no sense, a store that is not there (and is
// not created), a branch that does not exist (no file is left).
func TestExportRefusals(t *testing.T) {
	path := newExportStore(t)
	for _, tt := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"bad branch", []string{"-db", path, "-branch", "abc"}, exitConfig, "-branch \"abc\" is not a branch id"},
		{"branch 0", []string{"-db", path, "-branch", "0"}, exitConfig, "is not a branch id"},
		{"extra argument", []string{"-db", path, "now"}, exitConfig, "unexpected argument"},
		{"no store", []string{"-db", filepath.Join(t.TempDir(), "none.db")}, exitFailed, "no store at"},
		{"unknown branch", []string{"-db", path, "-branch", "9", "-o", filepath.Join(t.TempDir(), "x.json")}, exitFailed, "branch 9 not found"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(t.Context(), append([]string{"export"}, tt.args...), strings.NewReader(""), &stdout, &stderr, env(nil))
			if code != tt.code || !strings.Contains(stderr.String(), tt.want) {
				t.Errorf("export %v = %d, %q; want %d with %q", tt.args, code, stderr.String(), tt.code, tt.want)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "none.db")); err == nil {
		t.Error("export created a store")
	}
}

// canned is what a fake admin address serves.
const canned = `{"format":"branchbot-export","version":1,"exported_at":"2026-11-25T09:00:00Z","branches":[{"branch":{"name":"从管理地址"}}]}`

// While a bot holds the store, export asks its admin address and says so;
// without one it says why it cannot.
func TestExportFromRunningBot(t *testing.T) {
	path := newExportStore(t)
	held, err := data.Open(path, data.Options{}) // the running bot
	if err != nil {
		t.Fatal(err)
	}
	defer held.Close()

	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Method+" "+r.URL.String())
		mu.Unlock()
		if r.URL.Path != "/export" {
			http.NotFound(w, r)
			return
		}
		switch r.URL.Query().Get("branch") {
		case "7":
			http.Error(w, "branch 7 not found", http.StatusNotFound)
			return
		case "8": // the store failed midway: the admin address cuts the answer
			w.Write([]byte(canned[:len(canned)/2]))
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(canned))
	}))
	defer srv.Close()
	addr := srv.Listener.Addr().String()

	var stdout, stderr bytes.Buffer
	code := Main(t.Context(), []string{"export", "-branch", "1"}, strings.NewReader(""), &stdout, &stderr, env(map[string]string{"BRANCHBOT_DB": path, "BRANCHBOT_ADMIN_LISTEN": addr}))
	if code != exitOK || stdout.String() != canned {
		t.Fatalf("export = %d, %q; stderr %q", code, stdout.String(), stderr.String())
	}
	if want := "in use by a running branchbot; asking it at http://" + addr + "/export?branch=1"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q; want %q", stderr.String(), want)
	}
	mu.Lock()
	if len(asked) != 1 || asked[0] != "GET /export?branch=1" {
		t.Errorf("admin address asked %v", asked)
	}
	mu.Unlock()

	// The bot's refusal is passed on, and no half file is left.
	out := filepath.Join(t.TempDir(), "x.json")
	stderr.Reset()
	code = Main(t.Context(), []string{"export", "-db", path, "-admin", addr, "-branch", "7", "-o", out}, strings.NewReader(""), &stdout, &stderr, env(nil))
	if code != exitFailed || !strings.Contains(stderr.String(), "404 Not Found: branch 7 not found") {
		t.Errorf("refused export = %d, %q", code, stderr.String())
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("files left behind: %v", entries)
	}
	// An answer cut short is a failure, not half a file in place.
	stderr.Reset()
	code = Main(t.Context(), []string{"export", "-db", path, "-admin", addr, "-branch", "8", "-o", out}, strings.NewReader(""), &stdout, &stderr, env(nil))
	if code != exitFailed || !strings.Contains(stderr.String(), "read the export") {
		t.Errorf("export cut short = %d, %q", code, stderr.String())
	}
	if entries, _ := os.ReadDir(filepath.Dir(out)); len(entries) != 0 {
		t.Errorf("files left behind after a cut: %v", entries)
	}

	stderr.Reset()
	code = Main(t.Context(), []string{"export"}, strings.NewReader(""), &stdout, &stderr, env(map[string]string{"BRANCHBOT_DB": path}))
	if code != exitFailed || !strings.Contains(stderr.String(), "in use by a running branchbot, and no admin address is set") || !strings.Contains(stderr.String(), "BRANCHBOT_ADMIN_LISTEN") {
		t.Errorf("export without an admin address = %d, %q", code, stderr.String())
	}
}

func TestAdminExportURL(t *testing.T) {
	tests := []struct {
		addr   string
		branch uint64
		want   string
		ok     bool
	}{
		{"127.0.0.1:9090", 0, "http://127.0.0.1:9090/export", true},
		{"127.0.0.1:9090", 3, "http://127.0.0.1:9090/export?branch=3", true},
		{":9090", 0, "http://127.0.0.1:9090/export", true},
		{"0.0.0.0:9090", 0, "http://127.0.0.1:9090/export", true},
		{"[::]:9090", 0, "http://[::1]:9090/export", true},
		{"[::1]:9090", 0, "http://[::1]:9090/export", true},
		{"localhost:8080", 1, "http://localhost:8080/export?branch=1", true},
		{"127.0.0.1", 0, "", false},
		{"127.0.0.1:", 0, "", false},
		{"127.0.0.1:0", 0, "", false},
		{"127.0.0.1:99999", 0, "", false},
		{"127.0.0.1:http", 0, "", false},
		{"http://127.0.0.1:9090", 0, "", false},
		{"evil@host:80", 0, "", false},
		{"", 0, "", false},
	}
	for _, tt := range tests {
		got, err := adminExportURL(tt.addr, tt.branch)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("adminExportURL(%q, %d) = %q, %v; want %q, ok=%v", tt.addr, tt.branch, got, err, tt.want, tt.ok)
		}
	}
}

func FuzzAdminExportURL(f *testing.F) {
	for _, s := range []string{"127.0.0.1:9090", ":1", "[::]:80", "a:b:c", "host:65535"} {
		f.Add(s, uint64(1))
	}
	f.Fuzz(func(t *testing.T, addr string, branch uint64) {
		u, err := adminExportURL(addr, branch)
		if err != nil {
			return
		}
		if !strings.HasPrefix(u, "http://") || !strings.Contains(u, "/export") {
			t.Errorf("adminExportURL(%q) = %q", addr, u)
		}
		req, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil || req.URL.Path != "/export" {
			t.Errorf("adminExportURL(%q) = %q, which does not parse to /export: %v", addr, u, err)
		}
	})
}
