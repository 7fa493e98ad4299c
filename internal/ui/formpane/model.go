package formpane

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// Model is the form pane: the envelope, the payload fields generated from
// the schema catalog and the locale editor, as a scrollable list of rows with
// one focused row. It edits a heap *draft.Draft shared by every copy of the model.
//
// Keys: ↑/↓ (and j/k outside text rows) move between rows. A focused text
// row takes typing at once; enter moves on (on the user id row with saved ids
// it opens their list). Enum rows cycle with ←/→ (h/l) and open a picker
// with enter. The garbage-types row opens a checklist with enter or space
// (space ticks, 1–5 enforced). Switch rows toggle with space or enter.
// Locale rows are removed with x; "Add locale" opens the list of Alexa
// locales. ctrl+r makes a new referenceId from anywhere. In a picker: ↑/↓,
// letters jump, enter chooses, esc closes.
type Model struct {
	draft  *draft.Draft
	styles *Styles // shared and never changed in place: SetStyles replaces it
	keys   KeyMap
	now    time.Time

	width, height int
	focused       bool

	rows   []row
	cursor int // index into rows; always a focusable row when one exists
	offset int // first line shown

	input  textinput.Model
	picker *picker
	dv     *draft.Derived // what the root derived from the draft; nil until SetDerived
	users  []draft.UserOption
	note   string // a transient note under the focused row, cleared by the next key

	changed bool // the last Update changed the draft (Changed)

	// Rendering: each row's lines are kept until something the row shows
	// changes (render.go), so a typed key re-renders one row, not the form.
	cache  [][]string                   // by row index; nil = render again; replaced, never written in place
	stale  []int                        // rows to render again at the next layout
	placed map[string][]schemas.Finding // the findings by row id at the last layout
	lines  []string                     // the rendered form, rebuilt by layout
	tops   []int                        // first line of each row
	ends   []int                        // line after each row
}

// New returns a form for d drawn with styles; now is the clock for switching
// on optional parts until SetDerived gives the form its derived state (the
// findings, the expiry and the time echoes). Focus starts on the
// first payload field; the model starts blurred until Focus is called.
func New(d *draft.Draft, styles Styles, now time.Time) Model {
	if d == nil {
		d = draft.NewDraft(nil, now)
	}
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = MaxFieldLength
	in.SetStyles(styles.Input)
	m := Model{draft: d, styles: &styles, keys: DefaultKeyMap(), now: now, input: in}
	m.rows = buildRows(d)
	m.cursor = m.firstFocusable()
	for i, r := range m.rows {
		if r.target == tPayload && r.kind.focusable() {
			m.cursor = i
			break
		}
	}
	m.loadInput()
	m.layout()
	return m
}

// Draft returns the draft the form edits (shared, not a copy).
func (m Model) Draft() *draft.Draft { return m.draft }

// SetDraft replaces the draft (after loading a file or picking another
// schema), keeping the size and focus state; focus goes to the first payload
// field.
func (m *Model) SetDraft(d *draft.Draft) {
	focused := m.focused
	nm := New(d, *m.styles, m.now)
	nm.width, nm.height, nm.users = m.width, m.height, m.users
	*m = nm
	m.staleAll()
	if focused {
		m.Focus()
	}
	m.layout()
}

// SetStyles replaces the styles (on a terminal background change).
func (m *Model) SetStyles(s Styles) {
	m.styles = &s
	m.input.SetStyles(s.Input)
	m.staleAll()
	m.layout()
}

// SetSize sets the width and height the form draws in; a height of 0 draws every line.
func (m *Model) SetSize(w, h int) {
	if max(w, 0) != m.width {
		m.staleAll()
	}
	m.width, m.height = max(w, 0), max(h, 0)
	m.layout()
}

// Focus gives the form the keyboard.
func (m *Model) Focus() tea.Cmd {
	m.focused = true
	var cmd tea.Cmd
	if r, ok := m.current(); ok && r.kind == kindText {
		cmd = m.input.Focus()
	}
	m.staleRows(m.cursor)
	m.layout()
	return cmd
}

// Blur takes the keyboard away; an open picker closes.
func (m *Model) Blur() {
	m.focused = false
	m.picker = nil
	m.input.Blur()
	m.staleRows(m.cursor)
	m.layout()
}

