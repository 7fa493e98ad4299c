package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// The root keeps open dialogs on a stack (m.stack): the top one takes every
// key but ctrl+c, every dialog gets the non-key messages after the root's
// own handling, and only the top one is drawn, over the screen. Every
// dialog is opened with open and closed with closeTop; each answers with a
// message (dialogs.CloseMsg and the messages below) that the root acts on.

// open pushes d, sized and styled, and focuses it.
func (m *Model) open(d dialogs.Dialog) tea.Cmd {
	d.SetSize(m.width, m.height)
	d.SetStyles(m.styles.Dialogs)
	m.stack = append(m.stack[:len(m.stack):len(m.stack)], d)
	m.syncKeys()
	cmd := d.Focus()
	if i, ok := d.(dialogs.Initer); ok {
		cmd = tea.Batch(i.Init(), cmd)
	}
	return cmd
}

// closeTop pops the top dialog and focuses the one below, if any.
func (m *Model) closeTop() tea.Cmd {
	if len(m.stack) == 0 {
		return nil
	}
	m.stack = m.stack[: len(m.stack)-1 : len(m.stack)-1]
	m.syncKeys()
	if d := m.top(); d != nil {
		return d.Focus()
	}
	return nil
}

// top returns the top dialog, or nil.
func (m Model) top() dialogs.Dialog {
	if len(m.stack) == 0 {
		return nil
	}
	return m.stack[len(m.stack)-1]
}

// updateDialogs gives a non-key message to every open dialog.
func (m Model) updateDialogs(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, d := range m.stack {
		cmds = append(cmds, d.Handle(msg))
	}
	return tea.Batch(cmds...)
}

// Answers of the root's own dialogs.
type (
	saveChosenMsg      struct{ path string }
	overwriteChosenMsg struct {
		path string
		yes  bool
	}
	badJSONChosenMsg struct{ edit bool }
)

// updateDialogMsg handles the answers of the dialogs; ok is false for any other message.
func (m Model) updateDialogMsg(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case dialogs.OpenMsg:
		return m, m.open(msg.Dialog), true
	case dialogs.CloseMsg:
		cmd := m.closeTop()
		if len(m.stack) == 0 {
			m.queued = nil
		}
		return m, cmd, true
	case saveChosenMsg:
		m.closeTop()
		return m, saveCmd(msg.path, m.bodyBytes(), false), true
	case overwriteChosenMsg:
		m.closeTop()
		if msg.yes {
			return m, saveCmd(msg.path, m.bodyBytes(), true), true
		}
		m.setStatus(statusMsg{kind: statusInfo, text: "Not saved: " + msg.path + " is unchanged"})
		return m, nil, true
	case badJSONChosenMsg:
		m.closeTop()
		if msg.edit {
			return m, editorWriteCmd(m.opts.TempDir, m.pending), true
		}
		m.pending, m.loadErr = nil, ""
		m.recompute()
		m.syncKeys()
		m.setStatus(statusMsg{kind: statusInfo, text: "Discarded the edited text"})
		return m, nil, true
	case dialogs.ConfirmedMsg:
		if strings.HasPrefix(msg.ID, idSwitchTarget) {
			nm, cmd := m.targetOffered(msg)
			return nm, cmd, true
		}
		m.closeTop()
		j := m.queued
		m.queued = nil
		if j == nil {
			return m, nil, true
		}
		if !msg.Yes {
			text := "Not sent"
			if msg.ID == dialogs.IDLiveSend {
				text = "Not sent: the live send was not confirmed"
			}
			m.setStatus(statusMsg{kind: statusInfo, text: text})
			return m, nil, true
		}
		switch msg.ID {
		case dialogs.IDSendAnyway:
			j.checked, j.force = true, true
		case dialogs.IDLiveSend:
			j.live = true
		}
		nm, cmd := m.proceed(j)
		return nm, cmd, true
	case dialogs.TargetChosenMsg:
		m.closeTop()
		nm, cmd := m.setTarget(msg.Target)
		return nm, cmd, true
	case dialogs.ProfileChosenMsg:
		m.closeTop()
		nm, cmd := m.useProfile(msg.Profile, true)
		return nm, cmd, true
	case dialogs.ProfileSavedMsg:
		var cmd tea.Cmd
		if m.profile == "" || m.profile == msg.Profile.Name {
			m, cmd = m.useProfile(msg.Profile, m.profile == "")
		}
		// The credential dialog shows it saved; the picker below reloads.
		return m, tea.Batch(cmd, m.updateDialogs(msg)), true
	case dialogs.ProfileRemovedMsg:
		if m.profile == msg.Name {
			m.profile = ""
			m.setUsers(nil)
		}
		m.setStatus(statusMsg{kind: statusInfo, text: msg.Text})
		return m, m.updateDialogs(msg), true
	}
	return m, nil, false
}

