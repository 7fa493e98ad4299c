package historypane

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/history"
)

// Column indexes of the list.
const (
	colID = iota
	colTime
	colEvent
	colStatus
	colTarget
	colAudience
	colRef
	numCols
)

// columnTitles are the header of the list.
// Where a send went (target, audience) comes before its reference id.
var columnTitles = [numCols]string{"#", "Sent", "Event", "Code", "Target", "Audience", "Reference"}

// columns are the widths of the list's columns; 0 hides one.
type columns [numCols]int

// total returns the width of a row: the marker, the columns and the
// spaces between them.
func (c columns) total() int {
	n, shown := 2, 0
	for _, w := range c {
		if w > 0 {
			n += w
			shown++
		}
	}
	return n + max(shown-1, 0)
}

// layoutColumns fits the columns into w cells (the selection marker takes
// two): all of them from about 60 cells, dropping audience, target,
// reference, time and event in that order below. Spare room goes to the
// reference.
func layoutColumns(w, idW int) columns {
	avail := w - 2
	mins := columns{idW, 8, 8, 6, 6, 9, 10}
	prefs := columns{idW, 12, 20, 6, 10, 18, 24}
	on := [numCols]bool{true, true, true, true, true, true, true}
	need := func() int {
		n, cols := 0, 0
		for c := range numCols {
			if on[c] {
				n += mins[c]
				cols++
			}
		}
		return n + max(cols-1, 0)
	}
	for _, c := range []int{colAudience, colTarget, colRef, colTime, colEvent} {
		if need() <= avail {
			break
		}
		on[c] = false
	}
	var cols columns
	for c := range numCols {
		if on[c] {
			cols[c] = mins[c]
		}
	}
	extra := avail - need()
	for _, c := range []int{colEvent, colTime, colRef, colTarget, colAudience} {
		if on[c] && extra > 0 {
			add := min(extra, prefs[c]-mins[c])
			cols[c] += add
			extra -= add
		}
	}
	for _, c := range []int{colRef, colEvent} {
		if on[c] && extra > 0 {
			cols[c] += extra
			break
		}
	}
	return cols
}

// View draws the pane in its size: the list (filter bar, column titles,
// rows, footer) or the detail view.
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	var lines []string
	if m.mode == modeDetail {
		lines = m.detailView()
	} else {
		lines = m.listView()
	}
	return strings.Join(lines, "\n")
}

// listView returns the lines of the list.
func (m *Model) listView() []string {
	lines := make([]string, 0, m.height)
	if m.showFilter {
		lines = append(lines, truncate(m.filterLine(), m.width))
	}
	idW := 3
	if r := m.row(m.top); r != nil {
		idW = max(len(itoa(r.ID))+1, idW)
	}
	cols := layoutColumns(m.width, idW)
	if m.showHeader && m.filterErr != "" {
		// What is wrong with the filter, right under it (in place of the titles).
		lines = append(lines, m.styles.Error.Render(truncate("✗ "+clean(m.filterErr), m.width)))
	} else if m.showHeader {
		var b strings.Builder
		b.WriteString("  ")
		for c := range numCols {
			if cols[c] == 0 {
				continue
			}
			if b.Len() > 2 {
				b.WriteByte(' ')
			}
			if c == colID {
				b.WriteString(fitRight(columnTitles[c], cols[c]))
			} else {
				b.WriteString(fit(columnTitles[c], cols[c]))
			}
		}
		lines = append(lines, m.styles.Header.Render(truncate(strings.TrimRight(b.String(), " "), m.width)))
	}
	rows := m.rowLines(cols)
	if cols.total() > m.width { // too narrow for even the id and the code
		for i, l := range rows {
			rows[i] = truncate(l, m.width)
		}
	}
	lines = append(lines, rows...)
	if m.showFooter {
		lines = append(lines, truncate(m.footer(), m.width))
	}
	return lines
}

// rowLines returns the rows in view, padded to rowsH lines.
func (m *Model) rowLines(cols columns) []string {
	out := make([]string, 0, m.rowsH)
	known := m.known()
	now := m.now()
	for i := m.top; i < m.top+m.rowsH; i++ {
		switch {
		case i < known:
			if r := m.row(i); r != nil {
				out = append(out, m.renderRow(r, cols, i == m.sel, now))
			} else {
				out = append(out, m.styles.Muted.Render(truncate("  …", m.width)))
			}
		case i == known && len(out) == 0 && !m.loading():
			out = append(out, m.styles.Muted.Render(truncate("  "+m.emptyText(), m.width)))
		case i == known && m.more() && (m.loading() || known > 0):
			out = append(out, m.styles.Muted.Render(truncate("  loading…", m.width)))
		default:
			out = append(out, "")
		}
	}
	return out
}

