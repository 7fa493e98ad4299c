// Package uitest holds helpers for the tests of the UI packages: key
// presses by name and the recognition of timer commands.
package uitest

import (
	"reflect"
	"runtime"
	"strings"

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
