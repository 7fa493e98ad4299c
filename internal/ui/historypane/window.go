package historypane

import (
	"sort"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/history"
)

// slot is one page of the list. Its first load fixes where it starts
// (before), where the next one starts (next) and its oldest instant (last);
// its rows may be dropped when the view is far away and reloaded later with
// exactly that range, so memory holds only the rows near the view plus a
// few words per page scrolled through.
type slot struct {
	before   *history.Cursor   // Query.Before that loads it; nil for the newest page
	next     *history.Cursor   // Page.Next of its first load; nil on the last page
	last     time.Time         // SentAt of its oldest row at first load; bounds reloads
	count    int               // rows it has (kept while its rows are dropped)
	items    []history.Summary // nil while dropped or not loaded yet
	loaded   bool              // loaded once: count, next and last are valid
	inFlight bool              // a load is running
	failed   bool              // the last load failed; not retried until a reload
}

// recount recomputes the row index of each slot.
func (m *Model) recount() {
	if cap(m.starts) < len(m.slots)+1 {
		m.starts = make([]int, len(m.slots)+1, len(m.slots)+16)
	}
	m.starts = m.starts[:len(m.slots)+1]
	m.starts[0] = 0
	for k := range m.slots {
		m.starts[k+1] = m.starts[k] + m.slots[k].count
	}
}

// known returns how many rows are known (loaded at least once).
func (m *Model) known() int { return m.starts[len(m.slots)] }

// more reports whether rows beyond the known ones may exist.
func (m *Model) more() bool {
	if m.want != m.gen || len(m.slots) == 0 {
		return true
	}
	last := &m.slots[len(m.slots)-1]
	return !last.loaded || last.next != nil
}

// loading reports whether a load of the shown generation or of a new query runs.
func (m *Model) loading() bool {
	if m.want != m.gen {
		return true
	}
	for i := range m.slots {
		if m.slots[i].inFlight {
			return true
		}
	}
	return false
}

// locate returns the slot holding row i and the row's index in it.
func (m *Model) locate(i int) (k, j int) {
	k = sort.Search(len(m.slots), func(k int) bool { return m.starts[k+1] > i })
	if k == len(m.slots) {
		return k, 0
	}
	return k, i - m.starts[k]
}

// row returns row i when it is in memory.
func (m *Model) row(i int) *history.Summary {
	if i < 0 || i >= m.known() {
		return nil
	}
	k, j := m.locate(i)
	if k >= len(m.slots) || j >= len(m.slots[k].items) {
		return nil
	}
	return &m.slots[k].items[j]
}

// loadFirst returns the commands that load generation gen's first page and count.
func (m *Model) loadFirst(gen int) tea.Cmd {
	q := m.query
	q.Limit = m.pageSize
	return tea.Batch(listCmd(m.src, gen, 0, q, false), countCmd(m.src, gen, m.query))
}

// reset asks for the newest page of the current query as a new generation.
// With keep, the selected record stays selected if it is on that page.
func (m *Model) reset(keep bool) tea.Cmd {
	m.want++
	m.keepID = 0
	if keep && m.sel > 0 {
		if r := m.row(m.sel); r != nil {
			m.keepID = r.ID
		}
	}
	m.pending = 0
	m.jumping = false
	m.loadErr = ""
	return m.loadFirst(m.want)
}

