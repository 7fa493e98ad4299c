package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// focus says which pane receives keys.
type focus int

const (
	focusPicker focus = iota
	focusForm
	focusPreview
	focusResponse // the answer of the last send
	focusHistory  // the recorded sends
)

// String names the pane, for tests and debugging.
func (f focus) String() string {
	switch f {
	case focusPicker:
		return "picker"
	case focusForm:
		return "form"
	case focusPreview:
		return "preview"
	case focusResponse:
		return "response"
	case focusHistory:
		return "history"
	}
	return "unknown"
}

// Size limits of the layout.
const (
	minWidth       = 24  // below this (or minHeight) only a "too small" note is drawn
	minHeight      = 6   //
	threeColumnMin = 140 // picker, form and preview side by side from this width
	twoColumnMin   = 64  // left pane and preview side by side from this width
	helpLineMin    = 10  // the key hint line is shown from this height
	helpTwoLineMin = 20  // below helpLineWide columns the key hints take two lines from this height
	paddedMin      = 100 // panes get a column of inner padding from this width
	stackMinBody   = 30  // from this body height the preview and the response share the right column
)

// column is one pane placed in the body, or two stacked (pane above below).
type column struct {
	pane  focus
	w     int   // outer width, frame included
	below focus // the pane under pane when topH > 0
	topH  int   // outer height of pane when two are stacked; 0 = one pane, full height
}

// layout is the result of the one place that does layout arithmetic. It is
// recomputed on every WindowSizeMsg and whenever focus or draft presence
// changes which panes are visible.
type layout struct {
	width, height int
	tooSmall      bool
	helpRows      int // 0, 1 or 2
	pad           int // columns of padding inside each side of a pane frame
	bodyH         int // rows between the header and the status line
	cols          []column
}

// computeLayout places the panes for a terminal of w×h. The right column
// shows right (the preview or the response pane; the focused one of them
// when either has focus). In three-column mode the picker, the form and the
// right column are visible; in two-column mode the picker and the form share
// the left column (the picker shows while it has focus or while there is no
// draft yet); in one-column mode only the focused pane shows. The history
// pane, a wide table, takes the whole body while it has focus.
//
// With stack set (something was sent) and a body at least stackMinBody rows
// high, the right column holds the preview above the response instead.
func computeLayout(w, h int, f, right focus, hasDraft, stack bool) layout {
	l := layout{width: w, height: h}
	if w < minWidth || h < minHeight {
		l.tooSmall = true
		return l
	}
	if h >= helpLineMin {
		l.helpRows = 1
	}
	if h >= helpTwoLineMin && w < helpLineWide {
		l.helpRows = 2
	}
	if w >= paddedMin {
		l.pad = 1
	}
	l.bodyH = h - 2 - l.helpRows // header and status line
	left := focusForm
	if f == focusPicker || !hasDraft {
		left = focusPicker
	}
	if f == focusPreview || f == focusResponse {
		right = f
	}
	if right != focusResponse {
		right = focusPreview
	}
	switch {
	case f == focusHistory:
		l.cols = []column{{pane: focusHistory, w: w}}
	case w >= threeColumnMin && hasDraft:
		pw := clamp(w*24/100, 34, 48)
		fw := (w - pw) * 45 / 100
		l.cols = []column{{pane: focusPicker, w: pw}, {pane: focusForm, w: fw}, {pane: right, w: w - pw - fw}}
	case w >= twoColumnMin:
		// The form needs room for labels and values; below 100 columns it
		// gets a bigger share and the JSON wraps a little more.
		share := 48
		if w < paddedMin {
			share = 55
		}
		lw := clamp(w*share/100, 30, 72)
		l.cols = []column{{pane: left, w: lw}, {pane: right, w: w - lw}}
	default:
		one := left
		if (f == focusPreview && hasDraft) || f == focusResponse {
			one = f
		}
		l.cols = []column{{pane: one, w: w}}
	}
	if last := &l.cols[len(l.cols)-1]; stack && hasDraft && len(l.cols) > 1 && l.bodyH >= stackMinBody &&
		(last.pane == focusPreview || last.pane == focusResponse) {
		last.pane, last.below, last.topH = focusPreview, focusResponse, l.bodyH*45/100
	}
	return l
}

// heights returns the outer heights of a column's panes (the second is 0
// when the column holds one pane).
func (l layout) heights(c column) (int, int) {
	if c.topH == 0 {
		return l.bodyH, 0
	}
	return c.topH, l.bodyH - c.topH
}

// inner returns the content size of a pane of outer width w (frame and
// padding excluded).
func (l layout) inner(w int) (int, int) {
	return max(w-2-2*l.pad, 1), max(l.bodyH-2, 1)
}

// paneSize returns the inner size the pane gets in this layout; when it is
// not visible it gets the size it would have where it appears (the history
// the whole width, the preview and response the right column, the others
// the left column), so that its content is ready when it appears.
func (l layout) paneSize(p focus) (int, int) {
	for _, c := range l.cols {
		top, bottom := l.heights(c)
		switch {
		case c.pane == p:
			iw, _ := l.inner(c.w)
			return iw, max(top-2, 1)
		case c.topH > 0 && c.below == p:
			iw, _ := l.inner(c.w)
			return iw, max(bottom-2, 1)
		}
	}
	switch {
	case len(l.cols) == 0:
		return 1, 1
	case p == focusHistory:
		return l.inner(l.width)
	case (p == focusPreview || p == focusResponse) && l.cols[len(l.cols)-1].pane != focusHistory:
		return l.inner(l.cols[len(l.cols)-1].w)
	}
	return l.inner(l.cols[0].w)
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// fitScreen is the final guard of View: no line wider than w, no more than h lines.
func fitScreen(s string, w, h int) string {
	if w <= 0 || h <= 0 {
		return ""
	}
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if len(l) > w && kit.Width(l) > w {
			lines[i] = ansi.Truncate(l, w, "")
		}
	}
	return strings.Join(lines, "\n")
}

// joinColumns puts equally tall blocks side by side.
func joinColumns(blocks []string) string {
	if len(blocks) == 1 {
		return blocks[0]
	}
	split := make([][]string, len(blocks))
	rows := 0
	for i, bl := range blocks {
		split[i] = strings.Split(bl, "\n")
		rows = max(rows, len(split[i]))
	}
	size := 0
	for _, bl := range blocks {
		size += len(bl) + rows
	}
	var b strings.Builder
	b.Grow(size)
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteByte('\n')
		}
		for _, s := range split {
			if r < len(s) {
				b.WriteString(s[r])
			}
		}
	}
	return b.String()
}
