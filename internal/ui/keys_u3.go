package ui

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/termtext"
)

// handleU3Key handles the keys of hearing, importing, exporting and
// comparing (keymap.go's "Hear, import and export" block); ok is false for
// any other key.
func (m Model) handleU3Key(k tea.KeyPressMsg) (Model, tea.Cmd, bool) {
	km := &m.keys
	switch {
	case key.Matches(k, km.Speak):
		cmd := m.toggleSpeech()
		return m, cmd, true
	case key.Matches(k, km.Import):
		return m, m.open(newImportDialog(m.keys, m.target.Name)), true
	case key.Matches(k, km.ExportCode):
		cmd := m.openExport()
		return m, cmd, true
	}
	if m.focus == focusHistory && m.opts.History != nil && !m.history.Editing() {
		switch {
		case key.Matches(k, km.Compare):
			cmd := m.markOrCompare()
			return m, cmd, true
		case key.Matches(k, km.Fixture):
			cmd := m.exportFixture()
			return m, cmd, true
		}
	}
	return m, nil, false
}

// syncU3Keys enables the keys of hearing, importing, exporting and comparing.
func (m *Model) syncU3Keys() {
	k := &m.keys
	k.Speak.SetEnabled(m.hasDraft || m.sample != nil)
	k.Import.SetEnabled(true)
	k.ExportCode.SetEnabled(m.hasDraft)
	inHistory := m.focus == focusHistory && m.opts.History != nil && !m.history.Editing()
	if inHistory {
		_, inHistory = m.history.Selected()
	}
	k.Compare.SetEnabled(inHistory)
	k.Fixture.SetEnabled(inHistory)
}

// updateU3Msg handles the answers of the import, export and history
// actions; ok is false for any other message.
func (m Model) updateU3Msg(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case importChosenMsg:
		nm, cmd := m.openImported(msg)
		return nm, cmd, true
	case exportDoneMsg:
		m.closeTop()
		m.setStatus(statusMsg{kind: statusOK, text: msg.text, ttl: 30 * time.Second})
		return m, nil, true
	case exportCopyMsg:
		m.closeTop()
		return m, m.copyProgram(msg), true
	case compareLoadedMsg:
		if msg.err != nil {
			m.setStatus(statusMsg{kind: statusErr, text: "cannot compare: " + termtext.Clean(msg.err.Error())})
			return m, nil, true
		}
		return m, m.open(newCompareDialog(m.keys, msg.a, msg.b)), true
	case fixtureWrittenMsg:
		if msg.err != nil {
			m.setStatus(statusMsg{kind: statusErr, text: "fixture not written: " + termtext.Clean(msg.err.Error()), ttl: 30 * time.Second})
			return m, nil, true
		}
		m.setStatus(statusMsg{kind: statusOK, text: "Wrote " + strings.Join(msg.paths, " and "), ttl: 30 * time.Second})
		return m, nil, true
	}
	return m, nil, false
}
