package dialogs

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/credentials"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// ProfileChosenMsg says the user picked a profile to use. Profile carries
// its client id, default region and stage and saved Unicast users (for the
// form's audience field); its secret stays in the keyring.
type ProfileChosenMsg struct {
	Name    string
	Profile credentials.Profile
}

// ProfilePickerKeyMap are the keys of a ProfilePicker.
type ProfilePickerKeyMap struct {
	Up      key.Binding
	Down    key.Binding
	Choose  key.Binding // use the highlighted profile
	New     key.Binding // add a profile (opens the credential dialog)
	Edit    key.Binding // edit the highlighted profile (client id, secret, region, stage)
	Remove  key.Binding // remove the highlighted profile and its secret (asks first)
	Default key.Binding // make the highlighted profile the default (pe-tui starts with it)
	Yes     key.Binding // confirm the removal
	No      key.Binding // keep the profile
	Close   key.Binding
}

// DefaultProfilePickerKeyMap returns the keys of a ProfilePicker.
func DefaultProfilePickerKeyMap() ProfilePickerKeyMap {
	return ProfilePickerKeyMap{
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "move")),
		Down:    key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		Choose:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "use")),
		New:     key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "new")),
		Edit:    key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "edit")),
		Remove:  key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "remove")),
		Default: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "make default")),
		Yes:     key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "remove it"), key.WithDisabled()),
		No:      key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n/esc", "keep it"), key.WithDisabled()),
		Close:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// ShortHelp implements help.KeyMap.
func (k ProfilePickerKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Choose, k.New, k.Edit, k.Default, k.Remove, k.Yes, k.No, k.Close}
}

// FullHelp implements help.KeyMap.
func (k ProfilePickerKeyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Up, k.Down, k.Choose}, {k.New, k.Edit, k.Default, k.Remove}, {k.Yes, k.No, k.Close}}
}

// ProfilePickerOptions configure a ProfilePicker.
type ProfilePickerOptions struct {
	// ConfigDir is the directory of the profile file ("" = credentials.DefaultDir()).
	ConfigDir string
	// Store keeps the client secrets (credentials.NewKeyringStore in the app).
	Store credentials.SecretStore
	// Active is the profile in use, marked in the list ("" = none).
	Active string
}

// pickerMode is what the profile picker shows.
type pickerMode int

const (
	modeList     pickerMode = iota // the profile list
	modeConfirm                    // "remove profile x?"
	modeRemoving                   // the removal command runs
)

// ProfilePicker lists the credential profiles with their client id (never
// the secret), whether the OS keyring holds their secret, the default and
// the active one. enter uses a profile (ProfileChosenMsg), n adds one and e
// edits one (a nested Credential dialog), d removes one after asking (its
// secret leaves the keyring; ProfileRemovedMsg). Call Init when it opens.
type ProfilePicker struct {
	KeyMap ProfilePickerKeyMap

	id     int64
	dir    string
	store  credentials.SecretStore
	active string

	loading     bool
	profiles    []credentials.Profile
	defaultName string
	secrets     map[string]secretState
	keyringErr  string
	loadErr     string
	cursor      int
	selectName  string // select this profile once the list is loaded again

	mode     pickerMode
	removing string // the profile asked about or being removed
	note     string // the outcome of the last save or removal
	noteErr  bool

	credID  int64 // the credential dialog last opened from the picker
	spinner spinner.Model
	styles  Styles
	width   int
	height  int
}

// NewProfilePicker returns the picker; Init loads the profiles.
func NewProfilePicker(opts ProfilePickerOptions) ProfilePicker {
	p := ProfilePicker{
		KeyMap:     DefaultProfilePickerKeyMap(),
		id:         nextID(),
		dir:        opts.ConfigDir,
		store:      opts.Store,
		active:     opts.Active,
		loading:    true,
		selectName: opts.Active,
		spinner:    spinner.New(spinner.WithSpinner(spinner.Dot)),
	}
	p.SetStyles(DefaultStyles(true))
	p.syncKeys()
	return p
}

