// Package historypane is the history pane of the pe-tui terminal UI: the
// recorded sends newest first, coloured by status, with an incremental
// filter, keyset paging that holds only the rows near the view, a detail
// view, and actions (resend exactly or as new, load into the composer,
// delete). It is a child component in the Bubbles shape: the root model
// owns it, forwards messages to it and performs the actions it asks for.
//
// Wiring: forward every message that is not a key to Update (the pane's
// own results come back as messages), keys only while the pane has focus.
// ResendMsg and LoadMsg are requests for the root; after a send is
// recorded, send RecordAddedMsg to the pane.
package historypane

import (
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/history"
)

// DefaultPageSize is how many rows one store query loads.
const DefaultPageSize = 100

// positionRoom is the room kept free for the position on the filter line.
const positionRoom = 17

// filterDelay is how long typing in the filter must pause before it queries.
const filterDelay = 120 * time.Millisecond

// mode is what the pane shows.
type mode int

const (
	modeList   mode = iota // the list of records
	modeDetail             // one record in full
)

// Model is the history pane. Create it with New; it is a value, and
// Update returns the new one.
type Model struct {
	src    Source
	styles *Styles  // shared and never changed in place: SetStyles replaces it
	paint  *brushes // styles prepared for the rows; rebuilt with the styles
	keys   KeyMap
	now    func() time.Time
	loc    *time.Location

	width, height int
	focused       bool
	mode          mode

	// Layout of the list, computed by SetSize.
	rowsH                              int
	showFilter, showHeader, showFooter bool

	// The filter: the input, the applied query and its text, a hint when
	// the typed text is not a valid filter.
	input     textinput.Model
	editing   bool
	query     history.Query
	applied   string
	filterErr string
	editSeq   int // bumped per edit; a filterTickMsg of an older edit is ignored

	// The paged list. gen is the generation (query) the slots belong to;
	// want is the newest one asked for. Until its first page arrives the
	// old rows stay on screen, keys act on them, and results of any other
	// generation are dropped. Generation numbers are never reused (lastGen
	// hands them out), so a result of an abandoned one stays stale.
	pageSize int
	gen      int
	want     int
	lastGen  int
	// keep: want reloads the same query for new records, and the record
	// selected when its first page arrives stays selected; if that page
	// does not hold it, the page is dropped and the shown rows stay.
	// follow: the newest row was selected when the reload was asked for
	// and the selection has not moved since, so the new newest row is
	// selected instead.
	keep, follow bool
	slots        []slot
	starts       []int // starts[k] is the index of slot k's first row; len(slots)+1 entries
	sel, top     int
	jumping      bool // G: walking pages to the oldest record
	total        int  // records the query selects, from Count; -1 while unknown
	totalGen     int  // the generation total belongs to
	nextTotal    int  // the count of want while it is not shown yet
	nextGen      int  // the generation nextTotal belongs to
	pending      int  // records added that the shown rows lack
	loadErr      string

	// The detail view.
	detailID   int64
	detailRec  *history.Record
	detailErr  string
	detailText []string // the record's lines, wrapped to the width
	vp         viewport.Model

	// Delete confirmation and transient status.
	confirmID int64
	status    string
	statusErr bool
}

// New returns the pane reading src. It loads nothing until its Init
// command runs.
func New(src Source, styles Styles) Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = FilterHelp
	in.SetStyles(styles.Input)
	vp := viewport.New()
	m := Model{
		src:      src,
		styles:   &styles,
		paint:    newBrushes(&styles),
		keys:     DefaultKeyMap(),
		now:      time.Now,
		loc:      time.Local,
		input:    in,
		vp:       vp,
		pageSize: DefaultPageSize,
		want:     1,
		lastGen:  1,
		total:    -1,
	}
	m.recount()
	return m
}

// Init returns the command that loads the first page and the count.
func (m Model) Init() tea.Cmd {
	return m.loadFirst(m.want)
}

