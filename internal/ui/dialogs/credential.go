package dialogs

import (
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// CredentialState is the step a Credential dialog is in:
// Initial → Saving → Saved | Error (and from Error back to Saving on retry).
type CredentialState int

// The states of a Credential dialog.
const (
	CredentialInitial CredentialState = iota // editing the fields
	CredentialSaving                         // the save command runs (keyring, then config file)
	CredentialSaved                          // saved; enter or esc closes
	CredentialError                          // the save failed; the error is shown, the fields are kept
)

func (s CredentialState) String() string {
	switch s {
	case CredentialInitial:
		return "initial"
	case CredentialSaving:
		return "saving"
	case CredentialSaved:
		return "saved"
	case CredentialError:
		return "error"
	}
	return "unknown"
}

// ProfileSavedMsg says a Credential dialog saved a profile: its secret is in
// the OS keyring and the profile in the config file. The root updates its
// profile list (and the Unicast users offered by the form) and forwards the
// message to the open dialog, which then shows "Saved".
type ProfileSavedMsg struct {
	Profile  credentials.Profile // as stored: canonical region and stage, saved users kept
	Default  bool                // it is the default profile (the first one added becomes the default)
	Replaced bool                // an existing profile was changed
	id       int64
}

// credentialFailedMsg says the save command failed; nothing was saved (or
// what was saved was rolled back), and err says what to do.
type credentialFailedMsg struct {
	id  int64
	err string
}

// CredentialKeyMap are the keys of a Credential dialog (other keys type).
type CredentialKeyMap struct {
	Next  key.Binding // next field
	Prev  key.Binding // previous field
	Cycle key.Binding // change the region or stage (on those fields)
	Save  key.Binding // save; once saved, close
	Close key.Binding // close without saving
}

// DefaultCredentialKeyMap returns the keys of a Credential dialog.
func DefaultCredentialKeyMap() CredentialKeyMap {
	return CredentialKeyMap{
		Next:  key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab/↓", "next field")),
		Prev:  key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab/↑", "previous field")),
		Cycle: key.NewBinding(key.WithKeys("left", "right", "space"), key.WithHelp("←/→", "change"), key.WithDisabled()),
		Save:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "save")),
		Close: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// ShortHelp implements help.KeyMap.
func (k CredentialKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Next, k.Cycle, k.Save, k.Close}
}

// FullHelp implements help.KeyMap.
func (k CredentialKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Next, k.Prev, k.Cycle}, {k.Save, k.Close}}
}

// CredentialOptions configure a Credential dialog.
type CredentialOptions struct {
	// ConfigDir is the directory of the profile file ("" = credentials.DefaultDir()).
	ConfigDir string
	// Store keeps the client secret (credentials.NewKeyringStore in the app).
	Store credentials.SecretStore
	// Edit, when set, edits this profile: the name is fixed, the saved users
	// are kept, and an empty secret keeps the one in the keyring. Nil adds a
	// new profile.
	Edit *credentials.Profile
}

// The fields of the dialog, in focus order.
const (
	fieldName = iota
	fieldClientID
	fieldSecret
	fieldRegion
	fieldStage
	numFields
)

var fieldLabels = [numFields]string{"Name", "Client id", "Secret", "Region", "Stage"}

// labelWidth is the width of the label column.
const labelWidth = 11

// Credential is the dialog that adds or edits a credential profile. The
// client secret is typed into a masked input, never drawn, and saved only to
// the OS keyring, by a command; the rest goes to the config file, by the same
// command. On success it answers with ProfileSavedMsg and shows "Saved"; on
// failure it stays open with the error (e.g. no keyring: how to get one, or
// the PE_TUI_CLIENT_ID / PE_TUI_CLIENT_SECRET alternative).
type Credential struct {
	KeyMap CredentialKeyMap

	id      int64
	dir     string
	store   credentials.SecretStore
	editing bool // Edit was given: the name is fixed

	name     textinput.Model
	clientID textinput.Model
	secret   textinput.Model
	region   int // index into credentials.Regions
	stage    int // index into credentials.Stages
	focus    int

	state    CredentialState
	fieldErr [numFields]string
	err      string // why the last save failed
	saved    ProfileSavedMsg

	spinner spinner.Model
	styles  Styles
	width   int
	height  int
}

