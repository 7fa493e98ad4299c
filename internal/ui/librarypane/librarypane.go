// Package librarypane is the library pane of the TUI: the named events of
// the library folder (internal/library) with a filter, open, save, save as,
// rename, duplicate, and delete with confirmation and undo. It is drawn as a
// dialog on the root's stack (it implements dialogs.Dialog); the root acts
// on OpenMsg and SaveMsg, and the pane does its own file work in commands.
package librarypane

import (
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// OpenMsg asks the root to open Entry in the form (after asking about
// unsaved changes). An entry with Err opens its text in the raw editor path.
type OpenMsg struct{ Entry *library.Entry }

// SaveMsg asks the root to save the draft to the library: over the event it
// was opened from, or (AsNew, or when it has none) under a new name.
type SaveMsg struct{ AsNew bool }

// ListedMsg carries the library's events (the pane reloads after each change).
type ListedMsg struct {
	Entries []*library.Entry
	Err     error
}

// doneMsg reports a rename, duplicate, delete or undo; deleted is the entry
// that was deleted (kept for undo).
type doneMsg struct {
	text    string
	err     error
	deleted *library.Entry
	undone  bool
}

type mode int

const (
	modeList mode = iota
	modeFilter
	modeRename
	modeDuplicate
	modeDelete
)

// KeyMap holds the pane's keys.
type KeyMap struct {
	Up, Down, Open, Filter, Save, SaveAs, Rename, Duplicate, Delete, Undo, Close key.Binding
}

// DefaultKeyMap returns the pane's keys with their help.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Save:      key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save the draft")),
		SaveAs:    key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "save as")),
		Rename:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "rename")),
		Duplicate: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "duplicate")),
		Delete:    key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "delete")),
		Undo:      key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "undo delete")),
		Close:     key.NewBinding(key.WithKeys("esc", "f7", "alt+l"), key.WithHelp("esc", "close")),
	}
}

// Model is the library pane.
type Model struct {
	lib     *library.Library
	keys    KeyMap
	styles  dialogs.Styles
	current string // the library event the draft came from ("" = none)
	canSave bool   // there is a draft to save

	width, height int
	all, shown    []*library.Entry
	sel           int
	mode          mode
	input         textinput.Model
	filter        string
	note          string
	noteErr       bool
	deleted       *library.Entry // the last deleted event, for u
	loaded        bool
}

// New returns the pane for lib; current is the library event the draft came
// from, canSave whether there is a draft to save.
func New(lib *library.Library, current string, canSave bool) *Model {
	in := textinput.New()
	in.CharLimit = 200
	return &Model{lib: lib, keys: DefaultKeyMap(), current: current, canSave: canSave, input: in}
}

// Init lists the library.
func (m *Model) Init() tea.Cmd { return listCmd(m.lib) }

func listCmd(lib *library.Library) tea.Cmd {
	return func() tea.Msg {
		es, err := lib.List()
		return ListedMsg{Entries: es, Err: err}
	}
}

// SetSize implements dialogs.Dialog.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// SetStyles implements dialogs.Dialog.
func (m *Model) SetStyles(s dialogs.Styles) { m.styles = s; m.input.SetStyles(s.Input) }

// Focus implements dialogs.Dialog.
func (m *Model) Focus() tea.Cmd { return nil }

// Entries returns the events shown (after the filter).
func (m *Model) Entries() []*library.Entry { return m.shown }

// Handle implements dialogs.Dialog.
func (m *Model) Handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ListedMsg:
		m.loaded = true
		if msg.Err != nil {
			m.setNote(msg.Err.Error(), true)
		}
		m.all = msg.Entries
		m.applyFilter()
		return nil
	case doneMsg:
		m.setNote(msg.text, msg.err != nil)
		if msg.err == nil {
			if msg.deleted != nil {
				m.deleted = msg.deleted
			}
			if msg.undone {
				m.deleted = nil
			}
		}
		return listCmd(m.lib)
	case tea.PasteMsg:
		if m.mode != modeList && m.mode != modeDelete {
			var cmd tea.Cmd
			m.input, cmd = m.input.Update(msg)
			m.inputChanged()
			return cmd
		}
		return nil
	case tea.KeyPressMsg:
		return m.onKey(msg)
	}
	return nil
}

