package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"branchbot/data"
)

// secretOf is the part of a token after the colon: the part that must
// never be logged.
func secretOf(token string) string { return token[strings.Index(token, ":")+1:] }

// leaksSecret reports whether text holds the token's secret in any form
// an HTTP path or query could carry it: raw, escaped once or twice, in
// any letter case.
func leaksSecret(text, token string) bool {
	secret := strings.ToLower(secretOf(token))
	for _, line := range strings.Split(text, "\n") {
		l := line
		for range 3 {
			if strings.Contains(strings.ToLower(l), secret) {
				return true
			}
			if u, err := url.QueryUnescape(l); err == nil {
				l = u
			} else if u, err := url.PathUnescape(l); err == nil {
				l = u
			}
		}
	}
	return false
}

// TestTokenInEveryEncoding runs the real program against a Bot API that
// echoes the request path back in every encoding a proxy or a broken
// server might use: in an HTML error page go-telegram cannot decode, and
// in getUpdates' error descriptions. Nothing of the token's secret reaches
// the log, at debug level.
func TestTokenInEveryEncoding(t *testing.T) {
	echo := func(path string) string {
		return strings.Join([]string{
			path,
			url.PathEscape(path),
			url.QueryEscape(path),
			strings.ToLower(url.QueryEscape(path)),
			url.QueryEscape(url.QueryEscape(path)),
			secretOf(goodToken),
		}, " | ")
	}
	var getMe, getUpdates atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		method := r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
		reply := func(v any) { w.Header().Set("Content-Type", "application/json"); json.NewEncoder(w).Encode(v) }
		switch method {
		case "getMe":
			if getMe.Add(1) == 1 {
				w.WriteHeader(http.StatusBadGateway)
				fmt.Fprintf(w, "<html><body>502 upstream failed for %s</body></html>", echo(r.URL.Path))
				return
			}
			reply(map[string]any{"ok": true, "result": map[string]any{"id": 123456789, "is_bot": true, "first_name": "b", "username": "branch_bot"}})
		case "getUpdates":
			if getUpdates.Add(1) >= 3 {
				cancel()
			}
			reply(map[string]any{"ok": false, "error_code": 502, "description": "Bad Gateway: " + echo(r.URL.Path)})
		default:
			reply(map[string]any{"ok": true, "result": true})
		}
	}))
	defer srv.Close()
	var stdout, stderr lockedBuffer
	code := Main(ctx, []string{"run", "-log-level", "debug"}, strings.NewReader(""), &stdout, &stderr, env(map[string]string{
		"BRANCHBOT_TOKEN":   goodToken,
		"BRANCHBOT_API_URL": srv.URL,
		"BRANCHBOT_DB":      filepath.Join(t.TempDir(), "b.db"),
	}))
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	log := stderr.String()
	if getUpdates.Load() < 3 || !strings.Contains(log, "Bad Gateway") || !strings.Contains(log, "telegram unreachable") {
		t.Fatalf("the echoing answers were not logged at all:\n%s", log)
	}
	if leaksSecret(log, goodToken) {
		t.Fatalf("the token's secret is in the log:\n%s", log)
	}
	if strings.Contains(log, "<html>") {
		t.Errorf("a response body was logged verbatim:\n%s", log)
	}
}

