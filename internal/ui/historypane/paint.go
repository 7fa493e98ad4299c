package historypane

import (
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/pe-tui/pe-tui/internal/history"
)

// brush draws text in a style. For a style that only sets attributes and
// colours, lipgloss wraps the text in one pair of escape sequences; a brush
// keeps that pair and concatenates, which is far cheaper per row than
// Style.Render. Styles with underline, strike-through, a transform or any
// box property are drawn by Render.
type brush struct {
	pre, post string
	style     lipgloss.Style
	slow      bool
}

// newBrush prepares a brush for st.
func newBrush(st lipgloss.Style) brush {
	b := brush{style: st}
	link, _ := st.GetHyperlink()
	if link != "" || st.GetUnderline() || st.GetStrikethrough() || st.GetTransform() != nil || st.GetWidth() != 0 ||
		st.GetHeight() != 0 || st.GetMaxWidth() != 0 || st.GetHorizontalFrameSize() != 0 || st.GetVerticalFrameSize() != 0 {
		b.slow = true
		return b
	}
	const probe = "\x00"
	out := st.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 || strings.Count(out, probe) != 1 {
		b.slow = true
		return b
	}
	b.pre, b.post = out[:i], out[i+len(probe):]
	return b
}

// paint returns s in the brush's style; s must be one line without tabs.
func (b *brush) paint(s string) string {
	if b.slow {
		return b.style.Render(s)
	}
	if s == "" || b.pre == "" {
		return s
	}
	return b.pre + s + b.post
}

// brushes are the row styles prepared for drawing many rows.
type brushes struct {
	row, selected brush
	status        [2][len(statusClasses)]brush // [selected][class index]
}

// statusClasses are the class names in the order of brushes.status.
var statusClasses = [...]string{"2xx", "4xx", "5xx", history.ClassNetwork, "other", history.ClassToken, history.ClassCancelled}

// classIndex returns the index of a summary's outcome class in statusClasses.
func classIndex(r *history.Summary) int {
	c := r.StatusClass()
	for i, s := range statusClasses {
		if s == c {
			return i
		}
	}
	return 4
}

// newBrushes prepares the brushes of s.
func newBrushes(s *Styles) *brushes {
	b := &brushes{row: newBrush(s.Row), selected: newBrush(s.Selected)}
	for i, c := range statusClasses {
		st := s.ForClass(c)
		b.status[0][i] = newBrush(st)
		b.status[1][i] = newBrush(st.Inherit(s.Selected))
	}
	return b
}