func (m *Model) setNote(s string, isErr bool) { m.note, m.noteErr = s, isErr }

func (m *Model) selected() *library.Entry {
	if m.sel < 0 || m.sel >= len(m.shown) {
		return nil
	}
	return m.shown[m.sel]
}

func (m *Model) applyFilter() {
	m.shown = m.shown[:0:0]
	f := strings.ToLower(m.filter)
	for _, e := range m.all {
		if f == "" || strings.Contains(strings.ToLower(e.Name), f) || strings.Contains(strings.ToLower(e.Event), f) ||
			strings.Contains(strings.ToLower(e.Meta.Description), f) {
			m.shown = append(m.shown, e)
		}
	}
	m.sel = min(max(m.sel, 0), max(len(m.shown)-1, 0))
}

func (m *Model) inputChanged() {
	if m.mode == modeFilter {
		m.filter = m.input.Value()
		m.applyFilter()
	}
}

func (m *Model) startInput(md mode, value string) tea.Cmd {
	m.mode = md
	m.input.SetValue(value)
	m.input.CursorEnd()
	return m.input.Focus()
}

func (m *Model) onKey(k tea.KeyPressMsg) tea.Cmd {
	m.note = ""
	switch m.mode {
	case modeDelete:
		e := m.selected()
		m.mode = modeList
		if (k.String() == "y" || k.String() == "Y") && e != nil {
			return removeCmd(m.lib, e)
		}
		m.setNote("Not deleted", false)
		return nil
	case modeFilter, modeRename, modeDuplicate:
		return m.inputKey(k)
	}
	km := &m.keys
	e := m.selected()
	switch {
	case key.Matches(k, km.Close):
		return func() tea.Msg { return dialogs.CloseMsg{} }
	case key.Matches(k, km.Up):
		m.sel = max(m.sel-1, 0)
	case key.Matches(k, km.Down):
		m.sel = min(m.sel+1, max(len(m.shown)-1, 0))
	case key.Matches(k, km.Filter):
		return m.startInput(modeFilter, m.filter)
	case key.Matches(k, km.Open):
		if e != nil {
			return openCmd(e)
		}
	case key.Matches(k, km.Save) && m.canSave:
		return func() tea.Msg { return SaveMsg{} }
	case key.Matches(k, km.SaveAs) && m.canSave:
		return func() tea.Msg { return SaveMsg{AsNew: true} }
	case key.Matches(k, km.Rename) && e != nil:
		if e.Err != nil {
			m.setNote("This file cannot be read as an event; rename it in the folder", true)
			return nil
		}
		return m.startInput(modeRename, e.Name)
	case key.Matches(k, km.Duplicate) && e != nil:
		if e.Err != nil {
			m.setNote("This file cannot be read as an event; open it to fix it first", true)
			return nil
		}
		return m.startInput(modeDuplicate, e.Name+"-copy")
	case key.Matches(k, km.Delete) && e != nil:
		m.mode = modeDelete
	case key.Matches(k, km.Undo) && m.deleted != nil:
		return undoCmd(m.lib, m.deleted)
	}
	return nil
}

