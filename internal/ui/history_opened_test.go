package ui

import (
	"errors"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// The history opens after the first frame (cmd/pe-tui's lazyHistory); what
// its opening says — the reason it failed, or records it recovered — reaches
// the status line instead of being lost.
func TestHistoryOpenedShowsItsErrorOrNoteInTheStatusLine(t *testing.T) {
	for _, tc := range []struct {
		name, note, want string
		err              error
	}{
		{name: "error", err: errors.New("the history is not available: history.db is not a database"), want: "history.db is not a database"},
		{name: "note", note: "note: added 2 send records to the history", want: "added 2 send records"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := &clock{t: testStart}
			opts := testOptions(t, c)
			opts.HistoryOpened = func() (string, error) { return tc.note, tc.err }
			m := New(opts)
			m = update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
			m = update(t, m, m.Init()())
			requireScreen(t, m, tc.want)
		})
	}
}
