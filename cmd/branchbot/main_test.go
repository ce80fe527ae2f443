package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"branchbot/bot/tgtest"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestRun starts the real program against a fake Bot API, as an operator
// would with BRANCHBOT_API_URL, creates a branch and shuts down cleanly.
func TestRun(t *testing.T) {
	srv := tgtest.NewServer()
	defer srv.Close()
	owner := srv.NewUser("老王", "zh")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	exit := make(chan int, 1)
	go func() {
		exit <- Main(ctx, []string{"run", "-log-level", "debug"}, strings.NewReader(""), &stdout, &stderr, env(map[string]string{
			"BRANCHBOT_TOKEN":   goodToken,
			"BRANCHBOT_API_URL": srv.URL,
			"BRANCHBOT_DB":      filepath.Join(t.TempDir(), "b.db"),
			"BRANCHBOT_OWNER":   strconv.FormatInt(owner.ID, 10),
		}))
	}()
	wait, stop := context.WithTimeout(context.Background(), 30*time.Second)
	defer stop()
	srv.SendText(owner, owner.PrivateChat(), "/neworg 第一党支部")
	// The bot confirms an update once it is in the store's inbox, before
	// handling it: wait for the answer itself.
	_, err := srv.WaitRequest(wait, func(r tgtest.Request) bool {
		return r.Method == "sendMessage" && r.Params["chat_id"] == strconv.FormatInt(owner.ID, 10)
	})
	if err != nil {
		t.Fatalf("bot did not answer: %v\n%s", err, stderr.String())
	}
	if got := srv.LastMessage(owner.ID); got == nil || !strings.Contains(got.Plain, "已创建支部") {
		t.Fatalf("reply = %+v", got)
	}
	cancel()
	if code := <-exit; code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), goodToken) {
		t.Fatalf("token in log:\n%s", stderr.String())
	}
	if v := srv.SpecViolations(); len(v) > 0 {
		t.Fatalf("spec violations: %v", v)
	}
}
