package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// historyWith returns a send model whose history holds two WeatherAlert
// sends: #1 accepted, #2 refused, with a changed alert type and a hostile
// message from the server.
func historyWith(t *testing.T) (Model, *sendRig) {
	t.Helper()
	m, rig := newSendModel(t, 140, 40, nil)
	now := rig.clock.Now()
	a := eventJSON(t, now, nil)
	b := eventJSON(t, now, func(r *schemas.Request) {})
	b = []byte(strings.Replace(string(b), `"TORNADO"`, `"HURRICANE"`, 1))
	for i, rec := range []*history.Record{
		{SentAt: now, Target: "sandbox", Stage: "development", EventName: "AMAZON.WeatherAlert.Activated", ReferenceID: "ref-a", Audience: "Multicast", Request: a, Status: 202, Latency: time.Millisecond, Attempts: 1},
		{SentAt: now.Add(time.Second), Target: "sandbox", Stage: "development", EventName: "AMAZON.WeatherAlert.Activated", ReferenceID: "ref-b", Audience: "Multicast", Request: b, Status: 400, Message: "bad \x1b[31mred\x1b[0m", Latency: time.Millisecond, Attempts: 1},
	} {
		if _, err := rig.store.Append(context.Background(), rec); err != nil {
			t.Fatal(i, err)
		}
	}
	reload := m.history.Reload()
	m = update(t, m, reload())
	return m, rig
}

// TestHistoryCompare: c marks a record, c on another opens the comparison
// of the outcomes and the changed body paths, with the server's text neutralised.
func TestHistoryCompare(t *testing.T) {
	m, _ := historyWith(t)
	m = press(t, m, "f2")
	requireScreen(t, m, "#2", "#1")
	m = press(t, m, "c")
	requireScreen(t, m, "Marked #2")
	m = press(t, m, "down", "c")
	if !topIs[*compareDialog](m) {
		t.Fatalf("c on a second record did not compare:\n%s", screen(m))
	}
	requireScreen(t, m, "Compare #2 with #1", "≠", "event.payload.weatherAlert.alertType", `"HURRICANE"`, `"TORNADO"`, "2 changed path")
	if strings.Contains(m.View().Content, "\x1b[31mred") {
		t.Fatal("the server's escape sequence reached the screen")
	}
	// A short screen scrolls the comparison.
	m = update(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	requireScreen(t, m, "1–")
	m = press(t, m, "pgdown")
	rejectScreen(t, m, "1–")
	m = press(t, m, "esc")
	if len(m.stack) != 0 {
		t.Fatal("esc did not close the comparison")
	}
	// c twice on one record unmarks it.
	m = press(t, m, "c", "c")
	requireScreen(t, m, "Unmarked #1")
}

// TestHistoryFixture: x writes the record's fixture and sandbox config to
// new files, and never replaces them.
func TestHistoryFixture(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	m, _ := historyWith(t)
	m = press(t, m, "f2", "enter", "x")
	fx := filepath.Join(dir, "fixture-2.json")
	requireScreen(t, m, "Wrote "+fx)
	for _, name := range []string{"fixture-2.json", "sandbox-2.json"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || len(b) == 0 {
			t.Fatalf("%s: %v", name, err)
		}
	}
	m = press(t, m, "x")
	requireScreen(t, m, "already exists")
}