// ensure loads the pages around the view (one page of look-ahead each way)
// and drops the rows of pages farther away.
func (m *Model) ensure() tea.Cmd {
	if m.want != m.gen || len(m.slots) == 0 {
		return nil
	}
	known := m.known()
	lo := max(m.top-m.pageSize, 0)
	hi := min(m.top+m.rowsH+m.pageSize, known)
	var cmds []tea.Cmd
	for k := range m.slots {
		s := &m.slots[k]
		keep := m.starts[k] < hi && m.starts[k+1] > lo
		switch {
		case keep && s.items == nil && s.loaded && s.count > 0 && !s.inFlight && !s.failed:
			s.inFlight = true
			q := m.query
			q.Before, q.Since, q.Limit = s.before, s.last, history.MaxLimit
			cmds = append(cmds, listCmd(m.src, m.gen, k, q, true))
		case !keep && s.items != nil && !s.inFlight:
			s.items = nil
		}
	}
	last := &m.slots[len(m.slots)-1]
	if m.top+m.rowsH+m.pageSize > known && last.loaded && last.next != nil && !last.failed {
		m.slots = append(m.slots, slot{before: last.next, inFlight: true})
		m.recount()
		q := m.query
		q.Before, q.Limit = last.next, m.pageSize
		cmds = append(cmds, listCmd(m.src, m.gen, len(m.slots)-1, q, false))
	}
	return tea.Batch(cmds...)
}

// onPage stores a loaded page.
func (m *Model) onPage(msg pageMsg) tea.Cmd {
	if msg.gen != m.want {
		return nil // an older query's page
	}
	if msg.gen != m.gen {
		if msg.slot != 0 {
			return nil
		}
		m.swap(msg.gen)
	}
	if msg.slot >= len(m.slots) {
		return nil
	}
	s := &m.slots[msg.slot]
	s.inFlight = false
	if msg.err != nil {
		s.failed = true
		m.loadErr = "Could not read the history: " + msg.err.Error()
		return nil
	}
	m.loadErr = ""
	items := msg.page.Items
	if !msg.reload {
		s.loaded = true
		s.next = msg.page.Next
		if len(items) > 0 {
			s.last = items[len(items)-1].SentAt
		}
	}
	s.items = items
	if s.items == nil {
		s.items = []history.Summary{}
	}
	s.count = len(items)
	m.recount()
	if m.keepID != 0 && msg.slot == 0 {
		for i := range items {
			if items[i].ID == m.keepID {
				m.sel = i
			}
		}
		m.keepID = 0
	}
	if m.jumping {
		if m.more() {
			m.sel = max(m.known()-1, 0)
		} else {
			m.jumping = false
			m.sel = max(m.known()-1, 0)
		}
	}
	m.clampSel()
	m.scrollIntoView()
	return m.ensure()
}

// swap makes generation gen the shown one, with only its first slot.
func (m *Model) swap(gen int) {
	m.gen = gen
	m.slots = []slot{{inFlight: true}}
	m.starts = nil
	m.recount()
	m.sel, m.top = 0, 0
}

// onCount stores the count of a generation.
func (m *Model) onCount(msg countMsg) {
	if msg.gen != m.want || msg.err != nil {
		return
	}
	m.total, m.totalGen = msg.n, msg.gen
}

// totalShown returns the count of the shown generation, or -1.
func (m *Model) totalShown() int {
	if m.totalGen != m.gen {
		return -1
	}
	return m.total
}

// remove takes the record with id out of the rows in memory.
func (m *Model) remove(id int64) bool {
	for k := range m.slots {
		s := &m.slots[k]
		for i := range s.items {
			if s.items[i].ID == id {
				s.items = append(s.items[:i:i], s.items[i+1:]...)
				s.count--
				m.recount()
				if m.total > 0 && m.totalGen == m.gen {
					m.total--
				}
				m.clampSel()
				m.scrollIntoView()
				return true
			}
		}
	}
	return false
}

// clampSel keeps the selection on a known row.
func (m *Model) clampSel() {
	m.sel = min(m.sel, m.known()-1)
	m.sel = max(m.sel, 0)
}

// scrollIntoView moves the first shown row so that the selection is visible.
func (m *Model) scrollIntoView() {
	h := max(m.rowsH, 1)
	if m.sel < m.top {
		m.top = m.sel
	}
	if m.sel >= m.top+h {
		m.top = m.sel - h + 1
	}
	m.top = max(min(m.top, m.known()-h), 0)
}

// move moves the selection by delta rows and loads what the view needs.
func (m *Model) move(delta int) tea.Cmd {
	m.jumping = false
	m.sel += delta
	m.clampSel()
	m.scrollIntoView()
	return m.ensure()
}
