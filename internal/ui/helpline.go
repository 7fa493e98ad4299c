package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// helpLineWide is the width from which the key hints take one line; below
// it (and with room for it) they take two.
const helpLineWide = 120

// helpView is the key hint line (one or two lines, m.lay.helpRows): only
// keys that work right now, the ones that matter in this state first. A
// hint is never cut: the hints that do not fit are left out whole, the
// least important first, and "F1 help" always stays.
func (m Model) helpView() string {
	return strings.Join(m.helpLines(m.width-1, m.lay.helpRows), "\n")
}

// helpLines lays out the hints of shortHelp on at most rows lines of width
// w. The hints are chosen in priority order, each kept only if the chosen
// ones still fit, and drawn in that same order.
func (m Model) helpLines(w, rows int) []string {
	if rows < 1 || w < 1 {
		return nil
	}
	st := m.styles.Help
	hints := enabled(m.shortHelp())
	widths := make([]int, len(hints))
	for i, b := range hints {
		h := b.Help()
		widths[i] = kit.Width(h.Key) + 1 + kit.Width(h.Desc)
	}
	const sep = " • "
	sepW := kit.Width(sep)
	// F1 help is chosen first, wherever it is drawn.
	order := make([]int, 0, len(hints))
	for i, b := range hints {
		if b.Help().Desc == m.keys.Help.Help().Desc && b.Help().Key == m.keys.Help.Help().Key {
			order = append([]int{i}, order...)
		} else {
			order = append(order, i)
		}
	}
	var kept []int
	fits := func(idx []int) bool {
		line, x := 1, 0
		for _, i := range idx {
			switch {
			case x == 0:
				x = widths[i]
			case x+sepW+widths[i] <= w:
				x += sepW + widths[i]
			default:
				line, x = line+1, widths[i]
			}
			if x > w || line > rows {
				return false
			}
		}
		return true
	}
	try := make([]int, 0, len(order))
	for _, i := range order {
		try = append(append(try[:0], kept...), i)
		slices.Sort(try)
		if fits(try) {
			kept = append(kept[:0:0], try...)
		}
	}
	// Only the hints that are drawn are styled.
	var lines []string
	var cur strings.Builder
	sepText := st.ShortSeparator.Render(sep)
	x := 0
	for _, i := range kept {
		switch {
		case x == 0:
		case x+sepW+widths[i] <= w:
			cur.WriteString(sepText)
			x += sepW
		default:
			lines = append(lines, " "+cur.String())
			cur.Reset()
			x = 0
		}
		h := hints[i].Help()
		cur.WriteString(st.ShortKey.Render(h.Key) + " " + st.ShortDesc.Render(h.Desc))
		x += widths[i]
	}
	if x > 0 {
		lines = append(lines, " "+cur.String())
	}
	for len(lines) < rows {
		lines = append(lines, "")
	}
	return lines
}

// enabled filters the enabled bindings.
func enabled(bs []key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// shortHelp lists the hints for the current state in priority order: the
// key that ends what is running (cancel the send), the help key, the open
// dialog's or the focused pane's own keys, then the global keys, the most
// used first.
func (m Model) shortHelp() []key.Binding {
	k := m.keys
	if d := m.top(); d != nil {
		return d.HelpKeys()
	}
	var out []key.Binding
	if m.response.Sending() {
		out = append(out, k.CancelSend)
	}
	switch m.focus {
	case focusPicker:
		if m.pending != nil && !m.hasDraft {
			out = append(out, withHelp(k.Editor, k.Editor.Help().Key, "fix the file in $EDITOR"))
		}
		out = append(out, withHelp(k.PickDown, "↑/↓", "move"), k.Pick, k.Filter, k.ClearFilter, k.Back)
	case focusForm:
		if m.hasDraft {
			out = append(out, m.form.KeyMap().ShortHelp()...)
		}
	case focusPreview:
		out = append(out, withHelp(k.ScrollDown, "↑/↓", "scroll"), k.PageDown, k.Locale)
	case focusResponse:
		out = append(out, m.response.KeyMap.ShortHelp()...)
	case focusHistory:
		out = append(out, m.history.KeyMap().ShortHelp()...)
		out = append(out, k.Compare, k.Fixture)
		if !m.history.Editing() && !m.history.InDetail() && m.history.Filter() == "" {
			out = append(out, withHelp(k.Cancel, "esc", "back"))
		}
	}
	out = append(out, k.Help, k.Send, k.NextPane, k.Palette)
	if m.focus != focusPreview {
		out = append(out, k.Locale)
	}
	out = append(out, k.History, k.Target, k.Profiles, k.Quit)
	if m.textFocused() {
		out = append(out, k.ForceQuit)
	}
	return out
}
