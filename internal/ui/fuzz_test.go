package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// FuzzOpenFile opens any bytes as an event file: the app must not panic, and
// the screen must fit the terminal whatever the file holds.
func FuzzOpenFile(f *testing.F) {
	f.Add([]byte(weatherTwoLocales))
	f.Add([]byte("{"))
	f.Add([]byte("\x00\xff\xfe binary"))
	f.Add([]byte(`{"event":{"name":"AMAZON.TrashCollectionAlert.Activated","payload":{"alert":{"garbageTypes":"GLASS"}}}}`))
	f.Add([]byte(`[1,2,3]`))
	f.Add([]byte(`{"localizedAttributes":[{"locale":"日本語","x":"` + strings.Repeat("界", 300) + `"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := &clock{t: testStart}
		opts := testOptions(t, c)
		opts.FileName, opts.FileData = "fuzz.json", data
		m := New(opts)
		for _, sz := range [][2]int{{80, 24}, {30, 8}} {
			nm, _ := m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			m = nm.(Model)
			fuzzFits(t, m, sz[0], sz[1])
		}
	})
}

// FuzzKeys presses any sequence of keys (from a fixed alphabet) and resizes
// now and then: no panic, and the screen always fits.
func FuzzKeys(f *testing.F) {
	f.Add([]byte("\x00\x01\x02\x03\x04"))
	f.Add([]byte("\x05\x05\x06\x07\x08\x09\x0a\x0b"))
	f.Add([]byte("\x10\x11\x12\x13\x14\x15\x16\x17\x18"))
	keys := []string{
		"enter", "tab", "shift+tab", "up", "down", "left", "right", "esc", "space", "backspace",
		"?", "/", "a", "x", "1", "ctrl+n", "ctrl+l", "ctrl+u", "pgdown", "g", "y", "n", "ctrl+r",
	}
	sizes := [][2]int{{80, 24}, {120, 40}, {10, 5}, {64, 12}, {200, 60}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 200 {
			data = data[:200]
		}
		m, c := newTestModel(t, 80, 24)
		w, h := 80, 24
		for _, b := range data {
			if b >= 0xF0 {
				sz := sizes[int(b)%len(sizes)]
				w, h = sz[0], sz[1]
				m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
				continue
			}
			if b == 0xEF {
				c.Advance(time.Minute)
				nm, _ := m.Update(tickMsg{at: c.Now()})
				m = nm.(Model)
				continue
			}
			k := keys[int(b)%len(keys)]
			if k == "q" || k == "ctrl+c" {
				continue
			}
			nm, cmd := m.Update(uitest.Key(k))
			m = nm.(Model)
			// The alphabet has no key that writes outside the test's temp
			// dir (ctrl+x would save into the working directory); the
			// editor's temp file goes to opts.TempDir and is not started.
			if msg := runSafeCmd(cmd); msg != nil {
				m = update(t, m, msg)
			}
			fuzzFits(t, m, w, h)
		}
	})
}

// runSafeCmd runs a command and keeps the messages that stay in memory
// (form changes, picks); it drops the editor start and batches.
func runSafeCmd(c tea.Cmd) tea.Msg {
	msg := runCmd(c)
	switch msg.(type) {
	case quitSeen, editorReadyMsg, saveResultMsg:
		return nil
	case tea.BatchMsg:
		return nil
	}
	return msg
}

func fuzzFits(t *testing.T, m Model, w, h int) {
	t.Helper()
	lines := strings.Split(m.View().Content, "\n")
	if len(lines) > h {
		t.Fatalf("%dx%d: %d lines", w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%dx%d: line %d is %d wide: %q", w, h, i, lw, ansi.Strip(l))
		}
	}
}
