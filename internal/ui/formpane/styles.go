package formpane

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// Styles holds the styles of the form by meaning. State is never told by
// colour alone: markers (›, ✓, ✗, ⚠, [x]) carry it too, so PlainStyles works
// under NO_COLOR.
type Styles struct {
	Section      lipgloss.Style // section titles: Envelope, Payload, Locales
	Label        lipgloss.Style // field labels
	LabelFocused lipgloss.Style // the focused row's label
	Marker       lipgloss.Style // the "›" before the focused row
	Value        lipgloss.Style // field values
	Placeholder  lipgloss.Style // empty values, "(none)", "(absent)"
	Hint         lipgloss.Style // parsed-time echoes, descriptions, key hints
	OK           lipgloss.Style // expiry in window, present keys
	Warning      lipgloss.Style // warnings (⚠)
	Error        lipgloss.Style // errors (✗), expiry out of window, unreadable input
	Info         lipgloss.Style // info findings (ℹ)
	Option       lipgloss.Style // a picker option
	OptionCursor lipgloss.Style // the picker option under the cursor
	Input        textinput.Styles
}

// DefaultStyles returns coloured styles for a dark or light terminal background.
func DefaultStyles(isDark bool) Styles {
	p := kit.NewPalette(isDark)
	accent, muted, fg := p.Accent, p.Muted, p.Fg
	n := lipgloss.NewStyle()
	return Styles{
		Section:      n.Foreground(accent).Bold(true),
		Label:        n.Foreground(muted),
		LabelFocused: n.Foreground(fg).Bold(true),
		Marker:       n.Foreground(accent).Bold(true),
		Value:        n.Foreground(fg),
		Placeholder:  n.Foreground(muted).Italic(true),
		Hint:         n.Foreground(muted),
		OK:           n.Foreground(p.OK),
		Warning:      n.Foreground(p.Warn),
		Error:        n.Foreground(p.Err).Bold(true),
		Info:         n.Foreground(p.Info),
		Option:       n.Foreground(fg),
		OptionCursor: n.Foreground(accent).Bold(true),
		Input:        kit.Input(isDark),
	}
}

// PlainStyles returns styles without colour (NO_COLOR): focus and selection
// use bold and reverse video, errors bold, warnings underline.
func PlainStyles() Styles {
	n := lipgloss.NewStyle()
	in := kit.PlainInput()
	return Styles{
		Section:      n.Bold(true).Underline(true),
		Label:        n,
		LabelFocused: n.Bold(true),
		Marker:       n.Bold(true),
		Value:        n,
		Placeholder:  n.Faint(true),
		Hint:         n.Faint(true),
		OK:           n,
		Warning:      n.Underline(true),
		Error:        n.Bold(true),
		Info:         n,
		Option:       n,
		OptionCursor: n.Reverse(true),
		Input:        in,
	}
}
