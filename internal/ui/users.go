package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/users"
)

// The users screen (F8): the active profile's saved Unicast users. It adds
// users caught from pasted text (users.Catch → users.Save), removes them,
// runs the loopback receiver (users.Receiver) that catches the users of
// skill requests posted to it, and marks users for a group Unicast send
// (group.go). It is one dialog the root keeps (m.usr) while the program
// runs, so the receiver and the marks survive closing it; every file and
// network step runs in a command.

// UsersKeyMap are the keys of the users screen.
type UsersKeyMap struct {
	Up, Down key.Binding
	Mark     key.Binding // space: mark the user for a group send
	SendTo   key.Binding // s: send the composer's event to the marked users
	Add      key.Binding // a: paste text to catch users from
	Remove   key.Binding // d: remove the user (asks first)
	Receiver key.Binding // r: start or stop the loopback receiver
	Scenario key.Binding // t: post skill-event scenarios to a skill on loopback (scenarios.go)
	Catch    key.Binding // ctrl+s in the paste area: look for users
	Choose   key.Binding // enter: choose / save
	Yes, No  key.Binding
	Back     key.Binding // esc: back (closes the screen from the list)
}

// DefaultUsersKeyMap returns the keys of the users screen.
func DefaultUsersKeyMap() UsersKeyMap {
	return UsersKeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "move")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓", "down")),
		Mark:     key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "mark for a group send")),
		SendTo:   key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "send to marked")),
		Add:      key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "add from pasted text")),
		Remove:   key.NewBinding(key.WithKeys("d", "delete"), key.WithHelp("d", "remove")),
		Receiver: key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "start/stop receiver")),
		Scenario: key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "test the skill's event handler")),
		Catch:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "find users")),
		Choose:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Yes:      key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "remove it")),
		No:       key.NewBinding(key.WithKeys("n", "N", "esc"), key.WithHelp("n", "keep it")),
		Back:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
	}
}

type usersMode int

const (
	usersList    usersMode = iota // the saved users
	usersPaste                    // the paste area
	usersPick                     // several users caught: choose one
	usersLabel                    // the label prompt before saving
	usersConfirm                  // "remove user x?"
)

// Messages of the users screen.
type (
	// usersLoadedMsg carries the profile's saved users (after a load, a save or a removal).
	usersLoadedMsg struct {
		profile string
		users   []credentials.User
		note    string // what changed ("" for a plain load)
		err     error
	}
	// receiverStartedMsg says the receiver listens at addr (or why not).
	receiverStartedMsg struct {
		addr string
		err  error
	}
	// receiverMsg is one post to the receiver: a user caught or why nobody was.
	receiverMsg struct {
		caught *users.Caught
		reject string
	}
	// groupChosenMsg asks the root to send the composer's event to these users.
	groupChosenMsg struct{ users []credentials.User }
)

// usersDialog is the users screen.
type usersDialog struct {
	rootDialog
	uk      UsersKeyMap
	dir     string
	profile string

	list    []credentials.User
	loaded  bool
	sel     int
	marked  map[string]bool
	mode    usersMode
	area    textarea.Model
	caught  []users.Caught
	pick    int
	label   textinput.Model
	note    string
	noteErr bool

	recv     *users.Receiver
	recvAddr string
	recvCh   chan receiverMsg
}

func newUsersDialog(keys KeyMap, dir, profile string) *usersDialog {
	d := &usersDialog{rootDialog: rootDialog{keys: keys}, uk: DefaultUsersKeyMap(), dir: dir, profile: profile, marked: map[string]bool{}}
	d.area = textarea.New()
	d.area.Placeholder = "Paste a skill request (JSON), a CloudWatch log line or a subscription-changed event"
	d.area.ShowLineNumbers = false
	d.area.CharLimit = users.MaxInput // what Catch reads: a huge paste stays bounded
	d.label = textinput.New()
	d.label.Placeholder = "kitchen echo"
	d.label.CharLimit = 100
	return d
}

// Init loads the saved users.
func (d *usersDialog) Init() tea.Cmd { return loadUsersCmd(d.dir, d.profile, "") }

// loadUsersCmd reads the profile's saved users.
func loadUsersCmd(dir, profile, note string) tea.Cmd {
	return func() tea.Msg {
		us, err := profileUsers(dir, profile)
		return usersLoadedMsg{profile: profile, users: us, note: note, err: err}
	}
}

