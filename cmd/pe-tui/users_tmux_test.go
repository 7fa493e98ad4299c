package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// TestUsersJourneyInTmux drives the built binary in tmux (120×40) through
// issue 15's journey: with a profile that has no users, the users screen
// (alt+u) catches two users from pasted text (a skill request from NA and
// a CloudWatch line from EU) and saves them with labels; both are marked
// and the open Unicast event is sent to them through the in-process
// sandbox (chosen with ctrl+g) standing for NA (the EU user's routing is
// shown; the sandbox answers 403: they are not its subscribers); in the history
// pane h marks the newest record heard and the filter heard:yes lists
// only it. Captures of each screen go to the test log (-v).
func TestUsersJourneyInTmux(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "pe-tui")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	configDir := filepath.Join(dir, "config")
	cfg, err := credentials.Load(configDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Add(credentials.Profile{Name: "skill", ClientID: "amzn1.application-oa2-client.test", Region: "NA", Stage: "development"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Use("skill"); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	// The event: Unicast, fresh times.
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "weather-alert.json"))
	if err != nil {
		t.Fatal(err)
	}
	req := schemas.Refresh(mustDecode(t, data), time.Now())
	req.Set("relevantAudience", map[string]any{"type": "Unicast", "payload": map[string]any{"user": "amzn1.ask.account.PLACEHOLDER"}})
	ev := filepath.Join(dir, "unicast.json")
	if err := os.WriteFile(ev, req.Encode(), 0o600); err != nil {
		t.Fatal(err)
	}
	var paste []string
	for _, f := range []string{"launch_na.json", "cloudwatch.log"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "internal", "users", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		paste = append(paste, string(b))
	}

	sock := fmt.Sprintf("pe-tui-users-%d-%d", os.Getpid(), time.Now().UnixNano())
	tm := func(args ...string) (string, error) {
		out, err := exec.Command(tmux, append([]string{"-L", sock}, args...)...).CombinedOutput()
		return string(out), err
	}
	script := shellQuoteTest(bin) + " --file " + shellQuoteTest(ev)
	if _, err := tm("new-session", "-d", "-s", "main", "-x", "120", "-y", "40",
		"-e", "PE_TUI_CONFIG_DIR="+configDir,
		"-e", "PE_TUI_HISTORY="+filepath.Join(dir, "history.db"),
		"-e", "PE_TUI_CLIENT_ID=", "-e", "PE_TUI_CLIENT_SECRET=",
		"-e", "TERM=xterm-256color",
		"sh", "-c", script); err != nil {
		t.Fatalf("tmux new-session: %v", err)
	}
	t.Cleanup(func() { _, _ = tm("kill-server") })
	capture := func() string {
		out, _ := tm("capture-pane", "-p", "-t", "main")
		return out
	}
	waitFor := func(what string, want ...string) string {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		var last string
		for time.Now().Before(deadline) {
			last = capture()
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(last, w)
			}
			if ok {
				t.Logf("%s:\n%s", what, last)
				return last
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: screen never showed %q; last screen:\n%s", what, want, last)
		return ""
	}
	keys := func(k ...string) {
		t.Helper()
		if _, err := tm(append([]string{"send-keys", "-t", "main"}, k...)...); err != nil {
			t.Fatalf("send-keys %v: %v", k, err)
		}
	}

	waitFor("start", "Form · WeatherAlert", "profile skill", "target NA development")
	// The profile's target is Amazon's; the journey sends to the in-process
	// sandbox (the first row of the target picker), which stands for NA.
	keys("C-g")
	waitFor("targets", "Send to…", "custom URL…")
	keys("Up", "Enter")
	waitFor("sandbox target", "target sandbox")
	keys("M-u")
	waitFor("users screen", "Users of profile skill", "No saved users", "Receiver: off")
	keys("a")
	waitFor("paste area", "Paste the text that holds the user")
	if _, err := tm("set-buffer", "-b", "pe", strings.Join(paste, "\n")); err != nil {
		t.Fatal(err)
	}
	if _, err := tm("paste-buffer", "-p", "-b", "pe", "-t", "main"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	keys("C-s")
	waitFor("caught", "Found 2 users", "LaunchRequest", "IntentRequest")
	keys("Enter")
	keys("-l", "seattle")
	keys("Enter")
	waitFor("first saved", "Saved seattle")
	keys("Enter")
	keys("-l", "berlin")
	keys("Enter")
	waitFor("both saved", "seattle (", "berlin (", "· NA · en-US", "· EU · de-DE")

	keys("Space", "Space", "s")
	// The in-process sandbox subscribes only its own test user: it answers
	// each of these users 403 (no subscription), as Amazon would.
	waitFor("group send", "Group send to 2 users: 2 of 2 done", "EU routed", "403", "the user lives in EU, not NA")

	keys("F2")
	waitFor("history", "#2", "#1", "1/2")
	keys("h")
	waitFor("marked", "marked heard", "›✓")
	keys("/")
	keys("-l", "heard:yes")
	keys("Enter")
	screen := waitFor("filtered", "heard:yes", "1/1", "›✓")
	if strings.Count(screen, "403  sandbox") != 1 {
		t.Fatalf("heard:yes lists the unmarked record:\n%s", screen)
	}

	// The same screens at 80×24.
	if _, err := tm("resize-window", "-t", "main", "-x", "80", "-y", "24"); err != nil {
		t.Fatal(err)
	}
	keys("M-u")
	waitFor("users screen at 80x24", "Users of profile skill", "seattle")
	keys("Escape")
	keys("C-c")
}
