// Package response is pe-tui's response pane, a child component in the
// Bubbles shape (New, Update, View, SetSize, Focus/Blur). It shows a send
// while it runs (spinner, attempt count, retry countdown, a cancel key) and
// then its outcome in plain words: the status and what it means, Amazon's
// message unescaped and wrapped, request id, latency and attempts; for a 202
// from Amazon a checklist of why a device might still stay silent, and for
// the sandbox the sentence each sandbox user heard. Errors (validation, token,
// keyring, network, cancellation) get plain words and what to do.
//
// The pane does no I/O. The root runs the send in a command, bridges its
// progress callback with Progress (or sends ProgressMsg itself), answers
// CancelMsg by cancelling the send's context, and hands the outcome to
// SetOutcome (and the sandbox's notifications to SetHeard).
package response

import (
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
)

// State is what the pane shows.
type State int

// The states of the pane.
const (
	StateEmpty   State = iota // nothing sent yet
	StateSending              // a send runs
	StateResult               // an HTTP answer arrived (any status)
	StateError                // no answer: not sent, no token, no response, cancelled
)

func (s State) String() string {
	switch s {
	case StateEmpty:
		return "empty"
	case StateSending:
		return "sending"
	case StateResult:
		return "result"
	case StateError:
		return "error"
	}
	return "unknown"
}

// Model is the response pane.
type Model struct {
	KeyMap KeyMap

	state   State
	clock   func() time.Time
	now     time.Time // the clock at the last tick or report; View reads only this
	started time.Time

	target     alexa.Target
	progress   *Progress
	attempts   []alexa.Attempt // reported while sending
	retryAt    time.Time       // when the next attempt starts (zero: none pending)
	cancelling bool

	result   send.Result
	err      error
	heard    []sandbox.Notification
	heardSet bool
	users    []credentials.User // the profile's saved users (silence.go)
	group    *groupView         // a group Unicast send (group.go); nil for a single send

	spinner spinner.Model
	vp      viewport.Model
	lines   []string // the content, wrapped to the width
	styles  *Styles  // shared and never changed in place: SetStyles replaces it
	width   int
	height  int
	focused bool

	// FocusKey names the owner's key that focuses this pane; while the pane
	// has no focus, its hints name it instead of keys that reach another pane.
	FocusKey string
}

// New returns an empty pane.
func New() Model {
	m := Model{
		KeyMap:  DefaultKeyMap(),
		clock:   time.Now,
		spinner: spinner.New(spinner.WithSpinner(spinner.Dot)),
		vp:      viewport.New(),
		styles:  new(DefaultStyles(true)),
	}
	m.vp.KeyMap = viewport.KeyMap{} // the pane's own KeyMap scrolls
	m.vp.MouseWheelEnabled = true
	m.spinner.Style = m.styles.Spinner
	m.refresh()
	return m
}

// SetClock replaces the clock used for the elapsed time and the retry
// countdown (tests pass a fixed one).
func (m *Model) SetClock(now func() time.Time) {
	if now == nil {
		now = time.Now
	}
	m.clock = now
	m.now = now()
	m.refresh()
}

// SetStyles sets the styles.
func (m *Model) SetStyles(s Styles) {
	m.styles = &s
	m.spinner.Style = s.Spinner
	m.refresh()
}

// SetSize sets the pane's inner size (without the root's frame).
func (m *Model) SetSize(w, h int) {
	m.width, m.height = max(w, 0), max(h, 0)
	m.refresh()
}

// Focus gives the pane the keys (scrolling, cancel); it has no cursor.
func (m *Model) Focus() tea.Cmd {
	m.focused = true
	m.refresh()
	return nil
}

// Blur takes the focus away.
func (m *Model) Blur() {
	m.focused = false
	m.refresh()
}

// Focused reports whether the pane has the focus.
func (m Model) Focused() bool { return m.focused }

// State returns what the pane shows.
func (m Model) State() State { return m.state }

// Sending reports whether a send runs.
func (m Model) Sending() bool { return m.state == StateSending }

// StartSending shows the running send to target and returns the commands
// that drive the spinner and listen to p (nil when the root sends
// ProgressMsg itself). It forgets the previous outcome.
func (m *Model) StartSending(target alexa.Target, p *Progress) tea.Cmd {
	m.state = StateSending
	m.target = target
	m.progress = p
	m.attempts = nil
	m.retryAt = time.Time{}
	m.cancelling = false
	m.result, m.err = send.Result{}, nil
	m.heard, m.heardSet = nil, false
	m.group = nil
	m.now = m.clock()
	m.started = m.now
	m.refresh()
	m.vp.GotoTop()
	cmds := []tea.Cmd{m.spinner.Tick}
	if p != nil {
		cmds = append(cmds, p.Next())
	}
	return tea.Batch(cmds...)
}

// SetOutcome shows what Sender.Send returned for a send to target: the
// answer when one arrived (err nil), else the error in plain words with the
// attempts made. Call SetHeard after it for the sandbox.
func (m *Model) SetOutcome(res send.Result, target alexa.Target, err error) {
	m.target = target
	m.result, m.err = res, err
	m.group = nil
	m.progress = nil
	m.cancelling = false
	m.retryAt = time.Time{}
	switch {
	case err == nil && res.Response != nil:
		m.state = StateResult
	default:
		m.state = StateError
	}
	m.now = m.clock()
	m.refresh()
	m.vp.GotoTop()
}