// profileUsers reads the saved users of profile ("" = the default one).
func profileUsers(dir, profile string) ([]credentials.User, error) {
	cfg, err := credentials.Load(dir)
	if err != nil {
		return nil, err
	}
	var p credentials.Profile
	if profile == "" {
		var ok bool
		if p, ok = cfg.Default(); !ok {
			return nil, errNoProfile
		}
	} else if p, err = cfg.Get(profile); err != nil {
		return nil, err
	}
	return p.Users, nil
}

var errNoProfile = errors.New("no profile yet: add one with F4 (n), or `pe-tui profile add`, to keep users in it")

// saveUserCmd saves a caught user with label in the profile.
func saveUserCmd(dir, profile string, c users.Caught, label string) tea.Cmd {
	return func() tea.Msg {
		p, added, err := users.Save(dir, profile, c, label)
		if err != nil {
			return usersLoadedMsg{profile: profile, err: fmt.Errorf("not saved: %w", err)}
		}
		verb := "Updated"
		if added {
			verb = "Saved"
		}
		return usersLoadedMsg{profile: p.Name, users: p.Users, note: verb + " " + userName(c.User(label))}
	}
}

// removeUserCmd removes a saved user from the profile.
func removeUserCmd(dir, profile string, u credentials.User) tea.Cmd {
	return func() tea.Msg {
		if err := credentials.RemoveProfileUser(dir, profile, u.ID); err != nil {
			return usersLoadedMsg{profile: profile, err: fmt.Errorf("not removed: %w", err)}
		}
		us, err := profileUsers(dir, profile)
		return usersLoadedMsg{profile: profile, users: us, note: "Removed " + userName(u), err: err}
	}
}

// startReceiverCmd starts r on a free loopback port.
func startReceiverCmd(r *users.Receiver) tea.Cmd {
	return func() tea.Msg {
		url, err := r.Start("127.0.0.1:0")
		return receiverStartedMsg{addr: url, err: err}
	}
}

// waitReceiverCmd delivers the receiver's next post as a message. The
// receiver's callbacks run on request goroutines and only write to ch.
func waitReceiverCmd(ch chan receiverMsg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// closeReceiver stops the receiver, if it runs.
func (d *usersDialog) closeReceiver() {
	if d != nil && d.recv != nil {
		_ = d.recv.Close()
		close(d.recvCh)
		d.recv, d.recvCh, d.recvAddr = nil, nil, ""
	}
}

// userName is the label and the shortened id of u, neutralised.
func userName(u credentials.User) string {
	id := shortID(u.ID)
	if u.Label == "" {
		return termtext.Clean(id)
	}
	return termtext.Clean(u.Label) + " (" + termtext.Clean(id) + ")"
}

// shortID shortens amzn1.ask.account.XXXX… to its start and end.
func shortID(id string) string {
	const prefix = "amzn1.ask.account."
	rest, ok := strings.CutPrefix(id, prefix)
	if !ok || len(rest) <= 12 {
		return id
	}
	return "…" + rest[:6] + "…" + rest[len(rest)-4:]
}

func (d *usersDialog) Focus() tea.Cmd {
	switch d.mode {
	case usersPaste:
		return d.area.Focus()
	case usersLabel:
		return d.label.Focus()
	}
	return nil
}

func (d *usersDialog) SetSize(w, h int) {
	d.rootDialog.SetSize(w, h)
	iw := dialogs.InnerWidth(d.styles, d.boxWidth())
	d.area.SetWidth(max(iw-2, 10)) // the area draws its prompt beside the width
	d.area.SetHeight(max(min(h-14, 12), 3))
	d.label.SetWidth(max(iw-8, 10))
}

func (d *usersDialog) setNote(s string, isErr bool) { d.note, d.noteErr = s, isErr }

func (d *usersDialog) Handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case usersLoadedMsg:
		if msg.err != nil {
			d.setNote(msg.err.Error(), true)
			if !errors.Is(msg.err, errNoProfile) {
				return nil
			}
		}
		d.list, d.loaded = msg.users, true
		d.sel = min(d.sel, max(len(d.list)-1, 0))
		for id := range d.marked {
			if !d.has(id) {
				delete(d.marked, id)
			}
		}
		if msg.note != "" {
			d.setNote(msg.note, false)
			d.afterSave()
		}
		return nil
	case receiverStartedMsg:
		if msg.err != nil {
			d.closeReceiver()
			d.setNote("The receiver did not start: "+msg.err.Error(), true)
			return nil
		}
		d.recvAddr = msg.addr
		d.setNote("Receiver started: each user posted to it is offered for saving", false)
		return nil
	case receiverMsg:
		var cmd tea.Cmd
		if d.recvCh != nil {
			cmd = waitReceiverCmd(d.recvCh)
		}
		if msg.caught == nil {
			d.setNote("Receiver: "+termtext.Clean(msg.reject), true)
			return cmd
		}
		d.caught = append(d.caught, *msg.caught)
		if d.mode == usersList {
			d.mode, d.pick = usersPick, len(d.caught)-1
		}
		d.setNote("Receiver caught "+userName(msg.caught.User("")), false)
		return cmd
	case tea.PasteMsg:
		if d.mode == usersList {
			d.mode = usersPaste
			d.area.Reset()
			cmd := d.area.Focus()
			var c2 tea.Cmd
			d.area, c2 = d.area.Update(msg)
			return tea.Batch(cmd, c2)
		}
		return d.updateInputs(msg)
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return d.updateInputs(msg)
}

