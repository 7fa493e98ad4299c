package ui

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// The tests in this file each replay one thing a new user tried.

var (
	cliOnce sync.Once
	cliPath string
	cliErr  error
)

// cliBinary builds the real pe-tui binary once, to compare the TUI's verdict
// with `pe-tui validate`.
func cliBinary(t *testing.T) string {
	t.Helper()
	cliOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pe-tui-ui-test")
		if err != nil {
			cliErr = err
			return
		}
		cliPath = filepath.Join(dir, "pe-tui")
		if out, err := exec.Command("go", "build", "-o", cliPath, "../../cmd/pe-tui").CombinedOutput(); err != nil {
			cliErr = &exec.ExitError{Stderr: out}
		}
	})
	if cliErr != nil {
		t.Fatalf("building pe-tui: %v", cliErr)
	}
	return cliPath
}

// TestMain removes the binary cliBinary built.
func TestMain(m *testing.M) {
	code := m.Run()
	if cliPath != "" {
		os.RemoveAll(filepath.Dir(cliPath))
	}
	os.Exit(code)
}

var summaryRE = regexp.MustCompile(`(no findings|\d+ errors?(, \d+ warnings?)?|\d+ warnings?)`)

// statusSummary is the findings count the status line shows.
func statusSummary(t *testing.T, m Model) string {
	t.Helper()
	line := ansi.Strip(m.statusView())
	s := summaryRE.FindString(line)
	if s == "" {
		t.Fatalf("no findings count in the status line %q", line)
	}
	return s
}

// formErrorMarks counts the ✗ findings the form shows (a finding's first line starts with ✗).
func formErrorMarks(m Model) int {
	n := 0
	for _, l := range strings.Split(ansi.Strip(m.form.View()), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "✗ ") {
			n++
		}
	}
	return n
}

// One error is one error everywhere: the status line, the form, the "send
// with errors?" dialog and `pe-tui validate` on the saved body (with the
// mode the target implies) agree, for a bad integer, a bad date and an
// expiry of +2m, on the strict sandbox and on an Amazon target.
func TestOneErrorCountEverywhere(t *testing.T) {
	bin := cliBinary(t)
	cases := []struct {
		name, event, path, typed string
	}{
		{"bad integer", "AMAZON.SportsEvent.Updated", "event.payload.sportsEvent.homeTeamStatistic.score", "abc"},
		{"bad date", "AMAZON.WeatherAlert.Activated", "expiryTime", "next blursday"},
		{"expiry +2m", "AMAZON.WeatherAlert.Activated", "expiryTime", "+2m"},
	}
	for _, target := range []string{"sandbox", "na-dev"} {
		for _, c := range cases {
			t.Run(target+"/"+c.name, func(t *testing.T) {
				tg, err := alexa.ParseTarget(target)
				if err != nil {
					t.Fatal(err)
				}
				m, rig := newSendModel(t, 160, 120, func(o *Options, _ *sendRig) { o.Target = tg })
				m = typeText(t, press(t, m, "/"), schemas.Lookup(c.event).Short)
				m = press(t, m, "enter", "enter")
				if !m.form.FocusPath(c.path) {
					t.Fatalf("no row for %s", c.path)
				}
				m = press(t, m, "ctrl+u")
				m = typeText(t, m, c.typed)

				status := statusSummary(t, m)
				if want := draft.Summary(m.dv.Errors, m.dv.Warnings); status != want {
					t.Errorf("status line %q, derived %q", status, want)
				}
				if got := formErrorMarks(m); got != m.dv.Errors {
					t.Errorf("the form shows %d ✗, the status line says %q:\n%s", got, status, ansi.Strip(m.form.View()))
				}
				if m.dv.Errors != 1 && !(c.name == "expiry +2m" && target == "sandbox") {
					t.Errorf("%q: want exactly 1 error (the value typed), status line says %q", c.typed, status)
				}

				file := filepath.Join(t.TempDir(), "event.json")
				if err := os.WriteFile(file, m.bodyBytes(), 0o600); err != nil {
					t.Fatal(err)
				}
				out, _ := exec.Command(bin, "validate", "--target", target, "--now", schemas.FormatTime(rig.clock.Now()), file).CombinedOutput()
				if !strings.Contains(string(out), "("+status+")") {
					t.Errorf("pe-tui validate --target %s says\n%s\nthe status line says %q", target, out, status)
				}
				wantMode := "mode: standard"
				if target == "sandbox" {
					wantMode = "mode: strict"
					requireScreen(t, m, "sandbox · strict")
				}
				if !strings.Contains(string(out), wantMode) {
					t.Errorf("pe-tui validate does not name the mode %q:\n%s", wantMode, out)
				}

				m = press(t, m, "ctrl+s")
				if !topIs[*dialogs.Confirm](m) {
					t.Fatalf("errors in the draft must ask first:\n%s", screen(m))
				}
				noun := "errors"
				if m.dv.Errors == 1 {
					noun = "error"
				}
				requireScreen(t, m, fmt.Sprintf("%d %s in the draft", m.dv.Errors, noun))
			})
		}
	}
}

var expiryRE = regexp.MustCompile(`(expires in|expired) [0-9dhms ]+(ago )?[✓✗]`)

