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
// With keep (new records, same query) the selected record stays selected
// when the page arrives; a reset without keep (a new query, g) wins over
// any keep reload still on its way.
func (m *Model) reset(keep bool) tea.Cmd {
	if m.want == m.gen {
		m.keep = keep
		m.follow = keep && m.sel == 0
	} else {
		// A reload is on its way: it keeps only if every request since does,
		// and follows only if nothing has moved the selection since.
		m.keep = m.keep && keep
		m.follow = m.follow && keep
	}
	m.lastGen++
	m.want = m.lastGen
	if !keep {
		m.pending = 0
	}
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
	if msg.gen != m.want && msg.gen != m.gen {
		return nil // an older query's page
	}
	// A page of the shown generation is stored even while a reload is on
	// its way: its rows are on screen until then, and stay if the reload
	// is dropped.
	if msg.gen != m.gen {
		if msg.slot != 0 {
			return nil
		}
		sel, ok := m.landing(msg)
		if !ok {
			m.stay(msg.err)
			return m.ensure()
		}
		m.swap(msg.gen, sel)
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

// landing returns the row the selection takes when the first page of the
// generation asked for arrives, or false when the shown rows must stay: a
// keep reload whose page failed or lacks the record selected now. The
// selection is taken now, not when the reload was asked for, because keys
// act on the shown rows meanwhile: the record the user moved to is the
// one their next key must reach.
func (m *Model) landing(msg pageMsg) (int, bool) {
	if !m.keep {
		return 0, true
	}
	if msg.err != nil {
		return 0, false
	}
	if m.follow {
		return 0, true
	}
	r := m.row(m.sel)
	if r == nil {
		return 0, false
	}
	for i := range msg.page.Items {
		if msg.page.Items[i].ID == r.ID {
			return i, true
		}
	}
	return 0, false
}

// stay drops the reload on its way and keeps the shown generation: the
// footer notes the records it lacks (g shows them) or why it failed.
func (m *Model) stay(err error) {
	m.want = m.gen
	m.keep, m.follow = false, false
	m.pending = max(m.pending, 1)
	if err != nil {
		m.loadErr = "Could not read the new records: " + err.Error()
	}
}

// swap makes generation gen the shown one, with only its first slot, and
// the selection on row sel of that slot's page.
func (m *Model) swap(gen, sel int) {
	m.gen = gen
	m.keep, m.follow = false, false
	m.pending = 0
	m.slots = []slot{{inFlight: true}}
	m.starts = nil
	m.recount()
	m.sel, m.top = sel, 0
	m.total, m.totalGen = -1, 0
	if m.nextGen == gen {
		m.total, m.totalGen = m.nextTotal, gen
	}
}

// onCount stores the count of a generation.
func (m *Model) onCount(msg countMsg) {
	if msg.err != nil {
		return
	}
	switch msg.gen {
	case m.gen:
		m.total, m.totalGen = msg.n, msg.gen
	case m.want:
		m.nextTotal, m.nextGen = msg.n, msg.gen
	}
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
// A selection the user moved is no longer the newest row a reload follows.
func (m *Model) move(delta int) tea.Cmd {
	m.jumping = false
	before := m.sel
	m.sel += delta
	m.clampSel()
	if m.sel != before {
		m.follow = false
	}
	m.scrollIntoView()
	return m.ensure()
}
