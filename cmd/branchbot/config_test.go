package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const goodToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"

func env(kv map[string]string) func(string) string {
	return func(k string) string { return kv[k] }
}

func TestConfigDefaultsAndOverrides(t *testing.T) {
	var stderr bytes.Buffer
	c, err := ParseConfig("run", []string{"-lang", "en"}, env(map[string]string{
		"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_OWNER": "1, 22", "BRANCHBOT_LANG": "zh", "BRANCHBOT_TZ": "Europe/Berlin",
	}), &stderr)
	if err != nil {
		t.Fatal(err)
	}
	if c.Lang != "en" {
		t.Errorf("flag should win over env: lang = %q", c.Lang)
	}
	if c.Location.String() != "Europe/Berlin" || c.DB != "./branchbot.db" || c.APIURL != "https://api.telegram.org" {
		t.Errorf("config = %+v", c)
	}
	if len(c.Owners) != 2 || c.Owners[0] != 1 || c.Owners[1] != 22 {
		t.Errorf("owners = %v", c.Owners)
	}
}

func TestConfigTokenFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(path, []byte(goodToken+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := ParseConfig("run", nil, env(map[string]string{"BRANCHBOT_TOKEN_FILE": path}), os.Stderr)
	if err != nil || c.Token != goodToken {
		t.Fatalf("token %q, err %v", c.Token, err)
	}
}

// TestBadConfigStopsStartup runs the real program: each bad value stops it
// with exit status 2 and one line that names the setting, never the token.
func TestBadConfigStopsStartup(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, nil, 0o600)
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		setting string
	}{
		{"no token", map[string]string{}, nil, "BRANCHBOT_TOKEN"},
		{"malformed token", map[string]string{"BRANCHBOT_TOKEN": "not-a-token-secret-123"}, nil, "BRANCHBOT_TOKEN"},
		{"token and file", map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_TOKEN_FILE": empty}, nil, "BRANCHBOT_TOKEN_FILE"},
		{"empty token file", map[string]string{"BRANCHBOT_TOKEN_FILE": empty}, nil, "BRANCHBOT_TOKEN_FILE"},
		{"missing token file", map[string]string{"BRANCHBOT_TOKEN_FILE": filepath.Join(dir, "nope")}, nil, "BRANCHBOT_TOKEN_FILE"},
		{"bad zone", map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_TZ": "Mars/Olympus"}, nil, "BRANCHBOT_TZ"},
		{"bad zone flag", map[string]string{"BRANCHBOT_TOKEN": goodToken}, []string{"-tz", "CST+8"}, "BRANCHBOT_TZ"},
		{"bad owner", map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_OWNER": "12,alice"}, nil, "BRANCHBOT_OWNER"},
		{"negative owner", map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_OWNER": "-5"}, nil, "BRANCHBOT_OWNER"},
		{"bad lang", map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_LANG": "fr"}, nil, "BRANCHBOT_LANG"},
		{"bad url", map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_API_URL": "ftp://x"}, nil, "BRANCHBOT_API_URL"},
		{"empty db", map[string]string{"BRANCHBOT_TOKEN": goodToken}, []string{"-db", " "}, "BRANCHBOT_DB"},
		{"bad log level", map[string]string{"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_LOG_LEVEL": "loud"}, nil, "BRANCHBOT_LOG_LEVEL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := Main(context.Background(), append([]string{"run"}, tt.args...), strings.NewReader(""), &stdout, &stderr, env(tt.env))
			if code != exitConfig {
				t.Fatalf("exit %d, want %d; stderr: %s", code, exitConfig, stderr.String())
			}
			out := strings.TrimSpace(stderr.String())
			if strings.Count(out, "\n") != 0 || !strings.Contains(out, tt.setting) {
				t.Errorf("want one line naming %s, got %q", tt.setting, out)
			}
			if strings.Contains(out, goodToken) || strings.Contains(out, "not-a-token-secret-123") {
				t.Errorf("token leaked: %q", out)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	var stdout bytes.Buffer
	if code := Main(context.Background(), []string{"version"}, nil, &stdout, &stdout, env(nil)); code != 0 || !strings.HasPrefix(stdout.String(), "branchbot ") {
		t.Fatalf("exit %d, output %q", code, stdout.String())
	}
}

func FuzzParseOwners(f *testing.F) {
	f.Add("1,2, 3")
	f.Add(",,")
	f.Add("-1")
	f.Fuzz(func(t *testing.T, s string) {
		ids, err := parseOwners(s)
		if err != nil {
			return
		}
		for _, id := range ids {
			if id <= 0 {
				t.Fatalf("accepted id %d from %q", id, s)
			}
		}
	})
}

func TestLoggerRedactsToken(t *testing.T) {
	var buf bytes.Buffer
	log := newLogger(&buf, 0, goodToken).With("url", "https://api.telegram.org/bot"+goodToken+"/getMe")
	log.Error("request to /bot"+goodToken+" failed", "err", os.ErrDeadlineExceeded, "detail", "bot"+goodToken)
	if strings.Contains(buf.String(), goodToken) {
		t.Fatalf("token in log: %s", buf.String())
	}
	if !strings.Contains(buf.String(), "<token>") {
		t.Fatalf("expected redaction marker: %s", buf.String())
	}
}

func TestStoreThatIsNotOursStopsStartup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	content := bytes.Repeat([]byte("meeting minutes, not a database\n"), 2048)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), []string{"run", "-db", path, "-api-url", "http://127.0.0.1:1"}, nil, &stdout, &stderr, env(map[string]string{"BRANCHBOT_TOKEN": goodToken}))
	if code != exitFailed || !strings.Contains(stderr.String(), "not a branchbot store") {
		t.Fatalf("exit %d, stderr %q", code, stderr.String())
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, content) {
		t.Fatal("the file was changed")
	}
}
