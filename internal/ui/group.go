package ui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
)

// A group Unicast send: the composer's event to each user marked on the
// users screen (send.Session.PlanGroup, SendGroup), one row per user in the
// response pane, cancelled with the send's cancel key.

type (
	// groupRowMsg is one finished row (a copy made on the row's goroutine).
	groupRowMsg struct {
		seq int
		row send.GroupRow
		ch  chan send.GroupRow
	}
	// groupDoneMsg says every row of the group send finished.
	groupDoneMsg struct{ seq int }
)

// waitGroupCmd delivers the next finished row, then groupDoneMsg.
func waitGroupCmd(seq int, ch chan send.GroupRow) tea.Cmd {
	return func() tea.Msg {
		r, ok := <-ch
		if !ok {
			return groupDoneMsg{seq: seq}
		}
		return groupRowMsg{seq: seq, row: r, ch: ch}
	}
}

// sendGroup sends the composer's Unicast event to each of us.
func (m Model) sendGroup(us []credentials.User) (Model, tea.Cmd) {
	switch {
	case m.sender == nil:
		m.setStatus(statusMsg{kind: statusErr, text: errNoSender.Error()})
		return m, nil
	case !m.hasDraft:
		m.setStatus(statusMsg{kind: statusInfo, text: "Compose an event first (choose a schema), then send it to the marked users"})
		return m, nil
	case m.response.Sending():
		m.setStatus(statusMsg{kind: statusInfo, text: "A send is running: ctrl+x cancels it"})
		return m, nil
	}
	if typ, _ := m.dv.Request.Get("relevantAudience.type").(string); typ != schemas.AudienceUnicast {
		m.setStatus(statusMsg{kind: statusErr, text: "The audience is Multicast: set it to Unicast in the form to send to chosen users", ofDraft: true})
		return m, nil
	}
	if m.target.IsLive() {
		m.setStatus(statusMsg{kind: statusErr, text: "Group sends to a live stage are not offered here: use `pe-tui send --to` (it asks for a typed confirmation)"})
		return m, nil
	}
	if m.needsSandbox(m.target) {
		m.setStatus(statusMsg{kind: statusInfo, text: "The sandbox is still starting: press s on the users screen again in a moment"})
		return m, nil
	}
	rs := make([]send.Recipient, 0, len(us))
	for _, u := range us {
		rs = append(rs, send.Recipient{UserID: u.ID, Label: u.Label, Region: u.Region, Events: u.Events, EventsKnown: u.EventsKnown})
	}
	target := m.sendTarget(m.target) // shown; the session fills in its sandbox's address itself
	plan, err := m.session.PlanGroup(m.dv.Request.EncodeCompact(), m.target, m.profile, string(m.target.Region), rs, false)
	if err != nil {
		m.setStatus(statusMsg{kind: statusErr, text: "Not sent: " + err.Error(), ofDraft: true})
		return m, nil
	}
	if plan.Blocked() {
		m.setStatus(statusMsg{kind: statusErr, text: "Not sent: the event has validation errors; fix them in the form first", ofDraft: true})
		return m, nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.sendSeq++
	seq := m.sendSeq
	ch := make(chan send.GroupRow, len(plan.Rows))
	session := m.session
	run := func() tea.Msg {
		defer cancel()
		session.SendGroup(ctx, plan, false, 0, func(r *send.GroupRow) { ch <- *r })
		close(ch)
		return nil
	}
	start := m.response.StartGroup(target, plan)
	if m.focus != focusResponse && m.focus != focusHistory {
		m.right = focusResponse
	}
	m.relayout()
	m.syncKeys()
	return m, tea.Batch(run, waitGroupCmd(seq, ch), start)
}

// updateGroup handles the rows of a group send; ok is false for other messages.
func (m Model) updateGroup(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case groupRowMsg:
		if msg.seq != m.sendSeq {
			return m, nil, true
		}
		m.response.SetGroupRow(msg.row)
		cmds := []tea.Cmd{waitGroupCmd(msg.seq, msg.ch)}
		if id := msg.row.Outcome.RecordID; id != 0 && m.opts.History != nil {
			var cmd tea.Cmd
			*m.history, cmd = m.history.Update(historypane.RecordAddedMsg{ID: id})
			cmds = append(cmds, cmd)
		}
		return m, tea.Batch(cmds...), true
	case groupDoneMsg:
		if msg.seq != m.sendSeq {
			return m, nil, true
		}
		m.cancel = nil
		m.response.FinishGroup()
		m.setStatus(statusMsg{kind: statusOK, text: "Group send finished: the response pane lists each user"})
		m.syncKeys()
		return m, nil, true
	}
	return m, nil, false
}
