package response

import "charm.land/bubbles/v2/key"

// KeyMap are the keys of the response pane. Cancel is enabled only while a
// send runs; the scroll keys only when the answer is taller than the pane.
type KeyMap struct {
	Cancel   key.Binding // cancel the running send (CancelMsg)
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding
}

// DefaultKeyMap returns the keys of the response pane.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		Cancel:   key.NewBinding(key.WithKeys("esc", "ctrl+x"), key.WithHelp("esc/ctrl+x", "cancel the send"), key.WithDisabled()),
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up"), key.WithDisabled()),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down"), key.WithDisabled()),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up"), key.WithDisabled()),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "f", "space"), key.WithHelp("pgdn", "page down"), key.WithDisabled()),
		Top:      key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top"), key.WithDisabled()),
		Bottom:   key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom"), key.WithDisabled()),
	}
}

// ShortHelp implements help.KeyMap.
func (k KeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Cancel, k.Up, k.Down, k.PageDown}
}

// FullHelp implements help.KeyMap.
func (k KeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Cancel}, {k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}}
}
