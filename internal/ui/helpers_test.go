package ui

import (
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// testRefID is the reference id every test draft gets, so screens are stable.
const testRefID = "pe~TESTREFERENCE0000001"

// testStart is the fixed clock of the tests.
var testStart = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// clock is an injectable clock that tests move forward.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

// testOptions returns options with a fixed clock, a fixed reference id and
// the NA development target.
func testOptions(t testing.TB, c *clock) Options {
	t.Helper()
	target, err := alexa.ParseTarget("na-dev")
	if err != nil {
		t.Fatal(err)
	}
	return Options{
		Now:     c.Now,
		Profile: "test-skill",
		Target:  target,
		TempDir: t.TempDir(),

		startAtOnce: true,
		NewDraft: func(s *schemas.Schema, now time.Time) *draft.Draft {
			d := draft.NewDraft(s, now)
			d.ReferenceID = testRefID
			return d
		},
	}
}

// newTestModel returns a model sized w×h with a fixed clock.
func newTestModel(t testing.TB, w, h int) (Model, *clock) {
	t.Helper()
	c := &clock{t: testStart}
	m := New(testOptions(t, c))
	m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m, c
}

// update sends msg and then runs the returned commands (and theirs) as the
// program would, feeding their messages back in. Timer commands (ticks and
// cursor blinks) are not run, so the loop ends and stays deterministic.
func update(t testing.TB, m Model, msg tea.Msg) Model {
	t.Helper()
	m, _ = updateHolding(t, m, msg, func(tea.Msg) bool { return false })
	return m
}

// updateHolding is update, except that the command returned for the first
// message hold matches is not run but returned, to be run later: the
// program delivers that command's result whenever the store answers, so a
// test can put key presses before it.
func updateHolding(t testing.TB, m Model, msg tea.Msg, hold func(tea.Msg) bool) (Model, tea.Cmd) {
	t.Helper()
	m, _, held := uitest.Drive(t, m, msg, func(m Model, msg tea.Msg) (Model, tea.Cmd) {
		nm, cmd := m.Update(msg)
		return nm.(Model), cmd
	}, hold)
	return m, held
}

// runCmd runs a command and returns its message; timer commands give nil.
func runCmd(c tea.Cmd) tea.Msg {
	if c == nil || uitest.IsTimer(c) {
		return nil
	}
	msg := c()
	if _, quit := msg.(tea.QuitMsg); quit {
		return quitSeen{}
	}
	return msg
}

// quitSeen marks that a command asked the program to quit.
type quitSeen struct{}

// press sends key presses; each string is one key ("enter", "tab", "a", "ctrl+c").
func press(t testing.TB, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		m = update(t, m, uitest.Key(k))
	}
	return m
}

// typeText sends each rune of s as a key press.
func typeText(t testing.TB, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m = update(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

// screen returns the visible text without colours.
func screen(m Model) string { return ansi.Strip(m.View().Content) }

// quits reports whether sending k makes the model quit.
func quits(t testing.TB, m Model, k string) bool {
	t.Helper()
	_, cmd := probeCopy(m).Update(uitest.Key(k))
	_, ok := runCmd(cmd).(quitSeen)
	return ok
}

// requireScreen fails when the screen lacks any of the wanted texts.
func requireScreen(t testing.TB, m Model, want ...string) {
	t.Helper()
	s := screen(m)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("screen lacks %q:\n%s", w, s)
		}
	}
}

// rejectScreen fails when the screen shows any of the texts.
func rejectScreen(t testing.TB, m Model, unwanted ...string) {
	t.Helper()
	s := screen(m)
	for _, w := range unwanted {
		if strings.Contains(s, w) {
			t.Fatalf("screen shows %q:\n%s", w, s)
		}
	}
}

// loadEvent returns a model with body opened as if by --file.
func loadEvent(t testing.TB, body string, w, h int) (Model, *clock) {
	t.Helper()
	c := &clock{t: testStart}
	opts := testOptions(t, c)
	opts.FileName, opts.FileData = "event.json", []byte(body)
	m := New(opts)
	m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	return m, c
}

// textinputBlinkingStyles returns text input styles with a blinking cursor.
func textinputBlinkingStyles() textinput.Styles {
	s := textinput.DefaultStyles(true)
	s.Cursor.Blink = true
	return s
}

// topIs reports whether the top dialog is a T.
func topIs[T dialogs.Dialog](m Model) bool {
	_, ok := m.top().(T)
	return ok
}

// topOf returns the top dialog as a T (the zero T when it is not one).
func topOf[T dialogs.Dialog](m Model) T {
	d, _ := m.top().(T)
	return d
}

// helpText is the key hint line (or lines, joined by a space) as drawn.
func helpText(m Model) string {
	lines := strings.Split(screen(m), "\n")
	return strings.Join(lines[len(lines)-m.lay.helpRows:], " ")
}

// probeCopy is a copy of m whose panes are copies too, so that a key tried
// on it leaves m as it was (the root model keeps its panes by pointer and
// Bubble Tea never goes back to an earlier model; tests that try a key do).
func probeCopy(m Model) Model {
	c := m
	c.help, c.picker, c.preview, c.response = new(*m.help), new(*m.picker), new(*m.preview), new(*m.response)
	c.form, c.history = new(*m.form), new(*m.history)
	return c
}
