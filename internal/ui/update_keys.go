package ui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// textFocused reports whether a text input has focus and so captures
// printable keys (q, ?, letters): a form field being edited or the picker's filter.
func (m Model) textFocused() bool {
	switch m.focus {
	case focusForm:
		return m.hasDraft && m.form.Editing()
	case focusPicker:
		return m.picker.Filtering()
	case focusHistory:
		return m.opts.History != nil && m.history.Editing()
	}
	return false
}

// handleKey routes a key press: ctrl+c quits from anywhere; an open dialog
// takes everything else; a focused text input captures every key except tab,
// shift+tab and the global ctrl chords; then the global bindings; then the
// focused pane.
func (m Model) handleKey(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	if key.Matches(k, m.keys.ForceQuit) {
		return m, m.quit()
	}
	if d := m.top(); d == nil && k.String() == "f1" {
		// F1 opens the help from anywhere, also while a text field takes the keys.
		return m, m.open(newHelpDialog(m))
	}
	if d := m.top(); d != nil {
		cmd := d.Handle(k)
		m.syncKeys()
		return m, cmd
	}
	km := &m.keys
	if m.focus == focusForm && m.hasDraft && m.form.Claims(k) {
		// An open picker's keys (ctrl+n among them) before the global ones.
		return m.updateFocused(k)
	}
	if m.focus == focusHistory && m.textFocused() {
		// The filter input or the delete question takes every key.
		return m.updateFocused(k)
	}
	if key.Matches(k, km.CancelSend) && m.response.Sending() {
		// The response pane's own cancel key, from anywhere.
		var cmd tea.Cmd
		*m.response, cmd = m.response.Update(k)
		return m, cmd
	}
	if !m.textFocused() {
		switch {
		case key.Matches(k, km.Quit):
			return m, m.quit()
		case key.Matches(k, km.Help):
			return m, m.open(newHelpDialog(m))
		}
	}
	switch {
	case key.Matches(k, km.Palette):
		return m, m.open(newPaletteDialog(m))
	case key.Matches(k, km.NextPane):
		return m, m.setFocus(m.nextPane(1))
	case key.Matches(k, km.PrevPane):
		return m, m.setFocus(m.nextPane(-1))
	case key.Matches(k, km.NewEvent):
		return m, m.setFocus(focusPicker)
	case key.Matches(k, km.Locale):
		m.cycleLocale()
		return m, nil
	case key.Matches(k, km.Editor):
		return m, m.openEditor()
	case key.Matches(k, km.CopyJSON):
		return m, m.copyJSON()
	case key.Matches(k, km.CopyCurl):
		return m, m.copyCurl()
	case key.Matches(k, km.Send):
		m.sendStarted()
		return m.sendDraft()
	case key.Matches(k, km.Library):
		return m, m.openLibrary()
	case key.Matches(k, km.Undo):
		return m.undoRedo(true)
	case key.Matches(k, km.Redo):
		return m.undoRedo(false)
	case key.Matches(k, km.Renew):
		return m.renewDraft()
	case key.Matches(k, km.Target):
		return m, m.openTargets()
	case key.Matches(k, km.Profiles):
		return m, m.openProfiles()
	case key.Matches(k, km.History):
		if m.opts.History == nil {
			m.setStatus(statusMsg{kind: statusInfo, text: "No history store is open"})
			return m, nil
		}
		if m.focus == focusHistory {
			return m, m.setFocus(m.back)
		}
		return m, m.setFocus(focusHistory)
	case key.Matches(k, km.Response):
		if m.focus == focusResponse {
			return m, m.setFocus(focusForm)
		}
		return m, m.setFocus(focusResponse)
	case key.Matches(k, km.Heard):
		if m.sandbox == nil {
			m.setStatus(statusMsg{kind: statusInfo, text: "The sandbox is not running yet: choose it with ctrl+g and send an event"})
			return m, nil
		}
		return m, sandboxListCmd(m.sandbox)
	case key.Matches(k, km.Save):
		return m, m.open(newSaveDialog(m.keys, m.suggestedFileName()))
	case key.Matches(k, km.Users):
		return m, m.openUsers()
	case key.Matches(k, km.Doctor):
		return m, m.openDoctor()
	}
	if nm, cmd, ok := m.handleU3Key(k); ok {
		return nm, cmd
	}
	return m.updateFocused(k)
}

// handlePaste gives pasted text to the one input that should get it: the
// open dialog, else the focused pane (the form's text row or the picker's filter).
func (m Model) handlePaste(p tea.PasteMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch {
	case len(m.stack) > 0:
		cmd = m.top().Handle(p)
	case m.focus == focusForm && m.hasDraft:
		cmd = m.updateForm(p)
	case m.focus == focusHistory && m.textFocused():
		*m.history, cmd = m.history.Update(p)
	case m.focus == focusPicker && m.picker.Filtering():
		before := m.picker.filter.Value()
		m.picker.filter, cmd = m.picker.filter.Update(p)
		if m.picker.filter.Value() != before {
			m.picker.applyFilter()
			if !m.hasDraft {
				m.recompute()
			}
		}
	}
	return m, cmd
}

// updateFocused gives the key to the focused pane.
func (m Model) updateFocused(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch m.focus {
	case focusPicker:
		if key.Matches(k, m.keys.Back) {
			return m, m.setFocus(focusForm)
		}
		before := m.picker.Selected()
		*m.picker, cmd = m.picker.Update(k, &m.keys)
		if !m.hasDraft && m.picker.Selected() != before {
			m.recompute()
		}
	case focusForm:
		if m.hasDraft {
			cmd = m.updateForm(k)
		}
	case focusPreview:
		*m.preview, cmd = m.preview.Update(k, &m.keys)
	case focusResponse:
		*m.response, cmd = m.response.Update(k)
	case focusHistory:
		if k.String() == "esc" && !m.history.Editing() && !m.history.InDetail() && m.history.Filter() == "" {
			return m, m.setFocus(m.back)
		}
		*m.history, cmd = m.history.Update(k)
	}
	m.syncKeys()
	return m, cmd
}

// nextPane returns the pane d steps away in the tab order (picker, form,
// preview, response, history), skipping the form, preview and response
// while there is no draft and the history when no store is open.
func (m Model) nextPane(d int) focus {
	order := []focus{focusPicker}
	if m.hasDraft {
		order = append(order, focusForm, focusPreview, focusResponse)
	}
	if m.opts.History != nil {
		order = append(order, focusHistory)
	}
	i := indexOfFocus(order, m.focus)
	return order[(i+d+len(order))%len(order)]
}

func indexOfFocus(list []focus, f focus) int {
	for i, x := range list {
		if x == f {
			return i
		}
	}
	return 0
}
