package historypane

import "charm.land/bubbles/v2/key"

// KeyMap holds the pane's key bindings. Model.KeyMap returns a copy with the
// bindings that do not apply in the current state disabled, so a help view
// lists only keys that work right now.
//
// The pane never uses tab, shift+tab, q or ctrl+c, so the root can keep them
// global — except while Editing reports true (the filter input or the
// delete confirmation takes every key).
type KeyMap struct {
	Up        key.Binding // previous row; scroll up in the detail view
	Down      key.Binding // next row; scroll down in the detail view
	PageUp    key.Binding
	PageDown  key.Binding
	Top       key.Binding // newest record; shows records that arrived meanwhile
	Bottom    key.Binding // oldest record (pages through the history to its end)
	Open      key.Binding // open the detail view
	Back      key.Binding // leave the detail view
	Filter    key.Binding // focus the filter input
	Clear     key.Binding // clear the applied filter
	Apply     key.Binding // leave the filter input, keeping the filter
	Resend    key.Binding // resend exactly as recorded
	ResendNew key.Binding // resend with fresh timestamp, expiry and referenceId
	Load      key.Binding // load the request into the composer
	Delete    key.Binding // delete the record (asks first)
	Yes       key.Binding // confirm the deletion
	No        key.Binding // keep the record

	Mark key.Binding // h: cycle the heard mark (heard, not heard, unmarked)
}

// DefaultKeyMap returns the pane's bindings with their help text.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Up:        key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:      key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:    key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown:  key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:       key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "newest")),
		Bottom:    key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "oldest")),
		Open:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details")),
		Back:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Filter:    key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		Clear:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Apply:     key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter", "done")),
		Resend:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "resend exactly")),
		ResendNew: key.NewBinding(key.WithKeys("R", "n"), key.WithHelp("R/n", "resend as new")),
		Load:      key.NewBinding(key.WithKeys("e", "l"), key.WithHelp("e", "load into composer")),
		Delete:    key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "delete")),
		Yes:       key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "delete it")),
		No:        key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "keep it")),

		Mark: key.NewBinding(key.WithKeys("h"), key.WithHelp("h", "mark heard/not heard")),
	}
}

// ShortHelp returns the enabled bindings for the one-line help.
func (k KeyMap) ShortHelp() []key.Binding {
	return enabled([]key.Binding{k.Yes, k.No, k.Apply, k.Up, k.Down, k.Open, k.Back, k.Filter, k.Clear,
		k.Resend, k.ResendNew, k.Load, k.Delete, k.Mark})
}

// FullHelp returns the enabled bindings for the full help, in columns.
func (k KeyMap) FullHelp() [][]key.Binding {
	cols := [][]key.Binding{
		enabled([]key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}),
		enabled([]key.Binding{k.Open, k.Back, k.Filter, k.Clear, k.Apply}),
		enabled([]key.Binding{k.Resend, k.ResendNew, k.Load, k.Delete, k.Mark, k.Yes, k.No}),
	}
	out := cols[:0]
	for _, c := range cols {
		if len(c) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// enabled keeps the bindings that are enabled.
func enabled(bs []key.Binding) []key.Binding {
	out := bs[:0]
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}
