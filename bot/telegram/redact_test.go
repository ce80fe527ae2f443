package telegram

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// TestTokenInEveryEncodingRedacted: Transport.redact, which every logged
// Bot API error goes through, removes the token however the path that
// carried it was escaped, masks URL passwords, and keeps no response body.
func TestTokenInEveryEncodingRedacted(t *testing.T) {
	const token = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
	secret := token[strings.Index(token, ":")+1:]
	tr := &Transport{cfg: Config{Token: token}, scrub: NewScrubber(token)}
	path := "/bot" + token + "/sendMessage"
	perChar := ""
	for _, c := range []byte(secret) {
		perChar += fmt.Sprintf("%%%02X", c)
	}
	for _, s := range []string{
		path,
		url.PathEscape(path),
		url.QueryEscape(path),
		strings.ToLower(url.QueryEscape(path)),
		url.QueryEscape(url.QueryEscape(path)),
		"token part " + secret,
		"every byte escaped " + perChar,
		"proxy https://alice:hunter2@proxy.example.org" + path,
	} {
		got := tr.redact(errors.New("Post: " + s)).Error()
		if strings.Contains(strings.ToLower(got), strings.ToLower(secret)) || strings.Contains(got, perChar) || strings.Contains(got, "hunter2") {
			t.Errorf("redact(%q) = %q", s, got)
		}
		if !strings.Contains(got, "<token>") {
			t.Errorf("redact(%q) = %q: no redaction marker", s, got)
		}
	}

	var syntax *json.SyntaxError
	decodeErr := json.Unmarshal([]byte("<html>"), &struct{}{})
	if !errors.As(decodeErr, &syntax) {
		t.Fatal("no syntax error to wrap")
	}
	body := "<html>" + strings.Repeat("upstream page ", 100) + "</html>"
	got := tr.redact(fmt.Errorf("error decode response body for method getMe, %s, %w", body, decodeErr)).Error()
	if strings.Contains(got, "upstream page") || !strings.Contains(got, "getMe") {
		t.Errorf("a body went through redact: %q", got)
	}
	long := tr.redact(errors.New(strings.Repeat("x", 5000))).Error()
	if len(long) > maxErrorText+20 {
		t.Errorf("a %d-byte error text was kept", len(long))
	}
}
