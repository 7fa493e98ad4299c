package historypane

import (
	"fmt"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/history"
)

// wheelStep is how many rows one mouse wheel notch moves.
const wheelStep = 3

// Update handles a message: the pane's own store results, RecordAddedMsg
// and DeletedMsg, and keys and mouse wheel events while focused.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case pageMsg:
		return m, m.onPage(msg)
	case countMsg:
		m.onCount(msg)
		return m, nil
	case filterTickMsg:
		if msg.seq != m.editSeq {
			return m, nil
		}
		return m, m.applyFilter()
	case detailMsg:
		if m.mode == modeDetail && msg.id == m.detailID {
			if msg.err != nil {
				m.detailErr = fmt.Sprintf("Could not read record #%d: %v", msg.id, msg.err)
				return m, nil
			}
			m.detailRec = msg.rec
			m.setDetailContent()
		}
		return m, nil
	case errMsg:
		m.setStatus(fmt.Sprintf("Could not %s: %v", msg.op, msg.err), true)
		return m, nil
	case DeletedMsg:
		m.remove(msg.ID)
		if m.mode == modeDetail && m.detailID == msg.ID {
			m.closeDetail()
		}
		m.setStatus(fmt.Sprintf("Deleted #%d", msg.ID), false)
		return m, m.ensure()
	case RecordAddedMsg:
		if m.top == 0 {
			return m, m.reset(true)
		}
		m.pending++
		return m, nil
	case tea.KeyPressMsg:
		if !m.focused {
			return m, nil
		}
		return m.onKey(msg)
	case tea.PasteMsg:
		if m.focused && m.editing {
			return m.updateInput(msg)
		}
		return m, nil
	case tea.MouseWheelMsg:
		if !m.focused || m.Editing() {
			return m, nil
		}
		step := wheelStep
		if msg.Button == tea.MouseWheelUp {
			step = -step
		} else if msg.Button != tea.MouseWheelDown {
			return m, nil
		}
		if m.mode == modeDetail {
			m.scrollDetail(step)
			return m, nil
		}
		return m, m.move(step)
	}
	return m, nil
}

// onKey handles a key press: the confirmation first, then the filter
// input, then the view's own keys.
func (m Model) onKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	m.status, m.statusErr = "", false
	m.jumping = false // any key stops a walk to the oldest record (G starts a new one)
	switch {
	case m.confirmID != 0:
		id := m.confirmID
		m.confirmID = 0
		if key.Matches(msg, m.keys.Yes) {
			m.setStatus(fmt.Sprintf("Deleting #%d…", id), false)
			return m, deleteCmd(m.src, id)
		}
		m.setStatus(fmt.Sprintf("Kept #%d", id), false)
		return m, nil
	case m.editing:
		if key.Matches(msg, m.keys.Apply) {
			m.editing = false
			m.input.Blur()
			m.editSeq++ // a pending tick is superseded by applying now
			return m, m.applyFilter()
		}
		return m.updateInput(msg)
	case m.mode == modeDetail:
		return m.onDetailKey(msg)
	}
	return m.onListKey(msg)
}