// SetResult shows the answer of a send that got one (Sender.Send returned a
// nil error).
func (m *Model) SetResult(res send.Result, target alexa.Target) { m.SetOutcome(res, target, nil) }

// SetError shows an error of the send to the current target: a
// *send.RejectedError, an *alexa.TokenError, an *alexa.NetworkError, a
// credentials error or any other.
func (m *Model) SetError(err error) { m.SetOutcome(send.Result{}, m.target, err) }

// SetHeard sets the notifications the sandbox delivered for the sent event
// (send.Heard); the pane lists who heard which sentence. An empty, non-nil
// list says that nobody heard it.
func (m *Model) SetHeard(ns []sandbox.Notification) {
	m.heard = append([]sandbox.Notification{}, ns...)
	m.heardSet = true
	m.refresh()
}

// Reset empties the pane.
func (m *Model) Reset() {
	m.state = StateEmpty
	m.result, m.err = send.Result{}, nil
	m.group = nil
	m.heard, m.heardSet = nil, false
	m.attempts, m.progress = nil, nil
	m.refresh()
	m.vp.GotoTop()
}

// Update handles the spinner, progress reports, the cancel key and scrolling.
func (m Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if m.state != StateSending || msg.ID != m.spinner.ID() {
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		m.now = m.clock()
		m.refresh()
		return m, cmd
	case ProgressMsg:
		if m.state != StateSending || (msg.src != nil && msg.src != m.progress) {
			return m, nil
		}
		m.now = m.clock()
		a := msg.Attempt
		m.attempts = append(m.attempts, a)
		m.retryAt = time.Time{}
		if a.Retry != "" {
			m.retryAt = m.now.Add(a.Wait)
		}
		m.refresh()
		if msg.src != nil {
			return m, msg.src.Next()
		}
		return m, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, m.KeyMap.Cancel):
			m.cancelling = true
			m.refresh()
			return m, func() tea.Msg { return CancelMsg{} }
		case key.Matches(msg, m.KeyMap.Up):
			m.vp.ScrollUp(1)
		case key.Matches(msg, m.KeyMap.Down):
			m.vp.ScrollDown(1)
		case key.Matches(msg, m.KeyMap.PageUp):
			m.vp.PageUp()
		case key.Matches(msg, m.KeyMap.PageDown):
			m.vp.PageDown()
		case key.Matches(msg, m.KeyMap.Top):
			m.vp.GotoTop()
		case key.Matches(msg, m.KeyMap.Bottom):
			m.vp.GotoBottom()
		}
		return m, nil // scrolling moves the viewport only; the content stays
	case tea.MouseWheelMsg:
		m.vp, _ = m.vp.Update(msg)
		return m, nil
	}
	return m, nil
}

// refresh rebuilds the content for the current state and size and enables
// the keys that work now.
func (m *Model) refresh() {
	m.KeyMap.Cancel.SetEnabled(m.state == StateSending && !m.cancelling)
	// esc cancels only while the pane has the focus; ctrl+x from anywhere.
	if m.focused {
		m.KeyMap.Cancel.SetHelp("esc/ctrl+x", "cancel the send")
	} else {
		m.KeyMap.Cancel.SetHelp("ctrl+x", "cancel the send")
	}
	m.lines = m.content()
	h := m.height
	scroll := h > 1 && len(m.lines) > h
	if scroll {
		h--
	}
	m.vp.SetWidth(m.width)
	m.vp.SetHeight(h)
	m.vp.SetContentLines(m.lines)
	for _, b := range []*key.Binding{&m.KeyMap.Up, &m.KeyMap.Down, &m.KeyMap.PageUp, &m.KeyMap.PageDown, &m.KeyMap.Top, &m.KeyMap.Bottom} {
		b.SetEnabled(scroll)
	}
}

// View draws the pane: the visible part of the content and, when it is
// taller than the pane, a line saying how to scroll. The viewport keeps the
// scroll position; the lines are already wrapped to the width, so they are
// only padded here (cheaper than the viewport's own View).
func (m Model) View() string {
	if m.width <= 0 || m.height <= 0 {
		return ""
	}
	h := m.vp.Height()
	off := min(max(m.vp.YOffset(), 0), max(len(m.lines)-h, 0))
	var sb strings.Builder
	sb.Grow((m.width + 16) * m.height)
	for i := range h {
		if i > 0 {
			sb.WriteByte('\n')
		}
		l := ""
		if off+i < len(m.lines) {
			l = m.lines[off+i]
		}
		sb.WriteString(l)
		if w := ansi.StringWidth(l); w < m.width {
			sb.WriteString(strings.Repeat(" ", m.width-w))
		}
	}
	if m.height > 1 && len(m.lines) > m.height {
		pos := "↑↓ more"
		switch {
		case m.vp.AtTop():
			pos = "↓ more below"
		case m.vp.AtBottom():
			pos = "↑ more above"
		}
		sb.WriteByte('\n')
		how := "j/k scroll"
		if !m.focused {
			// j and k would go to the focused pane.
			how = "focus it to scroll"
			if m.FocusKey != "" {
				how = m.FocusKey + " to scroll"
			}
		}
		sb.WriteString(m.styles.Muted.Render(truncate("── "+pos+" · "+how, m.width)))
	}
	return sb.String()
}
