package main

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

func TestParseWebhook(t *testing.T) {
	tests := []struct {
		url, listen string
		bad         string // the setting named in the error, "" for none
	}{
		{url: "", listen: ""},
		{url: "https://bot.example.org/telegram", listen: ":8080"},
		{url: "https://bot.example.org:8443/", listen: "127.0.0.1:8080"},
		{url: "https://bot.example.org", listen: "[::1]:8080"},
		{url: "http://127.0.0.1:8080/hook", listen: "127.0.0.1:8080"},
		{url: "http://localhost/hook", listen: "localhost:0"},
		{url: "http://[::1]:9000/hook", listen: ":9000"},
		{url: "https://bot.example.org/telegram", listen: "", bad: "BRANCHBOT_LISTEN"},
		{url: "", listen: ":8080", bad: "BRANCHBOT_WEBHOOK_URL"},
		{url: "http://bot.example.org/telegram", listen: ":8080", bad: "BRANCHBOT_WEBHOOK_URL"},
		{url: "http://127.0.0.2.example.org/", listen: ":8080", bad: "BRANCHBOT_WEBHOOK_URL"},
		{url: "ftp://127.0.0.1/hook", listen: ":8080", bad: "BRANCHBOT_WEBHOOK_URL"},
		{url: "bot.example.org/telegram", listen: ":8080", bad: "BRANCHBOT_WEBHOOK_URL"},
		{url: "https:///telegram", listen: ":8080", bad: "BRANCHBOT_WEBHOOK_URL"},
		{url: "https://bot.example.org/telegram?x=1", listen: ":8080", bad: "BRANCHBOT_WEBHOOK_URL"},
		{url: "https://bot.example.org/telegram#x", listen: ":8080", bad: "BRANCHBOT_WEBHOOK_URL"},
		{url: "https://bot.example.org/", listen: "8080", bad: "BRANCHBOT_LISTEN"},
		{url: "https://bot.example.org/", listen: ":http-alt", bad: "BRANCHBOT_LISTEN"},
		{url: "https://bot.example.org/", listen: ":70000", bad: "BRANCHBOT_LISTEN"},
		{url: "https://bot.example.org/", listen: "a b:80", bad: "BRANCHBOT_LISTEN"},
	}
	for _, tt := range tests {
		u, addr, err := parseWebhook(tt.url, tt.listen)
		if tt.bad == "" {
			if err != nil || u != tt.url || addr != tt.listen {
				t.Errorf("parseWebhook(%q, %q) = %q, %q, %v", tt.url, tt.listen, u, addr, err)
			}
			continue
		}
		var ce *configError
		if !errors.As(err, &ce) || ce.s.env != tt.bad {
			t.Errorf("parseWebhook(%q, %q) = %v; want an error naming %s", tt.url, tt.listen, err, tt.bad)
		}
	}
}

func FuzzParseWebhook(f *testing.F) {
	f.Add("https://bot.example.org/telegram", ":8080")
	f.Add("http://127.0.0.1:8080/hook", "127.0.0.1:8080")
	f.Add("http://bot.example.org/", "")
	f.Fuzz(func(t *testing.T, rawURL, listen string) {
		u, addr, err := parseWebhook(rawURL, listen)
		if err != nil {
			var ce *configError
			if !errors.As(err, &ce) || strings.Contains(err.Error(), "\n") && !strings.Contains(rawURL+listen, "\n") {
				t.Fatalf("parseWebhook(%q, %q): %v is not one configuration line", rawURL, listen, err)
			}
			return
		}
		if (u == "") != (addr == "") {
			t.Fatalf("parseWebhook(%q, %q) = %q, %q: one without the other", rawURL, listen, u, addr)
		}
		if l := strings.ToLower(u); u != "" && !strings.HasPrefix(l, "https://") && !strings.HasPrefix(l, "http://") {
			t.Fatalf("parseWebhook(%q, %q) accepted %q", rawURL, listen, u)
		}
	})
}

// TestBadWebhookConfigStopsStartup runs the real program: a webhook
// setting without its pair, or an http URL off this machine, stops it with
// exit status 2 and one line naming the setting.
func TestBadWebhookConfigStopsStartup(t *testing.T) {
	tests := []struct {
		args    []string
		setting string
	}{
		{[]string{"-webhook-url", "https://bot.example.org/telegram"}, "BRANCHBOT_LISTEN"},
		{[]string{"-listen", ":8080"}, "BRANCHBOT_WEBHOOK_URL"},
		{[]string{"-webhook-url", "http://bot.example.org/telegram", "-listen", ":8080"}, "BRANCHBOT_WEBHOOK_URL"},
	}
	for _, tt := range tests {
		var stdout, stderr bytes.Buffer
		code := Main(context.Background(), append([]string{"run"}, tt.args...), strings.NewReader(""), &stdout, &stderr, env(map[string]string{"BRANCHBOT_TOKEN": goodToken}))
		out := stderr.String()
		if code != exitConfig || strings.Count(out, "\n") != 1 || !strings.Contains(out, tt.setting) {
			t.Errorf("%v: exit %d, %q; want exit 2 and one line naming %s", tt.args, code, out, tt.setting)
		}
	}
}
