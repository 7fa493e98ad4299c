package formpane

import "github.com/pe-tui/pe-tui/internal/draft"

// Replace puts d in place of the draft (an undo or redo step) and keeps the
// focus on the row it was on when that row is still there, else near it.
func (m *Model) Replace(d *draft.Draft) {
	id, cursor := m.focusedID(), m.cursor
	m.SetDraft(d)
	if !m.focusID(id) {
		m.cursor = min(cursor, max(len(m.rows)-1, 0))
		m.settle(1)
		m.settle(-1)
		m.loadInput()
	}
	m.staleAll()
	m.layout()
}

// FocusedRow names the focused row (stable while the rows stay), so that
// the owner can tell typing into one field from a change elsewhere.
func (m Model) FocusedRow() string { return m.focusedID() }
