package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestTUIInTmux drives the built binary in a real terminal (tmux) through
// the journey of a new user: start with no profile (empty config directory
// and history), pick a schema, type a value, change an enum, watch the
// preview sentence change, send to the in-process sandbox and see 202, open
// the history, resend as new and see the second record; then make the
// expiry invalid (+2m), send anyway and see Amazon's message in the 400;
// quit, and check that the process exited.
func TestTUIInTmux(t *testing.T) {
	dir, bin := buildInTmuxDir(t)
	exitFile := filepath.Join(dir, "exit-status")
	script := fmt.Sprintf("%s; echo $? > %s", shellQuoteTest(bin), shellQuoteTest(exitFile))
	x := startTmux(t, 120, 40, []string{
		"PE_TUI_CONFIG_DIR=" + filepath.Join(dir, "config"),
		"PE_TUI_HISTORY=" + filepath.Join(dir, "history.db"),
		"EDITOR=true",
	}, script)
	waitFor, keys, capture := x.waitFor, x.keys, x.capture

	waitFor("start", "Schemas", "WeatherAlert", "SocialGameInvite", "There is a tornado alert", "no profile", "target sandbox")

	// Pick WeatherAlert: its form opens on the source field.
	keys("Enter")
	waitFor("pick", "Form · WeatherAlert", "Alexa says · en-US", "There is a tornado alert", "Example Weather Corp.”", "expires in 2")

	// Type a value: replace the source.
	keys("C-u")
	keys("-l", "Owlcast")
	waitFor("type", "Owlcast.”", `"source": "Owlcast"`)

	// Change an enum: next row is the alert type; → cycles the value.
	keys("Down", "Right")
	screen := waitFor("enum", "There is a hurricane alert", "Owlcast.”", `"alertType": "HURRICANE"`)
	if strings.Contains(screen, "tornado") {
		t.Fatalf("the old alert type is still shown:\n%s", screen)
	}

	// Send to the sandbox (started inside the process): 202, recorded.
	keys("C-s")
	waitFor("send", "202 Accepted", "Sent: 202 Accepted · record #1", "What the sandbox users heard")

	// The history pane lists the send; resend it as new.
	keys("F2")
	waitFor("history", "History", "#1", "WeatherAlert", "1/1")
	keys("n")
	waitFor("resend as new", "#2", "#1", "Resent: 202 Accepted · record #2", "1/2")

	// Back to the form; the expiry row is three rows up from the alert type.
	keys("Escape")
	waitFor("back to the form", "Form · WeatherAlert")
	keys("Up", "Up", "Up")
	keys("C-u")
	keys("-l", "+2m")
	waitFor("expiry too soon", "expires in 2m", "2 errors") // the sandbox judges strictly: EXP_VS_TIMESTAMP is an error there

	// Errors in the draft: asked first, then the sandbox's 400 with its message.
	keys("C-s")
	waitFor("send anyway?", "Send anyway?")
	keys("y")
	waitFor("rejected", "400 Bad Request", "recorded as #3", "The sandbox's message")
	// F3 focuses the response pane; G scrolls to the end of the answer.
	keys("F3")
	waitFor("response focused", "── ↓ more below · j/k scroll")
	keys("G")
	waitFor("Amazon's message", "Violations for metadata: [expiryTime should be")

	// q quits from the response pane (no text field has focus).
	keys("q")
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(exitFile)
		if err == nil && strings.TrimSpace(string(data)) != "" {
			if got := strings.TrimSpace(string(data)); got != "0" {
				t.Fatalf("pe-tui exited with status %s", got)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("pe-tui did not exit after q; screen:\n%s", capture())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
