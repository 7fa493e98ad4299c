package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
	"github.com/pe-tui/pe-tui/internal/ui/response"
)

// This file runs sends: the draft (ctrl+s) and history resends become one
// send.Plan of the run's send.Session, which decides credentials, the
// in-process sandbox, whether a live confirmation is needed and who heard
// a delivery. The UI only asks: "send anyway?" for a body with errors, the
// typed confirmation for a live target; then one command calls
// Session.Send while the response pane shows progress.

// sendJob is one send on its way through the confirmations.
type sendJob struct {
	body    []byte          // what is sent: the composer's body, or for a resend the record's (refreshed once when as new)
	plan    *send.Plan      // the session's plan, made once (sendDraft, planResend)
	rec     *history.Record // a resend: the record
	asNew   bool            // resend with fresh timestamp, expiry and referenceId
	target  alexa.Target    // where it goes (a sandbox target without its base URL)
	profile string          // the profile whose credentials are used ("" = default or environment)
	checked bool            // validation passed, or the user said "send anyway"
	force   bool            // the user said "send anyway"
	live    bool            // the live send was confirmed by typing
}

// planResend makes a resend's plan, once: the body (refreshed once when as
// new) is kept on the job, so the body that was checked and confirmed is
// the one sent (a second refresh would give it another referenceId and
// timestamp). A record has no derived draft on screen, so PlanResend judges
// its body itself. A draft's job carries its plan from sendDraft.
func (m Model) planResend(j *sendJob) error {
	if j.plan != nil {
		return nil
	}
	p, err := m.session.PlanResend(j.rec, j.asNew, &j.target, "")
	if err != nil {
		return err
	}
	j.plan, j.body = p, p.Body
	return nil
}

// sentMsg carries the outcome of a send or resend.
type sentMsg struct {
	seq      int
	target   alexa.Target
	res      send.Result
	err      error
	heard    []sandbox.Notification
	heardSet bool // the sandbox was asked who heard it
	resend   bool
}

// sandboxStartedMsg reports the in-process sandbox's start.
type sandboxStartedMsg struct {
	srv *sandbox.Server
	url string
	err error
}

// sandboxListMsg carries every notification the sandbox delivered.
type sandboxListMsg struct{ ns []sandbox.Notification }

// errNoSender is shown when the UI was built without a send pipeline.
var errNoSender = errors.New("sending is not set up in this build of the UI")

// initSending sets the send state from the options (called by New).
func (m *Model) initSending() {
	m.target = m.opts.Target
	if m.target.Name == "" {
		m.target, _ = alexa.ParseTarget(alexa.SandboxName)
	}
	m.profile = m.opts.Profile
	if m.opts.Sender != nil {
		m.sender = m.opts.Sender
		m.session = &send.Session{Sender: m.sender, StartSandbox: m.opts.StartSandbox}
		if creds := m.opts.Credentials; creds != nil {
			m.session.Credentials = func(profile string, t alexa.Target) (alexa.Credentials, string, bool, error) {
				c, name, err := creds(profile, t)
				return c, name, false, err
			}
		}
	}
	m.response = new(response.New())
	m.response.SetClock(m.opts.Now)
	m.response.SetStyles(m.styles.Response)
	m.response.FocusKey = m.keys.Response.Help().Key
	if m.opts.History != nil {
		m.history = new(historypane.New(m.opts.History, m.styles.History))
	}
	m.right = focusPreview
	m.back = focusForm
	m.sbStart = m.sender != nil && m.needsSandbox(m.target)
}

// needsSandbox reports whether a send to t needs the in-process sandbox.
func (m Model) needsSandbox(t alexa.Target) bool {
	return t.IsSandbox() && t.BaseURL == "" && m.sandbox == nil
}

// sendTarget is t with the running sandbox's address filled in.
func (m Model) sendTarget(t alexa.Target) alexa.Target {
	if t.IsSandbox() && t.BaseURL == "" && m.session != nil {
		if srv, url := m.session.Sandbox(); srv != nil {
			return t.WithBaseURL(url)
		}
	}
	return t
}

// Close cancels a running send, waits (bounded, send.QuitWait) for it to
// return and be recorded, and stops the in-process sandbox. The program's
// owner calls it on the final model after the program ends, however it
// ended (ctrl+c, a signal): a send that reached the server is recorded as
// sent, cancelled or with its outcome unknown. It reports whether the send
// in flight (if any) finished. It stops the users screen's receiver too.
func (m Model) Close() bool {
	m.usr.closeReceiver()
	if m.cancel != nil {
		m.cancel()
	}
	if m.session != nil {
		return m.session.Close()
	}
	return true
}

