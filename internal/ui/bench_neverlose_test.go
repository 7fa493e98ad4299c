package ui

import (
	"path/filepath"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/autosave"
)

// BenchmarkKeyToFrameAutosave is BenchmarkKeyToFrame with the draft kept
// on disk (autosave on, a real file in a temporary directory): every key
// also records an undo step, judges "changed" by content and touches the
// background writer.
func BenchmarkKeyToFrameAutosave(b *testing.B) {
	c := &clock{t: testStart}
	opts := testOptions(b, c)
	opts.FileName, opts.FileData = "event.json", []byte(weatherTwoLocales)
	opts.Autosave = &autosave.Store{Path: filepath.Join(b.TempDir(), autosave.FileName)}
	m := New(opts)
	nm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	m = nm.(Model)
	benchEditLoop(b, m, benchEditKeys(b, m))
	b.StopTimer()
	if _, err := m.Flush(); err != nil {
		b.Fatal(err)
	}
}
