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
	case MarkedMsg:
		m.onMarked(msg)
		return m, nil
	case DeletedMsg:
		m.remove(msg.ID)
		if m.mode == modeDetail && m.detailID == msg.ID {
			m.closeDetail()
		}
		m.setStatus(fmt.Sprintf("Deleted #%d", msg.ID), false)
		return m, m.ensure()
	case RecordAddedMsg:
		m.pending++
		if m.top == 0 {
			return m, m.reset(true)
		}
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
	case key.Matches(msg, k.Mark):
		return m, m.mark()
	}
	verb := actionVerb(msg, &k)
	if verb == "" {
		return m, nil
	}
	r := m.row(m.sel)
	if r == nil {
		// Say why instead of dropping the key: the user pressed it for a
		// row, and none is there to act on.
		m.setStatus(m.noRecord(verb, msg.String()), false)
		return m, nil
	}
	if key.Matches(msg, k.Open) {
		m.mode = modeDetail
		m.detailID, m.detailRec, m.detailErr = r.ID, nil, ""
		m.vp.SetContentLines(nil)
		m.vp.GotoTop()
		return m, detailCmd(m.src, r.ID)
	}
	return m, m.act(msg, r.ID, nil)
}

// actionVerb names what an action key does to the selected record ("" for
// any other key).
func actionVerb(msg tea.KeyPressMsg, k *KeyMap) string {
	switch {
	case key.Matches(msg, k.Open):
		return "open"
	case key.Matches(msg, k.Resend), key.Matches(msg, k.ResendNew):
		return "resend"
	case key.Matches(msg, k.Load):
		return "load"
	case key.Matches(msg, k.Delete):
		return "delete"
	}
	return ""
}

// noRecord says why an action key found no record under the cursor.
func (m *Model) noRecord(verb, keyName string) string {
	switch {
	case m.loadErr != "":
		return fmt.Sprintf("No record to %s: the history could not be read — press g to try again", verb)
	case m.known() == 0 && m.loading():
		return fmt.Sprintf("No record to %s yet: the list is still loading — press %s again when it shows", verb, keyName)
	case m.known() == 0 && m.applied != "":
		return fmt.Sprintf("No record to %s: no records match the filter", verb)
	case m.known() == 0:
		return fmt.Sprintf("No record to %s: the history is empty", verb)
	}
	return fmt.Sprintf("No record to %s yet: the row is still loading — press %s again when it shows", verb, keyName)
}

// act performs a resend, load or delete key on record id. rec is the whole
// record when it is in memory; otherwise the command reads it first and an
// error reading it ends in the footer.
func (m *Model) act(msg tea.KeyPressMsg, id int64, rec *history.Record) tea.Cmd {
	k := &m.keys
	var wrap func(*history.Record) tea.Msg
	op := "resend"
	switch {
	case key.Matches(msg, k.Resend):
		wrap = func(rec *history.Record) tea.Msg { return ResendMsg{Record: rec} }
	case key.Matches(msg, k.ResendNew):
		wrap = func(rec *history.Record) tea.Msg { return ResendMsg{Record: rec, AsNew: true} }
	case key.Matches(msg, k.Load):
		op = "load"
		wrap = func(rec *history.Record) tea.Msg { return LoadMsg{Record: rec} }
	case key.Matches(msg, k.Delete):
		m.confirmID = id
		return nil
	default:
		return nil
	}
	if rec != nil {
		return emit(wrap(rec))
	}
	return actionCmd(m.src, id, fmt.Sprintf("%s #%d", op, id), wrap)
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
	// The title shows the record's id from the first frame; while its text
	// is on its way (or could not be read) the actions read it by id.
	return m, m.act(msg, m.detailID, m.detailRec)
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
	q, err := ParseFilter(text, m.now(), m.loc)
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

// Click selects the row drawn on line y of the list (0 is the pane's first
// line); lines above the rows (filter, titles) and the detail view ignore it.
func (m *Model) Click(y int) tea.Cmd {
	if m.mode != modeList || m.Editing() {
		return nil
	}
	first := 0
	if m.showFilter {
		first++
	}
	if m.showHeader {
		first++
	}
	i := m.top + y - first
	if y < first || y-first >= m.rowsH || i >= m.known() {
		return nil
	}
	return m.move(i - m.sel)
}
