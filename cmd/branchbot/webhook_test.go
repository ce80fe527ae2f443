package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"branchbot/bot/tgtest"
)

// goTool is the go command that runs these tests.
func goTool(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	p := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(p); err != nil {
		t.Skip("no go command to build the binary with")
	}
	return p
}

// freeAddr is a 127.0.0.1 address whose port nobody listened on a moment
// ago: the webhook's URL must name the port before the program binds it.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// childEnv is the test's environment without branchbot's own settings,
// so that nothing from the shell changes what the child runs with.
func childEnv() []string {
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BRANCHBOT_") {
			out = append(out, kv)
		}
	}
	return out
}

// TestWebhookModeProcess builds the real binary and runs it as an operator
// would, in webhook mode against a fake Bot API that calls its webhook:
// an owner's command is answered, and SIGTERM stops it cleanly.
func TestWebhookModeProcess(t *testing.T) {
	bin := imageBinary(t)
	dir := t.TempDir()

	srv := tgtest.NewServer()
	defer srv.Close()
	owner := srv.NewUser("老王", "zh")
	addr := freeAddr(t)
	var stderr lockedBuffer
	child := exec.Command(bin, "run",
		"-api-url", srv.URL, "-token", goodToken, "-db", filepath.Join(dir, "b.db"),
		"-owner", strconv.FormatInt(owner.ID, 10),
		"-webhook-url", "http://"+addr+"/hook", "-listen", addr)
	child.Env = childEnv()
	child.Stdout, child.Stderr = &stderr, &stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	reaped := false
	defer func() {
		if !reaped {
			child.Process.Kill()
			<-exited
		}
	}()

	wait, stop := context.WithTimeout(context.Background(), 60*time.Second)
	defer stop()
	srv.SendText(owner, owner.PrivateChat(), "/neworg 第一党支部")
	_, err := srv.WaitRequest(wait, func(r tgtest.Request) bool {
		return r.Method == "sendMessage" && r.Params["chat_id"] == strconv.FormatInt(owner.ID, 10)
	})
	if err != nil {
		t.Fatalf("no answer by webhook: %v\n%s", err, stderr.String())
	}
	if got := srv.LastMessage(owner.ID); got == nil || !strings.Contains(got.Plain, "已创建支部") {
		t.Fatalf("reply = %+v", got)
	}
	if n := srv.Calls("getUpdates"); n != 0 {
		t.Errorf("%d getUpdates calls in webhook mode", n)
	}

	if err := child.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exited:
		reaped = true
		if err != nil { // an *exec.ExitError for any status but 0
			t.Fatalf("after SIGTERM: %v\n%s", err, stderr.String())
		}
	case <-wait.Done():
		t.Fatalf("still running after SIGTERM\n%s", stderr.String())
	}
	log := stderr.String()
	if !strings.Contains(log, "receiving updates by webhook") {
		t.Errorf("the log does not say webhook mode:\n%s", log)
	}
	if strings.Contains(log, goodToken) {
		t.Errorf("token in log:\n%s", log)
	}
	if v := srv.SpecViolations(); len(v) > 0 {
		t.Errorf("spec violations: %v", v)
	}
}

// TestListenInUseStopsStartup: an address in use stops the start with one
// line naming BRANCHBOT_LISTEN, before any call to Telegram.
func TestListenInUseStopsStartup(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	srv := tgtest.NewServer()
	defer srv.Close()
	var stdout, stderr bytes.Buffer
	addr := busy.Addr().String()
	code := Main(context.Background(), []string{"run", "-log-level", "error", "-webhook-url", "http://" + addr + "/hook", "-listen", addr},
		strings.NewReader(""), &stdout, &stderr, env(map[string]string{
			"BRANCHBOT_TOKEN": goodToken, "BRANCHBOT_API_URL": srv.URL, "BRANCHBOT_DB": filepath.Join(t.TempDir(), "b.db"),
		}))
	out := stderr.String()
	if code != exitFailed || strings.Count(out, "\n") != 1 || !strings.Contains(out, "BRANCHBOT_LISTEN") {
		t.Errorf("exit %d, %q; want exit 1 and one line naming BRANCHBOT_LISTEN", code, out)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d calls to Telegram", n)
	}
}