// Editing reports whether keys are text or picker input right now (a text
// row is focused or a picker is open), so the root must not treat q or ? as
// global keys.
func (m Model) Editing() bool {
	if !m.focused {
		return false
	}
	if m.picker != nil {
		return true
	}
	r, ok := m.current()
	return ok && r.kind == kindText
}

// PickerOpen reports whether the focused form has a picker open.
func (m Model) PickerOpen() bool { return m.focused && m.picker != nil }

// Claims reports whether k belongs to the form before any global binding:
// while a picker is open, its keys (↑/↓, ctrl+p/ctrl+n, enter, esc, space
// and letters that jump) go to the picker.
func (m Model) Claims(k tea.KeyPressMsg) bool {
	if !m.PickerOpen() {
		return false
	}
	switch k.String() {
	case "up", "down", "ctrl+p", "ctrl+n", "enter", "esc", "space":
		return true
	}
	return k.Text != ""
}

// SetDerived gives the form what the root derived from its draft: the
// findings shown beside the rows their paths name, the expiry state and the
// parsed-time echoes. dv must not change afterwards (the form keeps it).
func (m *Model) SetDerived(dv *draft.Derived) {
	m.staleDerived(m.dv, dv)
	m.dv = dv
	if dv != nil {
		m.now = dv.Now
	}
	m.layout()
}

// SetUserOptions sets the saved Unicast user ids offered on the user id row.
func (m *Model) SetUserOptions(us []draft.UserOption) {
	m.users = us
	m.staleAll()
	m.layout()
}

// KeyMap returns the bindings with those that do not apply right now disabled.
func (m Model) KeyMap() KeyMap {
	k := m.keys
	for _, b := range []*key.Binding{&k.Up, &k.Down, &k.Prev, &k.Next, &k.Open, &k.Toggle, &k.Remove, &k.Regenerate, &k.Close} {
		b.SetEnabled(false)
	}
	if !m.focused {
		return k
	}
	k.Regenerate.SetEnabled(true)
	k.Up.SetEnabled(true)
	k.Down.SetEnabled(true)
	if p := m.picker; p != nil {
		k.Up.SetHelp("↑/ctrl+p", "previous option")
		k.Down.SetHelp("↓/ctrl+n", "next option")
		k.Open.SetEnabled(true)
		k.Close.SetEnabled(true)
		if p.kind == pickMulti {
			k.Toggle.SetEnabled(true)
			k.Toggle.SetHelp("space", "tick")
			k.Open.SetHelp("enter", "done")
		}
		return k
	}
	r, ok := m.current()
	if !ok {
		return k
	}
	switch r.kind {
	case kindText:
		k.Up.SetHelp("↑", "previous field")
		k.Down.SetHelp("↓/enter", "next field")
		if r.target == tUser && len(m.users) > 0 {
			k.Open.SetEnabled(true)
			k.Open.SetHelp("enter", "saved user ids")
		}
	case kindEnum:
		k.Prev.SetEnabled(true)
		k.Next.SetEnabled(true)
		k.Open.SetEnabled(true)
		k.Open.SetHelp("enter", "pick")
	case kindMulti:
		k.Open.SetEnabled(true)
		k.Open.SetHelp("enter", "choose")
	case kindSwitch:
		k.Toggle.SetEnabled(true)
	case kindLocale:
		k.Remove.SetEnabled(true)
	case kindAddLocale:
		k.Open.SetEnabled(true)
		k.Open.SetHelp("enter", "add a locale")
	}
	return k
}

// Changed reports whether the last Update changed the draft; the owner then
// derives the draft's state again and hands it over with SetDerived.
func (m Model) Changed() bool { return m.changed }

// Update handles keys for the focused row (or the open picker), paste into a
// text row, and the text input's own messages. Changed reports afterwards
// whether the draft changed.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	m.changed = false
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		if !m.focused {
			return m, nil
		}
		prev := m.cursor
		m.note = ""
		cmd := m.handleKey(msg)
		m.staleRows(prev, m.cursor)
		m.layout()
		return m, cmd
	}
	// Paste, and the text input's own messages (its ctrl+v clipboard read
	// answers with one): whatever changes the text goes into the draft.
	if r, ok := m.current(); ok && r.kind == kindText && m.focused && m.picker == nil {
		before, note := m.input.Value(), m.note
		cmd := m.typeInto(r, msg)
		if m.input.Value() != before || m.note != note {
			m.staleRows(m.cursor)
			m.layout()
		}
		return m, cmd
	}
	return m, nil
}