// NewCredential returns the dialog for a new profile, or for editing
// opts.Edit. Call Focus when it opens.
func NewCredential(opts CredentialOptions) Credential {
	newInput := func(placeholder string, limit int) textinput.Model {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholder
		in.CharLimit = limit
		return in
	}
	c := Credential{
		KeyMap:   DefaultCredentialKeyMap(),
		id:       nextID(),
		dir:      opts.ConfigDir,
		store:    opts.Store,
		name:     newInput("e.g. weather-skill", 64),
		clientID: newInput("amzn1.application-oa2-client.…", 256),
		secret:   newInput("paste the client secret", 1024),
		spinner:  spinner.New(spinner.WithSpinner(spinner.Dot)),
	}
	c.secret.EchoMode = textinput.EchoPassword
	c.secret.EchoCharacter = '•'
	if p := opts.Edit; p != nil {
		c.editing = true
		c.name.SetValue(p.Name)
		c.clientID.SetValue(p.ClientID)
		c.secret.Placeholder = "leave empty to keep the stored secret"
		c.region = indexFold(credentials.Regions, p.Region)
		c.stage = indexFold(credentials.Stages, p.Stage)
		c.focus = fieldClientID
	}
	c.SetStyles(DefaultStyles(true))
	c.syncKeys()
	return c
}

// indexFold returns the index of s in list (any case), or 0.
func indexFold(list []string, s string) int {
	for i, v := range list {
		if strings.EqualFold(v, s) {
			return i
		}
	}
	return 0
}

// State returns the dialog's step.
func (c Credential) State() CredentialState { return c.state }

// Err returns why the last save failed ("" unless State is CredentialError).
func (c Credential) Err() string { return c.err }

// SetStyles sets the styles.
func (c *Credential) SetStyles(s Styles) {
	c.styles = s
	for _, in := range []*textinput.Model{&c.name, &c.clientID, &c.secret} {
		in.SetStyles(s.Input)
	}
	c.spinner.Style = s.Spinner
}

// SetSize sets the space the dialog may use (usually the terminal size).
func (c *Credential) SetSize(w, h int) {
	c.width, c.height = w, h
	iw := InnerWidth(c.styles, boxWidth(w, 68))
	for _, in := range []*textinput.Model{&c.name, &c.clientID, &c.secret} {
		in.SetWidth(max(iw-2-labelWidth-1, 8))
	}
}

// Focus focuses the current field; the root calls it when the dialog opens.
func (c *Credential) Focus() tea.Cmd {
	c.name.Blur()
	c.clientID.Blur()
	c.secret.Blur()
	if c.state == CredentialSaving || c.state == CredentialSaved {
		return nil
	}
	if in := c.input(c.focus); in != nil {
		return in.Focus()
	}
	return nil
}

// Blur removes the focus from the fields.
func (c *Credential) Blur() {
	c.name.Blur()
	c.clientID.Blur()
	c.secret.Blur()
}

// input returns the text input of field f, or nil for the pickers (and for
// the fixed name while editing).
func (c *Credential) input(f int) *textinput.Model {
	switch f {
	case fieldName:
		if c.editing {
			return nil
		}
		return &c.name
	case fieldClientID:
		return &c.clientID
	case fieldSecret:
		return &c.secret
	}
	return nil
}

// syncKeys enables the bindings that work in the current state and field.
func (c *Credential) syncKeys() {
	editable := c.state == CredentialInitial || c.state == CredentialError
	c.KeyMap.Next.SetEnabled(editable)
	c.KeyMap.Prev.SetEnabled(editable)
	c.KeyMap.Cycle.SetEnabled(editable && (c.focus == fieldRegion || c.focus == fieldStage))
	c.KeyMap.Save.SetEnabled(c.state != CredentialSaving)
	c.KeyMap.Close.SetEnabled(c.state != CredentialSaving)
	if c.state == CredentialSaved {
		c.KeyMap.Save.SetHelp("enter", "done")
	} else {
		c.KeyMap.Save.SetHelp("enter", "save")
	}
}

