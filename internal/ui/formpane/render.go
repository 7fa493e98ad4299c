package formpane

import (
	"slices"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// layout assembles the form from each row's rendered lines, rendering again
// only the rows marked stale, the rows whose findings changed and every row
// after a change that may touch them all (m.cache == nil), then scrolls the
// focused row into view.
func (m *Model) layout() {
	lw := m.labelWidth()
	if m.width > 0 {
		m.input.SetWidth(max(m.width-(markerWidth+lw+1)-1, 4))
	}
	placed := m.placeFindings()
	cache := make([][]string, len(m.rows))
	if len(m.cache) == len(m.rows) {
		copy(cache, m.cache)
	}
	for _, i := range m.stale {
		if i >= 0 && i < len(cache) {
			cache[i] = nil
		}
	}
	m.lines = m.lines[:0:0]
	m.tops = make([]int, len(m.rows))
	m.ends = make([]int, len(m.rows))
	for i, r := range m.rows {
		fs := placed[r.id]
		if cache[i] == nil || !slices.EqualFunc(fs, m.placed[r.id], sameFinding) {
			cache[i] = m.renderLines(i, r, lw, fs)
		}
		m.tops[i] = len(m.lines)
		m.lines = append(m.lines, cache[i]...)
		m.ends[i] = len(m.lines)
	}
	m.cache, m.stale, m.placed = cache, nil, placed
	m.scroll()
}

// renderLines renders one row cut to the width.
func (m *Model) renderLines(i int, r row, lw int, fs []schemas.Finding) []string {
	out := m.renderRow(i, r, lw, fs)
	if m.width > 0 {
		for j, l := range out {
			out[j] = ansi.Truncate(l, m.width, "…")
		}
	}
	if out == nil {
		out = []string{}
	}
	return out
}

// staleRows marks rows to render again at the next layout.
func (m *Model) staleRows(rows ...int) {
	// A full slice expression: copies of the model never share the appends.
	m.stale = append(m.stale[:len(m.stale):len(m.stale)], rows...)
}

// staleAll makes the next layout render every row.
func (m *Model) staleAll() { m.cache = nil }

// staleDerived marks the rows that show a part of the derived state that
// differs between old and dv: time echoes, the expiry, the locale grid.
// Findings are compared row by row in layout.
func (m *Model) staleDerived(old, dv *draft.Derived) {
	if old == nil || dv == nil {
		m.staleAll()
		return
	}
	gridChanged := !sameGrid(old.Grid, dv.Grid)
	for i, r := range m.rows {
		switch {
		case r.target == tTimestamp:
			if !sameEcho(old.Times[schemas.FieldTimestamp], dv.Times[schemas.FieldTimestamp]) {
				m.staleRows(i)
			}
		case r.target == tExpiry:
			if old.Expiry != dv.Expiry || !sameEcho(old.Times[schemas.FieldExpiryTime], dv.Times[schemas.FieldExpiryTime]) {
				m.staleRows(i)
			}
		case r.target == tPayload && r.field.Type == schemas.TypeDateTime:
			p := draft.PayloadPrefix + r.field.Path
			if !sameEcho(old.Times[p], dv.Times[p]) {
				m.staleRows(i)
			}
		case r.kind == kindNote || r.target == tLocale:
			if gridChanged {
				m.staleRows(i)
			}
		}
	}
}

// sameRows reports whether two row lists lay out the same rows.
func sameRows(a, b []row) bool {
	return slices.EqualFunc(a, b, func(x, y row) bool {
		return x.id == y.id && x.kind == y.kind && x.label == y.label && x.indent == y.indent
	})
}

// sameFinding compares what the form shows of a finding.
func sameFinding(a, b schemas.Finding) bool {
	return a.Code == b.Code && a.Severity == b.Severity && a.Path == b.Path && a.Message == b.Message
}

func sameEcho(a, b draft.TimeEcho) bool {
	if (a.Err == nil) != (b.Err == nil) || (a.Err != nil && a.Err.Error() != b.Err.Error()) {
		return false
	}
	return a.Text == b.Text && a.Time.Equal(b.Time)
}

func sameGrid(a, b draft.Grid) bool {
	if !slices.Equal(a.Keys, b.Keys) || !slices.Equal(a.Locales, b.Locales) {
		return false
	}
	for _, l := range a.Locales {
		if !slices.Equal(a.Missing[l], b.Missing[l]) {
			return false
		}
	}
	return true
}