// updateInputs gives other messages (cursor blinks, pastes) to the focused input.
func (d *usersDialog) updateInputs(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch d.mode {
	case usersPaste:
		d.area, cmd = d.area.Update(msg)
	case usersLabel:
		d.label, cmd = d.label.Update(msg)
	}
	return cmd
}

func (d *usersDialog) has(id string) bool {
	for _, u := range d.list {
		if u.ID == id {
			return true
		}
	}
	return false
}

// afterSave goes on with the next caught user, or back to the list.
func (d *usersDialog) afterSave() {
	if d.mode != usersLabel {
		return
	}
	d.label.Blur()
	d.caught = append(d.caught[:d.pick:d.pick], d.caught[d.pick+1:]...)
	if len(d.caught) > 0 {
		d.mode, d.pick = usersPick, 0
		return
	}
	d.mode = usersList
}

func (d *usersDialog) key(k tea.KeyPressMsg) tea.Cmd {
	uk := &d.uk
	if d.mode == usersList {
		d.setNote("", false) // the last note was read
	}
	switch d.mode {
	case usersPaste:
		switch {
		case key.Matches(k, uk.Back):
			d.area.Blur()
			d.mode = usersList
			return nil
		case key.Matches(k, uk.Catch):
			return d.catch()
		}
		var cmd tea.Cmd
		d.area, cmd = d.area.Update(k)
		return cmd
	case usersPick:
		switch {
		case key.Matches(k, uk.Back):
			d.caught, d.mode = nil, usersList
			d.setNote("Nothing saved", false)
		case key.Matches(k, uk.Up):
			d.pick = max(d.pick-1, 0)
		case key.Matches(k, uk.Down):
			d.pick = min(d.pick+1, len(d.caught)-1)
		case key.Matches(k, uk.Choose):
			d.mode = usersLabel
			d.label.SetValue("")
			return d.label.Focus()
		}
		return nil
	case usersLabel:
		switch {
		case key.Matches(k, uk.Back):
			d.label.Blur()
			d.mode = usersPick
			return nil
		case key.Matches(k, uk.Choose):
			c := d.caught[d.pick]
			return saveUserCmd(d.dir, d.profile, c, strings.TrimSpace(d.label.Value()))
		}
		var cmd tea.Cmd
		d.label, cmd = d.label.Update(k)
		return cmd
	case usersConfirm:
		d.mode = usersList
		if key.Matches(k, uk.Yes) && d.sel < len(d.list) {
			return removeUserCmd(d.dir, d.profile, d.list[d.sel])
		}
		d.setNote("Kept the user", false)
		return nil
	}
	switch {
	case key.Matches(k, uk.Back), key.Matches(k, d.keys.Users):
		return closeCmd
	case key.Matches(k, uk.Up):
		d.sel = max(d.sel-1, 0)
	case key.Matches(k, uk.Down):
		d.sel = min(d.sel+1, max(len(d.list)-1, 0))
	case key.Matches(k, uk.Mark):
		if d.sel < len(d.list) {
			id := d.list[d.sel].ID
			if d.marked[id] {
				delete(d.marked, id)
			} else {
				d.marked[id] = true
			}
			d.sel = min(d.sel+1, len(d.list)-1)
		}
	case key.Matches(k, uk.SendTo):
		var us []credentials.User
		for _, u := range d.list {
			if d.marked[u.ID] {
				us = append(us, u)
			}
		}
		if len(us) == 0 {
			d.setNote("Mark users with space first, then s sends the composer's event to each of them", true)
			return nil
		}
		return tea.Batch(closeCmd, answer(groupChosenMsg{users: us})) // in either order
	case key.Matches(k, uk.Add):
		d.mode = usersPaste
		d.area.Reset()
		return d.area.Focus()
	case key.Matches(k, uk.Remove):
		if d.sel < len(d.list) {
			d.mode = usersConfirm
		}
	case key.Matches(k, uk.Scenario):
		var u credentials.User // the sandbox's default user when none is saved
		if d.sel < len(d.list) {
			u = d.list[d.sel]
		}
		return answer(dialogs.OpenMsg{Dialog: newScenariosDialog(d.keys, u, time.Now())})
	case key.Matches(k, uk.Receiver):
		if d.recv != nil {
			d.closeReceiver()
			d.setNote("Receiver stopped", false)
			return nil
		}
		ch := make(chan receiverMsg, 64)
		d.recvCh = ch
		d.recv = &users.Receiver{
			OnUser: func(c users.Caught) error {
				select {
				case ch <- receiverMsg{caught: &c}:
					return nil
				default:
					return errors.New("pe-tui is busy: too many users waiting to be saved")
				}
			},
			OnReject: func(peer string, err error) {
				select {
				case ch <- receiverMsg{reject: peer + ": " + err.Error()}:
				default:
				}
			},
		}
		d.setNote("Starting the receiver…", false)
		return tea.Batch(startReceiverCmd(d.recv), waitReceiverCmd(ch))
	}
	return nil
}