func (m *Model) inputKey(k tea.KeyPressMsg) tea.Cmd {
	md := m.mode
	switch k.String() {
	case "esc":
		m.mode = modeList
		m.input.Blur()
		if md == modeFilter {
			m.filter = ""
			m.applyFilter()
		}
		return nil
	case "enter":
		m.mode = modeList
		m.input.Blur()
		name := strings.TrimSpace(m.input.Value())
		e := m.selected()
		if md == modeFilter || e == nil {
			return nil
		}
		if err := library.CheckName(name); err != nil {
			m.setNote(err.Error(), true)
			return nil
		}
		if md == modeRename {
			return renameCmd(m.lib, e, name)
		}
		return duplicateCmd(m.lib, e, name)
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(k)
	m.inputChanged()
	return cmd
}

// withBody returns e with its file's text: an event that is not valid JSON
// is listed without it.
func withBody(e *library.Entry) (*library.Entry, error) {
	if e.Body != nil {
		return e, nil
	}
	data, _, err := safefile.Read(e.Path, library.MaxFileSize)
	if err != nil {
		return nil, err
	}
	c := *e
	c.Body = data
	return &c, nil
}

// openCmd asks the root to open e, with its text read when it is not valid JSON.
func openCmd(e *library.Entry) tea.Cmd {
	return func() tea.Msg {
		c, err := withBody(e)
		if err != nil {
			return doneMsg{text: "Cannot open " + e.Name + ": " + err.Error(), err: err}
		}
		return OpenMsg{Entry: c}
	}
}

// renameCmd saves the event under the new name, then removes the old file
// (only if it is still the version read); a failure leaves both names.
func renameCmd(lib *library.Library, e *library.Entry, name string) tea.Cmd {
	return func() tea.Msg {
		if err := lib.Save(name, e.Body, e.Meta, nil); err != nil {
			return doneMsg{text: "Not renamed: " + err.Error(), err: err}
		}
		if err := lib.Remove(e); err != nil {
			return doneMsg{text: "Saved as " + name + ", but " + e.Name + " was kept: " + err.Error(), err: err}
		}
		return doneMsg{text: "Renamed " + e.Name + " to " + name}
	}
}

func duplicateCmd(lib *library.Library, e *library.Entry, name string) tea.Cmd {
	return func() tea.Msg {
		if err := lib.Save(name, e.Body, e.Meta, nil); err != nil {
			return doneMsg{text: "Not duplicated: " + err.Error(), err: err}
		}
		return doneMsg{text: "Duplicated " + e.Name + " as " + name}
	}
}

// removeCmd deletes the event; the pane keeps its content for undo.
func removeCmd(lib *library.Library, e *library.Entry) tea.Cmd {
	return func() tea.Msg {
		kept, err := withBody(e)
		if err != nil {
			return doneMsg{text: "Not deleted: " + err.Error() + " (it could not be restored)", err: err}
		}
		if err := lib.Remove(e); err != nil { // e: its stamp (or none) is what Remove checks
			return doneMsg{text: "Not deleted: " + err.Error(), err: err}
		}
		return doneMsg{text: "Deleted " + e.Name + " · u undoes", deleted: kept}
	}
}

// undoCmd writes a deleted event back, byte for byte (an invalid file too).
func undoCmd(lib *library.Library, e *library.Entry) tea.Cmd {
	return func() tea.Msg {
		var err error
		if e.Err != nil {
			err = restoreRaw(lib, e)
		} else {
			err = lib.Save(e.Name, e.Body, e.Meta, nil)
		}
		if err != nil {
			return doneMsg{text: "Not restored: " + err.Error(), err: err}
		}
		return doneMsg{text: "Restored " + e.Name, undone: true}
	}
}

// HelpKeys implements dialogs.Dialog.
func (m *Model) HelpKeys() []key.Binding {
	k := m.keys
	switch m.mode {
	case modeDelete:
		return []key.Binding{key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "delete")), key.NewBinding(key.WithKeys("n"), key.WithHelp("any key", "keep"))}
	case modeFilter, modeRename, modeDuplicate:
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done")), key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel"))}
	}
	bs := []key.Binding{k.Open, k.Filter}
	if m.canSave {
		bs = append(bs, k.Save, k.SaveAs)
	}
	bs = append(bs, k.Rename, k.Duplicate, k.Delete)
	if m.deleted != nil {
		bs = append(bs, k.Undo)
	}
	return append(bs, k.Close)
}