// Reload drops the rows in memory and loads the newest page again (and
// the count), keeping the filter. The old rows stay on screen until the
// new page arrives.
func (m *Model) Reload() tea.Cmd {
	return m.reset(false)
}

// SetSize gives the pane its inner size (no frame) in cells.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	h = m.height
	m.showFilter = h >= 2
	m.showFooter = h >= 3
	m.showHeader = h >= 4
	m.rowsH = h
	for _, on := range []bool{m.showFilter, m.showFooter, m.showHeader} {
		if on {
			m.rowsH--
		}
	}
	m.rowsH = max(m.rowsH, 0)
	// Leave room on the filter line for the position ("1,234/100,000").
	m.input.SetWidth(max(m.width-ansi.StringWidth(m.input.Prompt)-positionRoom, 1))
	m.vp.SetWidth(max(m.width, 1))
	m.vp.SetHeight(max(h-2, 1))
	if m.detailRec != nil {
		m.setDetailContent()
	}
	m.scrollIntoView()
}

// SetStyles replaces the styles, e.g. after tea.BackgroundColorMsg.
func (m *Model) SetStyles(s Styles) {
	m.styles = &s
	m.paint = newBrushes(m.styles)
	m.input.SetStyles(s.Input)
	if m.detailRec != nil {
		m.setDetailContent()
	}
}

// Focus gives the pane the keyboard.
func (m *Model) Focus() tea.Cmd {
	m.focused = true
	return nil
}

// Blur takes the keyboard away; an open filter input or delete
// confirmation is closed (the filter text stays).
func (m *Model) Blur() {
	m.focused = false
	if m.editing {
		m.editing = false
		m.input.Blur()
	}
	m.confirmID = 0
}

// Focused reports whether the pane has the keyboard.
func (m Model) Focused() bool { return m.focused }

// Editing reports whether the pane takes every key: the filter input has
// focus or a delete waits for y/n. The root skips its global bindings then.
func (m Model) Editing() bool { return m.editing || m.confirmID != 0 }

// InDetail reports whether the detail view is open (esc goes back to the list).
func (m Model) InDetail() bool { return m.mode == modeDetail }

// Filter returns the applied filter text.
func (m Model) Filter() string { return m.applied }

// Selected returns the summary under the cursor, if its row is in memory.
// While a reload is on its way it is the shown row: keys act on what the
// user sees, and the reload's page keeps that record selected.
func (m Model) Selected() (history.Summary, bool) {
	if r := m.row(m.sel); r != nil {
		return *r, true
	}
	return history.Summary{}, false
}

// KeyMap returns the bindings that apply in the current state.
func (m Model) KeyMap() KeyMap {
	k := m.keys
	all := []*key.Binding{&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.Open, &k.Back, &k.Filter,
		&k.Clear, &k.Apply, &k.Resend, &k.ResendNew, &k.Load, &k.Delete, &k.Yes, &k.No, &k.Mark}
	for _, b := range all {
		b.SetEnabled(false)
	}
	on := func(bs ...*key.Binding) {
		for _, b := range bs {
			b.SetEnabled(true)
		}
	}
	_, hasRow := m.Selected()
	switch {
	case m.confirmID != 0:
		on(&k.Yes, &k.No)
	case m.editing:
		on(&k.Apply)
	case m.mode == modeDetail:
		// The actions read the record by id while its text is on its way.
		on(&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Back, &k.Resend, &k.ResendNew, &k.Load, &k.Delete)
	default:
		on(&k.Up, &k.Down, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom, &k.Filter)
		if m.applied != "" {
			on(&k.Clear)
		}
		if hasRow {
			on(&k.Open, &k.Resend, &k.ResendNew, &k.Load, &k.Delete, &k.Mark)
		}
	}
	return k
}

// HeldRows returns how many record summaries the pane holds in memory.
func (m Model) HeldRows() int {
	n := 0
	for i := range m.slots {
		n += len(m.slots[i].items)
	}
	return n
}
