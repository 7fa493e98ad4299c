package ui

import (
	"errors"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/autosave"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/template"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/librarypane"
)

// This file connects the library pane (internal/ui/librarypane) to the
// draft: opening a library event, saving the draft to the library, and the
// status line's library segment.

// librarySavedMsg reports a save of the draft to the library.
type librarySavedMsg struct {
	name  string
	entry *library.Entry // the saved event as read back (its stamp guards the next save)
	saved *draft.Draft   // the draft as it was saved
	err   error
}

// libraryNameMsg is the name chosen in the "save as" dialog.
type libraryNameMsg struct{ name string }

// openLibrary opens the library pane (F7).
func (m *Model) openLibrary() tea.Cmd {
	if m.opts.Library == nil {
		m.setStatus(statusMsg{kind: statusInfo, text: "No library folder is open"})
		return nil
	}
	cur := ""
	if m.nl.entry != nil {
		cur = m.nl.entry.Name
	}
	p := librarypane.New(m.opts.Library, cur, m.hasDraft)
	return m.open(p)
}

// updateLibrary handles the library pane's and the library saves' messages;
// ok is false for any other message.
func (m Model) updateLibrary(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case librarypane.OpenMsg:
		m.closeTop()
		nm, cmd := m.askBefore(pendingAction{entry: msg.Entry})
		return nm, cmd, true
	case librarypane.SaveMsg:
		m.closeTop()
		return m, m.saveToLibrary(msg.AsNew), true
	case libraryNameMsg:
		m.closeTop()
		if msg.name == "" {
			m.nl.ask = nil
			return m, nil, true
		}
		return m, m.saveLibraryCmd(msg.name, library.Meta{}, nil), true
	case librarySavedMsg:
		var ce *library.ConflictError
		if errors.As(msg.err, &ce) {
			m.setStatus(statusMsg{kind: statusErr, text: msg.err.Error(), ttl: 15 * time.Second})
			return m, m.open(newLibraryNameDialog(m.keys, msg.name+"-2", "Save as: "+ce.Name+" is taken or changed")), true
		}
		if msg.err != nil {
			m.nl.ask = nil
			m.setStatus(statusMsg{kind: statusErr, text: "Not saved: " + msg.err.Error(), ttl: 15 * time.Second})
			return m, nil, true
		}
		m.nl.entry = msg.entry
		m.nl.meta = autosave.Meta{Library: msg.name}
		m.nl.base = msg.saved
		if m.hasDraft {
			m.dirty = !draft.Equal(m.nl.base, m.form.Draft())
		}
		m.setStatus(statusMsg{kind: statusOK, text: "Saved to the library as " + msg.name})
		m.keep()
		if a := m.nl.ask; a != nil {
			nm, cmd := m.runPending(*a)
			return nm, cmd, true
		}
		return m, nil, true
	}
	return m, nil, false
}

// saveToLibrary saves the draft over the library event it came from, or
// asks for a name (asNew, or a draft not from the library).
func (m *Model) saveToLibrary(asNew bool) tea.Cmd {
	if !m.hasDraft || m.opts.Library == nil {
		m.nl.ask = nil
		return nil
	}
	if e := m.nl.entry; e != nil && !asNew {
		return m.saveLibraryCmd(e.Name, e.Meta, e)
	}
	return m.open(newLibraryNameDialog(m.keys, m.suggestedLibraryName(), "Save to the library"))
}

// suggestedLibraryName proposes a library name from the schema.
func (m Model) suggestedLibraryName() string {
	if m.nl.entry != nil {
		return m.nl.entry.Name + "-copy"
	}
	if f := m.opts.FileName; f != "" {
		// The opened file's name, when it makes a valid library name.
		b := filepath.Base(f)
		if n := strings.TrimSuffix(b, filepath.Ext(b)); library.CheckName(n) == nil {
			return n
		}
	}
	return m.draftBaseName()
}