// Init returns the command that reads the profile file and asks the keyring
// which secrets it holds. The root runs it when the dialog opens.
func (p ProfilePicker) Init() tea.Cmd {
	return tea.Batch(loadProfilesCmd(p.id, p.dir, p.store), p.spinner.Tick)
}

// Profiles returns the profiles as last loaded.
func (p ProfilePicker) Profiles() []credentials.Profile { return p.profiles }

// SetStyles sets the styles.
func (p *ProfilePicker) SetStyles(s Styles) {
	p.styles = s
	p.spinner.Style = s.Spinner
}

// SetSize sets the space the dialog may use (usually the terminal size).
func (p *ProfilePicker) SetSize(w, h int) {
	p.width, p.height = w, h
}

// Focus implements Dialog; the picker has no text input.
func (p *ProfilePicker) Focus() tea.Cmd { return nil }

func (p *ProfilePicker) syncKeys() {
	list := p.mode == modeList && !p.loading
	has := list && len(p.profiles) > 0
	p.KeyMap.Up.SetEnabled(has)
	p.KeyMap.Down.SetEnabled(has)
	p.KeyMap.Choose.SetEnabled(has)
	p.KeyMap.Edit.SetEnabled(has)
	p.KeyMap.Remove.SetEnabled(has)
	p.KeyMap.Default.SetEnabled(has && p.profiles[p.cursor].Name != p.defaultName)
	p.KeyMap.New.SetEnabled(list && p.loadErr == "")
	p.KeyMap.Close.SetEnabled(p.mode == modeList)
	p.KeyMap.Yes.SetEnabled(p.mode == modeConfirm)
	p.KeyMap.No.SetEnabled(p.mode == modeConfirm)
}

// HelpKeys returns the keys that work now.
func (p ProfilePicker) HelpKeys() []key.Binding { return p.KeyMap.ShortHelp() }

// Update handles keys and the answers of the load, save and remove commands.
func (p ProfilePicker) Update(msg tea.Msg) (ProfilePicker, tea.Cmd) {
	switch msg := msg.(type) {
	case spinner.TickMsg:
		if msg.ID == p.spinner.ID() {
			if !p.loading && p.mode != modeRemoving {
				return p, nil
			}
			var cmd tea.Cmd
			p.spinner, cmd = p.spinner.Update(msg)
			return p, cmd
		}
	case profilesLoadedMsg:
		if msg.id != p.id {
			return p, nil
		}
		p.loaded(msg)
		return p, nil
	case ProfileSavedMsg:
		if msg.id != p.credID {
			return p, nil
		}
		p.selectName = msg.Profile.Name
		p.note, p.noteErr = "Saved profile "+msg.Profile.Name+".", false
		return p, p.reload()
	case ProfileRemovedMsg:
		if msg.id != p.id {
			return p, nil
		}
		p.mode = modeList
		p.note, p.noteErr = msg.Text, false
		if p.active == msg.Name {
			p.active = ""
		}
		p.syncKeys()
		return p, p.reload()
	case profileDefaultMsg:
		if msg.id != p.id {
			return p, nil
		}
		if msg.err != nil {
			p.note, p.noteErr = "Not made the default: "+msg.err.Error(), true
			return p, nil
		}
		p.note, p.noteErr = msg.name+" is now the default profile: pe-tui starts with it.", false
		return p, p.reload()
	case removeFailedMsg:
		if msg.id != p.id {
			return p, nil
		}
		p.mode = modeList
		p.note, p.noteErr = msg.err, true
		p.syncKeys()
		return p, nil
	case tea.KeyPressMsg:
		return p.updateKey(msg)
	}
	return p, nil
}

// profileDefaultMsg answers the key that makes a profile the default.
type profileDefaultMsg struct {
	id   int64
	name string
	err  error
}

// reload starts loading the profile list again.
func (p *ProfilePicker) reload() tea.Cmd {
	p.loading = true
	p.syncKeys()
	return tea.Batch(loadProfilesCmd(p.id, p.dir, p.store), p.spinner.Tick)
}

