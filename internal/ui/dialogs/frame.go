package dialogs

import (
	"strings"
	"sync/atomic"

	"charm.land/bubbles/v2/key"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
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

// frame renders a dialog: the title, a blank line, the body lines, the
// footer lines (buttons, inputs) and a hint line, inside st.Box of outer
// width bw. Lines are truncated to the inner width; the body is cut from the
// bottom (keeping footer and hint) to fit height h when h > 0.
func frame(st Styles, bw, h int, title string, body, footer []string, hint string) string {
	iw := max(bw-st.Box.GetHorizontalFrameSize(), 1)
	var lines []string
	for _, l := range body {
		lines = append(lines, strings.Split(l, "\n")...)
	}
	var foot []string
	for _, l := range footer {
		foot = append(foot, strings.Split(l, "\n")...)
	}
	if h > 0 {
		// Title, blank, body, footer, blank, hint, plus the frame.
		room := h - st.Box.GetVerticalFrameSize() - 2 - len(foot)
		if hint != "" {
			room -= 2
		}
		if room < 0 {
			room = 0
		}
		if len(lines) > room {
			lines = lines[:room]
			if room > 0 {
				lines[room-1] = st.Muted.Render("…")
			}
		}
	}
	out := make([]string, 0, len(lines)+4)
	out = append(out, st.Title.Render(ansi.Truncate(title, iw, "…")), "")
	for _, l := range append(lines, foot...) {
		out = append(out, ansi.Truncate(l, iw, "…"))
	}
	if hint != "" {
		out = append(out, "", st.Muted.Render(ansi.Truncate(hint, iw, "…")))
	}
	return drawBox(st.Box, bw, out)
}

// drawBox draws lines (each at most the inner width) in box's border and
// horizontal padding, bw cells wide. It does what box.Width(bw).Render does
// for lines that need no wrapping, at a fraction of the cost, which keeps a
// frame with a dialog inside the UI's 2 ms budget.
func drawBox(box lipgloss.Style, bw int, lines []string) string {
	b := box.GetBorderStyle()
	bs := lipgloss.NewStyle().Foreground(box.GetBorderTopForeground())
	padL, padR := box.GetPaddingLeft(), box.GetPaddingRight()
	edgeL, edgeR := ansi.StringWidth(b.Left), ansi.StringWidth(b.Right)
	iw := max(bw-edgeL-edgeR-padL-padR, 1)
	left := bs.Render(b.Left) + strings.Repeat(" ", padL)
	right := strings.Repeat(" ", padR) + bs.Render(b.Right)
	var sb strings.Builder
	sb.Grow((len(lines) + 2) * (bw*3 + 32))
	sb.WriteString(bs.Render(b.TopLeft + strings.Repeat(b.Top, max(bw-2, 0)) + b.TopRight))
	for _, l := range lines {
		sb.WriteByte('\n')
		sb.WriteString(left)
		sb.WriteString(l)
		if w := ansi.StringWidth(l); w < iw {
			sb.WriteString(strings.Repeat(" ", iw-w))
		}
		sb.WriteString(right)
	}
	sb.WriteByte('\n')
	sb.WriteString(bs.Render(b.BottomLeft + strings.Repeat(b.Bottom, max(bw-2, 0)) + b.BottomRight))
	return sb.String()
}

// innerWidth is the text width inside a box of outer width bw.
func innerWidth(st Styles, bw int) int { return max(bw-st.Box.GetHorizontalFrameSize(), 1) }

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
