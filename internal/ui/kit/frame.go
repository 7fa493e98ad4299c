package kit

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The two frames of the UI: PaneFrame around each pane (rounded, with the
// title in the top edge) and DialogFrame around a dialog box (the box
// style's border, with the title on the first line inside). Both draw their
// edges with writeTop (unless a pane's title breaks the top edge), newSides
// and writeBottom, by hand rather than with lipgloss's Render on the whole
// block: the content is already fitted, and measuring and wrapping it again
// would cost most of a frame's time budget.

// rounded is the border of every pane frame; roundedLead is what comes
// before a title in its top edge (the corner and one edge cell).
var (
	rounded     = lipgloss.RoundedBorder()
	roundedLead = rounded.TopLeft + rounded.Top
)

// PaneStyles are the styles of a pane frame: its border and the title in
// its top edge, for the focused pane and for the others.
type PaneStyles struct {
	BorderFocused lipgloss.Style // border of the focused pane
	BorderBlurred lipgloss.Style // border of the other panes
	TitleFocused  lipgloss.Style // title of the focused pane
	TitleBlurred  lipgloss.Style // title of the other panes
}

// PaneFrame draws a rounded frame of outer size w×h around content, with
// title in the top edge ("╭─ title ───╮", cut with "…" when it does not
// fit), and pad columns of padding inside each side. content must already
// be fitted to (w-2-2·pad)×(h-2) by FitBlock; missing rows are drawn blank.
// The focused styles of st are used when focused is set, the blurred ones
// otherwise. When w or h leaves no room for the frame (w < 2+2·pad or
// h < 2), content alone is fitted to w×h.
func PaneFrame(st *PaneStyles, title, content string, w, h, pad int, focused bool) string {
	if w < 2+2*pad || h < 2 {
		return FitBlock(strings.Split(content, "\n"), w, h)
	}
	bs, ts := st.BorderBlurred, st.TitleBlurred
	if focused {
		bs, ts = st.BorderFocused, st.TitleFocused
	}
	iw := w - 2
	t := ""
	if iw >= 4 {
		t = ansi.Truncate(" "+title+" ", iw-1, "…")
	}
	var b strings.Builder
	b.Grow(len(content) + 3*w + h*64) // content, top and bottom edges, styled sides
	if t == "" {
		writeTop(&b, rounded, &bs, w)
	} else { // ╭─ title ───╮
		b.WriteString(bs.Render(roundedLead))
		b.WriteString(ts.Render(t))
		b.WriteString(bs.Render(strings.Repeat(rounded.Top, max(iw-1-ansi.StringWidth(t), 0)) + rounded.TopRight))
	}
	sd := newSides(rounded, &bs, pad, pad)
	lines := strings.Split(content, "\n")
	for i := 0; i < h-2; i++ {
		if i < len(lines) {
			sd.row(&b, lines[i], 0)
		} else {
			sd.row(&b, "", iw-2*pad)
		}
	}
	b.WriteByte('\n')
	writeBottom(&b, rounded, &bs, w)
	return b.String()
}

// FitBlock makes lines exactly w cells wide and h rows high: a line holding
// newlines counts as several, long lines are cut with "…", short ones are
// padded with spaces and missing rows are added blank. It returns "" when w
// or h is not positive.
func FitBlock(lines []string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	var flat []string
	for _, l := range lines {
		flat = append(flat, strings.Split(l, "\n")...)
		if len(flat) >= h {
			break
		}
	}
	size := h * (w + 1)
	for _, l := range flat {
		size += len(l)
	}
	var b strings.Builder
	b.Grow(size)
	for i := 0; i < h; i++ {
		if i > 0 {
			b.WriteByte('\n')
		}
		if i < len(flat) {
			l := flat[i]
			if lw := Width(l); lw <= w {
				b.WriteString(l)
				b.WriteString(strings.Repeat(" ", w-lw))
			} else {
				b.WriteString(PadRight(ansi.Truncate(l, w, "…"), w))
			}
		} else {
			b.WriteString(strings.Repeat(" ", w))
		}
	}
	return b.String()
}

// DialogStyles are the styles of a dialog box.
type DialogStyles struct {
	Box   lipgloss.Style // the border (its style and top colour) and horizontal padding
	Title lipgloss.Style // the title on the first line
	Muted lipgloss.Style // the hint line and the "…" that ends a cut body
}

// DialogFrame draws a dialog box of outer width bw: the title, a blank
// line, the body lines, the footer lines (buttons, inputs), and a blank
// line and the hint when hint is set, inside st.Box's border and padding.
// Lines holding newlines count as several; every line is cut with "…" to
// the inner width (DialogInnerWidth). When h > 0 the body is cut from the
// bottom, its last kept line replaced by "…", so that the box is at most h
// rows high with the title, footer and hint kept (as far as h allows).
func DialogFrame(st DialogStyles, bw, h int, title string, body, footer []string, hint string) string {
	iw := DialogInnerWidth(st.Box, bw)
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
	out := make([]string, 0, len(lines)+len(foot)+4)
	out = append(out, st.Title.Render(ansi.Truncate(title, iw, "…")), "")
	for _, l := range append(lines, foot...) {
		out = append(out, ansi.Truncate(l, iw, "…"))
	}
	if hint != "" {
		out = append(out, "", st.Muted.Render(ansi.Truncate(hint, iw, "…")))
	}
	return drawBox(&st.Box, bw, out)
}

// DialogInnerWidth is the text width inside a dialog box of outer width bw
// drawn with box (border and padding taken off), at least 1.
func DialogInnerWidth(box lipgloss.Style, bw int) int {
	return max(bw-box.GetHorizontalFrameSize(), 1)
}

// drawBox draws lines (each at most the inner width) in box's border and
// horizontal padding, bw cells wide. It draws what box.Width(bw).Render
// draws for lines that need no wrapping, at a fraction of the cost.
func drawBox(box *lipgloss.Style, bw int, lines []string) string {
	border := box.GetBorderStyle()
	bs := lipgloss.NewStyle().Foreground(box.GetBorderTopForeground())
	padL, padR := box.GetPaddingLeft(), box.GetPaddingRight()
	iw := max(bw-ansi.StringWidth(border.Left)-ansi.StringWidth(border.Right)-padL-padR, 1)
	var b strings.Builder
	b.Grow((len(lines) + 2) * (bw*3 + 32))
	writeTop(&b, border, &bs, bw)
	sd := newSides(border, &bs, padL, padR)
	for _, l := range lines {
		sd.row(&b, l, iw-ansi.StringWidth(l))
	}
	b.WriteByte('\n')
	writeBottom(&b, border, &bs, bw)
	return b.String()
}

// writeTop writes the unbroken top edge of a box w cells wide in border
// style bs.
func writeTop(b *strings.Builder, border lipgloss.Border, bs *lipgloss.Style, w int) {
	b.WriteString(bs.Render(border.TopLeft + strings.Repeat(border.Top, max(w-2, 0)) + border.TopRight))
}

// sides is what a box draws around each content row: the side edges,
// rendered once per box, and the padding inside them.
type sides struct{ left, right, padL, padR string }

// newSides renders border's side edges in style bs, with padL and padR
// columns of padding.
func newSides(border lipgloss.Border, bs *lipgloss.Style, padL, padR int) sides {
	return sides{
		left: bs.Render(border.Left), right: bs.Render(border.Right),
		padL: strings.Repeat(" ", padL), padR: strings.Repeat(" ", padR),
	}
}

// row writes a newline and one content row: the left edge and padding,
// line, fill spaces when fill > 0, and the right padding and edge.
func (s *sides) row(b *strings.Builder, line string, fill int) {
	b.WriteByte('\n')
	b.WriteString(s.left)
	b.WriteString(s.padL)
	b.WriteString(line)
	if fill > 0 {
		b.WriteString(strings.Repeat(" ", fill))
	}
	b.WriteString(s.padR)
	b.WriteString(s.right)
}

// writeBottom writes the bottom edge of a box w cells wide in border style bs.
func writeBottom(b *strings.Builder, border lipgloss.Border, bs *lipgloss.Style, w int) {
	b.WriteString(bs.Render(border.BottomLeft + strings.Repeat(border.Bottom, max(w-2, 0)) + border.BottomRight))
}
