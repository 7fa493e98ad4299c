package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// FuzzPasteAndKeys pastes large text (the input repeated up to a megabyte)
// into the form and types around it: every step (Update and View) stays
// within a bounded time, and the screen fits. A 1 MB paste once took minutes.
func FuzzPasteAndKeys(f *testing.F) {
	f.Add(byte(0), byte(255), "x")
	f.Add(byte(3), byte(40), "界\x1b[31m")
	f.Add(byte(7), byte(200), "{\"a\":\n")
	f.Add(byte(1), byte(128), "+2m ")
	keys := []string{"down", "down", "up", "enter", "ctrl+u", "backspace", "a", "space", "right", "tab", "shift+tab", "ctrl+r"}
	f.Fuzz(func(t *testing.T, moves, scale byte, unit string) {
		if unit == "" {
			unit = "x"
		}
		// Up to about 1 MB: the unit repeated.
		n := min(int(scale)*4096/len(unit)+1, (1<<20)/len(unit))
		paste := strings.Repeat(unit, n)
		m, _ := newTestModel(t, 100, 30)
		m = press(t, m, "enter")
		step := func(what string, msg tea.Msg) {
			t.Helper()
			start := time.Now()
			m = update(t, m, msg)
			_ = m.View()
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("%s took %v with a %d-byte paste", what, d, len(paste))
			}
			fuzzFits(t, m, 100, 30)
		}
		for i := range int(moves % 8) {
			step("move", uitest.Key(keys[i%3]))
		}
		step("paste", tea.PasteMsg{Content: paste})
		for i := range 6 {
			step("key", uitest.Key(keys[(int(moves)+i)%len(keys)]))
		}
		step("paste again", tea.PasteMsg{Content: paste})
	})
}
