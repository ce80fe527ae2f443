package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"branchbot/data"
)

// TestSandboxSession types a newcomer's first session into the real
// sandbox: create a branch, invite by button, join as someone else by
// opening the link, bind the group.
func TestSandboxSession(t *testing.T) {
	db := filepath.Join(t.TempDir(), "sandbox.db")
	script := strings.Join([]string{
		"/neworg 第一党支部",
		"/invite",
		"#1",
		"/as alice",
		"/open",
		"/as bob",
		"/help",
		"#9",
		"/in group",
		"/as owner",
		"/bind",
		"/users",
		"/quit",
	}, "\n")
	var out, errs bytes.Buffer
	code := Main(context.Background(), []string{"sandbox", "-db", db}, strings.NewReader(script), &out, &errs, env(nil))
	if code != exitOK {
		t.Fatalf("exit %d; stderr: %s", code, errs.String())
	}
	for _, want := range []string{
		"已创建支部「第一党支部」",
		"[#1 党员]",
		"(edited)",
		"(opening the link: /start ",
		"欢迎加入「第一党支部」",
		"Alice 已通过你的邀请链接加入",
		"You have not joined a branch yet",
		"(no button #9 here)",
		"本群已绑定到「第一党支部」",
		"alice    Alice",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("sandbox output lacks %q", want)
		}
	}
	if strings.Contains(out.String(), "would reject") {
		t.Errorf("the bot broke Bot API rules:\n%s", out.String())
	}
	if t.Failed() {
		t.Logf("output:\n%s", out.String())
	}
	// -db keeps the store.
	s, err := data.Open(db, data.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if br, err := s.Branch(1); err != nil || br.Name != "第一党支部" {
		t.Fatalf("kept store: %+v, %v", br, err)
	}
}

func TestSandboxBadFlags(t *testing.T) {
	var out, errs bytes.Buffer
	if code := Main(context.Background(), []string{"sandbox", "-tz", "Nowhere/Land"}, strings.NewReader(""), &out, &errs, env(nil)); code != exitConfig {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(errs.String(), "-tz") {
		t.Errorf("stderr %q does not name -tz", errs.String())
	}
}