// Update handles keys (typing, moving between fields, save, close) and the
// answers of the save command.
func (c Credential) Update(msg tea.Msg) (Credential, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if c.state != CredentialSaving {
			return c, nil
		}
		var cmd tea.Cmd
		c.spinner, cmd = c.spinner.Update(msg)
		return c, cmd
	case ProfileSavedMsg:
		if msg.id != c.id || c.state != CredentialSaving {
			return c, nil
		}
		c.state, c.saved, c.err = CredentialSaved, msg, ""
		c.secret.SetValue("") // the keyring has it now; keep no copy
		c.Blur()
		c.syncKeys()
		return c, nil
	case credentialFailedMsg:
		if msg.id != c.id || c.state != CredentialSaving {
			return c, nil
		}
		c.state, c.err = CredentialError, msg.err
		c.syncKeys()
		return c, c.Focus()
	case tea.KeyPressMsg:
		return c.updateKey(msg)
	}
	// Paste and cursor messages go to the focused input.
	if c.state == CredentialSaving || c.state == CredentialSaved {
		return c, nil
	}
	if in := c.input(c.focus); in != nil {
		var cmd tea.Cmd
		*in, cmd = in.Update(msg)
		return c, cmd
	}
	return c, nil
}

func (c Credential) updateKey(k tea.KeyPressMsg) (Credential, tea.Cmd) {
	switch c.state {
	case CredentialSaving:
		return c, nil // the keyring answers (or times out) soon; nothing to cancel
	case CredentialSaved:
		if key.Matches(k, c.KeyMap.Save, c.KeyMap.Close) {
			return c, func() tea.Msg { return CloseMsg{} }
		}
		return c, nil
	}
	switch {
	case key.Matches(k, c.KeyMap.Close):
		return c, func() tea.Msg { return CloseMsg{} }
	case key.Matches(k, c.KeyMap.Save):
		return c.save()
	case key.Matches(k, c.KeyMap.Next):
		return c, c.move(1)
	case key.Matches(k, c.KeyMap.Prev):
		return c, c.move(-1)
	case key.Matches(k, c.KeyMap.Cycle):
		step := 1
		if k.String() == "left" {
			step = -1
		}
		switch c.focus {
		case fieldRegion:
			c.region = (c.region + step + len(credentials.Regions)) % len(credentials.Regions)
		case fieldStage:
			c.stage = (c.stage + step + len(credentials.Stages)) % len(credentials.Stages)
		}
		return c, nil
	}
	in := c.input(c.focus)
	if in == nil {
		return c, nil
	}
	c.fieldErr[c.focus] = ""
	var cmd tea.Cmd
	*in, cmd = in.Update(k)
	return c, cmd
}

// move focuses the next (+1) or previous (-1) field, skipping the fixed name.
func (c *Credential) move(step int) tea.Cmd {
	for {
		c.focus = (c.focus + step + numFields) % numFields
		if !(c.editing && c.focus == fieldName) {
			break
		}
	}
	c.syncKeys()
	return c.Focus()
}

// validate checks the fields and sets their errors; it reports whether all are fine.
func (c *Credential) validate() bool {
	c.fieldErr = [numFields]string{}
	name := strings.TrimSpace(c.name.Value())
	switch {
	case name == "":
		c.fieldErr[fieldName] = "Enter a name for the profile, e.g. the skill's name."
	default:
		if err := credentials.ValidateName(name); err != nil {
			c.fieldErr[fieldName] = sentence(err.Error())
		}
	}
	id := strings.TrimSpace(c.clientID.Value())
	switch {
	case id == "":
		c.fieldErr[fieldClientID] = "Enter the client id (developer console → Build → Permissions → Alexa Skill Messaging)."
	case strings.IndexFunc(id, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) >= 0:
		c.fieldErr[fieldClientID] = "The client id contains a space; paste only the id."
	case len(id) > 256:
		c.fieldErr[fieldClientID] = "The client id is too long (at most 256 characters)."
	}
	secret := c.secret.Value()
	switch {
	case secret == "" && c.editing:
		// Keep the stored secret.
	case secret == "":
		c.fieldErr[fieldSecret] = "Enter the client secret (shown next to the client id in the developer console)."
	default:
		if err := credentials.CheckSecret(secret); err != nil {
			c.fieldErr[fieldSecret] = sentence(err.Error())
		}
	}
	for f, e := range c.fieldErr {
		if e != "" {
			c.focus = f
			return false
		}
	}
	return true
}