func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.picker != nil {
		return m.pickerKey(msg)
	}
	if key.Matches(msg, m.keys.Regenerate) {
		m.draft.ReferenceID = schemas.NewReferenceID()
		if r, ok := m.current(); ok && r.target == tReference {
			m.loadInput()
		}
		m.note = "new reference id"
		m.changed = true
		m.cache = nil
		return nil
	}
	r, ok := m.current()
	if !ok {
		return nil
	}
	if r.kind == kindText {
		switch msg.String() {
		case "up":
			return m.move(-1)
		case "down":
			return m.move(1)
		case "enter":
			if r.target == tUser && len(m.users) > 0 {
				m.openUserPicker(r)
				return nil
			}
			return m.move(1)
		}
		return m.typeInto(r, msg)
	}
	switch {
	case key.Matches(msg, m.keys.Up):
		return m.move(-1)
	case key.Matches(msg, m.keys.Down):
		return m.move(1)
	}
	switch r.kind {
	case kindEnum:
		switch {
		case key.Matches(msg, m.keys.Prev):
			return m.cycle(r, -1)
		case key.Matches(msg, m.keys.Next):
			return m.cycle(r, 1)
		case key.Matches(msg, m.keys.Open):
			m.picker = newPicker(pickEnum, r.id, m.options(r), m.optionLabels(r), m.enumValue(r))
		}
	case kindMulti:
		if key.Matches(msg, m.keys.Open, m.keys.Toggle) {
			f := r.field
			p := newPicker(pickMulti, r.id, f.Enum, nil, "")
			p.ticked = m.draft.List(f.Path)
			p.min, p.max = f.MinItems, f.MaxItems
			if len(p.ticked) > 0 {
				p.cursor = max(slices.Index(f.Enum, p.ticked[0]), 0)
				p.center()
			}
			m.picker = p
		}
	case kindSwitch:
		if key.Matches(msg, m.keys.Toggle, m.keys.Open) {
			return m.toggleSwitch(r)
		}
	case kindLocale:
		if key.Matches(msg, m.keys.Remove) {
			if err := m.draft.RemoveLocale(r.locale); err != nil {
				m.note = err.Error()
				return nil
			}
			m.rebuild()
			return nil
		}
	case kindAddLocale:
		if key.Matches(msg, m.keys.Open) {
			avail := m.draft.AvailableLocales()
			if len(avail) == 0 {
				m.note = "every Alexa locale is already in the list"
				return nil
			}
			m.picker = newPicker(pickLocale, r.id, avail, nil, "")
		}
	}
	return nil
}

// MaxFieldLength is the most characters the form edits in one field:
// Amazon's values are short (names, ids, times), and the limit keeps a
// pasted megabyte from stalling the screen. Longer text pastes cut, and a
// loaded value beyond it is edited in $EDITOR.
const MaxFieldLength = 1000

// typeInto passes a key or paste to the text input and stores the new text.
func (m *Model) typeInto(r row, msg tea.Msg) tea.Cmd {
	if n := utf8.RuneCountInString(kit.Clip(m.text(r), MaxFieldLength+1)); n > MaxFieldLength {
		// A loaded value longer than the input holds: typing would cut it.
		m.note = fmt.Sprintf("longer than the %d characters the form edits: change it in $EDITOR (ctrl+o)", MaxFieldLength)
		return nil
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		room := MaxFieldLength - utf8.RuneCountInString(m.input.Value())
		if cut := kit.Prefix(p.Content, max(room, 0)); cut != p.Content {
			p.Content = cut
			msg = p
			m.note = fmt.Sprintf("pasted text cut to the field's limit of %d characters", MaxFieldLength)
		}
	}
	before := m.input.Value()
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(msg)
	after := m.input.Value()
	if after == before {
		return cmd
	}
	m.setText(r, after)
	m.rebuildText()
	return cmd
}

func (m *Model) pickerKey(msg tea.KeyPressMsg) tea.Cmd {
	p := m.picker
	switch msg.String() {
	case "esc":
		m.picker = nil
		return nil
	case "up", "ctrl+p":
		p.move(-1)
		return nil
	case "down", "ctrl+n":
		p.move(1)
		return nil
	case "space":
		if p.kind == pickMulti {
			return m.tick()
		}
	case "enter":
		return m.choose()
	}
	if msg.Text != "" && msg.Text != " " {
		p.jump(msg.Text)
	}
	return nil
}

