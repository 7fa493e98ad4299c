package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// cellOf returns the screen cell where text first appears (after skip
// occurrences of it), or fails.
func cellOf(t *testing.T, m Model, text string) (x, y int) {
	t.Helper()
	for i, l := range strings.Split(screen(m), "\n") {
		if j := strings.Index(l, text); j >= 0 {
			return kit.Width(l[:j]), i
		}
	}
	t.Fatalf("%q is not on the screen:\n%s", text, screen(m))
	return 0, 0
}

func click(t *testing.T, m Model, x, y int) Model {
	t.Helper()
	return update(t, m, tea.MouseClickMsg{X: x, Y: y, Button: tea.MouseLeft})
}

func wheel(t *testing.T, m Model, x, y int, b tea.MouseButton) Model {
	t.Helper()
	return update(t, m, tea.MouseWheelMsg{X: x, Y: y, Button: b})
}

// TestMouseClicksFocusPanesFieldsAndPickerValues: mouse reporting is on; a
// click focuses the pane under it, the field under it (typing goes there),
// and an option of an open picker is chosen by a click.
func TestMouseClicksFocusPanesFieldsAndPickerValues(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	if m.View().MouseMode != tea.MouseModeCellMotion {
		t.Fatal("mouse reporting is off")
	}
	m = press(t, m, "enter") // WeatherAlert; the form opens on the source field
	// A click on the preview focuses it.
	x, y := cellOf(t, m, "─ JSON")
	m = click(t, m, x+2, y+2)
	if m.focus != focusPreview {
		t.Fatalf("a click on the preview should focus it; focus %v", m.focus)
	}
	// A click on the Expiry field focuses the form and that field.
	x, y = cellOf(t, m, "Expiry")
	m = click(t, m, x, y)
	if m.focus != focusForm {
		t.Fatalf("a click on the form should focus it; focus %v", m.focus)
	}
	m = typeText(t, m, "Z")
	if d := m.form.Draft(); !strings.HasSuffix(d.Expiry, "Z") || strings.HasSuffix(mustText(t, m, "weatherAlert.source"), "Z") {
		t.Fatalf("typing after the click should go to the expiry: %q", d.Expiry)
	}
	// Open the alert type's picker and click a value.
	x, y = cellOf(t, m, "Alert type")
	m = click(t, m, x, y)
	m = press(t, m, "enter")
	if !m.form.PickerOpen() {
		t.Fatal("enter should open the picker")
	}
	x, y = cellOf(t, m, "  HURRICANE")
	m = click(t, m, x+2, y)
	if got := m.dv.Request.String("event.payload.weatherAlert.alertType"); got != "HURRICANE" || m.form.PickerOpen() {
		t.Fatalf("a click on HURRICANE should choose it: %q (picker open %v)", got, m.form.PickerOpen())
	}
}

func mustText(t *testing.T, m Model, path string) string {
	t.Helper()
	v, _ := m.form.Draft().Text(path)
	return v
}

// TestMouseWheelScrollsThePaneUnderThePointer: the wheel scrolls the JSON
// (without focusing it) and the open help.
func TestMouseWheelScrollsThePaneUnderThePointer(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	m = press(t, m, "enter")
	x, y := cellOf(t, m, "─ JSON")
	before := m.preview.vp.YOffset()
	m = wheel(t, m, x+2, y+2, tea.MouseWheelDown)
	if m.preview.vp.YOffset() <= before {
		t.Fatal("the wheel should scroll the JSON")
	}
	m = press(t, m, "f1")
	requireScreen(t, m, "lines 1–")
	m = wheel(t, m, 40, 12, tea.MouseWheelDown)
	rejectScreen(t, m, "lines 1–")
}

// TestMouseClickSelectsAHistoryRow: a click on a history row selects it.
func TestMouseClickSelectsAHistoryRow(t *testing.T) {
	m, _ := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter", "ctrl+s", "ctrl+s") // two sends to the sandbox
	m = press(t, m, "f2")
	first, ok := m.history.Selected()
	if !ok {
		t.Fatalf("no history row:\n%s", screen(m))
	}
	_, y := cellOf(t, m, "#")
	m = click(t, m, 10, y+2) // the second row, under the titles
	r, ok := m.history.Selected()
	if !ok || r.ID == first.ID {
		t.Fatalf("the click should select the second row: %+v\n%s", r, screen(m))
	}
}
