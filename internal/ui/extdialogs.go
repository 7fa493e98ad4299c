package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// This file hosts the dialogs of internal/ui/dialogs (send anyway, the typed
// live confirmation, the target picker, the profile picker with its nested
// credential dialog) and the list of sandbox notifications. They share the
// root's one dialog slot: while open they take every key but ctrl+c, and
// every non-key message after the root's own handling.

// Dialog kinds of internal/ui/dialogs and the sandbox list.
const (
	dialogConfirm  dialogKind = iota + 100 // dialogs.Confirm ("send anyway?")
	dialogTyped                            // dialogs.TypedConfirm (live send)
	dialogTarget                           // dialogs.TargetPicker
	dialogProfiles                         // dialogs.ProfilePicker (and its credential dialog)
	dialogHeard                            // what each sandbox user heard
)

// isExt reports whether the dialog is one of internal/ui/dialogs.
func (d dialog) isExt() bool {
	switch d.kind {
	case dialogConfirm, dialogTyped, dialogTarget, dialogProfiles:
		return true
	}
	return false
}

// newHeardDialog lists the sandbox's delivered notifications, newest last.
func newHeardDialog(ns []sandbox.Notification, url string) dialog {
	return dialog{kind: dialogHeard, heard: ns, path: url}
}

// openExt opens d in the dialog slot, sized and styled, and focuses it.
func (m *Model) openExt(d dialog) tea.Cmd {
	m.dialog = d
	m.dialog.setWidth(m.width)
	m.dialog.setSize(m.width, m.height)
	m.dialog.setStyles(m.styles)
	m.syncKeys()
	return m.dialog.focus()
}

// setSize gives the dialogs of internal/ui/dialogs the terminal size.
func (d *dialog) setSize(w, h int) {
	d.height = h
	switch d.kind {
	case dialogConfirm:
		d.confirm.SetSize(w, h)
	case dialogTyped:
		d.typed.SetSize(w, h)
	case dialogTarget:
		d.targets.SetSize(w, h)
	case dialogProfiles:
		d.profiles.SetSize(w, h)
	}
}

// setExtStyles styles the dialogs of internal/ui/dialogs.
func (d *dialog) setExtStyles(st *Styles) {
	switch d.kind {
	case dialogConfirm:
		d.confirm.SetStyles(st.Dialogs)
	case dialogTyped:
		d.typed.SetStyles(st.Dialogs)
	case dialogTarget:
		d.targets.SetStyles(st.Dialogs)
	case dialogProfiles:
		d.profiles.SetStyles(st.Dialogs)
	}
}

// focusExt focuses the text input of a dialog of internal/ui/dialogs.
func (d *dialog) focusExt() tea.Cmd {
	switch d.kind {
	case dialogTyped:
		return d.typed.Focus()
	case dialogTarget:
		return d.targets.Focus()
	case dialogProfiles:
		return tea.Batch(d.profiles.Init(), d.profiles.Focus())
	}
	return nil
}

// updateExt passes a message (a key or anything else) to the open dialog of
// internal/ui/dialogs.
func (d dialog) updateExt(msg tea.Msg) (dialog, tea.Cmd) {
	var cmd tea.Cmd
	switch d.kind {
	case dialogConfirm:
		d.confirm, cmd = d.confirm.Update(msg)
	case dialogTyped:
		d.typed, cmd = d.typed.Update(msg)
	case dialogTarget:
		d.targets, cmd = d.targets.Update(msg)
	case dialogProfiles:
		d.profiles, cmd = d.profiles.Update(msg)
	}
	return d, cmd
}

// viewExt draws a dialog of internal/ui/dialogs (they draw their own box).
func (d dialog) viewExt() string {
	switch d.kind {
	case dialogConfirm:
		return d.confirm.View()
	case dialogTyped:
		return d.typed.View()
	case dialogTarget:
		return d.targets.View()
	case dialogProfiles:
		return d.profiles.View()
	}
	return ""
}

// extShortHelp lists the open dialog's keys for the help line.
func (d dialog) extShortHelp(k KeyMap) []key.Binding {
	var out []key.Binding
	switch d.kind {
	case dialogConfirm:
		out = d.confirm.KeyMap.ShortHelp()
	case dialogTyped:
		out = d.typed.KeyMap.ShortHelp()
	case dialogTarget:
		out = d.targets.KeyMap.ShortHelp()
	case dialogProfiles:
		out = d.profiles.HelpKeys()
	case dialogHeard:
		out = []key.Binding{withHelp(k.ScrollDown, "↑/↓", "scroll"), withHelp(k.Cancel, "esc", "close")}
	}
	return append(out, k.ForceQuit)
}