// TestConfigSecretsMasked: a malformed BRANCHBOT_API_URL with a password
// stops start-up with one line naming the setting and not the password,
// and -h shows neither the token nor the password from the environment.
func TestConfigSecretsMasked(t *testing.T) {
	for _, bad := range []string{"https://alice:hunter2@exa mple.org", "ftp://alice:hunter2@example.org", "https//alice:hunter2@example.org/x y"} {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), []string{"run"}, nil, &stdout, &stderr, env(map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_API_URL": bad}))
		out := strings.TrimSpace(stderr.String())
		if code != exitConfig || strings.Count(out, "\n") != 0 || !strings.Contains(out, "BRANCHBOT_API_URL") {
			t.Errorf("%q: exit %d, %q; want exit 2 and one line naming BRANCHBOT_API_URL", bad, code, out)
		}
		if strings.Contains(out, "hunter2") {
			t.Errorf("%q: the password is echoed: %q", bad, out)
		}
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"run", "-h"}, nil, &stdout, &stderr, env(map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_API_URL": "https://alice:hunter2@proxy.example.org"}))
	if code != exitOK || leaksSecret(stderr.String(), goodToken) || strings.Contains(stderr.String(), "hunter2") {
		t.Errorf("-h: exit %d, shows a secret:\n%s", code, stderr.String())
	}
	if !strings.Contains(stderr.String(), "BRANCHBOT_TOKEN_FILE in production") {
		t.Errorf("-h does not say -token is for tests:\n%s", stderr.String())
	}
}

// TestTokenFileModeAndSize: a token file others can read is accepted with
// a warning that says how to fix it; a 64 MB file is refused, not read
// whole, with one line naming the setting.
func TestTokenFileModeAndSize(t *testing.T) {
	dir := t.TempDir()
	loose := filepath.Join(dir, "loose")
	if err := os.WriteFile(loose, []byte(goodToken+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(loose, 0o644) // past the umask
	c, err := ParseConfig("run", nil, env(map[string]string{"BRANCHBOT_TOKEN_FILE": loose}), io.Discard)
	if err != nil || c.Token != goodToken {
		t.Fatalf("token %q, err %v", c.Token, err)
	}
	if len(c.Warnings) != 1 || !strings.Contains(c.Warnings[0], "chmod 600") || strings.Contains(c.Warnings[0], secretOf(goodToken)) {
		t.Errorf("warnings = %q; want one saying chmod 600", c.Warnings)
	}
	tight := filepath.Join(dir, "tight")
	os.WriteFile(tight, []byte(goodToken), 0o600)
	if c, err := ParseConfig("run", nil, env(map[string]string{"BRANCHBOT_TOKEN_FILE": tight}), io.Discard); err != nil || len(c.Warnings) != 0 {
		t.Errorf("a 0600 token file: warnings %q, err %v", c.Warnings, err)
	}

	huge := filepath.Join(dir, "huge")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(goodToken + "\n")
	f.Truncate(64 << 20) // sparse: 64 MB that cost nothing to make
	f.Close()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"run"}, nil, &stdout, &stderr, env(map[string]string{"BRANCHBOT_TOKEN_FILE": huge}))
	out := strings.TrimSpace(stderr.String())
	if code != exitConfig || strings.Count(out, "\n") != 0 || !strings.Contains(out, "BRANCHBOT_TOKEN_FILE") || !strings.Contains(out, "larger than 4096 bytes") {
		t.Fatalf("exit %d, %q; want exit 2 and one line refusing the size", code, out)
	}
}

// TestStoreModeTightened: an existing store copied in with mode 0644 is
// made 0600 at start, and the log says so.
func TestStoreModeTightened(t *testing.T) {
	path := filepath.Join(t.TempDir(), "b.db")
	s, err := data.Open(path, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	tightenStoreMode(path, slog.New(slog.NewTextHandler(&buf, nil)))
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %04o; want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(buf.String(), "tightened to 0600") || !strings.Contains(buf.String(), "was=0644") {
		t.Errorf("log does not say the mode was tightened: %s", buf.String())
	}
}

// The key file beside the store is tightened at start like the store:
// it holds the keys of anonymous authors' chats.
func TestKeyFileModeTightenedAtStart(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "b.db")
	if err := os.WriteFile(data.KeysPath(path), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // start and stop: the files are looked at before anything runs
	var buf bytes.Buffer
	runBot(ctx, Config{DB: path, Token: "1:x", APIURL: "http://127.0.0.1:1", Location: time.UTC}, slog.New(slog.NewTextHandler(&buf, nil)))
	fi, err := os.Stat(data.KeysPath(path))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode %04o; want 0600", fi.Mode().Perm())
	}
	if !strings.Contains(buf.String(), "b.db.keys") {
		t.Errorf("log does not name the key file: %s", buf.String())
	}
}

// TestDamagedStoreExitStatus runs the real program on stores damaged the
// ways disks and careless copies do: each stops start-up with exit status
// 3 (not 2, the configuration's) and one line that says the store is
// damaged and to restore a backup, with no Go panic.
func TestDamagedStoreExitStatus(t *testing.T) {
	const marker = "第一支部-DAMAGE-MARKER"
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, path string)
	}{
		{"truncated", func(t *testing.T, path string) {
			fi, _ := os.Stat(path)
			os.Truncate(path, fi.Size()/2)
		}},
		{"garbage page", func(t *testing.T, path string) {
			buf, _ := os.ReadFile(path)
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			for off := 8192; off+4096 <= len(buf); off += 4096 {
				if bytes.Contains(buf[off:off+4096], []byte(marker)) {
					f.WriteAt(bytes.Repeat([]byte{0xA5, 0x5A, 0xFF, 0x13}, 1024), int64(off))
				}
			}
		}},
		{"100 bytes left", func(t *testing.T, path string) { os.Truncate(path, 100) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "b.db")
			s, err := data.Open(path, data.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.CreateBranch(t.Context(), marker, data.Person{UserID: 1, Name: "secretary"}, time.Now()); err != nil {
				t.Fatal(err)
			}
			s.Close()
			tc.damage(t, path)
			var stdout, stderr bytes.Buffer
			code := Main(context.Background(), []string{"run", "-db", path, "-api-url", "http://127.0.0.1:1"}, nil, &stdout, &stderr, env(map[string]string{"BRANCHBOT_TOKEN": goodToken}))
			out := strings.TrimSpace(stderr.String())
			if code != exitDamaged {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitDamaged, out)
			}
			if strings.Count(out, "\n") != 0 || !strings.Contains(out, "the store is damaged: ") || !strings.Contains(out, "restore a backup") {
				t.Errorf("want one line saying the store is damaged and to restore a backup, got:\n%s", out)
			}
			if strings.Contains(out, "not a branchbot store") || strings.Contains(out, "goroutine") {
				t.Errorf("stderr: %s", out)
			}
			t.Log(out)
		})
	}
}