// startSandboxCmd starts the session's in-process sandbox.
func startSandboxCmd(session *send.Session) tea.Cmd {
	return func() tea.Msg {
		if session == nil {
			return sandboxStartedMsg{err: errNoSender}
		}
		srv, url, err := session.EnsureSandbox()
		return sandboxStartedMsg{srv: srv, url: url, err: err}
	}
}

// sandboxListCmd reads every notification the sandbox delivered.
func sandboxListCmd(srv *sandbox.Server) tea.Cmd {
	return func() tea.Msg { return sandboxListMsg{ns: srv.Notifications("")} }
}

// sendDraft starts sending the composer's event (ctrl+s).
func (m Model) sendDraft() (tea.Model, tea.Cmd) {
	switch {
	case m.sender == nil:
		m.setStatus(statusMsg{kind: statusErr, text: errNoSender.Error()})
		return m, nil
	case !m.hasDraft:
		m.setStatus(statusMsg{kind: statusInfo, text: "Choose a schema first: enter picks the highlighted one"})
		return m, nil
	case m.response.Sending():
		m.setStatus(statusMsg{kind: statusInfo, text: "A send is running: ctrl+x cancels it"})
		return m, nil
	}
	// The plan takes the findings on screen (m.dv): the "send anyway?"
	// question, its count and what history records are the status line's
	// judgement, made at the same instant with the same options.
	body := m.sendBody()
	p := m.session.PlanJudged(body, m.target, m.profile, m.dv.SendFindings())
	return m.proceed(&sendJob{body: body, plan: p, target: m.target, profile: m.profile})
}

// resend starts a resend of a history record.
func (m Model) resend(rec *history.Record, asNew bool) (tea.Model, tea.Cmd) {
	switch {
	case m.sender == nil:
		m.setStatus(statusMsg{kind: statusErr, text: errNoSender.Error()})
		return m, nil
	case m.response.Sending():
		m.setStatus(statusMsg{kind: statusInfo, text: "A send is running: ctrl+x cancels it"})
		return m, nil
	}
	t, err := send.RecordTarget(rec)
	if err != nil {
		m.setStatus(statusMsg{kind: statusErr, text: "Cannot resend: " + err.Error()})
		return m, nil
	}
	return m.proceed(&sendJob{rec: rec, asNew: asNew, target: t, profile: rec.Profile})
}

// proceed takes a job through its next step: the "send anyway?" question,
// the live confirmation, the sandbox start, and finally the send.
func (m Model) proceed(j *sendJob) (tea.Model, tea.Cmd) {
	if err := m.planResend(j); err != nil {
		m.setStatus(statusMsg{kind: statusErr, text: "Not sent: " + err.Error(), ofDraft: true})
		return m, nil
	}
	p := j.plan
	if !j.checked {
		if p.Blocked() {
			var c dialogs.Confirm
			if p.SyntaxErr != nil {
				c = dialogs.NewConfirm(dialogs.IDSendAnyway, "Not JSON", "The body is not JSON. Send it anyway?", []string{p.SyntaxErr.Error()})
			} else {
				c = dialogs.NewSendAnyway(p.Findings)
			}
			m.queued = j
			return m, m.open(&c)
		}
		j.checked = true
	}
	if p.NeedsLiveConfirm(j.force) && !j.live {
		name := ""
		if p.Request != nil {
			name = p.Request.EventName()
		}
		m.queued = j
		c := dialogs.NewLiveConfirm(j.target, name, j.profile)
		return m, m.open(&c)
	}
	if m.needsSandbox(j.target) {
		m.queued = j
		m.setStatus(statusMsg{kind: statusInfo, text: "Starting the sandbox…"})
		if m.sbStart {
			return m, nil
		}
		m.sbStart, m.sbErr = true, ""
		return m, startSandboxCmd(m.session)
	}
	return m.launch(j)
}

// launch runs the send in a command and shows it in the response pane.
func (m Model) launch(j *sendJob) (tea.Model, tea.Cmd) {
	m.queued = nil
	target := m.sendTarget(j.target)
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.sendSeq++
	seq := m.sendSeq
	prog := response.NewProgress()
	session, plan, force := m.session, j.plan, j.force
	resend := j.rec != nil
	run := func() tea.Msg {
		defer prog.Close()
		defer cancel()
		out, err := session.Send(ctx, plan, force, prog.Report)
		return sentMsg{seq: seq, target: out.Target, res: out.Result, err: err, heard: out.Heard, heardSet: out.HeardSet, resend: resend}
	}
	start := m.response.StartSending(target, prog)
	if m.focus != focusResponse && m.focus != focusHistory {
		m.right = focusResponse
	}
	m.relayout() // the response pane may now share the right column with the preview
	m.syncKeys()
	// The send first: a test loop that runs commands one by one then finds
	// every progress report buffered when it listens.
	return m, tea.Batch(run, start)
}

