package kit

import (
	"image/color"

	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Palette is the one set of colours every part of the UI draws with, for a
// light or a dark terminal background: one accent, one set of severities.
// Under NO_COLOR no palette is used: each Styles has a PlainStyles that
// tells state by bold, reverse video and underline instead.
type Palette struct {
	Fg, Muted, Faint    color.Color // text, secondary text, rules
	Accent, AccentFg    color.Color // focus, titles, selection; text on the accent
	Border              color.Color // blurred pane frames
	OK, Warn, Err, Info color.Color // severities and outcomes
	Key, Str, Num, Lit  color.Color // JSON keys, strings, numbers, true/false/null
	Punct               color.Color // JSON punctuation
	Network, Other      color.Color // history: no response, 1xx/3xx
	Orange              color.Color // history: 4xx
	BarBg, BarFg        color.Color // the top bar
}

// NewPalette returns the palette for a dark or light background.
func NewPalette(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return Palette{
		Fg:       ld(c("#1F2328"), c("#E6E6E6")),
		Muted:    ld(c("#6B7280"), c("#8B949E")),
		Faint:    ld(c("#9CA3AF"), c("#5C6370")),
		Accent:   ld(c("#6D28D9"), c("#A78BFA")),
		AccentFg: ld(c("#FFFFFF"), c("#1A1A1A")),
		Border:   ld(c("#C4C8CE"), c("#4B5263")),
		OK:       ld(c("#1B7F3B"), c("#7BD88F")),
		Warn:     ld(c("#A16207"), c("#FFCB6B")),
		Err:      ld(c("#C62828"), c("#FF6B6B")),
		Info:     ld(c("#1D4ED8"), c("#82AAFF")),
		Key:      ld(c("#1D4ED8"), c("#82AAFF")),
		Str:      ld(c("#2E7D32"), c("#A5D6A7")),
		Num:      ld(c("#B45309"), c("#F7A35C")),
		Lit:      ld(c("#7C3AED"), c("#C792EA")),
		Punct:    ld(c("#6B7280"), c("#7F8794")),
		Network:  ld(c("#A21CAF"), c("#E879F9")),
		Other:    ld(c("#4B5563"), c("#A0A7B4")),
		Orange:   ld(c("#B45309"), c("#F7A35C")),
		BarBg:    ld(c("#E8E4F7"), c("#2A2438")),
		BarFg:    ld(c("#2D2640"), c("#D8D0F0")),
	}
}

// Input is a text input's styles in colour for a dark or light background,
// with a steady cursor (a blinking one redraws the screen twice a second).
func Input(isDark bool) textinput.Styles {
	in := textinput.DefaultStyles(isDark)
	in.Cursor.Blink = false
	return in
}

// PlainInput is a text input's styles without colour (NO_COLOR): plain
// text, a faint placeholder and suggestion, a steady cursor.
func PlainInput() textinput.Styles {
	n := lipgloss.NewStyle()
	in := textinput.DefaultStyles(true)
	for _, st := range []*textinput.StyleState{&in.Focused, &in.Blurred} {
		st.Text, st.Prompt, st.Placeholder, st.Suggestion = n, n, n.Faint(true), n.Faint(true)
	}
	in.Cursor.Color = nil
	in.Cursor.Blink = false
	return in
}
