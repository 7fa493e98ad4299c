// Package ui is the terminal user interface of pe-tui: a root Bubble Tea
// model that composes the schema picker, the form (internal/ui/formpane), the live
// preview, the response pane (internal/ui/response), the history pane
// (internal/ui/historypane), the status line and the dialogs (here and in
// internal/ui/dialogs).
//
// The root model is split across files by concern: model.go (state, Init,
// message routing, View), update_keys.go (key routing), layout.go (pane
// sizes and frames), picker.go, preview.go, status.go, dialogs.go (the
// dialog stack, the root's own dialogs and their answers), sending.go
// (send, resend, sandbox), profiles.go (targets and profiles), commands.go
// (every piece of I/O, as tea.Cmds), keymap.go, styles.go and msgs.go.
package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/autosave"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/formpane"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
	"github.com/pe-tui/pe-tui/internal/ui/response"
)

// Options configures the UI. Every field has a usable zero value, so that
// later parts (sending, profiles, history) can add fields without touching
// existing callers.
type Options struct {
	// Now is the clock; nil means time.Now. Tests inject a fixed clock.
	Now func() time.Time
	// Profile is the active credential profile's name ("" = none yet).
	Profile string
	// Target is where events go at first (the target switcher changes it);
	// the zero Target means the sandbox.
	Target alexa.Target
	// FileName and FileData are an event opened with --file. Invalid JSON is
	// shown as an error naming line and column, and the text is kept for the editor.
	FileName string
	FileData []byte
	// NoColor selects PlainStyles (NO_COLOR is set).
	NoColor bool
	// Editor is the command line of the editor for the JSON body, e.g. "vim"
	// or "code --wait"; "" means "vi".
	Editor string
	// TempDir is where the editor's temporary file is written ("" = the system default).
	TempDir string
	// Clipboard writes to the system clipboard (for terminals without OSC 52);
	// nil means OSC 52 only.
	Clipboard func(string) error
	// Users are the saved Unicast user ids offered by the form's audience section.
	Users []draft.UserOption
	// Validate and Render tune validation and the preview sentence.
	Validate schemas.ValidateOptions
	Render   schemas.RenderOptions
	// NewDraft makes the draft for a chosen schema; nil means draft.NewDraft.
	// Tests use it to fix the reference id.
	NewDraft func(s *schemas.Schema, now time.Time) *draft.Draft

	// Sender runs the one send pipeline (validate → token → send → record);
	// nil means the UI cannot send (ctrl+s says so). The UI sends through a
	// send.Session built on it (with Credentials and StartSandbox), which
	// owns the in-process sandbox.
	Sender *send.Sender
	// History is what the history pane reads and deletes; nil hides the pane.
	History historypane.Source
	// Credentials resolves the client id and secret for a send to a target
	// other than the sandbox, with the named profile ("" = the environment
	// or the default profile), and returns the profile name used. It runs in
	// a command (it may read the OS keyring). nil means only the sandbox
	// can be sent to.
	Credentials func(profile string, target alexa.Target) (alexa.Credentials, string, error)
	// StartSandbox starts the in-process sandbox and returns it with its base
	// URL; nil means send.StartSandbox(sandbox.Config{}). It runs in a command.
	StartSandbox func() (*sandbox.Server, string, error)
	// ConfigDir and Secrets are where the credential dialog and the profile
	// switcher keep profiles ("" = credentials.DefaultDir()) and client
	// secrets (nil disables both dialogs).
	ConfigDir string
	Secrets   credentials.SecretStore
	// HistoryOpened, when set, waits until History is ready and returns
	// what its opening has to say (records recovered or set aside) or why
	// it failed; the UI calls it off the UI goroutine after the first frame
	// and shows the answer in the status line.
	HistoryOpened func() (note string, err error)
	// Warning is shown in the status line at start (e.g. the profile file
	// could not be read).
	Warning string

	// Autosave keeps the draft on disk a moment after each change (nil: not
	// kept); Kept is the draft kept by the last run, reopened at start
	// unless FileData is set. Library is the library folder of the library
	// pane (F7; nil hides it).
	// KeptEntry is the library event the kept draft came from (nil = none).
	Autosave  *autosave.Store
	Kept      *autosave.Draft
	KeptEntry *library.Entry
	Library   *library.Library

	// Started, when set, is called once, after the first frame, when the
	// work the first frame did not need starts (the history pane, the
	// sandbox).
	Started func()

	// startAtOnce starts the history pane and the sandbox in Init instead of
	// after the first frame (tests that run Init's commands directly).
	startAtOnce bool
}

