package ui

import (
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/formpane"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
	"github.com/pe-tui/pe-tui/internal/ui/response"
)

// Styles holds every style the UI draws with, by meaning rather than by
// colour. Build it with NewStyles (colours for a light or dark background) or
// PlainStyles (NO_COLOR: bold, reverse and underline only). The root model
// rebuilds it on tea.BackgroundColorMsg and passes it to the panes by pointer.
type Styles struct {
	NoColor bool // true for PlainStyles: state must not be told by colour alone

	Header      lipgloss.Style // the top bar
	HeaderTitle lipgloss.Style // "pe-tui" in the top bar
	HeaderMuted lipgloss.Style // secondary text in the top bar

	Frame kit.PaneStyles // pane frames: border and title, focused and blurred

	Muted    lipgloss.Style // hints and secondary text
	Selected lipgloss.Style // the highlighted list row
	Match    lipgloss.Style // the filter text in the picker
	Name     lipgloss.Style // schema short names
	Template lipgloss.Style // sentence templates

	Sentence     lipgloss.Style // the preview sentence
	Flag         lipgloss.Style // "approximate", "fallback" tags
	PreviewError lipgloss.Style // why no sentence could be rendered
	Rule         lipgloss.Style // section rules inside panes

	JSONKey    lipgloss.Style
	JSONString lipgloss.Style
	JSONNumber lipgloss.Style
	JSONLit    lipgloss.Style // true, false, null
	JSONPunct  lipgloss.Style

	Status    lipgloss.Style // the status line
	StatusKey lipgloss.Style // "profile", "target" labels
	OK        lipgloss.Style // expiry in window, "no findings", success messages
	Warn      lipgloss.Style // warning counts
	Err       lipgloss.Style // error counts, expiry out of window, errors
	Live      lipgloss.Style // a live target in the status line (warning colour; LIVE says it without colour)

	Help     help.Styles        // the key hint line and the full help
	Input    textinput.Styles   // the schema filter's text input
	Form     formpane.Styles    // the embedded form pane
	Response response.Styles    // the response pane
	History  historypane.Styles // the history pane
	Dialogs  dialogs.Styles     // the dialogs of internal/ui/dialogs
}

// NewStyles returns the coloured styles for a dark or light terminal background.
func NewStyles(isDark bool) *Styles {
	p := kit.NewPalette(isDark)
	s := &Styles{}
	s.Header = lipgloss.NewStyle().Background(p.BarBg).Foreground(p.BarFg)
	s.HeaderTitle = lipgloss.NewStyle().Background(p.Accent).Foreground(p.AccentFg).Bold(true)
	s.HeaderMuted = lipgloss.NewStyle().Background(p.BarBg).Foreground(p.Muted)

	s.Frame = kit.PaneStyles{
		BorderFocused: lipgloss.NewStyle().Foreground(p.Accent),
		BorderBlurred: lipgloss.NewStyle().Foreground(p.Border),
		TitleFocused:  lipgloss.NewStyle().Foreground(p.Accent).Bold(true),
		TitleBlurred:  lipgloss.NewStyle().Foreground(p.Muted),
	}

	s.Muted = lipgloss.NewStyle().Foreground(p.Muted)
	s.Selected = lipgloss.NewStyle().Foreground(p.Accent).Bold(true)
	s.Match = lipgloss.NewStyle().Foreground(p.Accent).Underline(true)
	s.Name = lipgloss.NewStyle().Foreground(p.Fg).Bold(true)
	s.Template = lipgloss.NewStyle().Foreground(p.Muted).Italic(true)

	s.Sentence = lipgloss.NewStyle().Foreground(p.Fg).Bold(true)
	s.Flag = lipgloss.NewStyle().Foreground(p.Warn)
	s.PreviewError = lipgloss.NewStyle().Foreground(p.Err)
	s.Rule = lipgloss.NewStyle().Foreground(p.Faint)

	s.JSONKey = lipgloss.NewStyle().Foreground(p.Key)
	s.JSONString = lipgloss.NewStyle().Foreground(p.Str)
	s.JSONNumber = lipgloss.NewStyle().Foreground(p.Num)
	s.JSONLit = lipgloss.NewStyle().Foreground(p.Lit)
	s.JSONPunct = lipgloss.NewStyle().Foreground(p.Punct)

	s.Status = lipgloss.NewStyle().Foreground(p.Fg)
	s.StatusKey = lipgloss.NewStyle().Foreground(p.Muted)
	s.OK = lipgloss.NewStyle().Foreground(p.OK)
	s.Warn = lipgloss.NewStyle().Foreground(p.Warn)
	s.Err = lipgloss.NewStyle().Foreground(p.Err).Bold(true)
	s.Live = lipgloss.NewStyle().Foreground(p.Warn).Bold(true).Reverse(true)

	s.Help = help.DefaultStyles(isDark)
	s.Input = kit.Input(isDark)
	s.Form = formpane.DefaultStyles(isDark)
	s.Response = response.DefaultStyles(isDark)
	s.History = historypane.DefaultStyles(isDark)
	s.Dialogs = dialogs.DefaultStyles(isDark)
	return s
}

// PlainStyles returns styles without colour for NO_COLOR: focus, selection
// and severity are shown with bold, reverse video and underline instead.
func PlainStyles() *Styles {
	n := lipgloss.NewStyle()
	s := &Styles{NoColor: true}
	s.Header = n.Reverse(true)
	s.HeaderTitle = n.Reverse(true).Bold(true)
	s.HeaderMuted = n.Reverse(true)
	s.Frame = kit.PaneStyles{BorderFocused: n.Bold(true), BorderBlurred: n.Faint(true), TitleFocused: n.Bold(true).Reverse(true), TitleBlurred: n}
	s.Muted = n.Faint(true)
	s.Selected = n.Reverse(true)
	s.Match = n.Underline(true)
	s.Name = n.Bold(true)
	s.Template = n.Italic(true)
	s.Sentence = n.Bold(true)
	s.Flag = n.Underline(true)
	s.PreviewError = n.Bold(true)
	s.Rule = n.Faint(true)
	s.JSONKey, s.JSONString, s.JSONNumber, s.JSONLit = n, n, n, n
	s.JSONPunct = n.Faint(true)
	s.Status = n
	s.StatusKey = n.Faint(true)
	s.OK = n
	s.Warn = n.Underline(true)
	s.Err = n.Bold(true)
	s.Live = n.Bold(true).Underline(true)
	s.Help = help.Styles{
		Ellipsis:       n.Faint(true),
		ShortKey:       n.Bold(true),
		ShortDesc:      n,
		ShortSeparator: n.Faint(true),
		FullKey:        n.Bold(true),
		FullDesc:       n,
		FullSeparator:  n.Faint(true),
	}
	s.Input = kit.PlainInput()
	s.Form = formpane.PlainStyles()
	s.Response = response.PlainStyles()
	s.History = historypane.PlainStyles()
	s.Dialogs = dialogs.PlainStyles()
	return s
}
