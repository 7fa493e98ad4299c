package dialogs

import (
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// Styles holds every style the dialogs draw with, by meaning rather than by
// colour. State is never told by colour alone: markers (›, ✓, ✗, ⚠, "LIVE")
// carry it too, so PlainStyles works under NO_COLOR. Build it with
// DefaultStyles (a light or dark background) or PlainStyles, and rebuild it
// on tea.BackgroundColorMsg.
type Styles struct {
	Box          lipgloss.Style // the dialog frame: border and padding
	Title        lipgloss.Style // the dialog title
	Text         lipgloss.Style // body text
	Muted        lipgloss.Style // hints, descriptions, secondary columns
	Label        lipgloss.Style // a field label
	LabelFocused lipgloss.Style // the label of the focused field
	Marker       lipgloss.Style // the "›" before the focused field or row
	Selected     lipgloss.Style // the row under the cursor
	Current      lipgloss.Style // the "current" / "in use" / "default" tags
	Live         lipgloss.Style // live targets and stages: real customers (warning colour)
	OK           lipgloss.Style // success: saved, secret present
	Warn         lipgloss.Style // caution that is not an error
	Err          lipgloss.Style // errors: validation, keyring, config
	Button       lipgloss.Style // a button that is not selected
	ButtonActive lipgloss.Style // the selected button
	Spinner      lipgloss.Style // the spinner while a command runs
	Input        textinput.Styles
}

// DefaultStyles returns coloured styles for a dark or light terminal background.
func DefaultStyles(isDark bool) Styles {
	p := kit.NewPalette(isDark)
	fg, muted, accent, accentFg := p.Fg, p.Muted, p.Accent, p.AccentFg
	ok, warn, bad := p.OK, p.Warn, p.Err
	n := lipgloss.NewStyle()
	return Styles{
		Box:          n.Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		Title:        n.Foreground(accent).Bold(true),
		Text:         n.Foreground(fg),
		Muted:        n.Foreground(muted),
		Label:        n.Foreground(muted),
		LabelFocused: n.Foreground(fg).Bold(true),
		Marker:       n.Foreground(accent).Bold(true),
		Selected:     n.Foreground(accent).Bold(true),
		Current:      n.Foreground(ok),
		Live:         n.Foreground(warn).Bold(true),
		OK:           n.Foreground(ok),
		Warn:         n.Foreground(warn),
		Err:          n.Foreground(bad).Bold(true),
		Button:       n.Foreground(muted).Padding(0, 1),
		ButtonActive: n.Background(accent).Foreground(accentFg).Bold(true).Padding(0, 1),
		Spinner:      n.Foreground(accent),
		Input:        kit.Input(isDark),
	}
}

// PlainStyles returns styles without colour (NO_COLOR): selection and focus
// use bold and reverse video, errors bold, warnings and live targets underline.
func PlainStyles() Styles {
	n := lipgloss.NewStyle()
	s := Styles{
		Box:          n.Border(lipgloss.NormalBorder()).Padding(0, 1),
		Title:        n.Bold(true),
		Text:         n,
		Muted:        n.Faint(true),
		Label:        n,
		LabelFocused: n.Bold(true),
		Marker:       n.Bold(true),
		Selected:     n.Reverse(true),
		Current:      n.Bold(true),
		Live:         n.Bold(true).Underline(true),
		OK:           n,
		Warn:         n.Underline(true),
		Err:          n.Bold(true),
		Button:       n.Padding(0, 1),
		ButtonActive: n.Reverse(true).Bold(true).Padding(0, 1),
		Spinner:      n,
		Input:        textinput.DefaultStyles(true),
	}
	s.Input.Focused = textinput.StyleState{Text: n, Placeholder: n.Faint(true), Suggestion: n.Faint(true), Prompt: n.Bold(true)}
	s.Input.Blurred = textinput.StyleState{Text: n, Placeholder: n.Faint(true), Suggestion: n.Faint(true), Prompt: n}
	s.Input.Cursor.Color = nil
	s.Input.Cursor.Blink = false
	return s
}
