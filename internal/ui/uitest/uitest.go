// Package uitest holds helpers for the tests of the UI packages: key
// presses by name and the recognition of timer commands.
package uitest

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// Key builds the key press for a key name as Bubble Tea prints it:
// "enter", "esc", "ctrl+s", "alt+h", "shift+tab", "f2", "space", or a single
// character such as "q".
func Key(k string) tea.KeyPressMsg {
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
	if r, ok := named[k]; ok {
		msg := tea.KeyPressMsg{Code: r, Mod: mod}
		if r == tea.KeySpace && mod == 0 {
			msg.Text = " "
		}
		return msg
	}
	r := []rune(k)
	if len(r) != 1 {
		panic("uitest.Key: unknown key " + k)
	}
	if mod != 0 {
		return tea.KeyPressMsg{Code: r[0], Mod: mod}
	}
	return tea.KeyPressMsg{Code: r[0], Text: k}
}

var named = map[string]rune{
	"enter": tea.KeyEnter, "tab": tea.KeyTab, "esc": tea.KeyEscape, "up": tea.KeyUp, "down": tea.KeyDown,
	"left": tea.KeyLeft, "right": tea.KeyRight, "backspace": tea.KeyBackspace, "space": tea.KeySpace,
	"home": tea.KeyHome, "end": tea.KeyEnd, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "delete": tea.KeyDelete,
	"f1": tea.KeyF1, "f2": tea.KeyF2, "f3": tea.KeyF3, "f4": tea.KeyF4, "f5": tea.KeyF5,
}

// IsTimer reports whether c is a timer command (tea.Tick, tea.Every or a
// cursor blink): test loops that run commands synchronously skip them so
// they end and stay deterministic.
func IsTimer(c tea.Cmd) bool {
	fn := runtime.FuncForPC(reflect.ValueOf(c).Pointer())
	if fn == nil {
		return false
	}
	name := fn.Name()
	return strings.Contains(name, "bubbletea/v2.Tick.") || strings.Contains(name, "bubbletea/v2.Every.") ||
		strings.Contains(name, "/cursor.") && strings.Contains(name, "Blink")
}

// maxSteps bounds the messages one Drive call delivers, so that a command
// that keeps answering fails the test instead of hanging it.
const maxSteps = 200

// Drive delivers msg to m with update, then the messages of the commands it
// returns (and theirs) in order, as the program would: batches are opened,
// timer commands are not run, and tea.QuitMsg is recorded but not
// delivered. hold, when not nil, keeps the command returned for the first
// message it matches unrun and returns it, so a test can deliver other
// messages before that answer. Drive returns the model, every message the
// commands produced and the held command.
func Drive[M any](tb testing.TB, m M, msg tea.Msg, update func(M, tea.Msg) (M, tea.Cmd), hold func(tea.Msg) bool) (M, []tea.Msg, tea.Cmd) {
	tb.Helper()
	var out []tea.Msg
	var held tea.Cmd
	queue := []tea.Msg{msg}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > maxSteps {
			tb.Fatal("uitest.Drive: too many messages; a command loops")
		}
		next := queue[0]
		queue = queue[1:]
		if b, ok := next.(tea.BatchMsg); ok {
			for _, c := range b {
				if r := run(c); r != nil {
					queue = append(queue, r)
				}
			}
			continue
		}
		if steps > 0 {
			out = append(out, next)
		}
		if _, quit := next.(tea.QuitMsg); quit {
			continue
		}
		var cmd tea.Cmd
		m, cmd = update(m, next)
		if held == nil && hold != nil && hold(next) {
			held = cmd
			continue
		}
		if r := run(cmd); r != nil {
			queue = append(queue, r)
		}
	}
	return m, out, held
}

// run runs a command and returns its message; timer commands give nil.
func run(c tea.Cmd) tea.Msg {
	if c == nil || IsTimer(c) {
		return nil
	}
	return c()
}