// firstFrameDelay is how long after start the history pane loads and the
// in-process sandbox starts: the first frame needs neither, and drawing it
// first keeps the start as quick as a bare Bubble Tea program's.
const firstFrameDelay = 60 * time.Millisecond

// startDeferredMsg starts what the first frame did not need.
type startDeferredMsg struct{}

// Model is the root Bubble Tea model.
type Model struct {
	opts   Options
	styles *Styles
	keys   KeyMap
	help   *help.Model
	isDark bool

	width, height int
	lay           layout
	focus         focus

	picker   *picker
	form     *formpane.Model
	hasDraft bool
	dirty    bool // the draft's content differs from the one opened, saved or sent (neverlose.go)
	preview  *preview

	// dv is derived from the draft on every change and every tick: the one
	// value the form, the status line and the preview read. nil without a draft.
	dv     *draft.Derived
	locale string           // preview locale
	sample *schemas.Request // sample event of the highlighted schema (no draft yet)

	status      statusMsg
	statusUntil time.Time
	loadErr     string // why the last file or editor text could not be opened
	pending     []byte // the user's text that failed to open, kept for the editor

	stack []dialogs.Dialog // the open dialogs, top last (dialogs.go)

	nl neverLose // autosave, undo, the library event, the unsaved-changes question (neverlose.go)

	// Sending, targets and profiles (sending.go, profiles.go).
	target   alexa.Target  // the chosen target; a sandbox target has no base URL here
	profile  string        // the active profile ("" = none)
	sender   *send.Sender  // opts.Sender
	session  *send.Session // the run's send session (sending.go); nil without a Sender
	sandbox  *sandbox.Server
	sbStart  bool   // the sandbox start command runs
	sbErr    string // why the sandbox could not start
	queued   *sendJob
	cancel   func() // cancels the running send
	sendSeq  int    // numbers sends, so a stale answer is ignored
	response *response.Model
	history  *historypane.Model
	right    focus // the pane shown beside the form: focusPreview or focusResponse
	back     focus // where esc in the history pane returns to

	speech speechState  // F6: hearing the preview (speech.go)
	mark   int64        // the history record marked for compare, 0 for none (compare.go)
	usr    *usersDialog // the users screen, kept while the program runs (users.go)
}

// New returns the root model. When opts.FileData is set the event is opened
// in the composer; when it cannot be, the picker opens with the error shown
// and the text kept.
func New(opts Options) Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NewDraft == nil {
		opts.NewDraft = draft.NewDraft
	}
	// The panes are kept by pointer (a small root model is cheap to copy on
	// every message); the form and history are empty until there is a draft
	// and a history, as their zero values were when kept by value.
	m := Model{opts: opts, keys: DefaultKeyMap(), help: new(help.New()), isDark: true, form: new(formpane.Model), history: new(historypane.Model)}
	m.styles = m.buildStyles()
	m.help.Styles = m.styles.Help
	m.picker = new(newPicker(m.styles))
	m.preview = new(newPreview(m.styles))
	m.initSending()
	if opts.Warning != "" {
		m.setStatus(statusMsg{kind: statusErr, text: opts.Warning, ttl: 30 * time.Second})
	}
	m.focus = focusPicker
	m.picker.Focus()
	if opts.FileData != nil {
		m.loadJSON(opts.FileData, opts.FileName) // recomputes
	} else {
		m.recompute()
	}
	m.initNeverLose()
	m.syncKeys()
	return m
}

func (m *Model) buildStyles() *Styles {
	if m.opts.NoColor {
		return PlainStyles()
	}
	return NewStyles(m.isDark)
}

func (m Model) now() time.Time { return m.opts.Now() }

// tick schedules the next expiry tick in one second.
func tick() tea.Cmd {
	return tea.Tick(time.Second, func(t time.Time) tea.Msg { return tickMsg{at: t} })
}

// Init asks for the terminal background and starts the expiry ticker.
func (m Model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor, tick()}
	if m.hasDraft {
		cmds = append(cmds, m.form.Focus())
	}
	if m.opts.startAtOnce {
		return tea.Batch(append(cmds, m.startDeferred())...)
	}
	cmds = append(cmds, tea.Tick(firstFrameDelay, func(time.Time) tea.Msg { return startDeferredMsg{} }))
	return tea.Batch(cmds...)
}

