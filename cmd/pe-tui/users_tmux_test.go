package main

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
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
// shown; the test subscribes them in the sandbox through its control route); in the history
// pane h marks the newest record heard and the filter heard:yes lists
// only it. Captures of each screen go to the test log (-v).
func TestUsersJourneyInTmux(t *testing.T) {
	dir, bin := buildInTmuxDir(t)
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

	x := startTmux(t, 120, 40, []string{
		"PE_TUI_CONFIG_DIR=" + configDir,
		"PE_TUI_HISTORY=" + filepath.Join(dir, "history.db"),
		"PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=",
	}, shellQuoteTest(bin)+" --file "+shellQuoteTest(ev))
	waitFor, keys := x.waitFor, x.keys

	waitFor("start", "Form · WeatherAlert", "profile skill", "target NA development")
	// The profile's target is Amazon's; the journey sends to the in-process
	// sandbox (the first row of the target picker), which stands for NA.
	keys("C-g")
	waitFor("targets", "Send to…", "custom URL…")
	keys("Up", "Enter")
	waitFor("sandbox target", "target sandbox")
	// Subscribe the two users in the running sandbox (its control route, on
	// loopback), so that it accepts their events as Amazon would.
	keys("F5")
	heard := waitFor("sandbox address", "sandbox at http://127.0.0.1:")
	sbURL := regexp.MustCompile(`http://127\.0\.0\.1:[0-9]+`).FindString(heard)
	put, err := http.NewRequest(http.MethodPut, sbURL+"/_emulator/subscribers", strings.NewReader(
		`[{"userId":"`+usersNA+`","eventNames":["AMAZON.WeatherAlert.Activated"]},{"userId":"`+usersEU+`","locale":"de-DE","eventNames":["AMAZON.WeatherAlert.Activated"]}]`))
	if err != nil {
		t.Fatal(err)
	}
	put.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(put)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("subscribing the users in the sandbox: %v %v", resp, err)
	}
	resp.Body.Close()
	keys("Escape")
	time.Sleep(300 * time.Millisecond) // an esc right before alt+u would read as alt+esc
	keys("M-u")
	waitFor("users screen", "Users of profile skill", "No saved users", "Receiver: off")
	keys("a")
	waitFor("paste area", "Paste the text that holds the user")
	x.run("set-buffer", "-b", "pe", strings.Join(paste, "\n"))
	x.run("paste-buffer", "-p", "-b", "pe", "-t", "main")
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
	waitFor("group send", "Group send to 2 users: 2 of 2 done, 2 accepted", "EU routed", "✓ 202", "the user lives in EU, not NA")

	keys("F2")
	waitFor("history", "#2", "#1", "1/2")
	keys("h")
	waitFor("marked", "marked heard", "›✓")
	keys("/")
	keys("-l", "heard:yes")
	keys("Enter")
	screen := waitFor("filtered", "heard:yes", "1/1", "›✓")
	if len(regexp.MustCompile(`202 +sandbox`).FindAllString(screen, -1)) != 1 {
		t.Fatalf("heard:yes lists the unmarked record:\n%s", screen)
	}

	// The same screens at 80×24.
	x.run("resize-window", "-t", "main", "-x", "80", "-y", "24")
	keys("M-u")
	waitFor("users screen at 80x24", "Users of profile skill", "seattle")
	keys("Escape")
	keys("C-c")
}
