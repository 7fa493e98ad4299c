package response

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// labelWidth is the width of the label column of the facts.
const labelWidth = 12

// content builds the pane's lines for the current state, wrapped to the width.
func (m Model) content() []string {
	w := m.width
	if w <= 0 {
		w = 80
	}
	if m.group != nil {
		return m.groupLines(w)
	}
	switch m.state {
	case StateSending:
		return m.sendingLines(w)
	case StateResult:
		return m.resultLines(w)
	case StateError:
		return m.errorLines(w)
	}
	return styled(wrap("Nothing sent yet. The answer of the next send appears here.", w), m.styles.Muted.Render)
}

// targetText names the target and gives its style: Live for the live stage.
func (m Model) targetText() (string, lipgloss.Style) {
	label, live := dialogs.TargetLabel(m.target)
	if live {
		return label, m.styles.Live
	}
	return label, m.styles.Value
}

func (m Model) sendingLines(w int) []string {
	st := m.styles
	elapsed := m.now.Sub(m.started)
	label, tstyle := m.targetText()
	head := m.spinner.View() + st.Text.Render("Sending to ") + tstyle.Render(label) + st.Muted.Render(" · "+alexa.FormatDuration(elapsed))
	lines := []string{truncate(head, w)}
	var status string
	switch {
	case m.cancelling:
		lines = append(lines, styled(wrap("Cancelling… the send stops at its next step.", w), st.Warn.Render)...)
	case len(m.attempts) == 0:
		status = "Fetching the access token and making the first attempt…"
	default:
		last := m.attempts[len(m.attempts)-1]
		switch {
		case last.Retry != "":
			next := fmt.Sprintf("attempt %d/%d", last.Number+1, last.Of)
			if left := m.retryAt.Sub(m.now); left > 0 {
				status = next + " — retrying in " + ceilSeconds(left) + " (" + last.Retry + ")"
			} else {
				status = next + " — sending… (" + last.Retry + ")"
			}
		default:
			status = fmt.Sprintf("attempt %d/%d answered — recording the send…", last.Number, last.Of)
		}
	}
	if status != "" {
		lines = append(lines, styled(wrap(status, w), st.Text.Render)...)
	}
	if len(m.attempts) > 0 {
		lines = append(lines, "")
		for _, a := range m.attempts {
			lines = append(lines, styled(wrap("  "+a.String(), w), st.Muted.Render)...)
		}
	}
	if m.KeyMap.Cancel.Enabled() {
		lines = append(lines, "", st.Muted.Render(truncate(m.KeyMap.Cancel.Help().Key+" cancels the send", w)))
	}
	return lines
}

func (m Model) resultLines(w int) []string {
	st := m.styles
	resp := m.result.Response
	var lines []string

	style, glyph := st.Err, "✗"
	switch {
	case resp.OK():
		style, glyph = st.OK, "✓"
	case resp.Status == http.StatusTooManyRequests:
		style, glyph = st.Warn, "⚠"
	}
	head := glyph + " " + strconv.Itoa(resp.Status)
	if r := statusReason(resp); r != "" {
		head += " " + r
	}
	lines = append(lines, style.Render(truncate(head, w)))
	// A refusal shows the service's own words first, where the pane opens,
	// and the general explanation after them.
	messageFirst := !resp.OK() && resp.Message != ""
	if messageFirst {
		lines = append(lines, m.messageLines(w)...)
	}
	lines = append(lines, styled(wrap(resp.Explanation, w), st.Text.Render)...)
	lines = append(lines, "")

	label, tstyle := m.targetText()
	lines = append(lines, m.fact(w, "Target", label, tstyle)...)
	if resp.URL != "" {
		lines = append(lines, m.fact(w, "URL", resp.URL, st.Value)...)
	}
	if resp.RequestID != "" {
		lines = append(lines, m.fact(w, "Request id", resp.RequestID, st.Value)...)
	} else {
		lines = append(lines, m.fact(w, "Request id", "none in the answer", st.Muted)...)
	}
	lat := alexa.FormatDuration(resp.Latency)
	if resp.Elapsed > resp.Latency {
		lat += " (whole send " + alexa.FormatDuration(resp.Elapsed) + ", token and retries included)"
	}
	lines = append(lines, m.fact(w, "Latency", lat, st.Value)...)
	lines = append(lines, m.fact(w, "Attempts", strconv.Itoa(len(resp.Attempts)), st.Value)...)
	if m.result.RecordID != 0 {
		lines = append(lines, m.fact(w, "History", "recorded as #"+strconv.FormatInt(m.result.RecordID, 10), st.Value)...)
	}
	lines = append(lines, m.warnings(w)...)

	if resp.Message != "" && !messageFirst {
		lines = append(lines, "")
		lines = append(lines, m.messageLines(w)...)
	}
	if len(resp.Attempts) > 1 {
		lines = append(lines, m.attemptLines(w, resp.Attempts)...)
	}
	if resp.OK() && m.target.IsAmazon() {
		lines = append(lines, "", st.Heading.Render(truncate("Why a device might still stay silent", w)))
		for _, item := range m.checklist() {
			lines = append(lines, styled(wrap("  • "+item, w), st.Text.Render)...)
		}
		if hint := m.markHint(); hint != "" {
			lines = append(lines, "")
			lines = append(lines, styled(wrap(hint, w), st.Text.Render)...)
		}
	}
	if resp.OK() && m.target.IsSandbox() && m.heardSet {
		lines = append(lines, m.heardLines(w)...)
	}
	return lines
}