// catch looks for users in the pasted text.
func (d *usersDialog) catch() tea.Cmd {
	text := d.area.Value()
	if strings.TrimSpace(text) == "" {
		d.setNote("Paste text first: a skill request's JSON, a CloudWatch log line or a subscription-changed event", true)
		return nil
	}
	found, err := users.Catch([]byte(text))
	if err != nil && len(found) == 0 {
		d.setNote("No user saved: "+termtext.Clean(err.Error()), true)
		return nil
	}
	d.area.Blur()
	d.caught, d.pick, d.mode = found, 0, usersPick
	if len(found) == 1 {
		d.mode = usersLabel
		d.label.SetValue("")
		d.setNote("Found 1 user", false)
		return d.label.Focus()
	}
	d.setNote(fmt.Sprintf("Found %d users: choose one to save (enter), then the next", len(found)), false)
	return nil
}

func (d *usersDialog) HelpKeys() []key.Binding {
	uk := d.uk
	switch d.mode {
	case usersPaste:
		return []key.Binding{uk.Catch, withHelp(uk.Back, "esc", "back"), d.keys.ForceQuit}
	case usersPick:
		return []key.Binding{uk.Up, withHelp(uk.Choose, "enter", "save this one"), withHelp(uk.Back, "esc", "save none"), d.keys.ForceQuit}
	case usersLabel:
		return []key.Binding{withHelp(uk.Choose, "enter", "save"), withHelp(uk.Back, "esc", "back"), d.keys.ForceQuit}
	case usersConfirm:
		return []key.Binding{uk.Yes, uk.No}
	}
	return []key.Binding{uk.Up, uk.Mark, uk.SendTo, uk.Add, uk.Remove, uk.Receiver, uk.Scenario, withHelp(uk.Back, "esc", "close"), d.keys.ForceQuit}
}

// userLine is one saved user: label, short id, region, locale, events.
func userLine(u credentials.User) string {
	region, locale, events := u.Region, u.Locale, "events unknown"
	if region == "" {
		region = "region ?"
	}
	if locale == "" {
		locale = "locale ?"
	}
	if u.EventsKnown {
		events = "subscribed to nothing"
		if len(u.Events) > 0 {
			events = strings.Join(u.Events, ", ")
		}
	}
	return termtext.Clean(fmt.Sprintf("%s · %s · %s · %s", userName(u), region, locale, events))
}

// caughtLine is one caught user with where it came from.
func caughtLine(c users.Caught) string {
	s := userLine(c.User(""))
	if c.RequestType != "" {
		s += " · from " + termtext.Clean(c.RequestType)
	}
	return s
}

