package ui

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// The command palette (ctrl+p) lists every action that works now by name
// with its key, generated from the live key maps (so a binding added to a
// key map appears by itself), filtered fuzzily as you type; enter runs the
// chosen action by pressing its key.

// paletteAction is one entry: what it does, its keys, and the key pressed to run it.
type paletteAction struct {
	desc, keys, run string
}

// paletteRunMsg asks the root to run an action's key.
type paletteRunMsg struct{ key string }

// paletteActions lists the actions that work in the current state: the
// focused pane's first, then the global ones, each binding once.
func (m Model) paletteActions() []paletteAction {
	k := m.keys
	var groups [][]key.Binding
	switch m.focus {
	case focusPicker:
		groups = append(groups, []key.Binding{k.PickUp, k.PickDown, k.Pick, k.Filter, k.ClearFilter, k.Back})
	case focusForm:
		if m.hasDraft {
			groups = append(groups, m.form.KeyMap().FullHelp()...)
		}
	case focusPreview:
		groups = append(groups, []key.Binding{k.ScrollUp, k.ScrollDown, k.PageUp, k.PageDown, k.Top, k.Bottom})
	case focusResponse:
		groups = append(groups, m.response.KeyMap.FullHelp()...)
	case focusHistory:
		groups = append(groups, m.history.KeyMap().FullHelp()...)
	}
	groups = append(groups, globalBindings(k)...)
	var out []paletteAction
	seen := map[string]bool{}
	for _, g := range groups {
		for _, b := range g {
			if !b.Enabled() || len(b.Keys()) == 0 || key.Matches(keyFromString(b.Keys()[0]), k.Palette) {
				continue
			}
			e := entryOf(b)
			if seen[e.desc+e.keys] {
				continue
			}
			seen[e.desc+e.keys] = true
			out = append(out, paletteAction{desc: e.desc, keys: e.keys, run: b.Keys()[0]})
		}
	}
	return out
}

// paletteScore ranks an action for a lower-case query: 3 when the words
// start with it, 2 when it is a substring, 1 when its letters appear in
// order, 0 for no match; an empty query matches everything.
func paletteScore(q string, a paletteAction) int {
	if q == "" {
		return 1
	}
	text := strings.ToLower(a.desc + " " + a.keys)
	switch {
	case strings.HasPrefix(text, q):
		return 3
	case strings.Contains(text, q):
		return 2
	}
	if lettersInOrder(q, text) {
		return 1
	}
	return 0
}

// paletteDialog is the command palette.
type paletteDialog struct {
	rootDialog
	all    []paletteAction
	shown  []paletteAction
	input  textinput.Model
	cursor int
}

func newPaletteDialog(m Model) *paletteDialog {
	in := textinput.New()
	in.Prompt = "> "
	in.Placeholder = "type to find an action"
	in.CharLimit = 64
	d := &paletteDialog{rootDialog: rootDialog{keys: DefaultKeyMap()}, all: m.paletteActions(), input: in}
	d.filter()
	return d
}

func (d *paletteDialog) Focus() tea.Cmd { return d.input.Focus() }

// filter keeps the actions that match the typed text, best first.
func (d *paletteDialog) filter() {
	q := strings.ToLower(strings.TrimSpace(d.input.Value()))
	d.shown = d.shown[:0]
	for _, i := range rank(d.all, func(a paletteAction) int { return paletteScore(q, a) }) {
		d.shown = append(d.shown, d.all[i])
	}
	d.cursor = min(d.cursor, max(len(d.shown)-1, 0))
}

func (d *paletteDialog) Handle(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch k.String() {
		case "esc", "ctrl+p":
			return closeCmd
		case "up", "ctrl+k":
			d.cursor = max(d.cursor-1, 0)
			return nil
		case "down", "ctrl+j":
			d.cursor = min(d.cursor+1, max(len(d.shown)-1, 0))
			return nil
		case "enter":
			if d.cursor < len(d.shown) {
				return answer(paletteRunMsg{key: d.shown[d.cursor].run})
			}
			return nil
		}
	}
	var cmd tea.Cmd
	before := d.input.Value()
	d.input, cmd = d.input.Update(msg)
	if d.input.Value() != before {
		d.cursor = 0
		d.filter()
	}
	return cmd
}