// View implements dialogs.Dialog.
func (m *Model) View() string {
	st := m.styles
	bw := dialogs.BoxWidth(m.width, 90)
	iw := dialogs.InnerWidth(st, bw)
	var body []string
	body = append(body, st.Muted.Render(kit.Prefix("folder "+termtext.Clean(m.lib.Dir), iw)))
	switch m.mode {
	case modeFilter:
		body = append(body, "filter: "+m.input.View())
	case modeRename:
		body = append(body, "new name: "+m.input.View())
	case modeDuplicate:
		body = append(body, "copy's name: "+m.input.View())
	default:
		if m.filter != "" {
			body = append(body, st.Muted.Render("filter: "+termtext.Clean(m.filter)))
		}
	}
	body = append(body, "")
	rows := max(m.height-14, 3)
	start := max(0, min(m.sel-rows/2, len(m.shown)-rows))
	switch {
	case !m.loaded:
		body = append(body, st.Muted.Render("Reading the library…"))
	case len(m.shown) == 0 && len(m.all) == 0:
		body = append(body, st.Muted.Render("The library is empty: s saves the draft here."))
	case len(m.shown) == 0:
		body = append(body, st.Muted.Render("No event matches the filter."))
	}
	for i := start; i < len(m.shown) && i < start+rows; i++ {
		body = append(body, m.row(m.shown[i], i == m.sel, iw))
	}
	var footer []string
	if m.mode == modeDelete {
		if e := m.selected(); e != nil {
			footer = append(footer, st.Warn.Render(kit.Prefix("Delete "+termtext.Clean(e.Name)+"? y deletes (u undoes until this pane closes) · any other key keeps it", iw)))
		}
	}
	if m.note != "" {
		s := st.OK
		if m.noteErr {
			s = st.Err
		}
		for _, l := range kit.Wrap(termtext.Clean(m.note), iw) {
			footer = append(footer, s.Render(l))
		}
	}
	hint := "enter opens · / filters · r renames · c duplicates · d deletes · esc closes"
	if m.canSave {
		hint = "enter opens · s saves · a saves as · / · r · c · d · esc"
	}
	if m.deleted != nil {
		hint = "u undoes the delete · " + hint
	}
	return dialogs.Frame(st, bw, m.height, fmt.Sprintf("Library · %d events", len(m.all)), body, footer, hint)
}

func (m *Model) row(e *library.Entry, sel bool, w int) string {
	st := m.styles
	mark := "  "
	if sel {
		mark = st.Marker.Render("› ")
	}
	name := termtext.Clean(e.Name)
	if e.Name == m.current {
		name += " (open)"
	}
	var rest string
	if e.Err != nil {
		rest = st.Err.Render("✗ " + termtext.Clean(entryError(e)))
	} else {
		ev := strings.TrimPrefix(termtext.Clean(e.Event), "AMAZON.")
		rest = st.Muted.Render(ev)
		if d := e.Meta.Description; d != "" {
			rest += st.Muted.Render(" · " + termtext.Clean(d))
		}
	}
	ns := st.Text
	if sel {
		ns = st.Selected
	}
	nw := min(m.nameWidth(), max(w/3, 12))
	line := mark + ns.Render(kit.PadRight(kit.Clip(name, nw-1), nw)) + " " + rest
	return ansi.Truncate(line, w, "…")
}

// restoreRaw writes back a deleted file that was not a valid event, as it was.
func restoreRaw(lib *library.Library, e *library.Entry) error {
	perm := fs.FileMode(0o600)
	if lib.Source == library.SourceProject {
		perm = 0o644
	}
	return safefile.CreateAtomic(lib.Path(e.Name), e.Body, perm)
}

// nameWidth is the name column's width: the longest name shown, and room
// for the "(open)" tag.
func (m *Model) nameWidth() int {
	w := 8
	for _, e := range m.shown {
		n := kit.Width(termtext.Clean(e.Name))
		if e.Name == m.current {
			n += len(" (open)")
		}
		w = max(w, n+2)
	}
	return w
}

// entryError says shortly why an entry cannot be used: "not JSON at
// line:column: what is wrong" for a syntax error, else its error without the path.
func entryError(e *library.Entry) string {
	var se *schemas.SyntaxError
	if errors.As(e.Err, &se) {
		return fmt.Sprintf("not valid JSON at %d:%d: %s", se.Line, se.Column, se.Msg)
	}
	return strings.TrimPrefix(e.Err.Error(), e.Path+" ")
}