// messageLines is the service's message under its heading.
func (m Model) messageLines(w int) []string {
	st := m.styles
	lines := []string{st.Heading.Render(truncate(m.messageHeading(), w))}
	return append(lines, styled(wrap(indent(m.result.Response.Message, "  "), w), st.Message.Render)...)
}

// statusReason is the reason phrase: the error body's type, else the HTTP text.
func statusReason(resp *alexa.Response) string {
	if !resp.OK() && resp.Type != "" {
		if _, err := strconv.Atoi(resp.Type); err != nil {
			return resp.Type
		}
	}
	if t := http.StatusText(resp.Status); t != "" {
		return t
	}
	if resp.Status == 432 {
		return "Notification Limit Exceeded"
	}
	return ""
}

// messageHeading names whose message it is.
func (m Model) messageHeading() string {
	switch {
	case m.target.IsAmazon():
		return "Amazon's message"
	case m.target.IsSandbox():
		return "The sandbox's message"
	}
	return "The service's message"
}

// heardLines lists what each sandbox user heard.
func (m Model) heardLines(w int) []string {
	st := m.styles
	lines := []string{"", st.Heading.Render(truncate("What the sandbox users heard", w))}
	if len(m.heard) == 0 {
		stage := string(m.target.Stage)
		if stage == "" {
			stage = string(alexa.StageDevelopment)
		}
		return append(lines, styled(wrap("  Nobody: no sandbox user is subscribed to this event on the "+stage+" stage.", w), st.Muted.Render)...)
	}
	for _, n := range m.heard {
		who := n.UserID
		if n.Locale != "" {
			who += " (" + n.Locale + ")"
		}
		lines = append(lines, styled(wrap("  • "+who+":", w), st.Muted.Render)...)
		lines = append(lines, styled(wrap(indent("“"+n.Text+"”", "    "), w), st.Sentence.Render)...)
	}
	return lines
}

// attemptLines lists every attempt.
func (m Model) attemptLines(w int, attempts []alexa.Attempt) []string {
	lines := []string{"", m.styles.Heading.Render(truncate("Attempts", w))}
	for _, a := range attempts {
		lines = append(lines, styled(wrap("  "+a.String(), w), m.styles.Muted.Render)...)
	}
	return lines
}

// warnings lists the caveats of a send: forced past errors, not recorded.
func (m Model) warnings(w int) []string {
	st := m.styles
	var lines []string
	if n := countErrors(m.result.Findings); n > 0 && m.state == StateResult {
		noun := "errors"
		if n == 1 {
			noun = "error"
		}
		lines = append(lines, styled(wrap(fmt.Sprintf("⚠ Sent anyway with %d validation %s.", n, noun), w), st.Warn.Render)...)
	}
	if m.result.RecordErr != nil {
		lines = append(lines, styled(wrap("⚠ "+capitalize(m.result.RecordErr.Error()), w), st.Warn.Render)...)
	}
	if len(lines) > 0 {
		lines = append([]string{""}, lines...)
	}
	return lines
}

// fact is one "Label      value" row; the value wraps under itself.
func (m Model) fact(w int, label, value string, style lipgloss.Style) []string {
	vw := max(w-labelWidth, 8)
	parts := styled(wrap(value, vw), style.Render)
	pad := strings.Repeat(" ", labelWidth)
	out := make([]string, len(parts))
	for i, p := range parts {
		if i == 0 {
			out[i] = m.styles.Label.Render(padRight(label, labelWidth)) + p
		} else {
			out[i] = pad + p
		}
	}
	return out
}

// problem is an error in plain words.
type problem struct {
	title     string   // "Not sent: …", "No response", "Cancelled"
	cancelled bool     // the user cancelled: a warning, not an error
	text      []string // paragraphs
	items     []string // findings
}

