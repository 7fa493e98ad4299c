package formpane

import "charm.land/bubbles/v2/key"

// KeyMap holds the form's key bindings. Model.KeyMap returns a copy with the
// bindings that do not apply to the focused row disabled, so a help view
// lists only keys that work right now.
//
// The form never uses tab, shift+tab, esc (except to close an open picker)
// or ctrl+c, so the root can keep them global. On a text row, j, k, h, l,
// x and space are typed, and only the arrow keys and enter move. An open
// picker also moves with ctrl+p and ctrl+n and claims them (Model.Claims)
// before the root's ctrl+n.
type KeyMap struct {
	Up         key.Binding // previous row; previous option in a picker
	Down       key.Binding // next row; next option in a picker
	Prev       key.Binding // previous enum value
	Next       key.Binding // next enum value
	Open       key.Binding // open the picker of an enum, list, locale or saved user id; choose in a picker
	Toggle     key.Binding // switch an optional part on or off; tick a list item in a picker
	Remove     key.Binding // remove the focused locale
	Regenerate key.Binding // new referenceId
	Close      key.Binding // close the picker
}

// DefaultKeyMap returns the form's bindings with their help text.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:         key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "previous field")),
		Down:       key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "next field")),
		Prev:       key.NewBinding(key.WithKeys("left", "h"), key.WithHelp("←/h", "previous value")),
		Next:       key.NewBinding(key.WithKeys("right", "l"), key.WithHelp("→/l", "next value")),
		Open:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Toggle:     key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "toggle")),
		Remove:     key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "remove locale")),
		Regenerate: key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", "new reference id")),
		Close:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close list")),
	}
}

// ShortHelp returns the bindings for the key hint line, the ones that
// change the focused row first: ←/→ are one hint ("change value"), and ↑/↓
// one ("field") unless a picker is open (its ctrl+p/ctrl+n are worth
// saying). ctrl+r is in the full help only.
func (k KeyMap) ShortHelp() []key.Binding {
	change := k.Next
	change.SetHelp("←/→", "change value")
	out := []key.Binding{change, k.Open, k.Toggle, k.Remove, k.Close}
	if k.Close.Enabled() {
		return append(out, k.Up, k.Down)
	}
	move := k.Down
	move.SetHelp("↑/↓", "field")
	return append(out, move)
}

// FullHelp returns the bindings for the full help, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Prev, k.Next}, {k.Open, k.Toggle, k.Remove, k.Close}, {k.Regenerate}}
}
