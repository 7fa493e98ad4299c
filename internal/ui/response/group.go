package response

import (
	"fmt"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

// groupView is a group Unicast send as the pane shows it: one row per
// user, filled in as each finishes.
type groupView struct {
	id   string
	rows []send.GroupRow
	done bool
}

// StartGroup shows a group send of plan's rows to target as running; the
// cancel key works as for a single send. The rows are copied.
func (m *Model) StartGroup(target alexa.Target, plan *send.GroupPlan) tea.Cmd {
	cmd := m.StartSending(target, nil)
	g := &groupView{id: plan.GroupID}
	for _, r := range plan.Rows {
		g.rows = append(g.rows, *r)
	}
	m.group = g
	m.refresh()
	return cmd
}

// SetGroupRow shows one finished row (a copy made by the row's sender).
func (m *Model) SetGroupRow(r send.GroupRow) {
	if m.group == nil {
		return
	}
	for i := range m.group.rows {
		if m.group.rows[i].Recipient.UserID == r.Recipient.UserID {
			m.group.rows[i] = r
		}
	}
	m.refresh()
}

// FinishGroup shows the group send as finished.
func (m *Model) FinishGroup() {
	if m.group == nil {
		return
	}
	m.group.done = true
	m.state = StateResult
	m.cancelling = false
	m.now = m.clock()
	m.refresh()
}

// groupLines is the per-user table: recipient, region (and routing),
// status and message, then each row's notes.
func (m Model) groupLines(w int) []string {
	st := m.styles
	g := m.group
	label, tstyle := m.targetText()
	var lines []string
	ok, finished := 0, 0
	for _, r := range g.rows {
		if r.Done {
			finished++
			if r.Err == nil && r.Outcome.Response != nil && r.Outcome.Response.OK() {
				ok++
			}
		}
	}
	head := fmt.Sprintf("Group send to %d users: %d of %d done, %d accepted", len(g.rows), finished, len(g.rows), ok)
	if !g.done {
		head = m.spinner.View() + head
	}
	lines = append(lines, st.Text.Render(truncate(head, w)))
	lines = append(lines, m.fact(w, "Target", label, tstyle)...)
	lines = append(lines, m.fact(w, "Group", g.id, st.Muted)...)
	nameW := max(min(20, w-24), 8)
	lines = append(lines, "", st.Heading.Render(truncate(cellPad("Recipient", nameW)+" "+cellPad("Status", 6)+" Region", w)))
	for _, r := range g.rows {
		region := r.Region
		if r.Routed {
			region += " routed"
		}
		status, msg, style := "…", "sending", st.Muted
		switch {
		case !r.Done:
		case r.Err != nil:
			p := describe(r.Err)
			status, msg, style = "✗", p.title, st.Err
			if len(p.text) > 0 {
				msg += ": " + p.text[0]
			}
		case r.Outcome.Response != nil:
			resp := r.Outcome.Response
			status = strconv.Itoa(resp.Status)
			msg = statusReason(resp)
			if resp.Message != "" {
				msg += ": " + resp.Message
			}
			style = st.Err
			if resp.OK() {
				status, style = "✓ "+status, st.OK
			}
			if r.Outcome.RecordID != 0 {
				msg += " · #" + strconv.FormatInt(r.Outcome.RecordID, 10)
			}
		}
		lines = append(lines, style.Render(truncate(cellPad(r.Recipient.Name(), nameW)+" "+cellPad(status, 6)+" "+region, w)))
		lines = append(lines, styled(wrap("    "+strings.ReplaceAll(msg, "\n", " "), w), style.Render)...)
		if r.Done && r.Outcome.HeardSet {
			if len(r.Outcome.Heard) == 0 {
				lines = append(lines, styled(wrap("    the sandbox delivered it to nobody", w), st.Muted.Render)...)
			}
			for _, n := range r.Outcome.Heard {
				lines = append(lines, styled(wrap("    heard ("+n.Locale+"): “"+n.Text+"”", w), st.Text.Render)...)
			}
		}
		for _, n := range r.Notes {
			lines = append(lines, styled(wrap("    "+n, w), st.Muted.Render)...)
		}
	}
	if g.done && ok > 0 && m.target.IsAmazon() {
		lines = append(lines, "", st.Heading.Render(truncate("Why a device might still stay silent", w)))
		for _, item := range g.rows[0].Silence() {
			lines = append(lines, styled(wrap("  • "+item, w), st.Text.Render)...)
		}
	}
	if g.done && ok > 0 {
		lines = append(lines, "")
		lines = append(lines, styled(wrap("Heard it on a device? In the history pane (F2) press "+markKey()+" on a user's record to mark it; filter with heard:yes.", w), st.Text.Render)...)
	}
	if m.KeyMap.Cancel.Enabled() {
		lines = append(lines, "", st.Muted.Render(truncate(m.KeyMap.Cancel.Help().Key+" cancels the users not yet sent", w)))
	}
	return lines
}

// cellPad is s neutralised, cut and padded to n cells.
func cellPad(s string, n int) string { return padRight(truncate(termtext.Clean(s), n), n) }