// describe turns a send error into plain words and what to do.
func describe(err error) problem {
	var (
		rej *send.RejectedError
		te  *alexa.TokenError
		ne  *alexa.NetworkError
	)
	switch {
	case err == nil:
		return problem{title: "Not sent", text: []string{"The send ended without an answer and without an error."}}
	case errors.As(err, &rej):
		if rej.Syntax != nil {
			return problem{title: "Not sent: the body is not valid JSON", text: []string{rej.Syntax.Error() + ".", "Fix the JSON, then send again."}}
		}
		items := rej.Lines()
		return problem{title: fmt.Sprintf("Not sent: %d validation %s", len(items), send.ErrorNoun(len(items))), items: items,
			text: []string{"Nothing was sent. Fix the findings in the form, or send anyway when asked (to test how the service rejects it)."}}
	case errors.As(err, &te):
		switch te.Kind {
		case alexa.TokenCanceled:
			return problem{title: "Cancelled", cancelled: true, text: []string{"The send was cancelled while fetching the access token; nothing was sent."}}
		case alexa.TokenUnreachable:
			return problem{title: "Not sent: the token endpoint could not be reached", text: []string{capitalize(err.Error()) + "."}}
		}
		return problem{title: "Not sent: no access token", text: []string{capitalize(err.Error()) + "."}}
	case errors.As(err, &ne):
		switch {
		case ne.Canceled:
			return problem{title: "Cancelled", cancelled: true, text: []string{"The send was cancelled before an answer arrived. The event may still have reached the service; the attempt is recorded in history."}}
		case ne.Timeout:
			return problem{title: "No response in time", text: []string{capitalize(err.Error()) + "."}}
		}
		return problem{title: "No response", text: []string{capitalize(err.Error()) + "."}}
	case errors.Is(err, credentials.ErrNoCredentials):
		return problem{title: "Not sent: no credentials", text: []string{capitalize(err.Error()) + ".",
			"In the profile list, press n to add a profile, or send to the sandbox, which needs none."}}
	case errors.Is(err, credentials.ErrSecretNotFound):
		return problem{title: "Not sent: the profile's client secret is not in the OS keyring", text: []string{capitalize(err.Error()) + ".",
			"In the profile list, press e on the profile to enter its secret again."}}
	case errors.Is(err, credentials.ErrKeyringUnavailable), errors.Is(err, credentials.ErrKeyringTimeout):
		return problem{title: "Not sent: the client secret could not be read from the OS keyring", text: []string{capitalize(err.Error())}}
	case errors.Is(err, credentials.ErrProfileNotFound):
		return problem{title: "Not sent: the profile does not exist", text: []string{capitalize(err.Error()) + ".", "Pick another profile in the profile list."}}
	case errors.Is(err, context.Canceled):
		return problem{title: "Cancelled", cancelled: true, text: []string{"The send was cancelled."}}
	case errors.Is(err, context.DeadlineExceeded):
		return problem{title: "No response in time", text: []string{"The send took too long and was stopped; try again or check the target."}}
	}
	return problem{title: "Not sent", text: []string{capitalize(err.Error())}}
}

func (m Model) errorLines(w int) []string {
	st := m.styles
	p := describe(m.err)
	head := "✗ " + p.title
	style := st.Err
	if p.cancelled {
		head, style = "⚠ "+p.title, st.Warn
	}
	lines := styled(wrap(head, w), style.Render)
	for _, t := range p.text {
		lines = append(lines, styled(wrap(t, w), st.Text.Render)...)
	}
	if len(p.items) > 0 {
		lines = append(lines, "")
		for _, it := range p.items {
			lines = append(lines, styled(wrap("  ✗ "+it, w), st.Err.Render)...)
		}
	}
	if m.target.Name != "" {
		label, tstyle := m.targetText()
		lines = append(lines, "")
		lines = append(lines, m.fact(w, "Target", label, tstyle)...)
	}
	if resp := m.result.Response; resp != nil {
		if resp.Elapsed > 0 {
			lines = append(lines, m.fact(w, "Elapsed", alexa.FormatDuration(resp.Elapsed), st.Value)...)
		}
		if len(resp.Attempts) > 0 {
			lines = append(lines, m.attemptLines(w, resp.Attempts)...)
		}
	}
	return append(lines, m.warnings(w)...)
}

func countErrors(fs []schemas.Finding) int {
	n := 0
	for _, f := range fs {
		if f.Severity == schemas.SeverityError {
			n++
		}
	}
	return n
}

// ceilSeconds rounds d up to whole seconds: 1.2s → "2s".
func ceilSeconds(d time.Duration) string {
	return strconv.Itoa(int((d+time.Second-1)/time.Second)) + "s"
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// indent prefixes every line of s.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// styled applies render to each line.
func styled(lines []string, render func(...string) string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		if l == "" {
			continue
		}
		out[i] = render(l)
	}
	return out
}

// truncate shortens s (which may be styled) to w cells.
func truncate(s string, w int) string { return ansi.Truncate(s, max(w, 1), "…") }

// padRight pads s with spaces to n cells.
func padRight(s string, n int) string {
	if w := ansi.StringWidth(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s + " "
}

// wrap is kit.Wrap of s made safe: every text the pane shows passes here,
// so control sequences from a server, a file or the sandbox are made
// visible (termtext.Clean) before they reach the terminal.
func wrap(s string, w int) []string { return kit.Wrap(termtext.Clean(s), w) }
