package ui

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/autosave"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/template"
)

// This file keeps the user's work: the draft is kept on disk a moment after
// each change (internal/autosave), "changed" is judged by content against
// the draft as it was opened, saved or sent, edits can be undone and redone,
// and nothing replaces a changed draft without asking.

// undoSteps is how many steps undo keeps per draft.
const undoSteps = 200

// neverLose is the root's state for keeping work. Its pointers are shared
// by the model's copies; only the newest model is ever used.
type neverLose struct {
	keeper *keeper        // nil without an autosave store
	base   *draft.Draft   // the draft as opened, saved or sent; nil = never saved
	undo   *undoStack     // the form's undo and redo steps
	sent   *draft.Draft   // the draft as it was when the running send started
	entry  *library.Entry // the library event the draft was opened from or saved as
	ask    *pendingAction // what waits for the answer of the "unsaved changes" question
	meta   autosave.Meta  // where the draft came from, kept with it
	ref    string         // the reference id {{ref}} shows in the form and preview
}

// keeper writes the kept draft in the background and remembers the last
// error for the status line (read on the tick).
type keeper struct {
	saver *autosave.Saver
	store *autosave.Store
	mu    sync.Mutex
	err   error
}

func newKeeper(store *autosave.Store) *keeper {
	k := &keeper{store: store}
	k.saver = autosave.NewSaver(store, autosave.DefaultDelay, func(err error) {
		k.mu.Lock()
		k.err = err
		k.mu.Unlock()
	})
	return k
}

// takeErr returns and forgets the last background write error.
func (k *keeper) takeErr() error {
	k.mu.Lock()
	defer k.mu.Unlock()
	err := k.err
	k.err = nil
	return err
}

// undoStack holds snapshots of the draft: past (undoable), the current
// one, and future (redoable). Typing into one field is one step.
type undoStack struct {
	past, future []*draft.Draft
	cur          *draft.Draft
	row          string // the row the last typing step was in ("" = not typing)
}

func newUndo(d *draft.Draft) *undoStack { return &undoStack{cur: d.Clone()} }

// record notes a committed change to d; typing (typed true) in the same
// row as the last step is folded into that step.
func (u *undoStack) record(d *draft.Draft, row string, typed bool) {
	if typed && row != "" && row == u.row {
		u.cur = d.Clone()
		return
	}
	u.past = append(u.past, u.cur)
	if len(u.past) > undoSteps {
		u.past = u.past[len(u.past)-undoSteps:]
	}
	u.cur, u.future = d.Clone(), nil
	u.row = ""
	if typed {
		u.row = row
	}
}

// step moves one step back (undo) or forward (redo) and returns the draft
// to show, or nil when there is none.
func (u *undoStack) step(back bool) *draft.Draft {
	from, to := &u.future, &u.past
	if !back {
		from, to = &u.past, &u.future
	}
	if len(*to) == 0 {
		return nil
	}
	*from = append(*from, u.cur)
	u.cur = (*to)[len(*to)-1]
	*to = (*to)[:len(*to)-1]
	u.row = ""
	return u.cur.Clone()
}

// pendingAction is what replaces the draft once the user has answered the
// "unsaved changes" question: a new event of a schema, a history record,
// or a library event.
type pendingAction struct {
	schema *schemas.Schema
	rec    *history.Record
	entry  *library.Entry
}

// initNeverLose starts keeping drafts (opts.Autosave) and reopens the kept
// draft (opts.Kept) when no file was given.
func (m *Model) initNeverLose() {
	if m.opts.Autosave != nil {
		m.nl.keeper = newKeeper(m.opts.Autosave)
	}
	k := m.opts.Kept
	if k == nil || m.opts.FileData != nil {
		if m.pending != nil {
			m.keep() // an invalid --file's text
		}
		return
	}
	m.nl.meta = k.Meta
	when := k.SavedAt.Format("15:04")
	if !k.SavedAt.IsZero() && k.SavedAt.Before(m.now().Add(-20*time.Hour)) {
		when = k.SavedAt.Format("Jan 2 15:04")
	}
	if !m.loadJSON(k.Text, "your kept draft") {
		m.setStatus(statusMsg{kind: statusErr, text: "Restored your unsent text from " + when + ": it is not a valid event yet; ctrl+o edits it", ttl: 30 * time.Second})
		return
	}
	if e := m.opts.KeptEntry; e != nil && e.Name == k.Meta.Library && e.Err == nil {
		m.nl.entry = e // s in the library pane saves over it again
	}
	if !k.Meta.Unsaved {
		// It was sent or saved as it is: nothing to lose, nothing to ask.
		m.setStatus(statusMsg{kind: statusInfo, text: "Reopened your last draft (from " + when + ")" + renewHint(m.keys), ttl: 30 * time.Second})
		return
	}
	m.nl.base = nil // restored work counts as unsaved
	m.dirty = true
	m.keep()
	m.setStatus(statusMsg{kind: statusInfo, text: "Restored your unsent draft from " + when + renewHint(m.keys), ttl: 30 * time.Second})
}

