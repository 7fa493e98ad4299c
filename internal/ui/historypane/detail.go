package historypane

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// labelWidth is the width of the labels in the detail view.
const labelWidth = 14

// setDetailContent fills the viewport with the open record, wrapped to
// the pane's width. The viewport keeps the scroll position; View draws the
// visible slice of detailText itself, which costs far less per frame than
// the viewport's own padding of every line.
func (m *Model) setDetailContent() {
	m.detailText = detailLines(m.detailRec, m.styles, m.loc, m.width)
	m.vp.SetContentLines(m.detailText)
}

// visibleDetail returns the lines of the record in the viewport's window.
func (m *Model) visibleDetail() []string {
	y := m.vp.YOffset()
	if y >= len(m.detailText) {
		return nil
	}
	return m.detailText[y:min(y+m.vp.Height(), len(m.detailText))]
}

// scrollDetail scrolls the detail view by n lines (negative: up).
func (m *Model) scrollDetail(n int) {
	if n < 0 {
		m.vp.ScrollUp(-n)
	} else {
		m.vp.ScrollDown(n)
	}
}

// detailView returns the lines of the detail view: a title, the record
// (scrollable) and the footer.
func (m *Model) detailView() []string {
	lines := make([]string, 0, m.height)
	title := fmt.Sprintf("#%d", m.detailID)
	if r := m.detailRec; r != nil {
		title += " · " + clean(shortEvent(r.EventName)) + " · "
		title = m.styles.Section.Render(title) + m.styles.ForClass(r.StatusClass()).Render(statusLine(r))
	} else {
		title = m.styles.Section.Render(title)
	}
	lines = append(lines, truncate(title, m.width))
	if m.height == 1 {
		return lines
	}
	body := m.height - 1
	if m.height >= 3 {
		body--
	}
	switch {
	case m.detailErr != "":
		lines = append(lines, truncate(m.styles.Error.Render(clean(m.detailErr)), m.width))
	case m.detailRec == nil:
		lines = append(lines, m.styles.Muted.Render("loading…"))
	default:
		lines = append(lines, m.visibleDetail()...)
	}
	for len(lines) < 1+body {
		lines = append(lines, "")
	}
	lines = lines[:1+body]
	if m.height >= 3 {
		f := m.footer()
		if f == "" && m.detailRec != nil && m.vp.TotalLineCount() > m.vp.Height() {
			f = m.styles.Muted.Render(fmt.Sprintf("%3.0f%%  esc back", m.vp.ScrollPercent()*100))
		}
		lines = append(lines, truncate(f, m.width))
	}
	return lines
}

// statusLine is "202 Accepted", or what happened when the events API gave
// no response: cancelled, refused by the token endpoint, or no response.
func statusLine(r *history.Record) string {
	status := r.Status
	if status == 0 {
		switch r.StatusClass() {
		case history.ClassCancelled:
			return "cancelled"
		case history.ClassToken:
			return "token refused: the event was not sent"
		}
		return "no response"
	}
	if t := http.StatusText(status); t != "" {
		return fmt.Sprintf("%d %s", status, t)
	}
	return fmt.Sprint(status)
}

// detailLines renders a record for the detail view: where it went, the
// response, the findings at send time and the request.
func detailLines(r *history.Record, st *Styles, loc *time.Location, width int) []string {
	if r == nil {
		return nil
	}
	var out []string
	// labelled adds a labelled value, wrapped under itself.
	labelled := func(label, value string, vs lipgloss.Style) {
		if value == "" {
			return
		}
		value = clean(value)
		if w := width - labelWidth; w >= 10 {
			value = ansi.Wrap(value, w, "")
		}
		for i, l := range strings.Split(value, "\n") {
			if i > 0 {
				label = ""
			}
			out = append(out, st.Label.Render(fit(label, labelWidth))+vs.Render(l))
		}
	}
	field := func(label, value string) { labelled(label, value, st.Value) }
	section := func(title string) {
		if len(out) > 0 {
			out = append(out, "")
		}
		out = append(out, st.Section.Render(title))
	}

	section("Sent")
	field("event", r.EventName)
	field("when", r.SentAt.In(loc).Format("2006-01-02 15:04:05.000 MST"))
	profile := r.Profile
	if profile == "" {
		profile = "(none: sandbox or environment credentials)"
	}
	field("profile", profile)
	target := r.Target
	if r.Stage != "" {
		target += " · " + r.Stage
	}
	field("target", target)
	field("audience", r.Audience)
	field("referenceId", r.ReferenceID)
	if r.OriginID != 0 {
		field("resend of", fmt.Sprintf("#%d", r.OriginID))
	}

	section("Response")
	labelled("status", statusLine(r), st.ForClass(r.StatusClass()))
	field("meaning", alexa.Explain(r.Status, r.Message))
	field("message", r.Message)
	field("request id", r.RequestID)
	attempts := "1 attempt"
	if r.Attempts != 1 {
		attempts = fmt.Sprintf("%d attempts", r.Attempts)
	}
	field("latency", fmt.Sprintf("%s · %s", alexa.FormatDuration(r.Latency), attempts))
	labelled("network error", r.NetworkErr, st.Error)
	if len(r.Headers) > 0 {
		names := make([]string, 0, len(r.Headers))
		for n := range r.Headers {
			names = append(names, n)
		}
		sort.Strings(names)
		for i, n := range names {
			label := ""
			if i == 0 {
				label = "headers"
			}
			field(label, n+": "+strings.Join(r.Headers[n], ", "))
		}
	}
	if len(r.Body) > 0 {
		out = append(out, st.Label.Render("body"))
		out = append(out, wrapLines(indentLines(prettyJSON(r.Body), "  "), width)...)
	}

	section("Findings at send time")
	if len(r.Findings) == 0 {
		out = append(out, st.Muted.Render("none"))
	}
	for _, f := range r.Findings {
		mark, s := "ℹ", st.Info
		switch f.Severity {
		case schemas.SeverityError:
			mark, s = "✗", st.Error
		case schemas.SeverityWarning:
			mark, s = "⚠", st.Warning
		}
		line := s.Render(mark+" "+clean(f.Code)) + " " + st.Label.Render(clean(f.Path)) + " " + st.Value.Render(clean(f.Message))
		out = append(out, line)
	}

	section("Request")
	out = append(out, wrapLines(prettyJSON(r.Request), width)...)
	return wrapLines(out, width)
}

// prettyJSON indents a JSON body; a body that is not JSON is shown as text.
func prettyJSON(b []byte) []string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, b, "", "  "); err == nil {
		return cleanLines(buf.String())
	}
	return cleanLines(string(b))
}

// wrapLines wraps lines longer than width (cells), so that every line
// fits the pane.
func wrapLines(lines []string, w int) []string {
	if w <= 0 {
		return lines
	}
	out := lines[:0:0]
	for _, l := range lines {
		if width(l) <= w {
			out = append(out, l)
			continue
		}
		out = append(out, strings.Split(ansi.Wrap(l, w, ""), "\n")...)
	}
	return out
}

// indentLines prefixes every line.
func indentLines(lines []string, prefix string) []string {
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return lines
}