// capitalize upper-cases the first letter of s.
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// sentence capitalises s and ends it with a full stop.
func sentence(s string) string {
	s = capitalize(s)
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// save validates the fields and, when they are fine, starts the save command.
func (c Credential) save() (Credential, tea.Cmd) {
	c.err = ""
	if !c.validate() {
		c.syncKeys()
		return c, c.Focus()
	}
	p := credentials.Profile{
		Name:     strings.TrimSpace(c.name.Value()),
		ClientID: strings.TrimSpace(c.clientID.Value()),
		Region:   credentials.Regions[c.region],
		Stage:    credentials.Stages[c.stage],
	}
	c.state = CredentialSaving
	c.Blur()
	c.syncKeys()
	return c, tea.Batch(saveProfileCmd(c.id, c.dir, c.store, p, c.secret.Value(), c.editing), c.spinner.Tick)
}

// View draws the dialog box. The secret is drawn as bullets only.
func (c Credential) View() string {
	st := c.styles
	bw := boxWidth(c.width, 68)
	iw := InnerWidth(st, bw)
	title := "New profile"
	if c.editing {
		title = "Edit profile " + c.name.Value()
	}
	var body []string
	editable := c.state == CredentialInitial || c.state == CredentialError
	for f := 0; f < numFields; f++ {
		focused := editable && f == c.focus
		marker, label := "  ", st.Label
		if focused {
			marker, label = st.Marker.Render("› "), st.LabelFocused
		}
		var value string
		switch f {
		case fieldRegion:
			r := credentials.Regions[c.region]
			value = st.Text.Render("‹ "+r+" ›") + " " + st.Muted.Render(regionNames[alexa.Region(r)])
		case fieldStage:
			s := credentials.Stages[c.stage]
			if s == "live" {
				value = st.Live.Render("‹ LIVE ›") + " " + st.Live.Render("real customers")
			} else {
				value = st.Text.Render("‹ "+s+" ›") + " " + st.Muted.Render("your test accounts")
			}
		case fieldName:
			if c.editing {
				value = st.Text.Render(c.name.Value()) + " " + st.Muted.Render("(fixed)")
			} else {
				value = c.name.View()
			}
		case fieldClientID:
			value = c.clientID.View()
		case fieldSecret:
			if c.state == CredentialSaved {
				value = st.OK.Render("✓ stored in the OS keyring")
			} else {
				value = c.secret.View()
			}
		}
		body = append(body, marker+label.Render(padTo(fieldLabels[f], labelWidth))+value)
		if e := c.fieldErr[f]; e != "" {
			for _, l := range kit.Wrap("✗ "+e, max(iw-2-labelWidth, 10)) {
				body = append(body, strings.Repeat(" ", 2+labelWidth)+st.Err.Render(l))
			}
		}
	}
	body = append(body, "")
	switch c.state {
	case CredentialInitial:
		body = append(body, styleLines(kit.Wrap("The secret is stored only in the OS keyring; the rest goes to the profile file.", iw), st.Muted.Render)...)
	case CredentialSaving:
		body = append(body, c.spinner.View()+st.Text.Render("Saving… (the OS keyring may ask to be unlocked)"))
	case CredentialSaved:
		p := c.saved.Profile
		msg := "✓ Saved profile " + p.Name + " (" + p.Region + ", " + p.Stage + "). Its client secret is in the OS keyring (service " +
			credentials.KeyringService + ", account " + p.Name + ")."
		if c.saved.Default {
			msg += " It is the default profile."
		}
		body = append(body, styleLines(kit.Wrap(msg, iw), st.OK.Render)...)
	case CredentialError:
		body = append(body, st.Err.Render("✗ Not saved"))
		body = append(body, styleLines(kit.Wrap(capitalize(c.err), iw), st.Err.Render)...)
	}
	return Frame(st, bw, c.height, title, body, nil, hintLine(c.KeyMap.Next, c.KeyMap.Cycle, c.KeyMap.Save, c.KeyMap.Close))
}