// tick toggles the option under the cursor of the open checklist.
func (m *Model) tick() tea.Cmd {
	p := m.picker
	ok, note := p.toggle()
	if !ok {
		m.note = note
		return nil
	}
	r, _ := m.rowByID(p.rowID)
	if r.field == nil {
		return nil
	}
	m.draft.SetList(r.field.Path, p.ticked)
	m.rebuild()
	return nil
}

// choose applies the picker's current option and closes it.
func (m *Model) choose() tea.Cmd {
	p := m.picker
	m.picker = nil
	r, ok := m.rowByID(p.rowID)
	if !ok {
		return nil
	}
	switch p.kind {
	case pickMulti:
		return nil
	case pickEnum:
		return m.setEnum(r, p.current())
	case pickLocale:
		loc := p.current()
		if err := m.draft.AddLocale(loc); err != nil {
			m.note = err.Error()
			return nil
		}
		m.rebuild()
		m.focusID(localeID(loc))
		return nil
	case pickUser:
		m.draft.UserID = p.current()
		m.loadInput()
		m.rebuild()
		return nil
	}
	return nil
}

func (m *Model) openUserPicker(r row) {
	ids := make([]string, len(m.users))
	labels := make([]string, len(m.users))
	for i, u := range m.users {
		ids[i] = u.ID
		labels[i] = u.ID
		if u.Label != "" {
			labels[i] = u.Label + "  " + u.ID
		}
	}
	m.picker = newPicker(pickUser, r.id, ids, labels, m.draft.UserID)
}

// options returns the values an enum row offers; optional fields start with "" (none).
func (m *Model) options(r row) []string {
	if r.target == tAudience {
		return audienceOptions()
	}
	if r.field.Req == schemas.Optional {
		return append([]string{""}, r.field.Enum...)
	}
	return r.field.Enum
}

func (m *Model) optionLabels(r row) []string {
	opts := m.options(r)
	labels := make([]string, len(opts))
	for i, o := range opts {
		labels[i] = o
		if o == "" {
			labels[i] = "(none)"
		}
	}
	return labels
}

func (m *Model) enumValue(r row) string {
	if r.target == tAudience {
		if m.draft.AudienceType == "" {
			return schemas.AudienceMulticast
		}
		return m.draft.AudienceType
	}
	v, _ := m.draft.Text(r.field.Path)
	return v
}

func (m *Model) cycle(r row, delta int) tea.Cmd {
	opts := m.options(r)
	i := slices.Index(opts, m.enumValue(r))
	switch {
	case i < 0 && delta > 0:
		i = 0
	case i < 0:
		i = len(opts) - 1
	default:
		i = (i + delta + len(opts)) % len(opts)
	}
	return m.setEnum(r, opts[i])
}

func (m *Model) setEnum(r row, v string) tea.Cmd {
	if r.target == tAudience {
		m.draft.AudienceType = v
	} else {
		m.draft.SetText(r.field.Path, v)
	}
	m.rebuild()
	return nil
}

func (m *Model) toggleSwitch(r row) tea.Cmd {
	switch r.target {
	case tReferences:
		m.draft.UseReferences = !m.draft.UseReferences
		if len(m.draft.Locales) > 1 {
			m.note = "references stay on while there are two or more locales"
		}
	case tPayload:
		m.draft.SetPresent(r.field.Path, !m.draft.Present[r.field.Path], m.now)
	}
	m.rebuild()
	return nil
}

// text returns what a text row shows.
func (m *Model) text(r row) string {
	d := m.draft
	switch r.target {
	case tTimestamp:
		return d.Timestamp
	case tReference:
		return d.ReferenceID
	case tExpiry:
		return d.Expiry
	case tUser:
		return d.UserID
	case tPayload:
		v, _ := d.Text(r.field.Path)
		return v
	case tCell:
		v, _ := d.LocalizedText(r.locale, r.key)
		return v
	}
	return ""
}

func (m *Model) setText(r row, v string) {
	d := m.draft
	switch r.target {
	case tTimestamp:
		d.Timestamp = v
	case tReference:
		d.ReferenceID = v
	case tExpiry:
		// A typed relative expiry counts from now, when it is typed; an
		// empty one means +23h from the moment of sending.
		d.Expiry, d.ExpiryFrom = v, m.now
		if strings.TrimSpace(v) == "" {
			d.ExpiryFrom = time.Time{}
		}
	case tUser:
		d.UserID = v
	case tPayload:
		d.SetText(r.field.Path, v)
	case tCell:
		d.SetLocalized(r.locale, r.key, v)
	}
}

