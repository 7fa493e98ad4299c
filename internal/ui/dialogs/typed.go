package dialogs

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// TypedConfirmKeyMap are the keys of a TypedConfirm (every other key types).
type TypedConfirmKeyMap struct {
	Submit key.Binding // check the typed text
	Cancel key.Binding // decline
}

// DefaultTypedConfirmKeyMap returns the keys of a TypedConfirm.
func DefaultTypedConfirmKeyMap() TypedConfirmKeyMap {
	return TypedConfirmKeyMap{
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "confirm")),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}

// ShortHelp implements help.KeyMap.
func (k TypedConfirmKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Submit, k.Cancel} }

// FullHelp implements help.KeyMap.
func (k TypedConfirmKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// TypedConfirm asks the user to type a word exactly (case-sensitive; spaces
// around it are ignored) before an action that cannot be undone, such as a
// send to the live stage, which notifies real customers.
type TypedConfirm struct {
	KeyMap TypedConfirmKeyMap

	id     string
	target alexa.Target
	what   string // "the event name", "the profile name"
	want   string
	input  textinput.Model
	err    string
	styles Styles
	width  int
	height int
}

// NewTypedConfirm returns a typed confirmation with the given id (echoed in
// ConfirmedMsg) for a send to target; what names the word to type (e.g.
// "the profile name") and want is the word itself.
func NewTypedConfirm(id string, target alexa.Target, what, want string) TypedConfirm {
	in := textinput.New()
	in.Prompt = "> "
	in.CharLimit = 256
	// A hint, not the word: the word itself as placeholder looks typed already.
	in.Placeholder = "type it here"
	t := TypedConfirm{
		KeyMap: DefaultTypedConfirmKeyMap(),
		id:     id,
		target: target,
		what:   what,
		want:   want,
		input:  in,
	}
	t.SetStyles(DefaultStyles(true))
	return t
}

// NewLiveConfirm asks for the event name (e.g. AMAZON.WeatherAlert.Activated)
// before a send to a live target; without an event name (a body that is not
// an event) it asks for the profile name, and without either for "live". Its
// id is IDLiveSend.
func NewLiveConfirm(target alexa.Target, eventName, profile string) TypedConfirm {
	switch {
	case eventName != "":
		return NewTypedConfirm(IDLiveSend, target, "the event name", eventName)
	case profile != "":
		return NewTypedConfirm(IDLiveSend, target, "the profile name", profile)
	}
	return NewTypedConfirm(IDLiveSend, target, "the word", "live")
}

// ID returns the id given to NewTypedConfirm.
func (t TypedConfirm) ID() string { return t.id }

// Want returns the word that confirms.
func (t TypedConfirm) Want() string { return t.want }

// SetStyles sets the styles.
func (t *TypedConfirm) SetStyles(s Styles) {
	t.styles = s
	t.input.SetStyles(s.Input)
}

// SetSize sets the space the dialog may use (usually the terminal size).
func (t *TypedConfirm) SetSize(w, h int) {
	t.width, t.height = w, h
	iw := InnerWidth(t.styles, boxWidth(w, 64))
	t.input.SetWidth(max(iw-len(t.input.Prompt)-1, 4))
}

// Focus focuses the text input; the root calls it when the dialog opens.
func (t *TypedConfirm) Focus() tea.Cmd { return t.input.Focus() }

// Blur removes the focus from the text input.
func (t *TypedConfirm) Blur() { t.input.Blur() }

// Update types into the input; enter confirms only when the text is exactly
// the wanted word, esc declines.
func (t TypedConfirm) Update(msg tea.Msg) (TypedConfirm, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, t.KeyMap.Cancel):
			return t, t.answer(false)
		case key.Matches(k, t.KeyMap.Submit):
			got := strings.TrimSpace(t.input.Value())
			if got == t.want {
				return t, t.answer(true)
			}
			if got == "" {
				t.err = "Type " + t.want + " to send, or press esc to cancel."
			} else {
				t.err = "That is not " + t.want + " (case matters); nothing was sent. Type it exactly, or press esc to cancel."
			}
			return t, nil
		}
		t.err = ""
	}
	var cmd tea.Cmd
	t.input, cmd = t.input.Update(msg)
	return t, cmd
}

func (t TypedConfirm) answer(yes bool) tea.Cmd {
	id := t.id
	return func() tea.Msg { return ConfirmedMsg{ID: id, Yes: yes} }
}

// View draws the dialog box.
func (t TypedConfirm) View() string {
	st := t.styles
	bw := boxWidth(t.width, 64)
	iw := InnerWidth(st, bw)
	label, live := TargetLabel(t.target)
	targetStyle := st.Text
	title := "Confirm the send"
	var body []string
	if live {
		targetStyle = st.Live
		title = "Send to the LIVE stage?"
	}
	body = append(body, styleLines(kit.Wrap("Target: "+label, iw), targetStyle.Render)...)
	if u := t.target.EventURL(); u != "" {
		body = append(body, styleLines(kit.Wrap(u, iw), st.Muted.Render)...)
	}
	if live {
		body = append(body, "", st.Live.Render("⚠ ")+st.Text.Render("Live events notify real customers of the skill."))
	}
	body = append(body, "")
	body = append(body, styleLines(kit.Wrap("Type "+t.what+" to confirm:", iw), st.Text.Render)...)
	body = append(body, styleLines(kit.Wrap(t.want, iw), st.LabelFocused.Render)...)
	foot := []string{t.input.View()}
	if t.err != "" {
		foot = append(foot, styleLines(kit.Wrap("✗ "+t.err, iw), st.Err.Render)...)
	}
	return Frame(st, bw, t.height, title, body, foot, hintLine(t.KeyMap.Submit, t.KeyMap.Cancel))
}
