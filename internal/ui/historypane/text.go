package historypane

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

// clean makes text from a record safe to draw on one line: termtext.Clean
// shows controls, bidi overrides and invalid UTF-8 as visible escapes, and
// tabs and line breaks become spaces. Text without them is returned as is,
// without copying.
func clean(s string) string {
	s = termtext.Clean(s)
	if strings.ContainsAny(s, "\t\n") {
		return strings.NewReplacer("\t", " ", "\n", " ").Replace(s)
	}
	return s
}

// cleanLines splits text into lines and cleans each one.
func cleanLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n") // a CRLF ends a line; a lone CR is shown escaped
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		lines[i] = clean(strings.ReplaceAll(l, "\t", "    "))
	}
	return lines
}

// fit truncates s (already clean) to w cells with an ellipsis and pads it
// with spaces to exactly w cells.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		s = ansi.Truncate(s, w, "…")
		sw = width(s)
	}
	if sw < w {
		s += strings.Repeat(" ", w-sw)
	}
	return s
}

// fitRight is fit with the text aligned to the right.
func fitRight(s string, w int) string {
	if w <= 0 {
		return ""
	}
	sw := width(s)
	if sw > w {
		return ansi.Truncate(s, w, "…")
	}
	return strings.Repeat(" ", w-sw) + s
}

// width returns the cells s takes; plain ASCII is measured by its length.
func width(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 || s[i] == 0x1b {
			return ansi.StringWidth(s)
		}
	}
	return len(s)
}

// truncate cuts a (possibly styled) line to w cells.
func truncate(s string, w int) string {
	if width(s) <= w {
		return s
	}
	return ansi.Truncate(s, max(w, 0), "…")
}

// itoa formats an id.
func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// group formats n with thousands separators: 10000 → "10,000".
func group(n int) string {
	s := strconv.Itoa(n)
	if n < 0 || len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// shortEvent returns the schema's short name for an event name
// ("AMAZON.WeatherAlert.Activated" → "WeatherAlert"), or the name without
// its "AMAZON." prefix for events outside the catalog.
func shortEvent(name string) string {
	for _, s := range schemas.All() {
		if s.Name == name {
			return s.Short
		}
	}
	return strings.TrimPrefix(name, "AMAZON.")
}

// statusText is the status cell of a row: the code, or when no response
// arrived its outcome class: "cancel", "token" (the token step was
// refused) or "net".
func statusText(r *history.Summary) string {
	if r.Status != 0 {
		return strconv.Itoa(r.Status)
	}
	switch r.StatusClass() {
	case history.ClassCancelled:
		return "cancel"
	case history.ClassToken:
		return "token"
	}
	return "net"
}

// shortTime formats a send time for a column of w cells, in loc: the time
// of day for today, else the date and time this year, else the date.
func shortTime(t, now time.Time, loc *time.Location, w int) string {
	t, now = t.In(loc), now.In(loc)
	ty, tm, td := t.Date()
	ny, nm, nd := now.Date()
	switch {
	case ty == ny && tm == nm && td == nd:
		return t.Format("15:04:05")
	case w >= 12 && ty == ny:
		return t.Format("Jan 02 15:04")
	case w >= 10:
		return t.Format("2006-01-02")
	case ty == ny:
		return t.Format("Jan 02")
	}
	return t.Format("06-01-02")
}
