package ui

import (
	"testing"

	"github.com/pe-tui/pe-tui/internal/ui/formpane"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
	"github.com/pe-tui/pe-tui/internal/ui/response"
)

// TestPaletteRunsActionsByName: ctrl+p opens the palette even while a text
// field has focus; typing filters fuzzily; enter runs the action.
func TestPaletteRunsActionsByName(t *testing.T) {
	m, _ := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter") // the form, on a text field
	m = press(t, m, "ctrl+p")
	if !topIs[*paletteDialog](m) {
		t.Fatal("ctrl+p should open the palette from a text field")
	}
	requireScreen(t, m, "Commands", "history", "F2/alt+h", "send", "ctrl+s")
	m = typeText(t, m, "hstry") // fuzzy: the letters in order
	d := topOf[*paletteDialog](m)
	if len(d.shown) == 0 || d.shown[0].desc != "history" {
		t.Fatalf("hstry should find the history first: %+v", d.shown)
	}
	m = press(t, m, "enter")
	if m.top() != nil || m.focus != focusHistory {
		t.Fatalf("enter should run the action: focus %v, stack %d", m.focus, len(m.stack))
	}
}

// TestPaletteListsEveryWorkingBinding: the palette is generated from the
// key maps: every enabled global binding is in it, and every key it
// presses is one a key map holds.
func TestPaletteListsEveryWorkingBinding(t *testing.T) {
	m, _ := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter")
	acts := m.paletteActions()
	has := func(e helpEntry) bool {
		for _, a := range acts {
			if a.desc == e.desc && a.keys == e.keys {
				return true
			}
		}
		return false
	}
	for _, g := range globalBindings(m.keys) {
		for _, b := range g {
			if b.Enabled() && b.Keys()[0] != "ctrl+p" && !has(entryOf(b)) {
				t.Errorf("the palette lacks %v %q", b.Keys(), b.Help().Desc)
			}
		}
	}
	for _, km := range []any{DefaultKeyMap(), formpane.DefaultKeyMap(), historypane.DefaultKeyMap(), response.DefaultKeyMap()} {
		for n, b := range bindingsOf(km) {
			for _, k := range b.Keys() {
				if got := keyFromString(k).String(); got != k {
					t.Errorf("%s: key %q is pressed as %q", n, k, got)
				}
			}
		}
	}
}

// TestOpenPickerKeepsCtrlP: an open enum picker claims ctrl+p (previous option).
func TestOpenPickerKeepsCtrlP(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	if !m.form.FocusPath("event.payload.weatherAlert.alertType") {
		t.Fatal("no alert type row")
	}
	m = press(t, m, "enter", "ctrl+p")
	if m.top() != nil || !m.form.PickerOpen() {
		t.Fatal("ctrl+p in an open picker must stay the picker's")
	}
}
