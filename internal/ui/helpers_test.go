package ui

import (
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/forms"
	"github.com/pe-tui/pe-tui/internal/schemas"
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
		NewDraft: func(s *schemas.Schema, now time.Time) *forms.Draft {
			d := forms.NewDraft(s, now)
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
	var held tea.Cmd
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 200 {
			t.Fatal("updateHolding: too many messages; a command loops")
		}
		next := queue[0]
		queue = queue[1:]
		if b, ok := next.(tea.BatchMsg); ok {
			for _, c := range b {
				if r := runCmd(c); r != nil {
					queue = append(queue, r)
				}
			}
			continue
		}
		nm, cmd := m.Update(next)
		m = nm.(Model)
		if held == nil && hold(next) {
			held = cmd
			continue
		}
		if r := runCmd(cmd); r != nil {
			queue = append(queue, r)
		}
	}
	return m, held
}

// runCmd runs a command and returns its message; timer commands give nil.
func runCmd(c tea.Cmd) tea.Msg {
	if c == nil || isTimer(c) {
		return nil
	}
	msg := c()
	if _, quit := msg.(tea.QuitMsg); quit {
		return quitSeen{}
	}
	return msg
}

// isTimer recognises tea.Tick, tea.Every and cursor blink commands by the
// name of their function.
func isTimer(c tea.Cmd) bool {
	fn := runtime.FuncForPC(reflect.ValueOf(c).Pointer())
	if fn == nil {
		return false
	}
	name := fn.Name()
	return strings.Contains(name, "bubbletea/v2.Tick.") || strings.Contains(name, "bubbletea/v2.Every.") ||
		strings.Contains(name, "/cursor.") && strings.Contains(name, "Blink")
}

// quitSeen marks that a command asked the program to quit.
type quitSeen struct{}

// press sends key presses; each string is one key ("enter", "tab", "a", "ctrl+c").
func press(t testing.TB, m Model, keys ...string) Model {
	t.Helper()
	for _, k := range keys {
		m = update(t, m, keyMsg(k))
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

// keyMsg builds the key press for a key name as tea prints it.
func keyMsg(k string) tea.KeyPressMsg {
	mods := map[string]tea.KeyMod{"ctrl": tea.ModCtrl, "shift": tea.ModShift, "alt": tea.ModAlt}
	var mod tea.KeyMod
	for {
		pre, rest, ok := strings.Cut(k, "+")
		if !ok || mods[pre] == 0 || rest == "" {
			break
		}
		mod |= mods[pre]
		k = rest
	}
	named := map[string]rune{
		"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
		"left": tea.KeyLeft, "right": tea.KeyRight, "backspace": tea.KeyBackspace, "space": tea.KeySpace,
		"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"f2": tea.KeyF2, "f3": tea.KeyF3, "f4": tea.KeyF4, "f5": tea.KeyF5,
	}
	if r, ok := named[k]; ok {
		msg := tea.KeyPressMsg{Code: r, Mod: mod}
		if r == tea.KeySpace && mod == 0 {
			msg.Text = " "
		}
		return msg
	}
	r := []rune(k)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: k}
}

// screen returns the visible text without colours.
func screen(m Model) string { return ansi.Strip(m.View().Content) }

// quits reports whether sending k makes the model quit.
func quits(t testing.TB, m Model, k string) bool {
	t.Helper()
	_, cmd := m.Update(keyMsg(k))
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