// loaded takes a loaded profile list, keeping the cursor on the same profile.
func (p *ProfilePicker) loaded(msg profilesLoadedMsg) {
	want := p.selectName
	if want == "" && p.cursor < len(p.profiles) {
		want = p.profiles[p.cursor].Name
	}
	p.loading = false
	p.profiles, p.defaultName, p.secrets = msg.profiles, msg.defaultName, msg.secrets
	p.keyringErr, p.loadErr = msg.keyringErr, msg.err
	p.selectName = ""
	p.cursor = 0
	for i, pr := range p.profiles {
		if pr.Name == want {
			p.cursor = i
		}
	}
	p.syncKeys()
}

func (p ProfilePicker) updateKey(k tea.KeyPressMsg) (ProfilePicker, tea.Cmd) {
	switch p.mode {
	case modeConfirm:
		switch {
		case key.Matches(k, p.KeyMap.Yes):
			p.mode = modeRemoving
			p.syncKeys()
			return p, tea.Batch(removeProfileCmd(p.id, p.dir, p.store, p.removing), p.spinner.Tick)
		case key.Matches(k, p.KeyMap.No):
			p.mode = modeList
			p.syncKeys()
		}
		return p, nil
	case modeRemoving:
		return p, nil
	}
	if key.Matches(k, p.KeyMap.Close) {
		return p, func() tea.Msg { return CloseMsg{} }
	}
	if p.loading {
		return p, nil
	}
	switch {
	case key.Matches(k, p.KeyMap.New):
		return p, p.openCredential(nil)
	case len(p.profiles) == 0:
		return p, nil
	case key.Matches(k, p.KeyMap.Up):
		p.cursor = (p.cursor + len(p.profiles) - 1) % len(p.profiles)
	case key.Matches(k, p.KeyMap.Down):
		p.cursor = (p.cursor + 1) % len(p.profiles)
	case key.Matches(k, p.KeyMap.Choose):
		pr := p.profiles[p.cursor]
		return p, func() tea.Msg { return ProfileChosenMsg{Name: pr.Name, Profile: pr} }
	case key.Matches(k, p.KeyMap.Edit):
		pr := p.profiles[p.cursor]
		return p, p.openCredential(&pr)
	case key.Matches(k, p.KeyMap.Default):
		name, dir := p.profiles[p.cursor].Name, p.dir
		id := p.id
		return p, func() tea.Msg {
			_, err := credentials.UseProfile(dir, name)
			return profileDefaultMsg{id: id, name: name, err: err}
		}
	case key.Matches(k, p.KeyMap.Remove):
		p.removing = p.profiles[p.cursor].Name
		p.mode = modeConfirm
		p.note = ""
	}
	p.syncKeys()
	return p, nil
}

// openCredential asks the root to open the credential dialog on top of the
// picker (edit is nil for a new profile); the picker reloads when that
// dialog saves.
func (p *ProfilePicker) openCredential(edit *credentials.Profile) tea.Cmd {
	c := NewCredential(CredentialOptions{ConfigDir: p.dir, Store: p.store, Edit: edit})
	p.credID = c.id
	p.note = ""
	return func() tea.Msg { return OpenMsg{Dialog: &c} }
}

