package dialogs

import (
	"strings"
	"sync/atomic"

	"charm.land/bubbles/v2/key"
)

// CloseMsg says the open dialog was dismissed without a choice (esc). The
// root closes the dialog; nothing else changes.
type CloseMsg struct{}

// lastID numbers dialogs so that a command's answer reaches only the dialog
// that started it, never a newer one opened in the meantime.
var lastID atomic.Int64

func nextID() int64 { return lastID.Add(1) }

// Size limits of a dialog box, in terminal cells.
const (
	minBoxWidth = 24
	maxBoxWidth = 76
)

// boxWidth is the outer width of a dialog for an available width w.
func boxWidth(w, most int) int {
	if w <= 0 {
		w = most + 4
	}
	return max(min(w-4, most), min(minBoxWidth, w))
}

// styleLines applies style to each line.
func styleLines(lines []string, render func(...string) string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = render(l)
	}
	return out
}

// hintLine joins the enabled bindings' help as "key desc · key desc".
func hintLine(bindings ...key.Binding) string {
	var parts []string
	for _, b := range bindings {
		if !b.Enabled() {
			continue
		}
		h := b.Help()
		if h.Key == "" {
			continue
		}
		parts = append(parts, h.Key+" "+h.Desc)
	}
	return strings.Join(parts, " · ")
}

// withDesc returns a copy of b with another help description.
func withDesc(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// redact replaces secret in s (when it is long enough to matter).
func redact(s, secret string) string {
	if len(secret) >= 4 && strings.Contains(s, secret) {
		return strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}
