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
	c, out, _ := uitest.Drive(t, c, msg, func(c T, msg tea.Msg) (T, tea.Cmd) { return c.Update(msg) }, nil)
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

// stack routes messages through open dialogs as the root does: keys to the
// top one, other messages to all; OpenMsg pushes, CloseMsg pops. out holds
// every message the commands produced.
type stack struct {
	t   testing.TB
	ds  []Dialog
	out []tea.Msg
}

func newStack(t testing.TB, d Dialog) *stack {
	d.SetSize(100, 40)
	return &stack{t: t, ds: []Dialog{d}}
}

func (s *stack) top() Dialog { return s.ds[len(s.ds)-1] }

// send delivers msg and the messages of the commands it starts.
func (s *stack) send(msg tea.Msg) {
	s.t.Helper()
	_, out, _ := uitest.Drive(s.t, s, msg, func(s *stack, m tea.Msg) (*stack, tea.Cmd) { return s, s.route(m) }, nil)
	s.out = append(s.out, out...)
}

// route gives one message to the stack as the root does.
func (s *stack) route(msg tea.Msg) tea.Cmd {
	switch m := msg.(type) {
	case OpenMsg:
		m.Dialog.SetSize(100, 40)
		s.ds = append(s.ds, m.Dialog)
		return m.Dialog.Focus()
	case CloseMsg:
		s.ds = s.ds[:len(s.ds)-1]
		if len(s.ds) > 0 {
			return s.top().Focus()
		}
		return nil
	case tea.KeyPressMsg:
		return s.top().Handle(m)
	}
	var cmds []tea.Cmd
	for _, d := range s.ds {
		cmds = append(cmds, d.Handle(msg))
	}
	return tea.Batch(cmds...)
}

// press sends key presses to the top dialog.
func (s *stack) press(keys ...string) {
	s.t.Helper()
	for _, k := range keys {
		s.send(uitest.Key(k))
	}
}

// typeText types s into the top dialog.
func (s *stack) typeText(text string) {
	s.t.Helper()
	for _, r := range text {
		s.send(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// view is the top dialog's view, flattened as flat does.
func (s *stack) view() string {
	v := strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ", "\n", " ").Replace(ansi.Strip(s.top().View()))
	return strings.Join(strings.Fields(v), " ")
}

func (s *stack) require(want ...string) {
	s.t.Helper()
	v := s.view()
	for _, w := range want {
		if !strings.Contains(v, w) {
			s.t.Fatalf("view lacks %q:\n%s", w, ansi.Strip(s.top().View()))
		}
	}
}