// heardView draws the list of sandbox notifications.
func (d dialog) heardView(m Model, iw int) (string, []string) {
	st := m.styles
	title := fmt.Sprintf("Sandbox: %d notification", len(d.heard))
	if len(d.heard) != 1 {
		title += "s"
	}
	var body []string
	if len(d.heard) == 0 {
		body = append(body, wrapLines("Nothing delivered yet. Send an event to the sandbox (ctrl+s with target sandbox) and what each test user would hear shows here.", iw)...)
	}
	for i := len(d.heard) - 1; i >= 0; i-- {
		n := d.heard[i]
		head := fmt.Sprintf("%s · %s · %s", n.Created.UTC().Format("15:04:05"), n.UserID, n.Locale)
		body = append(body, st.Muted.Render(ansi.Truncate(head, iw, "…")))
		for _, l := range wrapLines("“"+n.Text+"”", iw) {
			body = append(body, st.Sentence.Render(l))
		}
		body = append(body, st.Muted.Render(ansi.Truncate(n.EventName+" · "+n.ReferenceID, iw, "…")), "")
	}
	room := max(d.height-8, 1)
	if d.scroll > max(len(body)-room, 0) {
		d.scroll = max(len(body)-room, 0)
	}
	if len(body) > room {
		end := min(d.scroll+room, len(body))
		body = append(body[d.scroll:end:end], st.Muted.Render(fmt.Sprintf("↑/↓ scroll · %d–%d of %d lines", d.scroll+1, end, len(body))))
	}
	if d.path != "" {
		body = append(body, st.Muted.Render(ansi.Truncate("sandbox at "+d.path+" · esc closes", iw, "…")))
	}
	return title, body
}

// updateHeard handles a key in the sandbox list.
func (m Model) updateHeard(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	switch {
	case key.Matches(k, m.keys.Cancel, m.keys.Confirm, m.keys.Quit, m.keys.Heard):
		m.dialog = dialog{}
		m.syncKeys()
	case key.Matches(k, m.keys.ScrollDown):
		m.dialog.scroll++
	case key.Matches(k, m.keys.ScrollUp):
		m.dialog.scroll = max(m.dialog.scroll-1, 0)
	}
	return m, nil
}

// updateExtDialogMsg handles the answers of the dialogs of internal/ui/dialogs;
// ok is false for any other message.
func (m Model) updateExtDialogMsg(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	closeDialog := func() { m.dialog = dialog{}; m.syncKeys() }
	switch msg := msg.(type) {
	case dialogs.ConfirmedMsg:
		closeDialog()
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
	case dialogs.CloseMsg:
		closeDialog()
		m.queued = nil
		return m, nil, true
	case dialogs.TargetChosenMsg:
		closeDialog()
		nm, cmd := m.setTarget(msg.Target)
		return nm, cmd, true
	case dialogs.ProfileChosenMsg:
		closeDialog()
		nm, cmd := m.useProfile(msg.Profile, true)
		return nm, cmd, true
	case dialogs.ProfileSavedMsg:
		var cmd tea.Cmd
		if m.profile == "" || m.profile == msg.Profile.Name {
			var c2 tea.Cmd
			m, c2 = m.useProfile(msg.Profile, m.profile == "")
			cmd = c2
		}
		var dc tea.Cmd
		if m.dialog.kind == dialogProfiles {
			m.dialog, dc = m.dialog.updateExt(msg)
		}
		return m, tea.Batch(cmd, dc), true
	case dialogs.ProfileRemovedMsg:
		if m.profile == msg.Name {
			m.profile = ""
			m.setUsers(nil)
		}
		m.setStatus(statusMsg{kind: statusInfo, text: strings.TrimSpace("Removed profile " + msg.Name + ". " + msg.Note)})
		var dc tea.Cmd
		if m.dialog.kind == dialogProfiles {
			m.dialog, dc = m.dialog.updateExt(msg)
		}
		return m, dc, true
	}
	return m, nil, false
}
