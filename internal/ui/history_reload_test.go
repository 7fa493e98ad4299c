package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// TestHistoryKeysWhileReloading is the integrator's report at the root: the
// first send is recorded, the history reloads, and F2 n comes before the
// reload's page. n does not vanish: the pane says the list is still
// loading, nothing is sent, and n once the row shows resends it.
func TestHistoryKeysWhileReloading(t *testing.T) {
	m, rig := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter")
	m, reload := updateHolding(t, m, uitest.Key("ctrl+s"), func(msg tea.Msg) bool {
		_, ok := msg.(sentMsg)
		return ok
	})
	if reload == nil {
		t.Fatal("the recorded send did not reload the history pane")
	}
	requireScreen(t, m, "Sent: 202 Accepted · record #1")
	m = press(t, m, "f2", "n")
	requireScreen(t, m, "No record to resend yet: the list is still loading — press n again when it shows")
	if n := len(records(t, rig.store)); n != 1 {
		t.Fatalf("%d records, want 1: n acted on a row nobody saw", n)
	}
	m = update(t, m, reload())
	requireScreen(t, m, "#1", "1/1")
	m = press(t, m, "n")
	requireScreen(t, m, "Resent: 202 Accepted · record #2")
	if n := len(records(t, rig.store)); n != 2 {
		t.Fatalf("%d records after n, want 2", n)
	}
}