// renewHint is the status-line offer of the renew key.
func renewHint(k KeyMap) string {
	return " · " + k.Renew.Help().Key + " renews timestamp, expiry and referenceId"
}

// draftOpened is called whenever the form gets a new draft (a schema, a
// file, a record, a library event): it becomes the unchanged base, the undo
// steps start anew, and it is kept.
func (m *Model) draftOpened() {
	d := m.form.Draft()
	m.nl.ref = schemas.NewReferenceID()
	m.recompute()
	m.nl.base = d.Clone()
	m.nl.undo = newUndo(d)
	m.dirty = false
	m.keep()
}

// draftChanged is called after the form changed the draft: the change is an
// undo step, "changed" is judged again by content, and the draft is kept.
func (m *Model) draftChanged(msg tea.Msg) {
	typed := false
	if k, ok := msg.(tea.KeyPressMsg); ok {
		typed = k.Text != "" || k.String() == "backspace" || k.String() == "delete"
	}
	if m.nl.undo == nil {
		m.nl.undo = newUndo(m.form.Draft())
	} else {
		m.nl.undo.record(m.form.Draft(), m.form.FocusedRow(), typed)
	}
	m.contentChanged()
}

// contentChanged judges "changed" again and keeps the draft.
func (m *Model) contentChanged() {
	if m.status.ofDraft {
		m.status = statusMsg{}
	}
	m.dirty = !draft.Equal(m.nl.base, m.form.Draft())
	m.recompute()
	m.syncKeys()
	m.keep()
}

// keep hands the current draft (or the text that failed to open) to the
// background writer. It does no I/O itself.
func (m *Model) keep() {
	if m.nl.keeper == nil {
		return
	}
	meta := m.nl.meta
	meta.Profile, meta.Target = m.profile, m.target.String()
	meta.Unsaved = m.UnsavedDraft()
	switch {
	case m.pending != nil: // the newest work: text that did not open yet
		m.nl.keeper.saver.Touch(m.pending, meta)
	case m.hasDraft && m.dv != nil:
		m.nl.keeper.saver.Touch(m.rawBody(), meta)
	}
}

// undoRedo applies one undo (back) or redo step to the form.
func (m Model) undoRedo(back bool) (tea.Model, tea.Cmd) {
	verb := "undo"
	if !back {
		verb = "redo"
	}
	if !m.hasDraft || m.nl.undo == nil {
		m.setStatus(statusMsg{kind: statusInfo, text: "Nothing to " + verb})
		return m, nil
	}
	d := m.nl.undo.step(back)
	if d == nil {
		m.setStatus(statusMsg{kind: statusInfo, text: "Nothing to " + verb})
		return m, nil
	}
	m.form.Replace(d)
	m.contentChanged()
	m.setStatus(statusMsg{kind: statusInfo, text: map[bool]string{true: "Undone", false: "Redone"}[back]})
	return m, nil
}

// renewDraft gives the draft a new reference id, timestamp "now" and an
// expiry 23 hours ahead: what a second send needs not to be a 409.
func (m Model) renewDraft() (tea.Model, tea.Cmd) {
	if !m.hasDraft {
		return m, nil
	}
	d := m.form.Draft().Clone()
	d.ReferenceID = schemas.NewReferenceID()
	d.Timestamp = "now"
	d.Expiry = schemas.FormatTime(m.now().Add(draft.DefaultExpiryAfter))
	m.form.Replace(d)
	m.draftChanged(nil)
	m.setStatus(statusMsg{kind: statusOK, text: "New referenceId, timestamp now, expiry in 23h: ready to send again"})
	return m, nil
}

// sendStarted notes the draft as it is sent (ctrl+s), so that an accepted
// send makes exactly that content the unchanged base.
func (m *Model) sendStarted() {
	if m.hasDraft {
		m.nl.sent = m.form.Draft().Clone()
	}
}

// afterSent updates the base after a send of the draft was answered: an
// accepted draft counts as unchanged, and the status line offers renewing it.
func (m *Model) afterSent(msg sentMsg) {
	sent := m.nl.sent
	m.nl.sent = nil
	if msg.resend || sent == nil || msg.res.Response == nil || !msg.res.Response.OK() {
		return
	}
	m.nl.base = sent
	m.dirty = !draft.Equal(sent, m.form.Draft())
	m.keep()
	if strings.Contains(sent.ReferenceID, template.Open) {
		return // {{ref}}: every send has a new one already
	}
	m.status.text += renewHint(m.keys)
	m.status.ttl = 30 * time.Second
	m.statusUntil = m.now().Add(m.status.ttl)
}

// askBefore runs a replacing action at once when the draft is unchanged, or
// opens the "unsaved changes" question.
func (m Model) askBefore(a pendingAction) (tea.Model, tea.Cmd) {
	if !m.hasDraft || !m.dirty {
		return m.runPending(a)
	}
	m.nl.ask = &a
	return m, m.open(newUnsavedDialog(m.keys, m.opts.Library != nil, m.draftName()))
}