// startDeferred loads the history pane and, when the sandbox is the target,
// starts it (so that the first send is instant).
func (m Model) startDeferred() tea.Cmd {
	if m.opts.Started != nil {
		m.opts.Started()
	}
	var cmds []tea.Cmd
	if m.opts.History != nil {
		cmds = append(cmds, m.history.Init())
	}
	if opened := m.opts.HistoryOpened; opened != nil {
		cmds = append(cmds, func() tea.Msg { return historyOpenedStatus(opened()) })
	}
	if m.sbStart {
		cmds = append(cmds, startSandboxCmd(m.session))
	}
	if m.opts.ConfigDir != "" {
		cmds = append(cmds, loadUsersCmd(m.opts.ConfigDir, m.profile, ""))
	}
	return tea.Batch(cmds...)
}

// historyOpenedStatus is the status line's words on the history's opening:
// its error, its notes, or nothing.
func historyOpenedStatus(note string, err error) tea.Msg {
	switch {
	case err != nil:
		return statusMsg{kind: statusErr, text: err.Error(), ttl: 30 * time.Second}
	case note != "":
		return statusMsg{kind: statusOK, text: note, ttl: 15 * time.Second}
	}
	return nil
}

// Update routes a message: keys by focus (update_keys.go), everything else
// to its owner or to every child.
func (m Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return m.handleKey(msg)
	case tea.PasteMsg:
		return m.handlePaste(msg)
	case tea.MouseMsg:
		return m.handleMouse(msg)
	case paletteRunMsg:
		return m.runPalette(msg)
	case tea.WindowSizeMsg:
		if msg.Width == m.width && msg.Height == m.height {
			return m, nil // the size the layout has (Bubble Tea's first size message repeats tuiSized's)
		}
		m.width, m.height = msg.Width, msg.Height
		m.relayout()
		return m, nil
	case tea.BackgroundColorMsg:
		if msg.IsDark() == m.isDark {
			return m, nil // the styles are for this background already
		}
		m.isDark = msg.IsDark()
		m.setStyles(m.buildStyles())
		return m, nil
	case tickMsg:
		m.checkKeeper() // a failed background write of the kept draft (neverlose.go)
		now := m.now()
		if m.status.text != "" && !now.Before(m.statusUntil) {
			m.status = statusMsg{}
		}
		m.recompute()
		return m, tea.Batch(tick(), m.speechTick())
	case pickedMsg:
		return m.pick(msg.schema)
	case statusMsg:
		m.setStatus(msg)
		return m, nil
	case startDeferredMsg:
		return m, m.startDeferred()
	case editorReadyMsg, editorClosedMsg, editorResultMsg:
		return m.updateEditor(msg)
	case saveResultMsg:
		return m.updateSaved(msg)
	case copiedMsg:
		m.updateCopied(msg)
		return m, nil
	}
	if nm, cmd, ok := m.updateSpeech(msg); ok {
		return nm, cmd
	}
	if nm, cmd, ok := m.updateU3Msg(msg); ok {
		return nm, cmd
	}
	if nm, cmd, ok := m.updateSending(msg); ok {
		return nm, cmd
	}
	if nm, cmd, ok := m.updateLibrary(msg); ok {
		return nm, cmd
	}
	if msg, ok := msg.(unsavedChosenMsg); ok {
		return m.updateUnsaved(msg)
	}
	if nm, cmd, ok := m.updateUsers(msg); ok {
		return nm, cmd
	}
	if nm, cmd, ok := m.updateGroup(msg); ok {
		return nm, cmd
	}
	if msg, ok := msg.(doctorDoneMsg); ok {
		return m, m.updateDialogs(msg)
	}
	if nm, cmd, ok := m.updateDialogMsg(msg); ok {
		return nm, cmd
	}
	// Anything else (cursor blinks and the like) goes to every child that may own it.
	var cmds []tea.Cmd
	var cmd tea.Cmd
	if m.hasDraft {
		cmds = append(cmds, m.updateForm(msg))
	}
	*m.picker, cmd = m.picker.Update(msg, &m.keys)
	cmds = append(cmds, cmd)
	*m.response, cmd = m.response.Update(msg)
	cmds = append(cmds, cmd)
	if m.opts.History != nil {
		*m.history, cmd = m.history.Update(msg)
		cmds = append(cmds, cmd)
	}
	cmds = append(cmds, m.updateDialogs(msg))
	return m, tea.Batch(cmds...)
}

// updateForm gives msg to the form; when the draft changed, everything
// derived from it is derived again before the next frame.
func (m *Model) updateForm(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	before := m.form.FocusedPath()
	*m.form, cmd = m.form.Update(msg)
	if p := m.form.FocusedPath(); p != before && p != "" {
		m.preview.ShowPath(p) // the JSON follows the field being edited
	}
	if m.form.Changed() {
		m.draftChanged(msg)
	}
	return cmd
}