// rebuild lays the rows out again after a change, keeping the focused row,
// and notes the change (Changed); every row is rendered again.
func (m *Model) rebuild() {
	m.relayRows()
	m.cache = nil
}

// rebuildText is rebuild after the focused text row's text changed: when
// the rows stay the same, only the rows that show that text are rendered
// again (the row itself, and the other place of a localizable value: its
// payload row or its locale cell).
func (m *Model) rebuildText() {
	old := m.rows
	m.relayRows()
	if !sameRows(old, m.rows) {
		m.cache = nil
		return
	}
	for i, r := range m.rows {
		if i == m.cursor || r.target == tCell || (r.target == tPayload && r.field.Localizable) {
			m.staleRows(i)
		}
	}
}

// relayRows builds the rows again from the draft, keeping the focused row.
func (m *Model) relayRows() {
	m.changed = true
	id := ""
	if r, ok := m.current(); ok {
		id = r.id
	}
	old := m.cursor
	m.rows = buildRows(m.draft)
	if !m.keepFocus(id) {
		m.cursor = min(old, len(m.rows)-1)
		m.settle(1)
		m.settle(-1)
		m.loadInput()
	}
}

// keepFocus finds the focused row again after the rows were rebuilt.
func (m *Model) keepFocus(id string) bool {
	for i, r := range m.rows {
		if r.id == id && r.kind.focusable() {
			m.cursor = i
			return true
		}
	}
	return false
}

// focusID puts the focus on the row with id; it reports whether there is one.
func (m *Model) focusID(id string) bool {
	prev, _ := m.current()
	for i, r := range m.rows {
		if r.id == id && r.kind.focusable() {
			m.cursor = i
			if prev.id != id {
				m.loadInput()
			}
			return true
		}
	}
	return false
}

// move goes delta focusable rows up or down, stopping at the ends.
func (m *Model) move(delta int) tea.Cmd {
	i := m.cursor
	for {
		i += delta
		if i < 0 || i >= len(m.rows) {
			return nil
		}
		if m.rows[i].kind.focusable() {
			break
		}
	}
	m.cursor = i
	return m.loadInput()
}

// settle moves the cursor off a non-focusable row in direction dir.
func (m *Model) settle(dir int) {
	for m.cursor >= 0 && m.cursor < len(m.rows) && !m.rows[m.cursor].kind.focusable() {
		m.cursor += dir
	}
	m.cursor = min(max(m.cursor, 0), max(len(m.rows)-1, 0))
}

func (m *Model) firstFocusable() int {
	for i, r := range m.rows {
		if r.kind.focusable() {
			return i
		}
	}
	return 0
}

// loadInput points the text input at the focused row.
func (m *Model) loadInput() tea.Cmd {
	r, ok := m.current()
	if !ok || r.kind != kindText {
		m.input.Blur()
		return nil
	}
	m.input.SetValue(kit.Prefix(m.text(r), MaxFieldLength))
	m.input.CursorEnd()
	m.input.Placeholder = m.placeholder(r)
	if m.focused {
		return m.input.Focus()
	}
	return nil
}

func (m Model) current() (row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) || !m.rows[m.cursor].kind.focusable() {
		return row{}, false
	}
	return m.rows[m.cursor], true
}

func (m Model) rowByID(id string) (row, bool) {
	for _, r := range m.rows {
		if r.id == id {
			return r, true
		}
	}
	return row{}, false
}

// focusedID names the focused row: "env.timestamp", "env.ref", "env.expiry",
// "env.audience", "env.user", "pl.<payload path>", "loc.refs",
// "loc.<locale>", "cell.<locale>.<key>" or "loc.add".
func (m Model) focusedID() string {
	r, _ := m.current()
	return r.id
}

// FocusPath moves the focus to the row of a finding's JSON path (as
// SetDerived places the findings), e.g. to jump from a findings summary to the field.
// It reports whether a focusable row was found.
func (m *Model) FocusPath(path string) bool {
	id := m.rowForPath(path)
	prev := m.cursor
	ok := m.focusID(id)
	m.staleRows(prev, m.cursor)
	m.layout()
	return ok
}
