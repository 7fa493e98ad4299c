package formpane

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Click handles a left click on line y of the pane (0 is its first visible
// line). On an option of the open picker it moves the picker's cursor there
// and returns the key that acts on it ("enter" chooses, "space" ticks in a
// checklist), which the owner feeds to Update as if typed, so a click and a
// key take one path. On another row it focuses that row (closing a picker).
func (m *Model) Click(y int) (key string, cmd tea.Cmd) {
	line := m.offset + y
	if y < 0 || line >= len(m.lines) || len(m.rows) == 0 {
		return "", nil
	}
	i := m.rowAt(line)
	if i < 0 {
		return "", nil
	}
	if p := m.picker; p != nil && i == m.cursor {
		if idx, ok := m.pickerOptionAt(i, line); ok {
			p.cursor = idx
			m.staleRows(i)
			m.layout()
			if p.kind == pickMulti {
				return "space", nil
			}
			return "enter", nil
		}
		return "", nil
	}
	if !m.rows[i].kind.focusable() || i == m.cursor {
		return "", nil
	}
	prev := m.cursor
	m.picker = nil
	m.cursor = i
	cmd = m.loadInput()
	m.staleRows(prev, i)
	m.layout()
	return "", cmd
}

// rowAt returns the row drawn on line (of all lines), or -1.
func (m *Model) rowAt(line int) int {
	for i := range m.rows {
		if line >= m.tops[i] && line < m.ends[i] {
			return i
		}
	}
	return -1
}

// pickerOptionAt returns the option of the open picker drawn on line, which
// lies in row i.
func (m *Model) pickerOptionAt(i, line int) (int, bool) {
	p := m.picker
	// The row draws the picker's lines indented (and cut to the width):
	// find them by their text.
	plain := func(ls []string) []string {
		out := make([]string, len(ls))
		for j, l := range ls {
			out[j] = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(ansi.Strip(l)), "…"))
		}
		return out
	}
	pl := plain(m.pickerLines())
	rowLines := plain(m.lines[m.tops[i]:m.ends[i]])
	start := -1
	for k := 0; k+len(pl) <= len(rowLines); k++ {
		if slices.EqualFunc(rowLines[k:k+len(pl)], pl, func(a, b string) bool { return strings.HasPrefix(b, a) }) {
			start = k
			break
		}
	}
	if start < 0 {
		return 0, false
	}
	j := line - m.tops[i] - start
	if p.kind == pickMulti {
		j-- // the hint line
	}
	if p.offset > 0 {
		j-- // "↑ more"
	}
	idx := p.offset + j
	if j < 0 || j >= pickerRows || idx >= len(p.options) {
		return 0, false
	}
	return idx, true
}

// FocusedPath is the request path of the focused field ("expiryTime",
// "event.payload.weatherAlert.source"), or "" for rows that are not one
// field (locales, switches of the form itself), so that the owner can show
// that field in the JSON.
func (m Model) FocusedPath() string {
	r, ok := m.current()
	if !ok {
		return ""
	}
	switch r.target {
	case tTimestamp:
		return schemas.FieldTimestamp
	case tReference:
		return schemas.FieldReferenceID
	case tExpiry:
		return schemas.FieldExpiryTime
	case tAudience:
		return "relevantAudience.type"
	case tUser:
		return "relevantAudience.payload.user"
	case tPayload:
		if r.field != nil {
			return draft.PayloadPrefix + r.field.Path
		}
	}
	return ""
}