// setStatus shows a transient message in the status line.
func (m *Model) setStatus(s statusMsg) {
	if s.ttl == 0 {
		s.ttl = defaultStatusTTL
	}
	m.status = s
	m.statusUntil = m.now().Add(s.ttl)
}

// setStyles replaces the styles everywhere (background change).
func (m *Model) setStyles(s *Styles) {
	m.styles = s
	m.help.Styles = s.Help
	m.picker.setStyles(s)
	m.preview.setStyles(s)
	if m.hasDraft {
		m.form.SetStyles(s.Form)
	}
	m.response.SetStyles(s.Response)
	if m.opts.History != nil {
		m.history.SetStyles(s.History)
	}
	for _, d := range m.stack {
		d.SetStyles(s.Dialogs)
	}
}

// pick handles a choice in the picker: the schema of the open draft goes
// back to that draft; another schema replaces the draft, after asking when
// the draft has changes.
func (m Model) pick(s *schemas.Schema) (tea.Model, tea.Cmd) {
	if s == nil {
		return m, nil
	}
	if m.hasDraft && m.form.Draft().Schema == s {
		return m, m.setFocus(focusForm)
	}
	return m.askBefore(pendingAction{schema: s})
}

// openSchema starts a new draft of the schema with sample values and focuses the form.
func (m Model) openSchema(s *schemas.Schema) (tea.Model, tea.Cmd) {
	if s == nil {
		return m, nil
	}
	now := m.now()
	cmd := m.setDraft(m.opts.NewDraft(s, now))
	m.loadErr, m.pending = "", nil
	return m, cmd
}

// setDraft makes d the draft in the form pane and focuses the form.
func (m *Model) setDraft(d *draft.Draft) tea.Cmd {
	now := m.now()
	m.form = new(formpane.New(d, m.styles.Form, now))
	if us := m.userOptions(); len(us) > 0 {
		m.form.SetUserOptions(us)
	}
	m.hasDraft = true
	m.locale = ""
	m.recompute()
	m.draftOpened()
	m.picker.SetCurrent(m.dv.Request.EventName())
	return m.setFocus(focusForm)
}

// setFocus moves the focus to pane f, blurring the previous one.
func (m *Model) setFocus(f focus) tea.Cmd {
	if !m.hasDraft && (f == focusForm || f == focusPreview) {
		f = focusPicker
	}
	if f == focusHistory && m.opts.History == nil {
		f = focusPicker
	}
	switch m.focus {
	case focusPicker:
		m.picker.Blur()
	case focusForm:
		m.form.Blur()
	case focusPreview:
		m.preview.Blur()
	case focusResponse:
		m.response.Blur()
	case focusHistory:
		m.history.Blur()
	}
	if f == focusHistory && m.focus != focusHistory {
		m.back = m.focus
	}
	if f == focusPreview || f == focusResponse {
		m.right = f
	}
	m.focus = f
	var cmd tea.Cmd
	switch f {
	case focusPicker:
		if m.hasDraft {
			// Start from the open draft's schema.
			m.picker.SetCurrent(m.form.Draft().Schema.Name)
		}
		cmd = m.picker.Focus()
	case focusForm:
		cmd = m.form.Focus()
	case focusPreview:
		cmd = m.preview.Focus()
	case focusResponse:
		cmd = m.response.Focus()
	case focusHistory:
		cmd = m.history.Focus()
	}
	m.relayout()
	m.syncKeys()
	return cmd
}

// relayout recomputes the layout and gives every pane its size.
func (m *Model) relayout() {
	stack := m.response.State() != response.StateEmpty || m.focus == focusResponse
	m.lay = computeLayout(m.width, m.height, m.focus, m.right, m.hasDraft, stack)
	m.help.SetWidth(max(m.width-1, 0))
	if m.lay.tooSmall {
		return
	}
	m.picker.SetSize(m.lay.paneSize(focusPicker))
	if m.hasDraft {
		m.form.SetSize(m.lay.paneSize(focusForm))
	}
	m.preview.SetSize(m.lay.paneSize(focusPreview))
	m.response.SetSize(m.lay.paneSize(focusResponse))
	if m.opts.History != nil {
		m.history.SetSize(m.lay.paneSize(focusHistory))
	}
	for _, d := range m.stack {
		d.SetSize(m.width, m.height)
	}
}

// recompute derives everything shown about the draft (draft.Derive, with
// the target's strictness from send.ValidationFor) and hands it to the form
// and the preview. It is pure computation, so it runs on every change and
// every tick without a debounce.
func (m *Model) recompute() {
	now := m.now()
	if !m.hasDraft {
		m.dv = nil
		m.previewSample(now)
		return
	}
	dv := draft.DeriveExpanded(m.form.Draft(), now, send.ValidationFor(m.opts.Validate, m.target), m.previewExpander(now))
	m.dv = &dv
	m.form.SetDerived(m.dv)
	m.updatePreview()
}