// emptyText says why the list is empty.
func (m *Model) emptyText() string {
	if m.loadErr != "" {
		return "The history could not be read; press g to try again."
	}
	if m.applied != "" {
		return "No records match the filter. Press esc to clear it."
	}
	return "No sends recorded yet. Send an event and it appears here."
}

// renderRow draws one record: the status cell in its class's colour, the
// rest in the row style (the selected row in the selection style while
// the pane has focus). now is the clock for the time column.
func (m *Model) renderRow(r *history.Summary, cols columns, selected bool, now time.Time) string {
	base, sel := &m.paint.row, 0
	marker := " " + markGlyph(r.Heard)
	if selected {
		marker = "›" + markGlyph(r.Heard)
		if m.focused {
			base, sel = &m.paint.selected, 1
		}
	}
	var left, right strings.Builder
	left.Grow(m.width)
	left.WriteString(marker)
	left.WriteString(fitRight("#"+itoa(r.ID), cols[colID]))
	if cols[colTime] > 0 {
		left.WriteByte(' ')
		left.WriteString(fit(shortTime(r.SentAt, now, m.loc, cols[colTime]), cols[colTime]))
	}
	if cols[colEvent] > 0 {
		left.WriteByte(' ')
		left.WriteString(fit(clean(shortEvent(r.EventName)), cols[colEvent]))
	}
	left.WriteByte(' ')
	right.Grow(m.width)
	for _, c := range [...]struct {
		w int
		s string
	}{{cols[colTarget], r.Target}, {cols[colAudience], r.Audience}, {cols[colRef], r.ReferenceID}} {
		if c.w > 0 {
			right.WriteByte(' ')
			right.WriteString(fit(clean(c.s), c.w))
		}
	}
	code := statusText(r)
	pad := max(cols[colStatus]-len(code), 0)
	st := &m.paint.status[sel][classIndex(r)]
	return base.paint(left.String()) + st.paint(code) + base.paint(strings.Repeat(" ", pad)+strings.TrimRight(right.String(), " "))
}

// filterLine draws the filter input (while editing) or the applied filter,
// with the position in the list on the right, or what is wrong with the
// filter right after it.
func (m *Model) filterLine() string {
	pos := m.position()
	var left string
	switch {
	case m.editing:
		left = m.input.View()
	case m.filterErr != "":
		// The filter as typed, with what is wrong with it on the next line.
		left = m.styles.Muted.Render("/ ") + m.styles.Filter.Render(clean(m.input.Value()))
	case m.applied != "":
		left = m.styles.Muted.Render("/ ") + m.styles.Filter.Render(clean(m.applied))
	default:
		left = m.styles.Muted.Render("/ filter: " + FilterHelp)
	}
	room := m.width - ansi.StringWidth(pos) - 1
	if pos == "" || room < 12 {
		return left
	}
	if ansi.StringWidth(left) > room {
		left = ansi.Truncate(left, room, "…")
	}
	gap := m.width - ansi.StringWidth(left) - ansi.StringWidth(pos)
	return left + strings.Repeat(" ", max(gap, 1)) + m.styles.Muted.Render(pos)
}

// position is "12/10,000": the selected row and the number of records
// (known so far and "+" while the count is not in).
func (m *Model) position() string {
	known := m.known()
	if known == 0 {
		if t := m.totalShown(); t == 0 {
			return "0 records"
		}
		return ""
	}
	if t := m.totalShown(); t >= 0 {
		return fmt.Sprintf("%s/%s", group(m.sel+1), group(t))
	}
	more := ""
	if m.more() {
		more = "+"
	}
	return fmt.Sprintf("%s/%s%s", group(m.sel+1), group(known), more)
}

// footer is the last line: a question, a status, a filter mistake, a load
// error, the new-records notice or nothing, in that order of precedence.
func (m *Model) footer() string {
	switch {
	case m.confirmID != 0:
		return m.styles.Confirm.Render(fmt.Sprintf("Delete #%d? y/n", m.confirmID))
	case m.status != "" && m.statusErr:
		return m.styles.Error.Render(clean(m.status))
	case m.status != "":
		return m.styles.Muted.Render(clean(m.status))
	case m.loadErr != "":
		return m.styles.Error.Render(clean(m.loadErr))
	case m.pending > 0 && m.mode == modeList && m.want == m.gen:
		return m.styles.Notice.Render(fmt.Sprintf("%d new — press g to go to top", m.pending))
	}
	return ""
}