// View draws the dialog box.
func (p ProfilePicker) View() string {
	st := p.styles
	bw := boxWidth(p.width, 100)
	iw := InnerWidth(st, bw)
	var body, foot []string
	switch {
	case p.loadErr != "":
		body = append(body, st.Err.Render("✗ The profile file could not be read"))
		body = append(body, styleLines(kit.Wrap(p.loadErr, iw), st.Err.Render)...)
	case p.loading && p.profiles == nil:
		body = append(body, p.spinner.View()+st.Muted.Render("Reading the profiles and asking the OS keyring…"))
	case len(p.profiles) == 0:
		body = append(body, styleLines(kit.Wrap("No profiles yet. Press n to add one (name, client id and secret of a skill); until then, events go to the sandbox.", iw), st.Text.Render)...)
	default:
		body = nil // the rows are drawn once the footer's height is known
	}
	if p.keyringErr != "" {
		foot = append(foot, "", st.Warn.Render("⚠ The OS keyring could not be asked whether it holds the secrets:"))
		foot = append(foot, styleLines(kit.Wrap(p.keyringErr, iw), st.Warn.Render)...)
	}
	switch p.mode {
	case modeConfirm:
		foot = append(foot, "")
		foot = append(foot, styleLines(kit.Wrap("Remove profile "+p.removing+"? Its client secret is deleted from the OS keyring.", iw), st.Warn.Render)...)
	case modeRemoving:
		foot = append(foot, "", p.spinner.View()+st.Text.Render("Removing "+p.removing+"…"))
	default:
		if p.note != "" {
			style, mark := st.OK, "✓ "
			if p.noteErr {
				style, mark = st.Err, "✗ "
			}
			foot = append(foot, "")
			foot = append(foot, styleLines(kit.Wrap(mark+p.note, iw), style.Render)...)
		}
	}
	if body == nil {
		start, end := p.window(len(foot))
		body = p.rows(iw, start, end)
	}
	hint := hintLine(p.KeyMap.ShortHelp()...)
	return Frame(st, bw, p.height, "Profiles", body, foot, hint)
}

// rows draws two lines per profile, for the profiles start to end: name and
// tags, then the keyring state, region, stage and client id.
func (p ProfilePicker) rows(iw, start, end int) []string {
	st := p.styles
	// The parts every row shares are styled once.
	sep := st.Muted.Render(" · ")
	tagDefault := sep + st.Current.Render("default")
	tagActive := sep + st.Current.Render("● in use")
	type secretText struct {
		s string
		w int
	}
	secrets := map[secretState]secretText{
		secretStored:  {st.OK.Render("✓ secret in keyring"), 19},
		secretMissing: {st.Err.Render("✗ no secret in keyring (e to add it)"), 36},
		secretUnknown: {st.Warn.Render("? keyring not asked"), 19},
	}
	if p.loading {
		secrets[secretUnknown] = secretText{st.Muted.Render("checking the keyring…"), 21}
	}
	out := make([]string, 0, 2*(end-start))
	for i := start; i < end; i++ {
		pr := p.profiles[i]
		marker, nameStyle := "  ", st.Text
		if i == p.cursor {
			marker, nameStyle = st.Marker.Render("› "), st.Selected
		}
		line := marker + nameStyle.Render(pr.Name)
		if pr.Name == p.defaultName {
			line += tagDefault
		}
		if pr.Name == p.active {
			line += tagActive
		}
		out = append(out, line)
		sec := secrets[p.secrets[pr.Name]]
		if pr.Stage == "live" {
			id := truncateMiddle(pr.ClientID, max(iw-(4+sec.w+3+len(pr.Region)+5+3), 12))
			out = append(out, "    "+sec.s+sep+st.Muted.Render(pr.Region+" ")+st.Live.Render("LIVE")+st.Muted.Render(" · "+id))
			continue
		}
		stage := pr.Region + " " + pr.Stage
		id := truncateMiddle(pr.ClientID, max(iw-(4+sec.w+3+len(stage)+3), 12))
		out = append(out, "    "+sec.s+sep+st.Muted.Render(stage+" · "+id))
	}
	return out
}

// window returns the profiles around the cursor that fit the height (two
// lines a profile), given the footer's line count.
func (p ProfilePicker) window(footLines int) (start, end int) {
	n := len(p.profiles)
	if p.height <= 0 {
		return 0, n
	}
	room := p.height - p.styles.Box.GetVerticalFrameSize() - 4 - footLines
	rows := max(room/2, 1)
	if rows >= n {
		return 0, n
	}
	start = min(max(p.cursor-rows/2, 0), n-rows)
	return start, start + rows
}

// truncateMiddle shortens s to n cells by cutting out its middle, so that
// both the common prefix and the distinctive end of an id stay visible.
func truncateMiddle(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	if n <= 1 {
		return "…"
	}
	head := (n - 1) / 2
	tail := n - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}
