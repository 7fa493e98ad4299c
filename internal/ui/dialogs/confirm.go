package dialogs

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/schemas"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// IDs of the confirmations the root asks for; ConfirmedMsg.ID carries them.
const (
	IDSendAnyway = "send-anyway" // the draft has errors: send anyway?
	IDLiveSend   = "live-send"   // typed confirmation of a live send
)

// ConfirmedMsg answers a Confirm or a TypedConfirm: Yes is true when the user
// confirmed, false when they declined or pressed esc. ID is the dialog's id.
type ConfirmedMsg struct {
	ID  string
	Yes bool
}

// ConfirmKeyMap are the keys of a Confirm.
type ConfirmKeyMap struct {
	Yes    key.Binding // answer yes at once
	No     key.Binding // answer no at once
	Toggle key.Binding // move between the two buttons
	Submit key.Binding // answer with the selected button
}

// DefaultConfirmKeyMap returns the keys of a Confirm.
func DefaultConfirmKeyMap() ConfirmKeyMap {
	return ConfirmKeyMap{
		Yes:    key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:     key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "no")),
		Toggle: key.NewBinding(key.WithKeys("left", "right", "tab", "shift+tab", "h", "l"), key.WithHelp("←/→", "switch")),
		Submit: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
	}
}

// ShortHelp implements help.KeyMap.
func (k ConfirmKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Yes, k.No, k.Toggle, k.Submit}
}

// FullHelp implements help.KeyMap.
func (k ConfirmKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// Confirm asks a yes/no question. "No" is selected at first, so a stray
// enter never confirms; y confirms at once.
type Confirm struct {
	KeyMap ConfirmKeyMap

	id       string
	title    string
	question string
	details  []string
	yesLabel string
	noLabel  string
	yes      bool // the selected button
	styles   Styles
	width    int
	height   int
}

// NewConfirm returns a confirmation with the given id (echoed in
// ConfirmedMsg), title, question and detail lines shown under it.
func NewConfirm(id, title, question string, details []string) Confirm {
	return Confirm{
		KeyMap:   DefaultConfirmKeyMap(),
		id:       id,
		title:    title,
		question: question,
		details:  append([]string(nil), details...),
		yesLabel: "Yes",
		noLabel:  "No",
		styles:   DefaultStyles(true),
	}
}

// maxListedFindings is how many findings the send-anyway question lists.
const maxListedFindings = 4

// NewSendAnyway asks whether to send a draft whose findings include errors:
// "N errors in the draft. Send anyway?" with the first few errors listed.
func NewSendAnyway(findings []schemas.Finding) Confirm {
	var errs []schemas.Finding
	for _, f := range findings {
		if f.Severity == schemas.SeverityError {
			errs = append(errs, f)
		}
	}
	noun := "errors"
	if len(errs) == 1 {
		noun = "error"
	}
	var details []string
	for i, f := range errs {
		if i == maxListedFindings {
			details = append(details, fmt.Sprintf("  …and %d more", len(errs)-maxListedFindings))
			break
		}
		s := "✗ " + f.Code
		if f.Path != "" {
			s += " at " + f.Path
		}
		details = append(details, s+": "+f.Message)
	}
	details = append(details, "", "Amazon (or the sandbox) will most likely reject it; sending anyway is useful to test error handling.")
	c := NewConfirm(IDSendAnyway, "Send with errors?", fmt.Sprintf("%d %s in the draft. Send anyway?", len(errs), noun), details)
	return c.WithLabels("Send anyway", "Cancel")
}

// WithLabels returns the confirmation with other button labels.
func (c Confirm) WithLabels(yes, no string) Confirm {
	c.yesLabel, c.noLabel = yes, no
	return c
}

// ID returns the id given to NewConfirm.
func (c Confirm) ID() string { return c.id }

// SetStyles sets the styles.
func (c *Confirm) SetStyles(s Styles) { c.styles = s }

// SetSize sets the space the dialog may use (usually the terminal size).
func (c *Confirm) SetSize(w, h int) { c.width, c.height = w, h }

// Update answers keys: y/n/esc at once, ←/→ to switch, enter for the selected button.
func (c Confirm) Update(msg tea.Msg) (Confirm, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return c, nil
	}
	switch {
	case key.Matches(k, c.KeyMap.Yes):
		return c, c.answer(true)
	case key.Matches(k, c.KeyMap.No):
		return c, c.answer(false)
	case key.Matches(k, c.KeyMap.Toggle):
		c.yes = !c.yes
	case key.Matches(k, c.KeyMap.Submit):
		return c, c.answer(c.yes)
	}
	return c, nil
}

func (c Confirm) answer(yes bool) tea.Cmd {
	id := c.id
	return func() tea.Msg { return ConfirmedMsg{ID: id, Yes: yes} }
}

// View draws the dialog box.
func (c Confirm) View() string {
	st := c.styles
	bw := boxWidth(c.width, 64)
	iw := InnerWidth(st, bw)
	body := styleLines(kit.Wrap(c.question, iw), st.Text.Render)
	if len(c.details) > 0 {
		body = append(body, "")
		for _, d := range c.details {
			style := st.Muted
			if strings.HasPrefix(d, "✗") {
				style = st.Err
			}
			body = append(body, styleLines(kit.Wrap(d, iw), style.Render)...)
		}
	}
	yes, no := st.Button, st.ButtonActive
	if c.yes {
		yes, no = st.ButtonActive, st.Button
	}
	buttons := []string{"", yes.Render("[ "+c.yesLabel+" ]") + "  " + no.Render("[ "+c.noLabel+" ]")}
	return Frame(st, bw, c.height, c.title, body, buttons, "y "+strings.ToLower(c.yesLabel)+" · n/esc "+strings.ToLower(c.noLabel)+" · ←/→ switch · enter choose")
}
