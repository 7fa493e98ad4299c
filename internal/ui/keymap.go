package ui

import (
	"charm.land/bubbles/v2/key"
)

// KeyMap holds every key binding of the root model and its own panes. The
// form pane brings its own keymap (formpane.KeyMap), which the help line merges
// in when the form has focus. Bindings are enabled and disabled by state in
// Model.syncKeys, so the help line only ever lists keys that work right now.
//
// The global chords avoid the keys a text input edits with (ctrl+a/b/d/e/f/
// h/k/u/v/w) and the form's ctrl+r, so they work while typing too; ctrl+n
// (new event) is the exception, and an open picker in the form claims it
// (and ctrl+p) first. Sending and the switchers use ctrl+s, ctrl+g and the
// function keys F2–F5 (with alt+letter aliases for keyboards without them).
type KeyMap struct {
	// Global: handled before the focused pane.
	ForceQuit key.Binding // ctrl+c: quits from anywhere
	Quit      key.Binding // q: quits when no text field has focus
	Help      key.Binding // F1 from anywhere (also while typing); ? when no text field has focus
	NextPane  key.Binding // tab: works while typing too (the form never uses it)
	PrevPane  key.Binding
	NewEvent  key.Binding // go to the schema picker
	Locale    key.Binding // cycle the preview locale
	Editor    key.Binding // edit the JSON in $EDITOR
	CopyJSON  key.Binding
	CopyCurl  key.Binding
	Save      key.Binding

	// Sending, panes and switchers (global).
	Send       key.Binding // ctrl+s: send the event
	CancelSend key.Binding // ctrl+x while a send runs: cancel it
	Target     key.Binding // ctrl+g: the target picker
	History    key.Binding // F2: the history pane
	Response   key.Binding // F3: the response pane
	Profiles   key.Binding // F4: the profile switcher and credential dialog
	Heard      key.Binding // F5: what each sandbox user heard

	// Hear, import and export (speech.go, importdialog.go, exportdialog.go,
	// compare.go): global, except Compare and Fixture in the history pane.
	Speak      key.Binding // F6: speak the preview sentence; again stops
	Import     key.Binding // alt+i: paste or open a curl command, collection, object or JSON
	ExportCode key.Binding // alt+e: write a sender program for the draft
	Compare    key.Binding // c in the history pane: mark a record, then compare with it
	Fixture    key.Binding // x in the history pane: write a record's test fixture

	// Users and checks (users.go, group.go, doctor.go).
	Users  key.Binding // F8: the saved users, catching, the receiver, group sends
	Doctor key.Binding // alt+d: check keyring, profile, token and users (even in a text field)

	// Schema picker.
	PickUp      key.Binding
	PickDown    key.Binding
	Pick        key.Binding
	Filter      key.Binding
	ClearFilter key.Binding
	Back        key.Binding // esc: back to the form without choosing

	// Preview pane (the JSON viewport).
	ScrollUp   key.Binding
	ScrollDown key.Binding
	PageUp     key.Binding
	PageDown   key.Binding
	Top        key.Binding
	Bottom     key.Binding

	// Dialogs.
	Confirm key.Binding
	Cancel  key.Binding

	// Keeping work (neverlose.go, library.go): the library pane, undo and
	// redo of the form's changes, and renewing a sent draft.
	Library key.Binding // F7: the library pane
	Undo    key.Binding // ctrl+z: undo the last change of the form
	Redo    key.Binding // alt+y: redo it
	Renew   key.Binding // alt+n: new referenceId, timestamp and expiry

	Palette key.Binding // ctrl+p: the command palette (an open picker in the form claims ctrl+p first)
}

// DefaultKeyMap returns the bindings with their help text.
func DefaultKeyMap() KeyMap {
	return KeyMap{
		ForceQuit: key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
		Quit:      key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		Help:      key.NewBinding(key.WithKeys("f1", "?"), key.WithHelp("F1/?", "help")),
		NextPane:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "next pane")),
		PrevPane:  key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", "previous pane")),
		NewEvent:  key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", "new event")),
		Locale:    key.NewBinding(key.WithKeys("ctrl+l"), key.WithHelp("ctrl+l", "preview locale")),
		Editor:    key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("ctrl+o", "edit JSON in $EDITOR")),
		CopyJSON:  key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "copy JSON")),
		CopyCurl:  key.NewBinding(key.WithKeys("ctrl+t"), key.WithHelp("ctrl+t", "copy curl")),
		Save:      key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "save JSON to a file")),

		Send:       key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "send")),
		CancelSend: key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "cancel the send")),
		Target:     key.NewBinding(key.WithKeys("ctrl+g"), key.WithHelp("ctrl+g", "target")),
		History:    key.NewBinding(key.WithKeys("f2", "alt+h"), key.WithHelp("F2", "history")),
		Response:   key.NewBinding(key.WithKeys("f3", "alt+r"), key.WithHelp("F3", "response")),
		Profiles:   key.NewBinding(key.WithKeys("f4", "alt+p"), key.WithHelp("F4", "profiles")),
		Heard:      key.NewBinding(key.WithKeys("f5", "alt+s"), key.WithHelp("F5", "sandbox heard")),

		Speak:      key.NewBinding(key.WithKeys("f6"), key.WithHelp("F6", "hear the sentence")),
		Import:     key.NewBinding(key.WithKeys("alt+i"), key.WithHelp("alt+i", "import curl/Postman/JS/JSON")),
		ExportCode: key.NewBinding(key.WithKeys("alt+e"), key.WithHelp("alt+e", "export sender code")),
		Compare:    key.NewBinding(key.WithKeys("c"), key.WithHelp("c", "mark / compare")),
		Fixture:    key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "export fixture")),
		Users:      key.NewBinding(key.WithKeys("f8", "alt+u"), key.WithHelp("F8", "users")),
		Doctor:     key.NewBinding(key.WithKeys("alt+d"), key.WithHelp("alt+d", "doctor")),

		PickUp:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		PickDown:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Pick:        key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Filter:      key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		ClearFilter: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
		Back:        key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the form")),

		ScrollUp:   key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "scroll up")),
		ScrollDown: key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "scroll down")),
		PageUp:     key.NewBinding(key.WithKeys("pgup", "b"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "f", "space"), key.WithHelp("pgdn", "page down")),
		Top:        key.NewBinding(key.WithKeys("home", "g"), key.WithHelp("g", "top")),
		Bottom:     key.NewBinding(key.WithKeys("end", "G"), key.WithHelp("G", "bottom")),

		Confirm: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		Cancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),

		Library: key.NewBinding(key.WithKeys("f7", "alt+l"), key.WithHelp("F7", "library")),
		Undo:    key.NewBinding(key.WithKeys("ctrl+z", "alt+z"), key.WithHelp("ctrl+z", "undo")),
		Redo:    key.NewBinding(key.WithKeys("alt+y", "alt+Z", "alt+shift+z"), key.WithHelp("alt+y", "redo")),
		Renew:   key.NewBinding(key.WithKeys("alt+n"), key.WithHelp("alt+n", "renew ref and times")),

		Palette: key.NewBinding(key.WithKeys("ctrl+p"), key.WithHelp("ctrl+p", "commands")),
	}
}