func (d *usersDialog) View() string {
	st := d.styles
	iw := dialogs.InnerWidth(st, d.boxWidth())
	title := "Users"
	if d.profile != "" {
		title += " of profile " + termtext.Clean(d.profile)
	}
	var body, foot []string
	row := func(cursor bool, s string) string {
		m := "  "
		if cursor {
			m = st.Marker.Render("› ")
		}
		return m + ansi.Truncate(s, max(iw-2, 1), "…")
	}
	switch d.mode {
	case usersPaste:
		body = append(body, d.wrap("Paste the text that holds the user: a skill request's JSON, a CloudWatch log line or a subscription-changed event. Nothing is saved until you choose and label a user.", st.Muted)...)
		body = append(body, "", d.area.View())
	case usersPick, usersLabel:
		body = append(body, st.Text.Render(fmt.Sprintf("Caught %d user(s):", len(d.caught))))
		for i, c := range d.caught {
			body = append(body, row(i == d.pick, caughtLine(c)))
		}
		if d.mode == usersLabel {
			foot = append(foot, "", st.Label.Render("Label ")+d.label.View())
		}
	default:
		switch {
		case !d.loaded && d.note == "":
			body = append(body, st.Muted.Render("Loading…"))
		case len(d.list) == 0:
			body = append(body, d.wrap("No saved users. Press a and paste a skill request, or start the receiver with r and point your skill's endpoint at it.", st.Muted)...)
		}
		for i, u := range d.list {
			mark := "[ ] "
			if d.marked[u.ID] {
				mark = "[x] "
			}
			line := row(i == d.sel, mark+userLine(u))
			if i == d.sel {
				line = st.Selected.Render(line)
			}
			body = append(body, line)
		}
		if d.mode == usersConfirm && d.sel < len(d.list) {
			foot = append(foot, "", st.Warn.Render(ansi.Truncate("Remove "+userName(d.list[d.sel])+"? y removes it, n keeps it", iw, "…")))
		}
		recv := "Receiver: off (r starts it on 127.0.0.1)"
		if d.recvAddr != "" {
			recv = "Receiver at " + d.recvAddr + " — no signature checks; loopback only. Point a tunnel or your skill's test harness at it."
		}
		foot = append(foot, "")
		foot = append(foot, d.wrap(recv, st.Muted)...)
	}
	if d.note != "" {
		style := st.OK
		if d.noteErr {
			style = st.Err
		}
		foot = append(foot, "")
		foot = append(foot, d.wrap(d.note, style)...)
	}
	hint := "space marks · s sends to marked · a adds · d removes · r receiver · t scenarios · esc closes"
	switch d.mode {
	case usersPaste:
		hint = "ctrl+s finds users · esc back"
	case usersPick:
		hint = "↑/↓ choose · enter saves this one · esc saves none"
	case usersLabel:
		hint = "type a label (optional) · enter saves · esc back"
	case usersConfirm:
		hint = "y removes · n keeps"
	}
	return dialogs.Frame(st, d.boxWidth(), d.height, title, body, foot, hint)
}

// openUsers opens the users screen (F8), kept for the whole run.
func (m *Model) openUsers() tea.Cmd {
	if m.usr == nil || m.usr.profile != m.profile {
		m.usr.closeReceiver()
		m.usr = newUsersDialog(m.keys, m.opts.ConfigDir, m.profile)
	}
	return m.open(m.usr)
}

// updateUsers routes the users screen's messages to it, open or not (the
// receiver keeps catching while the screen is closed), and acts on a
// changed list; ok is false for any other message.
func (m Model) updateUsers(msg tea.Msg) (Model, tea.Cmd, bool) {
	switch msg := msg.(type) {
	case usersLoadedMsg:
		if msg.err == nil {
			m.response.SetUsers(msg.users)
			opts := make([]draft.UserOption, 0, len(msg.users))
			for _, u := range msg.users {
				opts = append(opts, draft.UserOption{ID: u.ID, Label: u.Label})
			}
			if msg.note != "" || m.usr != nil {
				m.setUsers(opts)
			}
		}
	case receiverStartedMsg, receiverMsg:
	case groupChosenMsg:
		nm, cmd := m.sendGroup(msg.users)
		return nm, cmd, true
	default:
		return m, nil, false
	}
	if m.usr == nil {
		return m, nil, true
	}
	return m, m.usr.Handle(msg), true
}
