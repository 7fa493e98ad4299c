package historypane

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// Styles holds the styles of the history pane by meaning. The status of a
// row is always written out ("202", "net"), so colour is never the only
// carrier of state and PlainStyles works under NO_COLOR.
type Styles struct {
	Row      lipgloss.Style // an ordinary row
	Selected lipgloss.Style // the row under the cursor
	Header   lipgloss.Style // the column titles
	Muted    lipgloss.Style // hints, placeholders, the position counter
	Filter   lipgloss.Style // the applied filter text when not editing
	Notice   lipgloss.Style // "1 new — press g to go to top"
	Confirm  lipgloss.Style // "Delete #42? y/n"
	Error    lipgloss.Style // store errors and filter mistakes

	Status2xx     lipgloss.Style // accepted
	Status4xx     lipgloss.Style // rejected by the service (client error)
	Status5xx     lipgloss.Style // server error
	StatusNetwork lipgloss.Style // no response arrived
	StatusOther   lipgloss.Style // anything else (1xx, 3xx)

	Section lipgloss.Style // section titles of the detail view
	Label   lipgloss.Style // labels of the detail view ("request id")
	Value   lipgloss.Style // values of the detail view
	Warning lipgloss.Style // warning findings
	Info    lipgloss.Style // info findings

	Input textinput.Styles // the filter input
}

// DefaultStyles returns coloured styles for a dark or light terminal background.
func DefaultStyles(isDark bool) Styles {
	p := kit.NewPalette(isDark)
	fg, muted, accent := p.Fg, p.Muted, p.Accent
	green, orange, red, yellow, blue := p.OK, p.Orange, p.Err, p.Warn, p.Info
	magenta, grey := p.Network, p.Other
	n := lipgloss.NewStyle()
	return Styles{
		Row:      n.Foreground(fg),
		Selected: n.Foreground(accent).Bold(true),
		Header:   n.Foreground(muted).Bold(true),
		Muted:    n.Foreground(muted),
		Filter:   n.Foreground(accent),
		Notice:   n.Foreground(blue).Bold(true),
		Confirm:  n.Foreground(red).Bold(true),
		Error:    n.Foreground(red),

		Status2xx:     n.Foreground(green),
		Status4xx:     n.Foreground(orange),
		Status5xx:     n.Foreground(red).Bold(true),
		StatusNetwork: n.Foreground(magenta),
		StatusOther:   n.Foreground(grey),

		Section: n.Foreground(accent).Bold(true),
		Label:   n.Foreground(muted),
		Value:   n.Foreground(fg),
		Warning: n.Foreground(yellow),
		Info:    n.Foreground(blue),

		Input: kit.Input(isDark),
	}
}

// PlainStyles returns styles without colour (NO_COLOR): the selected row is
// in reverse video, errors and 5xx in bold, 4xx underlined.
func PlainStyles() Styles {
	n := lipgloss.NewStyle()
	in := kit.PlainInput()
	return Styles{
		Row:           n,
		Selected:      n.Reverse(true),
		Header:        n.Bold(true),
		Muted:         n.Faint(true),
		Filter:        n.Underline(true),
		Notice:        n.Bold(true),
		Confirm:       n.Bold(true).Reverse(true),
		Error:         n.Bold(true),
		Status2xx:     n,
		Status4xx:     n.Underline(true),
		Status5xx:     n.Bold(true),
		StatusNetwork: n.Italic(true),
		StatusOther:   n.Faint(true),
		Section:       n.Bold(true).Underline(true),
		Label:         n.Faint(true),
		Value:         n,
		Warning:       n.Underline(true),
		Info:          n,
		Input:         in,
	}
}

// ForClass returns the style of a status class as history's StatusClass
// names it: "2xx", "4xx", "5xx", "network" or anything else.
func (s *Styles) ForClass(class string) lipgloss.Style {
	switch class {
	case "2xx":
		return s.Status2xx
	case "4xx":
		return s.Status4xx
	case "5xx":
		return s.Status5xx
	case history.ClassNetwork, history.ClassCancelled:
		return s.StatusNetwork
	case history.ClassToken:
		return s.Status4xx
	}
	return s.StatusOther
}