// onListKey handles a key in the list.
func (m Model) onListKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	page := max(m.rowsH-1, 1)
	switch {
	case key.Matches(msg, k.Up):
		return m, m.move(-1)
	case key.Matches(msg, k.Down):
		return m, m.move(1)
	case key.Matches(msg, k.PageUp):
		return m, m.move(-page)
	case key.Matches(msg, k.PageDown):
		return m, m.move(page)
	case key.Matches(msg, k.Top):
		if m.pending > 0 || m.loadErr != "" {
			m.sel, m.top = 0, 0
			return m, m.reset(false)
		}
		return m, m.move(-m.sel)
	case key.Matches(msg, k.Bottom):
		cmd := m.move(m.known())
		m.jumping = m.more()
		return m, cmd
	case key.Matches(msg, k.Filter):
		m.editing = true
		m.input.SetValue(m.applied)
		m.input.CursorEnd()
		return m, m.input.Focus()
	case key.Matches(msg, k.Clear) && m.applied != "":
		m.input.SetValue("")
		return m, m.applyFilter()
	}
	r := m.row(m.sel)
	if r == nil {
		return m, nil
	}
	id := r.ID
	switch {
	case key.Matches(msg, k.Open):
		m.mode = modeDetail
		m.detailID, m.detailRec, m.detailErr = id, nil, ""
		m.vp.SetContentLines(nil)
		m.vp.GotoTop()
		return m, detailCmd(m.src, id)
	case key.Matches(msg, k.Resend):
		return m, actionCmd(m.src, id, fmt.Sprintf("resend #%d", id), func(rec *history.Record) tea.Msg { return ResendMsg{Record: rec} })
	case key.Matches(msg, k.ResendNew):
		return m, actionCmd(m.src, id, fmt.Sprintf("resend #%d", id), func(rec *history.Record) tea.Msg { return ResendMsg{Record: rec, AsNew: true} })
	case key.Matches(msg, k.Load):
		return m, actionCmd(m.src, id, fmt.Sprintf("load #%d", id), func(rec *history.Record) tea.Msg { return LoadMsg{Record: rec} })
	case key.Matches(msg, k.Delete):
		m.confirmID = id
		return m, nil
	}
	return m, nil
}

// onDetailKey handles a key in the detail view.
func (m Model) onDetailKey(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	k := m.keys
	page := max(m.vp.Height()-1, 1)
	switch {
	case key.Matches(msg, k.Back):
		m.closeDetail()
		return m, nil
	case key.Matches(msg, k.Up):
		m.scrollDetail(-1)
	case key.Matches(msg, k.Down):
		m.scrollDetail(1)
	case key.Matches(msg, k.PageUp):
		m.scrollDetail(-page)
	case key.Matches(msg, k.PageDown):
		m.scrollDetail(page)
	case key.Matches(msg, k.Top):
		m.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.vp.GotoBottom()
	}
	rec := m.detailRec
	if rec == nil {
		return m, nil
	}
	switch {
	case key.Matches(msg, k.Resend):
		return m, emit(ResendMsg{Record: rec})
	case key.Matches(msg, k.ResendNew):
		return m, emit(ResendMsg{Record: rec, AsNew: true})
	case key.Matches(msg, k.Load):
		return m, emit(LoadMsg{Record: rec})
	case key.Matches(msg, k.Delete):
		m.confirmID = rec.ID
	}
	return m, nil
}

// emit returns a command that delivers msg.
func emit(msg tea.Msg) tea.Cmd {
	return func() tea.Msg { return msg }
}

// updateInput passes a message to the filter input and schedules a query
// when the text changed.
func (m Model) updateInput(msg tea.Msg) (Model, tea.Cmd) {
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	if m.input.Value() == before {
		return m, cmd
	}
	m.editSeq++
	seq := m.editSeq
	tick := tea.Tick(filterDelay, func(time.Time) tea.Msg { return filterTickMsg{seq: seq} })
	return m, tea.Batch(cmd, tick)
}

// applyFilter parses the input's text and, when it is valid and differs
// from the applied filter, queries it as a new generation.
func (m *Model) applyFilter() tea.Cmd {
	text := m.input.Value()
	q, err := ParseFilter(text)
	if err != nil {
		m.filterErr = err.Error()
		return nil
	}
	m.filterErr = ""
	m.applied = text
	if q == m.query {
		return nil
	}
	m.query = q
	m.closeDetail()
	return m.reset(false)
}

// closeDetail goes back to the list.
func (m *Model) closeDetail() {
	m.mode = modeList
	m.detailID, m.detailRec, m.detailErr = 0, nil, ""
}

// setStatus shows a transient message in the footer until the next key.
func (m *Model) setStatus(s string, isErr bool) {
	m.status, m.statusErr = s, isErr
}
