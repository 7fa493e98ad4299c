package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// FuzzKeysSending presses any sequence of keys of part 2 (send, targets,
// profiles, history, response, sandbox list and the keys of their dialogs)
// against a real sandbox and a temporary history, running every command
// as the program would, with resizes now and then: no panic, and the
// screen always fits.
func FuzzKeysSending(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5})                         // pick, send, history, resend…
	f.Add([]byte{0, 1, 6, 7, 8, 9, 10})                     // targets and profiles
	f.Add([]byte{0, 11, 1, 12, 13, 0xF2, 14, 15, 16, 0xF1}) // live target, send, confirm
	keys := []string{
		"enter", "ctrl+s", "f2", "n", "r", "esc", "ctrl+g", "down", "f4", "tab", "f5",
		"up", "y", "f3", "e", "/", "a", "backspace", "d", "space", "shift+tab", "left",
	}
	sizes := [][2]int{{80, 24}, {120, 40}, {10, 5}, {64, 12}, {200, 60}, {1, 1}}
	keyring.MockInit()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 60 {
			data = data[:60]
		}
		m, _ := newSendModel(t, 80, 24, func(o *Options, _ *sendRig) {
			o.ConfigDir = t.TempDir()
			o.Secrets = credentials.NewKeyringStore(time.Second)
		})
		w, h := 80, 24
		for _, b := range data {
			if b >= 0xF0 {
				sz := sizes[int(b)%len(sizes)]
				w, h = sz[0], sz[1]
				m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
				continue
			}
			m = update(t, m, uitest.Key(keys[int(b)%len(keys)]))
			fuzzFits(t, m, w, h)
		}
	})
}