// updateSending handles the messages of sends, the sandbox and the history
// pane's requests; ok is false for any other message.
func (m Model) updateSending(msg tea.Msg) (tea.Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case sentMsg:
		if msg.seq != m.sendSeq {
			return m, nil, true
		}
		m.cancel = nil
		m.response.SetOutcome(msg.res, msg.target, msg.err)
		if msg.heardSet {
			m.response.SetHeard(msg.heard)
		}
		m.setStatus(sentStatus(msg))
		m.afterSent(msg)
		m.syncKeys()
		var cmd tea.Cmd
		if msg.res.RecordID != 0 && m.opts.History != nil {
			*m.history, cmd = m.history.Update(historypane.RecordAddedMsg{ID: msg.res.RecordID})
		}
		return m, cmd, true
	case response.CancelMsg:
		if m.cancel != nil {
			m.cancel()
			m.setStatus(statusMsg{kind: statusInfo, text: "Cancelling the send…"})
		}
		return m, nil, true
	case sandboxStartedMsg:
		m.sbStart = false
		if msg.err != nil {
			m.sbErr = msg.err.Error()
			m.setStatus(statusMsg{kind: statusErr, text: "Cannot start the sandbox: " + m.sbErr})
			if m.queued != nil {
				m.queued = nil
				m.response.SetError(fmt.Errorf("cannot start the in-process sandbox: %w", msg.err))
				m.relayout()
			}
			return m, nil, true
		}
		m.sandbox = msg.srv
		m.syncKeys()
		if j := m.queued; j != nil {
			nm, cmd := m.launch(j)
			return nm, cmd, true
		}
		return m, nil, true
	case sandboxListMsg:
		_, url := m.session.Sandbox()
		return m, m.open(newHeardDialog(m.keys, msg.ns, url)), true
	case historypane.ResendMsg:
		if msg.Record == nil {
			return m, nil, true
		}
		nm, cmd := m.resend(msg.Record, msg.AsNew)
		return nm, cmd, true
	case historypane.LoadMsg:
		if msg.Record == nil {
			return m, nil, true
		}
		nm, cmd := m.askBefore(pendingAction{rec: msg.Record})
		return nm, cmd, true
	case historypane.DeletedMsg:
		var cmd tea.Cmd
		*m.history, cmd = m.history.Update(msg)
		m.setStatus(statusMsg{kind: statusOK, text: fmt.Sprintf("Deleted record #%d", msg.ID)})
		return m, cmd, true
	}
	return m, nil, false
}

// sentStatus is the status-line summary of a send's outcome.
func sentStatus(msg sentMsg) statusMsg {
	what := "Sent"
	if msg.resend {
		what = "Resent"
	}
	res := msg.res
	var s statusMsg
	var rej *send.RejectedError
	switch {
	case errors.As(msg.err, &rej):
		s = statusMsg{kind: statusErr, text: "Not sent: the event has validation errors"}
	case res.Response != nil && res.Response.Status != 0:
		r := res.Response
		kind := statusOK
		if !r.OK() {
			kind = statusErr
		}
		s = statusMsg{kind: kind, text: fmt.Sprintf("%s: %d %s", what, r.Status, statusText(r.Status))}
		if res.RecordID != 0 {
			s.text += fmt.Sprintf(" · record #%d", res.RecordID)
		}
	case msg.err != nil:
		first, _, _ := strings.Cut(msg.err.Error(), "\n")
		s = statusMsg{kind: statusErr, text: "Not delivered: " + first}
	default:
		s = statusMsg{kind: statusInfo, text: what}
	}
	if res.RecordErr != nil {
		s = statusMsg{kind: statusErr, text: s.text + " · not recorded: " + res.RecordErr.Error()}
	}
	s.ofDraft = true // it judged the draft as sent; the response pane keeps the outcome
	return s
}

// statusText names an HTTP status, including Amazon's 432.
func statusText(code int) string {
	if code == sandbox.StatusNotificationLimit {
		return "Notification Limit Exceeded"
	}
	if t := http.StatusText(code); t != "" {
		return t
	}
	return "Unknown Status"
}