// The form's expiry line and the status line show the same text in the
// same frame, also when the clock is not on a whole second.
func TestOneExpiryTextInFormAndStatusLine(t *testing.T) {
	c := &clock{t: testStart.Add(400 * time.Millisecond)}
	m := New(testOptions(t, c))
	m = update(t, m, tea.WindowSizeMsg{Width: 160, Height: 60})
	m = press(t, m, "enter") // a new WeatherAlert draft: expiry now + 23h
	for _, step := range []time.Duration{0, 1100 * time.Millisecond, 5 * time.Second} {
		c.Advance(step)
		m = update(t, m, tickMsg{at: c.Now()})
		form := expiryRE.FindAllString(ansi.Strip(m.form.View()), -1)
		status := expiryRE.FindAllString(ansi.Strip(m.statusView()), -1)
		if len(form) != 1 || len(status) != 1 || form[0] != status[0] {
			t.Fatalf("at %v: form %q, status line %q", c.Now().Format(time.StampMilli), form, status)
		}
	}
	if got := expiryRE.FindString(ansi.Strip(m.statusView())); got != "expires in 22h 59m 54s ✓" {
		t.Errorf("after 6.5 s the expiry reads %q", got)
	}
}

// ctrl+n in an open enum picker moves to the next option, as the help line
// says, instead of jumping to the schema list.
func TestCtrlNInOpenPickerMovesToNextOption(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter") // WeatherAlert
	if !m.form.FocusPath("event.payload.weatherAlert.alertType") {
		t.Fatal("no alert type row")
	}
	before := m.dv.Request.String("event.payload.weatherAlert.alertType")
	m = press(t, m, "enter")
	if !m.form.PickerOpen() {
		t.Fatal("enter should open the picker")
	}
	pane := m.shortHelp()
	help := ""
	for _, b := range enabled(pane) {
		help += b.Help().Key + " " + b.Help().Desc + " · "
	}
	if !strings.Contains(help, "ctrl+n next option") {
		t.Errorf("help line %q does not offer ctrl+n", help)
	}
	m = press(t, m, "ctrl+n")
	if m.focus != focusForm || !m.form.PickerOpen() {
		t.Fatalf("ctrl+n left the picker (focus %v):\n%s", m.focus, screen(m))
	}
	m = press(t, m, "enter")
	if after := m.dv.Request.String("event.payload.weatherAlert.alertType"); after == before {
		t.Errorf("ctrl+n then enter kept %q; want the next option", after)
	}
	// Outside a picker ctrl+n still starts a new event.
	m = press(t, m, "ctrl+n")
	if m.focus != focusPicker {
		t.Errorf("ctrl+n outside a picker: focus %v, want the schema list", m.focus)
	}
}

// A query outside ASCII fuzzy-matches rune by rune.
func TestSchemaFilterMatchesNonASCII(t *testing.T) {
	s := &schemas.Schema{Short: "Müll", Description: "Müllabfuhr am Dienstag"}
	for _, q := range []string{"üab", "mürd", "ülfd"} {
		if got := matchScore(q, s); got != 1 {
			t.Errorf("matchScore(%q) = %d, want 1 (letters in order)", q, got)
		}
	}
	if got := matchScore("üx", s); got != 0 {
		t.Errorf("matchScore(üx) = %d, want 0", got)
	}
}

// A body with unknown fields: the TUI on the sandbox judges strictly and
// says so, and `pe-tui validate --target sandbox` gives the same verdict
// and names the mode; without a target validate judges in standard mode
// and says that instead.
func TestStrictnessVisibleAndSameVerdict(t *testing.T) {
	bin := cliBinary(t)
	body := strings.Replace(weatherTwoLocales, `"alertType": "SNOW_STORM"`, `"alertType": "SNOW_STORM", "severity": "high", "colour": "red"`, 1)
	body = strings.Replace(body, `"referenceId": "pe~locales1",`, `"referenceId": "pe~locales1", "note": "x",`, 1)
	file := filepath.Join(t.TempDir(), "unknown.json")
	if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: testStart}
	opts := testOptions(t, c)
	opts.Target = alexa.Target{} // the sandbox
	opts.FileName, opts.FileData = "unknown.json", []byte(body)
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 160, Height: 50})
	status := statusSummary(t, m)
	requireScreen(t, m, "sandbox · strict")
	if m.dv.Warnings != 0 || m.dv.Errors < 3 {
		t.Fatalf("the sandbox should count the unknown fields as errors; status line %q", status)
	}
	now := schemas.FormatTime(testStart)
	out, _ := exec.Command(bin, "validate", "--target", "sandbox", "--now", now, file).CombinedOutput()
	if !strings.Contains(string(out), "mode: strict (as sandbox judges)") || !strings.Contains(string(out), "("+status+")") {
		t.Errorf("validate --target sandbox:\n%s\nthe TUI says %q", out, status)
	}
	out, _ = exec.Command(bin, "validate", "--now", now, file).CombinedOutput()
	if !strings.Contains(string(out), "mode: standard") || strings.Contains(string(out), "("+status+")") {
		t.Errorf("validate without a target should judge in standard mode and say so:\n%s", out)
	}
}
