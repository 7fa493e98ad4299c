package response

import (
	"charm.land/lipgloss/v2"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// Styles holds every style the response pane draws with, by meaning rather
// than by colour. State is never told by colour alone: ✓, ✗, ⚠ and "LIVE"
// carry it too, so PlainStyles works under NO_COLOR.
type Styles struct {
	Heading  lipgloss.Style // section headings ("Amazon's message", "Attempts", …)
	Label    lipgloss.Style // the label column (Target, Request id, Latency, …)
	Value    lipgloss.Style // values beside labels
	Text     lipgloss.Style // explanations
	Muted    lipgloss.Style // hints, the attempt list, the scroll line
	OK       lipgloss.Style // an accepted event (2xx)
	Warn     lipgloss.Style // rate limited (429), sent with errors, not recorded
	Err      lipgloss.Style // rejected, no response, not sent
	Live     lipgloss.Style // a live target (real customers; warning colour)
	Message  lipgloss.Style // the service's own message, as it sent it
	Sentence lipgloss.Style // what a sandbox user heard
	Spinner  lipgloss.Style // the spinner while sending
}

// DefaultStyles returns coloured styles for a dark or light terminal background.
func DefaultStyles(isDark bool) Styles {
	p := kit.NewPalette(isDark)
	fg, muted, accent := p.Fg, p.Muted, p.Accent
	ok, warn, bad, msg := p.OK, p.Warn, p.Err, p.Info
	n := lipgloss.NewStyle()
	return Styles{
		Heading:  n.Foreground(accent).Bold(true),
		Label:    n.Foreground(muted),
		Value:    n.Foreground(fg),
		Text:     n.Foreground(fg),
		Muted:    n.Foreground(muted),
		OK:       n.Foreground(ok).Bold(true),
		Warn:     n.Foreground(warn),
		Err:      n.Foreground(bad).Bold(true),
		Live:     n.Foreground(warn).Bold(true),
		Message:  n.Foreground(msg),
		Sentence: n.Foreground(fg).Bold(true),
		Spinner:  n.Foreground(accent),
	}
}

// PlainStyles returns styles without colour (NO_COLOR).
func PlainStyles() Styles {
	n := lipgloss.NewStyle()
	return Styles{
		Heading:  n.Bold(true).Underline(true),
		Label:    n.Faint(true),
		Value:    n,
		Text:     n,
		Muted:    n.Faint(true),
		OK:       n.Bold(true),
		Warn:     n.Underline(true),
		Err:      n.Bold(true),
		Live:     n.Bold(true).Underline(true),
		Message:  n,
		Sentence: n.Bold(true),
		Spinner:  n,
	}
}
