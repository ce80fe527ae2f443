package main

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// The binary the process tests run is built by the Dockerfile's own build
// line, once: the image ships what the tests ran.
var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// TestMain removes the built binary after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// imageBinary builds cmd/branchbot with the Dockerfile's build line (the
// go command that runs these tests standing in for the image's) and
// returns the binary's path.
func imageBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	built.once.Do(func() {
		var build string
		for _, l := range fileLines(t, "../../Dockerfile") {
			if strings.HasPrefix(l, "RUN CGO_ENABLED=0 go build ") {
				build = strings.TrimPrefix(l, "RUN ")
			}
		}
		if build == "" || !strings.Contains(build, " -o /out/branchbot ./cmd/branchbot") {
			built.err = fmt.Errorf("Dockerfile: no static build of ./cmd/branchbot into /out/branchbot (%q)", build)
			return
		}
		if built.dir, built.err = os.MkdirTemp("", "branchbot-image-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "branchbot")
		args := strings.Fields(strings.Replace(build, "/out/branchbot", built.bin, 1))
		cmd := exec.Command(goTool(t), args[2:]...) // after CGO_ENABLED=0 go
		cmd.Dir = "../.."
		cmd.Env = append(os.Environ(), args[0])
		if out, err := cmd.CombinedOutput(); err != nil {
			built.err = fmt.Errorf("%s: %w\n%s", build, err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.bin
}

// TestImageBinaryVersion: the image's binary names its version.
func TestImageBinaryVersion(t *testing.T) {
	out, err := exec.Command(imageBinary(t), "version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "branchbot ") {
		t.Fatalf("branchbot version: %v %q", err, out)
	}
}

// TestDeploymentFiles keeps the image and the unit honest: a non-root
// user, the store where it persists, hardening, and only settings that
// exist.
func TestDeploymentFiles(t *testing.T) {
	docker := strings.Join(fileLines(t, "../../Dockerfile"), "\n")
	final := docker[strings.LastIndex(docker, "\nFROM "):]
	for _, want := range []string{"USER 65532:65532", "VOLUME /var/lib/branchbot", "ENV BRANCHBOT_DB=/var/lib/branchbot/", `CMD ["run"]`} {
		if !strings.Contains(final, want) {
			t.Errorf("Dockerfile's final stage lacks %q", want)
		}
	}
	unit := map[string][]string{}
	for _, l := range fileLines(t, "../../deploy/branchbot.service") {
		if k, v, ok := strings.Cut(l, "="); ok && !strings.HasPrefix(l, "#") {
			unit[k] = append(unit[k], v)
		}
	}
	for k, v := range map[string]string{
		"DynamicUser": "yes", "NoNewPrivileges": "yes", "ProtectSystem": "strict", "ProtectHome": "yes",
		"StateDirectory": "branchbot", "Restart": "on-failure", "RestartPreventExitStatus": "2 3",
		"ExecStart": "/usr/local/bin/branchbot run", "KillSignal": "SIGTERM",
	} {
		if got := unit[k]; len(got) != 1 || got[0] != v {
			t.Errorf("branchbot.service: %s=%q; want %q", k, got, v)
		}
	}
	known := map[string]bool{}
	for _, s := range settings {
		known[s.env] = true
	}
	env := regexp.MustCompile(`BRANCHBOT_[A-Z_]+`)
	for _, name := range append(env.FindAllString(docker, -1), env.FindAllString(strings.Join(unit["Environment"], " "), -1)...) {
		if !known[name] {
			t.Errorf("deployment files set %s, which is no setting", name)
		}
	}
}

func fileLines(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	return lines
}
