package dialogs

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// component is any dialog of this package.
type component[T any] interface {
	Update(tea.Msg) (T, tea.Cmd)
	View() string
}

// drive sends msg to c and runs the returned commands as the program would,
// feeding every message back in (the root forwards non-key messages to the
// open dialog). It returns the dialog and every message the commands
// produced, in order. Timer commands (ticks, cursor blinks) are not run.
func drive[T component[T]](t testing.TB, c T, msg tea.Msg) (T, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100 {
			t.Fatal("drive: too many messages; a command loops")
		}
		next := queue[0]
		queue = queue[1:]
		if b, ok := next.(tea.BatchMsg); ok {
			for _, cmd := range b {
				if r := runCmd(cmd); r != nil {
					queue = append(queue, r)
				}
			}
			continue
		}
		if steps > 0 {
			out = append(out, next)
		}
		var cmd tea.Cmd
		c, cmd = c.Update(next)
		if r := runCmd(cmd); r != nil {
			queue = append(queue, r)
		}
	}
	return c, out
}

// press sends key presses; each string is one key ("enter", "tab", "a", "ctrl+u").
func press[T component[T]](t testing.TB, c T, keys ...string) (T, []tea.Msg) {
	t.Helper()
	var all []tea.Msg
	for _, k := range keys {
		var out []tea.Msg
		c, out = drive(t, c, uitest.Key(k))
		all = append(all, out...)
	}
	return c, all
}

// typeText sends each rune of s as a key press.
func typeText[T component[T]](t testing.TB, c T, s string) (T, []tea.Msg) {
	t.Helper()
	var all []tea.Msg
	for _, r := range s {
		var out []tea.Msg
		c, out = drive(t, c, tea.KeyPressMsg{Code: r, Text: string(r)})
		all = append(all, out...)
	}
	return c, all
}

// runCmd runs a command and returns its message; timer commands give nil.
func runCmd(c tea.Cmd) tea.Msg {
	if c == nil || uitest.IsTimer(c) {
		return nil
	}
	return c()
}

// find returns the first message of type M in msgs.
func find[M any](msgs []tea.Msg) (M, bool) {
	for _, m := range msgs {
		if v, ok := m.(M); ok {
			return v, true
		}
	}
	var zero M
	return zero, false
}

// text returns the view without colours.
func text[T component[T]](c T) string { return ansi.Strip(c.View()) }

// flat returns the view without colours, frame characters and line breaks,
// with runs of spaces squeezed, so wrapped sentences can be searched for.
func flat[T component[T]](c T) string {
	s := text(c)
	s = strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ", "\n", " ").Replace(s)
	return strings.Join(strings.Fields(s), " ")
}

// requireText fails when the view lacks any of the texts (searched in the
// flattened view, so wrapping does not matter).
func requireText[T component[T]](t testing.TB, c T, want ...string) {
	t.Helper()
	s := flat(c)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("view lacks %q:\n%s", w, text(c))
		}
	}
}

// rejectText fails when the view shows any of the texts.
func rejectText[T component[T]](t testing.TB, c T, unwanted ...string) {
	t.Helper()
	s, raw := flat(c), text(c)
	dense := strings.ReplaceAll(s, " ", "")
	for _, w := range unwanted {
		if strings.Contains(s, w) || strings.Contains(raw, w) || strings.Contains(dense, strings.ReplaceAll(w, " ", "")) {
			t.Fatalf("view shows %q:\n%s", w, raw)
		}
	}
}