// rootDialog is what the root's own dialogs share: size, styles and the
// root's key bindings.
type rootDialog struct {
	keys          KeyMap
	styles        dialogs.Styles
	width, height int
}

func (d *rootDialog) SetSize(w, h int)           { d.width, d.height = w, h }
func (d *rootDialog) SetStyles(s dialogs.Styles) { d.styles = s }
func (d *rootDialog) Focus() tea.Cmd             { return nil }

// boxWidth is the outer width of the root's dialogs.
func (d *rootDialog) boxWidth() int { return dialogs.BoxWidth(d.width, 72) }

// frame draws a root dialog with the one dialog frame.
func (d *rootDialog) frame(title string, body []string, hint string) string {
	return dialogs.Frame(d.styles, d.boxWidth(), d.height, title, body, nil, hint)
}

// wrap wraps text to the inner width, each line in style.
func (d *rootDialog) wrap(text string, style lipgloss.Style) []string {
	var out []string
	for _, l := range kit.Wrap(text, dialogs.InnerWidth(d.styles, d.boxWidth())) {
		out = append(out, style.Render(l))
	}
	return out
}

func answer(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

func closeCmd() tea.Msg { return dialogs.CloseMsg{} }

// saveDialog asks for the path to save the JSON body to.
// pathDialog is a root dialog with one text input for a file path, as
// wide as its box.
type pathDialog struct {
	rootDialog
	input textinput.Model
}

// newPathDialog is a path dialog whose input holds value, cursor at its end.
func newPathDialog(keys KeyMap, prompt, value string) pathDialog {
	in := textinput.New()
	in.Prompt = prompt
	in.CharLimit = 4096
	in.SetValue(value)
	in.CursorEnd()
	return pathDialog{rootDialog: rootDialog{keys: keys}, input: in}
}

func (d *pathDialog) SetSize(w, h int) {
	d.rootDialog.SetSize(w, h)
	// The text input draws one cell more than its width (the cursor).
	d.input.SetWidth(max(dialogs.InnerWidth(d.styles, d.boxWidth())-1-len(d.input.Prompt), 4))
}

func (d *pathDialog) SetStyles(s dialogs.Styles) {
	d.rootDialog.SetStyles(s)
	d.input.SetStyles(s.Input)
	d.SetSize(d.width, d.height)
}

func (d *pathDialog) Focus() tea.Cmd { return d.input.Focus() }

type saveDialog struct{ pathDialog }

func newSaveDialog(keys KeyMap, suggestion string) *saveDialog {
	return &saveDialog{newPathDialog(keys, "path: ", suggestion)}
}

func (d *saveDialog) Handle(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.Cancel):
			return closeCmd
		case key.Matches(k, d.keys.Confirm):
			if path := strings.TrimSpace(d.input.Value()); path != "" {
				return answer(saveChosenMsg{path: path})
			}
			return nil
		}
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return cmd
}

func (d *saveDialog) HelpKeys() []key.Binding {
	return []key.Binding{withHelp(d.keys.Confirm, "enter", "save"), d.keys.Cancel, d.keys.ForceQuit}
}

func (d *saveDialog) View() string {
	body := append([]string{d.input.View(), ""},
		d.wrap("enter saves · esc cancels · an existing file is never overwritten without asking", d.styles.Muted)...)
	return d.frame("Save the JSON body", body, "")
}

// questionDialog is a yes/no question of the root: y (or enter) and n (or
// esc) answer with yes(true) or yes(false).
type questionDialog struct {
	rootDialog
	title, text string
	hint        string
	help        []key.Binding
	yes         func(bool) tea.Msg
}

func (d *questionDialog) Handle(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch k.String() {
	case "y", "Y", "enter":
		return answer(d.yes(true))
	case "n", "N", "esc":
		return answer(d.yes(false))
	}
	return nil
}

func (d *questionDialog) HelpKeys() []key.Binding { return append(d.help, d.keys.ForceQuit) }