// runPending replaces the draft as a answered pendingAction says.
func (m Model) runPending(a pendingAction) (tea.Model, tea.Cmd) {
	m.nl.ask = nil
	switch {
	case a.schema != nil:
		m.nl.entry, m.nl.meta = nil, autosave.Meta{}
		return m.openSchema(a.schema)
	case a.rec != nil:
		return m.loadRecord(a.rec)
	case a.entry != nil:
		return m.openEntry(a.entry)
	}
	return m, nil
}

// loadRecord puts a history record into the form.
func (m Model) loadRecord(rec *history.Record) (tea.Model, tea.Cmd) {
	req, err := schemas.Decode(rec.Request)
	if err == nil {
		err = m.openRequest(req)
	}
	if err != nil {
		m.setStatus(statusMsg{kind: statusErr, text: fmt.Sprintf("Record #%d cannot be loaded into the form: %v", rec.ID, err)})
		return m, nil
	}
	m.nl.entry, m.nl.meta = nil, autosave.Meta{HistoryID: rec.ID}
	m.setStatus(statusMsg{kind: statusOK, text: fmt.Sprintf("Loaded record #%d into the form", rec.ID)})
	return m, m.form.Focus()
}

// draftName names the draft for questions: its library name or its schema.
func (m Model) draftName() string {
	if m.nl.entry != nil {
		return m.nl.entry.Name
	}
	if m.hasDraft && m.form.Draft().Schema != nil {
		return "The " + m.form.Draft().Schema.Short + " event"
	}
	return "The event"
}

// unsavedChosenMsg answers the "unsaved changes" question: save to the
// library first, discard, or (neither) cancel.
type unsavedChosenMsg struct{ save, discard bool }

// unsavedDialog asks what to do with a changed draft before it is replaced.
type unsavedDialog struct {
	rootDialog
	canSave bool
	name    string
}

func newUnsavedDialog(keys KeyMap, canSave bool, name string) *unsavedDialog {
	return &unsavedDialog{rootDialog: rootDialog{keys: keys}, canSave: canSave, name: name}
}

func (d *unsavedDialog) Handle(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "s", "S":
		if d.canSave {
			return answer(unsavedChosenMsg{save: true})
		}
	case "d", "D":
		return answer(unsavedChosenMsg{discard: true})
	case "esc", "n", "N":
		return answer(unsavedChosenMsg{})
	}
	return nil
}

func (d *unsavedDialog) HelpKeys() []key.Binding {
	var bs []key.Binding
	if d.canSave {
		bs = append(bs, key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "save to the library")))
	}
	return append(bs, key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "discard")),
		withHelp(d.keys.Cancel, "esc", "keep editing"), d.keys.ForceQuit)
}

func (d *unsavedDialog) View() string {
	hint := "d discards · esc keeps editing"
	if d.canSave {
		hint = "s saves to the library · " + hint
	}
	return d.frame("Unsaved changes", d.wrap(d.name+" has changes that are not saved. Save them to the library first, or discard them?", d.styles.Text), hint)
}

// updateUnsaved acts on the answer of the "unsaved changes" question.
func (m Model) updateUnsaved(msg unsavedChosenMsg) (tea.Model, tea.Cmd) {
	m.closeTop()
	a := m.nl.ask
	switch {
	case a == nil:
		return m, nil
	case msg.discard:
		return m.runPending(*a)
	case msg.save:
		// The action runs once the save succeeded (updateLibrarySaved).
		return m, m.saveToLibrary(false)
	}
	m.nl.ask = nil
	m.setStatus(statusMsg{kind: statusInfo, text: "Kept your draft"})
	return m, m.setFocus(focusForm)
}

// UnsavedDraft reports whether the draft has changes that are kept only in
// the autosave file (the CLI says so when the UI ends).
func (m Model) UnsavedDraft() bool { return m.hasDraft && m.dirty || m.pending != nil }

// Flush writes the kept draft now (the UI quits). It returns the path of the
// kept draft ("" without autosave).
func (m Model) Flush() (string, error) {
	if m.nl.keeper == nil {
		return "", nil
	}
	return m.nl.keeper.store.Path, m.nl.keeper.saver.Close()
}

// checkKeeper shows a background write error of the kept draft (on the tick).
func (m *Model) checkKeeper() {
	if m.nl.keeper == nil {
		return
	}
	if err := m.nl.keeper.takeErr(); err != nil {
		m.setStatus(statusMsg{kind: statusErr, text: err.Error(), ttl: 10 * time.Second})
	}
}

// syncKeepKeys enables the keys of this file by state.
func (m *Model) syncKeepKeys() {
	k := &m.keys
	k.Library.SetEnabled(m.opts.Library != nil)
	k.Undo.SetEnabled(m.hasDraft)
	k.Redo.SetEnabled(m.hasDraft)
	k.Renew.SetEnabled(m.hasDraft)
}