// saveLibraryCmd saves the draft's body, with its timestamp, expiry and
// referenceId as placeholders (template.Templatize) so that the event can
// be sent again and again.
func (m Model) saveLibraryCmd(name string, meta library.Meta, base *library.Entry) tea.Cmd {
	lib, saved := m.opts.Library, m.form.Draft().Clone()
	body, err := template.Templatize(m.rawBody())
	return func() tea.Msg {
		if err != nil {
			return librarySavedMsg{name: name, err: err}
		}
		if err := lib.Save(name, body, meta, base); err != nil {
			return librarySavedMsg{name: name, err: err}
		}
		e, err := lib.Get(name)
		if err != nil {
			return librarySavedMsg{name: name, err: err}
		}
		return librarySavedMsg{name: name, entry: e, saved: saved}
	}
}

// openEntry puts a library event into the form, its placeholders kept (the
// form shows what each expands to). An event that is not valid JSON opens
// as text, for the editor (ctrl+o), untouched on disk.
func (m Model) openEntry(e *library.Entry) (tea.Model, tea.Cmd) {
	if e.Body == nil {
		m.setStatus(statusMsg{kind: statusErr, text: "Cannot open " + e.Name + ": " + errString(e.Err)})
		return m, nil
	}
	if !m.loadJSON(e.Body, e.Path) {
		m.nl.entry, m.nl.meta = nil, autosave.Meta{Library: e.Name}
		m.keep()
		m.setStatus(statusMsg{kind: statusErr, text: e.Name + " is not a valid event: ctrl+o edits the text (the file stays as it is)", ttl: 15 * time.Second})
		return m, nil
	}
	m.nl.entry, m.nl.meta = e, autosave.Meta{Library: e.Name}
	m.keep()
	m.setStatus(statusMsg{kind: statusOK, text: "Opened " + e.Name + " from the library"})
	return m, m.form.Focus()
}

func errString(err error) string {
	if err == nil {
		return "it could not be read"
	}
	return err.Error()
}

// libraryStatus is the status line's library segment: the event's name and
// whether the draft differs from its file.
func (m Model) libraryStatus() string {
	if m.nl.entry == nil || !m.hasDraft {
		return ""
	}
	if m.dirty {
		return "library " + m.nl.entry.Name + " · edited"
	}
	return "library " + m.nl.entry.Name + " · saved"
}

// libraryNameDialog asks for a library name ("save as").
type libraryNameDialog struct {
	rootDialog
	title string
	input textinput.Model
	err   string
}

func newLibraryNameDialog(keys KeyMap, suggestion, title string) *libraryNameDialog {
	in := textinput.New()
	in.Prompt = "name: "
	in.CharLimit = 200
	in.SetValue(suggestion)
	in.CursorEnd()
	return &libraryNameDialog{rootDialog: rootDialog{keys: keys}, title: title, input: in}
}

func (d *libraryNameDialog) Focus() tea.Cmd { return d.input.Focus() }

func (d *libraryNameDialog) SetStyles(s dialogs.Styles) {
	d.styles = s
	d.input.SetStyles(s.Input)
}

func (d *libraryNameDialog) Handle(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc":
			return answer(libraryNameMsg{})
		case "enter":
			name := d.input.Value()
			if err := library.CheckName(name); err != nil {
				d.err = err.Error()
				return nil
			}
			return answer(libraryNameMsg{name: name})
		}
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return cmd
}

func (d *libraryNameDialog) HelpKeys() []key.Binding {
	return []key.Binding{withHelp(d.keys.Confirm, "enter", "save"), withHelp(d.keys.Cancel, "esc", "cancel"), d.keys.ForceQuit}
}

func (d *libraryNameDialog) View() string {
	body := []string{d.input.View()}
	if d.err != "" {
		body = append(body, d.wrap(d.err, d.styles.Err)...)
	}
	return d.frame(d.title, body, "enter saves · esc cancels")
}