func (d *questionDialog) View() string {
	return d.frame(d.title, d.wrap(d.text, d.styles.Text), d.hint)
}

func newOverwriteDialog(keys KeyMap, path string) *questionDialog {
	return &questionDialog{rootDialog: rootDialog{keys: keys}, title: "File exists",
		text: path + " already exists. Overwrite it?", hint: "y overwrites · n or esc keeps the file",
		help: []key.Binding{withHelp(keys.Confirm, "y", "overwrite"), withHelp(keys.Cancel, "n/esc", "keep the file")},
		yes:  func(y bool) tea.Msg { return overwriteChosenMsg{path: path, yes: y} }}
}

// badJSONDialog says why edited JSON could not be opened: enter edits it
// again, esc discards the text.
type badJSONDialog struct {
	rootDialog
	message string
}

func newBadJSONDialog(keys KeyMap, message string) *badJSONDialog {
	return &badJSONDialog{rootDialog: rootDialog{keys: keys}, message: message}
}

func (d *badJSONDialog) Handle(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.Confirm):
			return answer(badJSONChosenMsg{edit: true})
		case key.Matches(k, d.keys.Cancel):
			return answer(badJSONChosenMsg{edit: false})
		}
	}
	return nil
}

func (d *badJSONDialog) HelpKeys() []key.Binding {
	return []key.Binding{withHelp(d.keys.Confirm, "enter", "edit again"), withHelp(d.keys.Cancel, "esc", "discard the text"), d.keys.ForceQuit}
}

func (d *badJSONDialog) View() string {
	body := append(d.wrap(d.message, d.styles.Err), "")
	body = append(body, d.wrap("Your text is kept. Press enter to edit it again in the editor, or esc to discard it and keep the form as it was.", d.styles.Text)...)
	return d.frame("The JSON could not be opened", body, "")
}

// heardDialog lists what each sandbox user heard, newest first.
type heardDialog struct {
	rootDialog
	heard  []sandbox.Notification
	url    string
	scroll int
}

func newHeardDialog(keys KeyMap, ns []sandbox.Notification, url string) *heardDialog {
	return &heardDialog{rootDialog: rootDialog{keys: scrollable(keys)}, heard: ns, url: url}
}

// scrollable is keys with the scroll bindings on: the root enables them
// only while the preview has focus, and a dialog that scrolls has its own
// copy of the key map.
func scrollable(keys KeyMap) KeyMap {
	keys.ScrollDown.SetEnabled(true)
	keys.ScrollUp.SetEnabled(true)
	return keys
}

func (d *heardDialog) Handle(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, d.keys.Cancel, d.keys.Confirm, d.keys.Quit, d.keys.Heard):
		return closeCmd
	case key.Matches(k, d.keys.ScrollDown):
		d.scroll++
	case key.Matches(k, d.keys.ScrollUp):
		d.scroll = max(d.scroll-1, 0)
	}
	return nil
}

func (d *heardDialog) HelpKeys() []key.Binding {
	return []key.Binding{withHelp(d.keys.ScrollDown, "↑/↓", "scroll"), withHelp(d.keys.Cancel, "esc", "close"), d.keys.ForceQuit}
}

func (d *heardDialog) View() string {
	st := d.styles
	iw := dialogs.InnerWidth(st, d.boxWidth())
	title := fmt.Sprintf("Sandbox: %d notification", len(d.heard))
	if len(d.heard) != 1 {
		title += "s"
	}
	var body []string
	if len(d.heard) == 0 {
		body = append(body, d.wrap("Nothing delivered yet. Send an event to the sandbox (ctrl+s with target sandbox) and what each test user would hear shows here.", st.Text)...)
	}
	for i := len(d.heard) - 1; i >= 0; i-- {
		n := d.heard[i]
		head := fmt.Sprintf("%s · %s · %s", n.Created.UTC().Format("15:04:05"), n.UserID, n.Locale)
		body = append(body, st.Muted.Render(ansi.Truncate(head, iw, "…")))
		body = append(body, d.wrap("“"+n.Text+"”", st.Text.Bold(true))...)
		body = append(body, st.Muted.Render(ansi.Truncate(n.EventName+" · "+n.ReferenceID, iw, "…")), "")
	}
	body = d.scrolled(body, &d.scroll, d.height-8)
	hint := "esc closes"
	if d.url != "" {
		hint = "sandbox at " + d.url + " · esc closes"
	}
	return d.frame(title, body, hint)
}
