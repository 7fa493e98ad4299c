package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// TestHeardDialogScrolls: ↓ and ↑ scroll the F5 dialog even while the
// root's scroll bindings are off (they are on only for the preview).
func TestHeardDialogScrolls(t *testing.T) {
	keys := DefaultKeyMap()
	keys.ScrollDown.SetEnabled(false)
	keys.ScrollUp.SetEnabled(false)
	d := newHeardDialog(keys, make([]sandbox.Notification, 30), "http://127.0.0.1:1")
	d.Handle(tea.KeyPressMsg{Code: tea.KeyDown})
	d.Handle(tea.KeyPressMsg{Code: tea.KeyDown})
	d.Handle(tea.KeyPressMsg{Code: tea.KeyUp})
	if d.scroll != 1 {
		t.Fatalf("scroll = %d after down, down, up; want 1", d.scroll)
	}
}
