package dialogs

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// Dialog is one modal dialog as the root keeps it: on a stack, the top one
// taking every key but the root's force-quit and every dialog taking the
// non-key messages (each ignores the answers of commands it did not start).
// A dialog answers with messages the root acts on (CloseMsg, ConfirmedMsg,
// TargetChosenMsg, …); it asks for another dialog on top of it with OpenMsg.
// Implementations are pointers, updated in place.
type Dialog interface {
	// Handle updates the dialog with a message.
	Handle(msg tea.Msg) tea.Cmd
	// View draws the dialog box (with Frame).
	View() string
	// SetSize gives the dialog the terminal size.
	SetSize(w, h int)
	// SetStyles restyles the dialog (background or NO_COLOR).
	SetStyles(s Styles)
	// HelpKeys lists the keys that work now, for the root's help line.
	HelpKeys() []key.Binding
	// Focus gives the dialog the keyboard when it becomes the top one.
	Focus() tea.Cmd
}

// OpenMsg asks the root to push Dialog on top of the dialog that sent it
// (the profile picker opens the credential dialog so).
type OpenMsg struct{ Dialog Dialog }

// Initer is a Dialog that starts work when it opens (the profile picker
// loads the profiles); the root runs Init once, when it pushes the dialog.
type Initer interface{ Init() tea.Cmd }

// Frame renders a dialog the one way every dialog is drawn (kit.DialogFrame
// with st's Box, Title and Muted): the title, a blank line, the body lines,
// the footer lines and a hint line, inside the box of outer width bw, cut
// to height h when h > 0.
func Frame(st Styles, bw, h int, title string, body, footer []string, hint string) string {
	return kit.DialogFrame(kit.DialogStyles{Box: st.Box, Title: st.Title, Muted: st.Muted}, bw, h, title, body, footer, hint)
}

// BoxWidth is the outer width of a dialog box for the terminal width w and
// the widest box the dialog wants.
func BoxWidth(w, most int) int { return boxWidth(w, most) }

// InnerWidth is the text width inside a box of outer width bw.
func InnerWidth(st Styles, bw int) int { return kit.DialogInnerWidth(st.Box, bw) }

// Handle implements Dialog.
func (c *Confirm) Handle(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*c, cmd = c.Update(msg)
	return cmd
}

// HelpKeys implements Dialog.
func (c *Confirm) HelpKeys() []key.Binding { return c.KeyMap.ShortHelp() }

// Focus implements Dialog; a Confirm has no input to focus.
func (c *Confirm) Focus() tea.Cmd { return nil }

// Handle implements Dialog.
func (t *TypedConfirm) Handle(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*t, cmd = t.Update(msg)
	return cmd
}

// HelpKeys implements Dialog.
func (t *TypedConfirm) HelpKeys() []key.Binding { return t.KeyMap.ShortHelp() }

// Handle implements Dialog.
func (p *TargetPicker) Handle(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*p, cmd = p.Update(msg)
	return cmd
}

// HelpKeys implements Dialog.
func (p *TargetPicker) HelpKeys() []key.Binding { return p.KeyMap.ShortHelp() }

// Handle implements Dialog.
func (p *ProfilePicker) Handle(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*p, cmd = p.Update(msg)
	return cmd
}

// Handle implements Dialog.
func (c *Credential) Handle(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*c, cmd = c.Update(msg)
	return cmd
}

// HelpKeys implements Dialog.
func (c *Credential) HelpKeys() []key.Binding { return c.KeyMap.ShortHelp() }

var (
	_ Dialog = (*Confirm)(nil)
	_ Dialog = (*TypedConfirm)(nil)
	_ Dialog = (*TargetPicker)(nil)
	_ Dialog = (*ProfilePicker)(nil)
	_ Dialog = (*Credential)(nil)
)
