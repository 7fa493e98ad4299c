package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tmuxTerm is the built binary running in a private tmux server (nothing
// touches the user's sessions), for journeys in a real terminal.
type tmuxTerm struct {
	t  *testing.T
	tm func(args ...string) (string, error)
}

// buildInTmuxDir finds tmux (skipping the test without it, failing in CI)
// and builds pe-tui into a temporary directory, which it returns with the
// binary's path.
func buildInTmuxDir(t *testing.T) (dir, bin string) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is required in CI (.ci/run installs it)")
		}
		t.Skip("tmux is not installed")
	}
	dir = t.TempDir()
	bin = filepath.Join(dir, "pe-tui")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir, bin
}

// startTmux runs script under sh in a w×h tmux session with env
// ("NAME=value" each) and kills the server when the test ends.
func startTmux(t *testing.T, w, h int, env []string, script string) *tmuxTerm {
	t.Helper()
	sock := fmt.Sprintf("pe-tui-test-%d-%d", os.Getpid(), time.Now().UnixNano())
	x := &tmuxTerm{t: t, tm: func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", sock}, args...)...).CombinedOutput()
		return string(out), err
	}}
	args := []string{"new-session", "-d", "-s", "main", "-x", fmt.Sprint(w), "-y", fmt.Sprint(h)}
	for _, e := range append(env, "TERM=xterm-256color") {
		args = append(args, "-e", e)
	}
	if _, err := x.tm(append(args, "sh", "-c", script)...); err != nil {
		t.Fatalf("tmux new-session: %v", err)
	}
	t.Cleanup(func() { _, _ = x.tm("kill-server") })
	return x
}

// capture returns the visible screen.
func (x *tmuxTerm) capture() string {
	out, _ := x.tm("capture-pane", "-p", "-t", "main")
	return out
}

// waitFor waits (up to 15 s) for a screen that shows every want, logs it
// under what and returns it.
func (x *tmuxTerm) waitFor(what string, want ...string) string {
	x.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		last = x.capture()
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(last, w)
		}
		if ok {
			x.t.Logf("%s:\n%s", what, last)
			return last
		}
		time.Sleep(50 * time.Millisecond)
	}
	x.t.Fatalf("%s: screen never showed %q; last screen:\n%s", what, want, last)
	return ""
}

// keys sends tmux key names (or, after "-l", literal text).
func (x *tmuxTerm) keys(k ...string) {
	x.t.Helper()
	if _, err := x.tm(append([]string{"send-keys", "-t", "main"}, k...)...); err != nil {
		x.t.Fatalf("send-keys %v: %v", k, err)
	}
}

// run runs another tmux command against the server.
func (x *tmuxTerm) run(args ...string) {
	x.t.Helper()
	if out, err := x.tm(args...); err != nil {
		x.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
}

// shellQuoteTest quotes s for sh.
func shellQuoteTest(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