// previewSample shows the sample event of the highlighted schema while no
// draft is open, or the reason the last file could not be opened.
func (m *Model) previewSample(now time.Time) {
	if m.loadErr != "" {
		m.preview.SetContent(labelNotOpened, schemas.Utterance{}, m.loadErr+"\n\n"+
			"ctrl+o opens your text in the editor to fix it; or choose a schema to start anew.", "", 0, string(m.pending))
		return
	}
	s := m.picker.Selected()
	if s == nil {
		m.preview.SetContent(labelSample, schemas.Utterance{}, "No schema matches the filter.", "", 0, "")
		return
	}
	// The sample is made once per schema, so that its reference id and
	// times stay put while the user looks at it.
	if m.sample == nil || m.sample.Schema() != s {
		m.sample, _ = m.opts.NewDraft(s, now).Request(now)
	}
	m.showRequest(labelSample, m.sample, draft.RequestLocales(m.sample))
}

// updatePreview shows the derived request of the draft in the preview.
func (m *Model) updatePreview() {
	m.showRequest(labelSays, m.dv.Request, m.dv.Locales)
}

// showRequest renders the sentence for the preview locale and the JSON body of req.
func (m *Model) showRequest(label string, req *schemas.Request, locales []string) {
	if !contains(locales, m.locale) {
		m.locale = schemas.DefaultLocale(req)
	}
	u, err := schemas.Render(req, m.locale, m.opts.Render)
	problem := ""
	if err != nil {
		problem = err.Error()
	}
	m.preview.SetContent(label, u, problem, m.locale, len(locales), string(req.Encode()))
	m.speechNotes(u, req)
}

// cycleLocale moves the preview to the next locale of the draft.
func (m *Model) cycleLocale() {
	if m.dv == nil || len(m.dv.Locales) < 2 {
		return
	}
	ls := m.dv.Locales
	m.locale = ls[(indexOf(ls, m.locale)+1)%len(ls)]
	m.updatePreview()
}

func contains(list []string, s string) bool { return indexOf(list, s) >= 0 }

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// paneFrame draws pane p in a frame of outer size w×h.
func (m Model) paneFrame(p focus, w, h int) string {
	iw, ih := max(w-2-2*m.lay.pad, 1), max(h-2, 1)
	var title, content string
	switch p {
	case focusPicker:
		title, content = "Schemas", m.picker.View()
	case focusForm:
		title, content = "Form", kit.FitBlock(strings.Split(m.form.View(), "\n"), iw, ih)
		if s := m.form.Draft().Schema; s != nil {
			title = "Form · " + s.Short
		}
	case focusPreview:
		title, content = "Preview", m.preview.View()
	case focusResponse:
		title, content = "Response", kit.FitBlock(strings.Split(m.response.View(), "\n"), iw, ih)
	case focusHistory:
		title, content = "History", kit.FitBlock(strings.Split(m.history.View(), "\n"), iw, ih)
	}
	return kit.PaneFrame(&m.styles.Frame, title, content, w, h, m.lay.pad, m.focus == p && len(m.stack) == 0)
}

// View draws the whole screen in the alternate screen.
func (m Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion // clicks and the wheel (mouse.go)
	v.WindowTitle = "pe-tui"
	return v
}

// render draws the screen content: header, panes, status line, key hints,
// and the open dialog on top. Every line fits the width and the line count
// never exceeds the height.
func (m Model) render() string {
	w, h := m.width, m.height
	if w <= 0 || h <= 0 {
		return ""
	}
	if m.lay.tooSmall {
		return fitScreen("pe-tui: window too small", w, h)
	}
	var b strings.Builder
	b.WriteString(m.headerView())
	b.WriteByte('\n')
	var cols []string
	for _, c := range m.lay.cols {
		top, bottom := m.lay.heights(c)
		col := m.paneFrame(c.pane, c.w, top)
		if bottom > 0 {
			col += "\n" + m.paneFrame(c.below, c.w, bottom)
		}
		cols = append(cols, col)
	}
	b.WriteString(joinColumns(cols))
	b.WriteByte('\n')
	b.WriteString(m.statusView())
	if m.lay.helpRows > 0 {
		b.WriteByte('\n')
		b.WriteString(m.helpView())
	}
	out := b.String()
	if d := m.top(); d != nil {
		out = kit.Overlay(out, d.View(), w, h)
	}
	return fitScreen(out, w, h)
}
