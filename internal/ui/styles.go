package ui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/lipgloss/v2"

	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/formpane"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
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

	BorderFocused lipgloss.Style // pane frame of the focused pane
	BorderBlurred lipgloss.Style // pane frame of the other panes
	TitleFocused  lipgloss.Style // pane title in the frame, focused
	TitleBlurred  lipgloss.Style // pane title in the frame, blurred

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

	Dialog      lipgloss.Style // dialog box (border and padding)
	DialogTitle lipgloss.Style

	Help     help.Styles        // the key hint line and the full help
	Form     formpane.Styles    // the embedded form pane
	Response response.Styles    // the response pane
	History  historypane.Styles // the history pane
	Dialogs  dialogs.Styles     // the dialogs of internal/ui/dialogs
}

// palette is the set of colours one background needs.
type palette struct {
	fg, muted, faint, accent, accentFg, border, focus color.Color
	key, str, num, lit, punct                         color.Color
	ok, warn, err                                     color.Color
	barBg, barFg                                      color.Color
}

func newPalette(isDark bool) palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return palette{
		fg:       ld(c("#1F2328"), c("#E6E6E6")),
		muted:    ld(c("#6B7280"), c("#8B949E")),
		faint:    ld(c("#9CA3AF"), c("#5C6370")),
		accent:   ld(c("#6D28D9"), c("#A78BFA")),
		accentFg: ld(c("#FFFFFF"), c("#1A1A1A")),
		border:   ld(c("#C4C8CE"), c("#4B5263")),
		focus:    ld(c("#6D28D9"), c("#A78BFA")),
		key:      ld(c("#1D4ED8"), c("#82AAFF")),
		str:      ld(c("#2E7D32"), c("#A5D6A7")),
		num:      ld(c("#B45309"), c("#F7A35C")),
		lit:      ld(c("#7C3AED"), c("#C792EA")),
		punct:    ld(c("#6B7280"), c("#7F8794")),
		ok:       ld(c("#1B7F3B"), c("#7BD88F")),
		warn:     ld(c("#A16207"), c("#FFCB6B")),
		err:      ld(c("#C62828"), c("#FF6B6B")),
		barBg:    ld(c("#E8E4F7"), c("#2A2438")),
		barFg:    ld(c("#2D2640"), c("#D8D0F0")),
	}
}

// NewStyles returns the coloured styles for a dark or light terminal background.
func NewStyles(isDark bool) *Styles {
	p := newPalette(isDark)
	s := &Styles{}
	s.Header = lipgloss.NewStyle().Background(p.barBg).Foreground(p.barFg)
	s.HeaderTitle = lipgloss.NewStyle().Background(p.accent).Foreground(p.accentFg).Bold(true)
	s.HeaderMuted = lipgloss.NewStyle().Background(p.barBg).Foreground(p.muted)

	s.BorderFocused = lipgloss.NewStyle().Foreground(p.focus)
	s.BorderBlurred = lipgloss.NewStyle().Foreground(p.border)
	s.TitleFocused = lipgloss.NewStyle().Foreground(p.focus).Bold(true)
	s.TitleBlurred = lipgloss.NewStyle().Foreground(p.muted)

	s.Muted = lipgloss.NewStyle().Foreground(p.muted)
	s.Selected = lipgloss.NewStyle().Foreground(p.accent).Bold(true)
	s.Match = lipgloss.NewStyle().Foreground(p.accent).Underline(true)
	s.Name = lipgloss.NewStyle().Foreground(p.fg).Bold(true)
	s.Template = lipgloss.NewStyle().Foreground(p.muted).Italic(true)

	s.Sentence = lipgloss.NewStyle().Foreground(p.fg).Bold(true)
	s.Flag = lipgloss.NewStyle().Foreground(p.warn)
	s.PreviewError = lipgloss.NewStyle().Foreground(p.err)
	s.Rule = lipgloss.NewStyle().Foreground(p.faint)

	s.JSONKey = lipgloss.NewStyle().Foreground(p.key)
	s.JSONString = lipgloss.NewStyle().Foreground(p.str)
	s.JSONNumber = lipgloss.NewStyle().Foreground(p.num)
	s.JSONLit = lipgloss.NewStyle().Foreground(p.lit)
	s.JSONPunct = lipgloss.NewStyle().Foreground(p.punct)

	s.Status = lipgloss.NewStyle().Foreground(p.fg)
	s.StatusKey = lipgloss.NewStyle().Foreground(p.muted)
	s.OK = lipgloss.NewStyle().Foreground(p.ok)
	s.Warn = lipgloss.NewStyle().Foreground(p.warn)
	s.Err = lipgloss.NewStyle().Foreground(p.err).Bold(true)
	s.Live = lipgloss.NewStyle().Foreground(p.warn).Bold(true).Reverse(true)

	s.Dialog = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(p.focus).Padding(0, 1)
	s.DialogTitle = lipgloss.NewStyle().Foreground(p.accent).Bold(true)

	s.Help = help.DefaultStyles(isDark)
	s.Form = formpane.NewStyles(isDark)
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
	s.BorderFocused = n.Bold(true)
	s.BorderBlurred = n.Faint(true)
	s.TitleFocused = n.Bold(true).Reverse(true)
	s.TitleBlurred = n
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
	s.Dialog = n.Border(lipgloss.NormalBorder()).Padding(0, 1)
	s.DialogTitle = n.Bold(true)
	s.Help = help.Styles{
		Ellipsis:       n.Faint(true),
		ShortKey:       n.Bold(true),
		ShortDesc:      n,
		ShortSeparator: n.Faint(true),
		FullKey:        n.Bold(true),
		FullDesc:       n,
		FullSeparator:  n.Faint(true),
	}
	s.Form = formpane.PlainStyles()
	s.Response = response.PlainStyles()
	s.History = historypane.PlainStyles()
	s.Dialogs = dialogs.PlainStyles()
	return s
}
