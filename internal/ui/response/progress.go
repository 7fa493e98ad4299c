package response

import (
	"sync"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
)

// ProgressMsg reports one finished HTTP attempt of the running send (with
// Wait and Retry set when another attempt follows). Progress.Next produces
// it; a root that holds the *tea.Program may also p.Send(ProgressMsg{…})
// itself from the send's progress callback.
type ProgressMsg struct {
	Attempt alexa.Attempt
	src     *Progress // the bridge that produced it; nil when sent directly
}

// CancelMsg asks the root to cancel the running send: the root calls the
// context.CancelFunc of the send's context. The send then returns an
// *alexa.NetworkError or *alexa.TokenError marked as cancelled, which
// SetOutcome shows as "Cancelled".
type CancelMsg struct{}

// progressBuffer holds more reports than a send ever makes (1 + 3 retries +
// 1 token refresh), so Report never has to drop one.
const progressBuffer = 16

// Progress bridges a send's progress callback (called on the send's
// goroutine) to Bubble Tea messages, without a *tea.Program:
//
//	prog := response.NewProgress()
//	req.Progress = prog.Report
//	cmd := func() tea.Msg { defer prog.Close(); res, err := sender.Send(ctx, req); return sentMsg{res, err} }
//	return tea.Batch(m.response.StartSending(target, prog), cmd)
//
// StartSending listens with Next, and the pane re-arms Next after every
// ProgressMsg it takes, so one report is in flight at a time. Reports that
// arrive after the answer are ignored.
type Progress struct {
	mu     sync.Mutex
	ch     chan alexa.Attempt
	closed bool
}

// NewProgress returns an open bridge.
func NewProgress() *Progress {
	return &Progress{ch: make(chan alexa.Attempt, progressBuffer)}
}

// Report is the send.Request.Progress callback. It never blocks: when the
// buffer is full (nobody listens) the report is dropped, and after Close
// reports are ignored.
func (p *Progress) Report(a alexa.Attempt) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	select {
	case p.ch <- a:
	default:
	}
}

// Close ends the reports; call it once the send has returned (a deferred
// call in the send command). The listening command then ends with no message.
func (p *Progress) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.ch)
	}
}

// Next returns a command that waits for the next report and returns it as a
// ProgressMsg, or nil once the bridge is closed and drained.
func (p *Progress) Next() tea.Cmd {
	return func() tea.Msg {
		a, ok := <-p.ch
		if !ok {
			return nil
		}
		return ProgressMsg{Attempt: a, src: p}
	}
}
