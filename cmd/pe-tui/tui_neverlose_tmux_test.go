package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/history"
)

// TestTUIKeepsDraftInTmux drives the built binary in tmux through issue
// 13's journey: change WeatherAlert's alert type to HURRICANE, press q (the
// process says the draft is kept), start again (the draft is back, and the
// status line says so), save it to the library from the library pane,
// quit, and send the library event twice with `pe-tui send @NAME`: two 202s
// with different referenceIds.
func TestTUIKeepsDraftInTmux(t *testing.T) {
	dir, bin := buildInTmuxDir(t)
	const tmux = "tmux"
	env := []string{
		"PE_TUI_CONFIG_DIR=" + filepath.Join(dir, "config"),
		"PE_TUI_HISTORY=" + filepath.Join(dir, "history.db"),
		"PE_TUI_STATE_DIR=" + filepath.Join(dir, "state"),
		"PE_TUI_LIBRARY=" + filepath.Join(dir, "events"),
		"PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=",
	}
	sock := fmt.Sprintf("pe-tui-keep-%d-%d", os.Getpid(), time.Now().UnixNano())
	tm := func(args ...string) (string, error) {
		out, err := exec.Command(tmux, append([]string{"-L", sock}, args...)...).CombinedOutput()
		return string(out), err
	}
	t.Cleanup(func() { _, _ = tm("kill-server") })

	// run starts pe-tui in session name and returns a function that waits
	// for it to exit and returns what it wrote to stderr.
	run := func(name string) func() string {
		t.Helper()
		exitFile, errFile := filepath.Join(dir, name+".exit"), filepath.Join(dir, name+".stderr")
		script := fmt.Sprintf("%s 2>%s; echo $? > %s", shellQuoteTest(bin), shellQuoteTest(errFile), shellQuoteTest(exitFile))
		args := []string{"new-session", "-d", "-s", name, "-x", "120", "-y", "40", "-e", "TERM=xterm-256color"}
		for _, e := range env {
			args = append(args, "-e", e)
		}
		if _, err := tm(append(args, "sh", "-c", script)...); err != nil {
			t.Fatalf("tmux new-session: %v", err)
		}
		return func() string {
			t.Helper()
			deadline := time.Now().Add(10 * time.Second)
			for time.Now().Before(deadline) {
				if data, err := os.ReadFile(exitFile); err == nil && strings.TrimSpace(string(data)) != "" {
					if got := strings.TrimSpace(string(data)); got != "0" {
						t.Fatalf("pe-tui exited with status %s", got)
					}
					out, _ := os.ReadFile(errFile)
					return string(out)
				}
				time.Sleep(50 * time.Millisecond)
			}
			t.Fatal("pe-tui did not exit")
			return ""
		}
	}
	waitFor := func(session, what string, want ...string) string {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		var last string
		for time.Now().Before(deadline) {
			last, _ = tm("capture-pane", "-p", "-t", session)
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(last, w)
			}
			if ok {
				return last
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: screen never showed %q; last screen:\n%s", what, want, last)
		return ""
	}
	keys := func(session string, k ...string) {
		t.Helper()
		if _, err := tm(append([]string{"send-keys", "-t", session}, k...)...); err != nil {
			t.Fatalf("send-keys %v: %v", k, err)
		}
	}

	// 1. Edit a draft and quit with q.
	done := run("one")
	waitFor("one", "start", "Schemas", "WeatherAlert")
	keys("one", "Enter")
	waitFor("one", "pick", "Form · WeatherAlert")
	keys("one", "Down", "Right")
	waitFor("one", "enum", `"alertType": "HURRICANE"`)
	keys("one", "q")
	if stderr := done(); !strings.Contains(stderr, "your unsent draft is kept in "+filepath.Join(dir, "state", "draft.json")) {
		t.Fatalf("quitting with changes should say the draft is kept; stderr:\n%s", stderr)
	}

	// 2. Start again: the draft is back.
	done = run("two")
	waitFor("two", "restored", "Restored your unsent draft from", "Form · WeatherAlert", `"alertType": "HURRICANE"`)
	// 3. Save it to the library from the library pane, then quit.
	keys("two", "F7")
	waitFor("two", "library pane", "Library · 0 events", "The library is empty")
	keys("two", "a")
	waitFor("two", "save as", "Save to the library", "name: weatheralert")
	keys("two", "C-u")
	keys("two", "-l", "hurricane")
	keys("two", "Enter")
	waitFor("two", "saved", "Saved to the library as hurricane")
	waitFor("two", "status line", "library hurricane · saved") // once the message has gone
	keys("two", "Down", "q")                                   // from the alert type row (q on the source field is typed)
	if stderr := done(); strings.Contains(stderr, "unsent draft is kept") {
		t.Fatalf("a saved draft has no unsent changes; stderr:\n%s", stderr)
	}

	// 4. Send the library event twice: two 202s, two referenceIds.
	for i := range 2 {
		cmd := exec.Command(bin, "send", "@hurricane")
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "202") {
			t.Fatalf("send %d: %v\n%s", i+1, err, out)
		}
	}
	st, err := history.Open(filepath.Join(dir, "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	page, err := st.List(context.Background(), history.Query{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) != 2 || page.Items[0].Status != 202 || page.Items[1].Status != 202 ||
		page.Items[0].ReferenceID == page.Items[1].ReferenceID {
		t.Fatalf("two sends of @hurricane: %+v", page.Items)
	}
}
