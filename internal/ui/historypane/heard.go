package historypane

import (
	"context"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/history"
)

// Marker is what Source needs to mark a record heard; *history.Store has it.
type Marker interface {
	Mark(ctx context.Context, id int64, heard *bool) error
}

// MarkedMsg reports that record ID was marked: Heard true (heard on a
// device), false (not heard) or nil (the mark cleared). The pane's mark
// command returns it; the root may act on it too.
type MarkedMsg struct {
	ID    int64
	Heard *bool
}

// nextMark is the mark h sets after cur: unmarked → heard → not heard → unmarked.
func nextMark(cur *bool) *bool {
	switch {
	case cur == nil:
		v := true
		return &v
	case *cur:
		v := false
		return &v
	}
	return nil
}

// markWord names a mark for the status line.
func markWord(h *bool) string {
	switch {
	case h == nil:
		return "unmarked"
	case *h:
		return "heard"
	}
	return "not heard"
}

// markGlyph is the one cell the list shows for a mark.
func markGlyph(h *bool) string {
	switch {
	case h == nil:
		return " "
	case *h:
		return "✓"
	}
	return "✗"
}

// markCmd stores the mark of record id.
func markCmd(src Source, id int64, heard *bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		if err := src.Mark(ctx, id, heard); err != nil {
			return errMsg{op: fmt.Sprintf("mark #%d", id), err: err}
		}
		return MarkedMsg{ID: id, Heard: heard}
	}
}

// mark cycles the mark of the selected record.
func (m *Model) mark() tea.Cmd {
	r := m.row(m.sel)
	if r == nil {
		m.setStatus(m.noRecord("mark", m.keys.Mark.Help().Key), false)
		return nil
	}
	return markCmd(m.src, r.ID, nextMark(r.Heard))
}

// onMarked shows a stored mark in the rows held.
func (m *Model) onMarked(msg MarkedMsg) {
	for k := range m.slots {
		for i := range m.slots[k].items {
			if it := &m.slots[k].items[i]; it.ID == msg.ID {
				it.Heard = msg.Heard
			}
		}
	}
	m.setStatus(fmt.Sprintf("#%d marked %s (filter with heard:yes, heard:no or heard:unmarked)", msg.ID, markWord(msg.Heard)), false)
}

// matchHeard checks a heard: filter value against history.HeardFilters,
// accepting a unique prefix.
func matchHeard(v string) (string, error) {
	var hit string
	for _, f := range history.HeardFilters {
		if f == v {
			return f, nil
		}
		if len(v) > 0 && len(f) >= len(v) && f[:len(v)] == v {
			hit = f
		}
	}
	if hit != "" {
		return hit, nil
	}
	return "", fmt.Errorf("heard:%s is not a mark; use heard:yes, heard:no or heard:unmarked", v)
}