func (d *paletteDialog) HelpKeys() []key.Binding {
	return []key.Binding{withHelp(d.keys.PickDown, "↑/↓", "move"), withHelp(d.keys.Confirm, "enter", "run"),
		withHelp(d.keys.Cancel, "esc", "close"), d.keys.ForceQuit}
}

func (d *paletteDialog) View() string {
	iw := dialogs.InnerWidth(d.styles, d.boxWidth())
	d.input.SetWidth(max(iw-3, 8))
	body := []string{d.input.View(), ""}
	room := max(d.height-10, 3)
	first := 0
	if d.cursor >= room {
		first = d.cursor - room + 1
	}
	kw := 0
	for _, a := range d.shown {
		kw = max(kw, kit.Width(a.keys))
	}
	kw = min(kw, iw/3)
	for i := first; i < len(d.shown) && i < first+room; i++ {
		a := d.shown[i]
		line := kit.PadRight(kit.Clip(a.desc, iw-kw-4), iw-kw-2) + kit.Clip(a.keys, kw)
		if i == d.cursor {
			body = append(body, d.styles.Title.Render("▸ "+line))
		} else {
			body = append(body, d.styles.Text.Render("  "+line))
		}
	}
	if len(d.shown) == 0 {
		body = append(body, d.styles.Muted.Render("No action matches."))
	}
	hint := fmt.Sprintf("%d actions · enter runs · esc closes", len(d.shown))
	return d.frame("Commands", body, hint)
}

// runPalette closes the palette and presses the chosen action's key.
func (m Model) runPalette(msg paletteRunMsg) (tea.Model, tea.Cmd) {
	m.closeTop()
	return m.handleKey(keyFromString(msg.key))
}

// keyFromString builds the key press whose String() is s ("ctrl+s", "f2",
// "alt+h", "shift+tab", "enter", "?").
func keyFromString(s string) tea.KeyPressMsg {
	var mod tea.KeyMod
	rest := s
	for {
		switch {
		case strings.HasPrefix(rest, "ctrl+") && len(rest) > 5:
			mod |= tea.ModCtrl
			rest = rest[5:]
			continue
		case strings.HasPrefix(rest, "alt+") && len(rest) > 4:
			mod |= tea.ModAlt
			rest = rest[4:]
			continue
		case strings.HasPrefix(rest, "shift+") && len(rest) > 6:
			mod |= tea.ModShift
			rest = rest[6:]
			continue
		}
		break
	}
	named := map[string]rune{
		"enter": tea.KeyEnter, "esc": tea.KeyEscape, "tab": tea.KeyTab, "space": tea.KeySpace,
		"up": tea.KeyUp, "down": tea.KeyDown, "left": tea.KeyLeft, "right": tea.KeyRight,
		"pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown, "home": tea.KeyHome, "end": tea.KeyEnd,
		"delete": tea.KeyDelete, "backspace": tea.KeyBackspace,
		"f1": tea.KeyF1, "f2": tea.KeyF2, "f3": tea.KeyF3, "f4": tea.KeyF4, "f5": tea.KeyF5,
		"f6": tea.KeyF6, "f7": tea.KeyF7, "f8": tea.KeyF8, "f9": tea.KeyF9, "f10": tea.KeyF10,
	}
	if c, ok := named[rest]; ok {
		k := tea.KeyPressMsg{Code: c, Mod: mod}
		if c == tea.KeySpace && mod == 0 {
			k.Text = " "
		}
		return k
	}
	r, _ := utf8.DecodeRuneInString(rest)
	k := tea.KeyPressMsg{Code: r, Mod: mod}
	if mod == 0 {
		k.Text = rest
	}
	return k
}
