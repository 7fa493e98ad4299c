package ui

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
	"github.com/pe-tui/pe-tui/internal/users"
)

const (
	userNA = "amzn1.ask.account.AFNA7QXLKQ3UZ5TDKPZ6VTOB3ZQBYJ4X6MFRUPXWQ2W3KXH7NAUSER"
	userEU = "amzn1.ask.account.AGEU2BERLINUSERZ7Q4M3XK5JH2L9P0RS6TVWYZ"
)

// usersConfig writes a profile "skill" (no users) to a fresh config dir.
func usersConfig(t *testing.T, us ...credentials.User) string {
	t.Helper()
	dir := t.TempDir()
	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Add(credentials.Profile{Name: "skill", ClientID: "amzn1.application-oa2-client.test", Region: "NA", Stage: "development", Users: us}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// savedUsers reads the profile's users from the file.
func savedUsers(t *testing.T, dir string) []credentials.User {
	t.Helper()
	us, err := profileUsers(dir, "skill")
	if err != nil {
		t.Fatal(err)
	}
	return us
}

// pastedRequests is what a user pastes: a CloudWatch line (EU) and a
// skill request (NA), from internal/users/testdata.
func pastedRequests(t *testing.T) string {
	t.Helper()
	var parts []string
	for _, f := range []string{"launch_na.json", "cloudwatch.log"} {
		b, err := os.ReadFile(filepath.Join("..", "users", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, string(b))
	}
	return strings.Join(parts, "\n")
}

// TestUsersScreenCatchSaveRemove: F8 lists the profile's users; a pastes
// text, ctrl+s finds both users in it, each is chosen and labelled and
// saved (users.Save) in the real profile file with its region and locale;
// d then y removes one. Text without a user saves nothing and says why.
func TestUsersScreenCatchSaveRemove(t *testing.T) {
	dir := usersConfig(t)
	m, _ := newSendModel(t, 120, 40, func(o *Options, _ *sendRig) { o.ConfigDir, o.Profile = dir, "skill" })
	m = press(t, m, "alt+u")
	if !topIs[*usersDialog](m) {
		t.Fatalf("F8 did not open the users screen:\n%s", screen(m))
	}
	requireScreen(t, m, "Users of profile skill", "No saved users", "Receiver: off")

	m = press(t, m, "a")
	m = update(t, m, tea.PasteMsg{Content: "hello, no user here"})
	m = press(t, m, "ctrl+s")
	requireScreen(t, m, "No user saved: no user id found")
	if len(savedUsers(t, dir)) != 0 {
		t.Fatal("text without a user saved something")
	}

	// A paste of megabytes is held only up to what Catch reads.
	m = press(t, m, "esc", "a")
	m = update(t, m, tea.PasteMsg{Content: strings.Repeat("x", users.MaxInput+4096)})
	if n := topOf[*usersDialog](m).area.Length(); n > users.MaxInput {
		t.Fatalf("the paste area holds %d characters, more than users.MaxInput", n)
	}
	m = press(t, m, "esc", "a") // a starts with an empty area
	// Pretty-printed requests are long: 300 blank lines inside the first JSON.
	long := strings.Replace(pastedRequests(t), "{", "{"+strings.Repeat("\n", 300), 1)
	m = update(t, m, tea.PasteMsg{Content: long})
	m = press(t, m, "ctrl+s")
	requireScreen(t, m, "Found 2 users", "Caught 2 user(s)", "LaunchRequest", "IntentRequest")
	// The NA user is first; choose it, label it, save it.
	m = press(t, m, "enter")
	m = typeText(t, m, "seattle")
	m = press(t, m, "enter")
	m = press(t, m, "enter")
	m = typeText(t, m, "berlin")
	m = press(t, m, "enter")
	us := savedUsers(t, dir)
	if len(us) != 2 {
		t.Fatalf("saved %d users, want 2: %+v", len(us), us)
	}
	byLabel := map[string]credentials.User{}
	for _, u := range us {
		byLabel[u.Label] = u
	}
	if u := byLabel["seattle"]; u.ID != userNA || u.Region != "NA" || u.Locale != "en-US" {
		t.Fatalf("seattle saved as %+v", u)
	}
	if u := byLabel["berlin"]; u.ID != userEU || u.Region != "EU" || u.Locale != "de-DE" {
		t.Fatalf("berlin saved as %+v", u)
	}
	requireScreen(t, m, "seattle (…AFNA7Q…USER) · NA · en-US", "berlin (…AGEU2B…", "EU · de-DE")
	// The form offers them and the response pane knows them.
	if len(m.opts.Users) != 2 || len(m.response.Users()) != 2 {
		t.Fatalf("the form has %d users, the response pane %d; want 2 each", len(m.opts.Users), len(m.response.Users()))
	}

	// Remove the selected (first) user after asking.
	m = press(t, m, "d")
	requireScreen(t, m, "Remove ", "y removes it, n keeps it")
	m = press(t, m, "n")
	if len(savedUsers(t, dir)) != 2 {
		t.Fatal("n removed the user")
	}
	m = press(t, m, "d", "y")
	if us := savedUsers(t, dir); len(us) != 1 {
		t.Fatalf("after d y %d users are saved, want 1", len(us))
	}
	requireScreen(t, m, "Removed ")
	m = press(t, m, "esc")
	if len(m.stack) != 0 {
		t.Fatal("esc did not close the users screen")
	}
}

// TestUsersReceiverCatchesPostedUser: r starts the real loopback receiver,
// the screen shows its address and says it checks no signatures; a skill
// request posted to it with net/http reaches the model as a message (the
// receiver never touches the model) and is offered for saving; a post
// without a user is reported; Close stops the receiver.
func TestUsersReceiverCatchesPostedUser(t *testing.T) {
	dir := usersConfig(t)
	m, _ := newSendModel(t, 120, 40, func(o *Options, _ *sendRig) { o.ConfigDir, o.Profile = dir, "skill" })
	m = press(t, m, "alt+u")
	m, held := updateHolding(t, m, uitest.Key("r"), func(msg tea.Msg) bool { _, ok := msg.(tea.KeyPressMsg); return ok })
	if held == nil {
		t.Fatal("r returned no command")
	}
	msgs := make(chan tea.Msg, 4)
	b, ok := held().(tea.BatchMsg)
	if !ok {
		t.Fatal("r did not start the receiver and its listener")
	}
	for _, c := range b {
		go func() { msgs <- c() }()
	}
	next := func() tea.Msg {
		select {
		case msg := <-msgs:
			return msg
		case <-time.After(10 * time.Second):
			t.Fatal("no message from the receiver")
		}
		return nil
	}
	started, ok := next().(receiverStartedMsg)
	if !ok || started.err != nil {
		t.Fatalf("receiver start: %+v", started)
	}
	m = update(t, m, started)
	requireScreen(t, m, "Receiver at "+started.addr, "no signature checks;")

	body, err := os.ReadFile(filepath.Join("..", "users", "testdata", "intent_eu.json"))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(started.addr, "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("the receiver answered %d", resp.StatusCode)
	}
	nm, cmd := m.Update(next())
	m = nm.(Model)
	requireScreen(t, m, "Receiver caught", "Caught 1 user(s)", "EU")
	go func() { msgs <- cmd() }() // the listener for the next post

	resp, err = http.Post(started.addr, "application/json", strings.NewReader(`{"nothing":"here"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	nm, _ = m.Update(next())
	m = nm.(Model)
	requireScreen(t, m, "Receiver: 127.0.0.1")

	m = press(t, m, "enter")
	m = typeText(t, m, "tablet")
	m = press(t, m, "enter")
	if us := savedUsers(t, dir); len(us) != 1 || us[0].Label != "tablet" || us[0].Region != "EU" {
		t.Fatalf("saved %+v", us)
	}
	m.Close()
	if _, err := http.Post(started.addr, "application/json", strings.NewReader(string(body))); err == nil {
		t.Fatal("the receiver still answers after Close")
	}
}

// TestGroupSendFromUsersScreen: with a Unicast draft, two saved users (NA,
// EU) marked with space and sent with s go through Session.PlanGroup and
// SendGroup to the real sandbox; the response pane lists each user with
// the EU user routed, both are accepted and recorded under one group id.
func TestGroupSendFromUsersScreen(t *testing.T) {
	dir := usersConfig(t,
		credentials.User{ID: userNA, Label: "seattle", Region: "NA", Locale: "en-US"},
		credentials.User{ID: userEU, Label: "berlin", Region: "EU", Locale: "de-DE"})
	m, rig := newSendModel(t, 140, 50, func(o *Options, r *sendRig) {
		o.ConfigDir, o.Profile = dir, "skill"
		o.StartSandbox = func() (*sandbox.Server, string, error) {
			srv, url, err := send.StartSandbox(sandbox.Config{Subscribers: []sandbox.Subscriber{
				{UserID: userNA, EventNames: schemas.Names()}, {UserID: userEU, Locale: "de-DE", EventNames: schemas.Names()}}})
			if err == nil {
				r.srv, r.url = srv, url
				t.Cleanup(func() { srv.Close() })
			}
			return srv, url, err
		}
		o.FileData = eventJSON(t, r.clock.Now(), func(req *schemas.Request) {
			req.Set("relevantAudience", map[string]any{"type": "Unicast", "payload": map[string]any{"user": userNA}})
		})
	})
	m = press(t, m, "alt+u", "s")
	requireScreen(t, m, "Mark users with space first")
	m = press(t, m, "space", "space", "s")
	if len(m.stack) != 0 {
		t.Fatalf("s did not close the users screen:\n%s", screen(m))
	}
	requireScreen(t, m, "Group send to 2 users: 2 of 2 done, 2 accepted", "seattle", "berlin", "EU routed", "✓ 202",
		"the user lives in EU, not NA", "heard (en-US): “There is a tornado alert")
	recs, err := rig.store.List(context.Background(), history.Query{Limit: 10})
	if err != nil || len(recs.Items) != 2 || recs.Items[0].GroupID == "" || recs.Items[0].GroupID != recs.Items[1].GroupID {
		t.Fatalf("history after the group send: %+v (%v)", recs.Items, err)
	}

	// A Multicast draft is refused with a plain reason.
	m.form.Draft().AudienceType = schemas.AudienceMulticast
	m.recompute()
	m = press(t, m, "alt+u", "s")
	requireScreen(t, m, "The audience is Multicast")
}

// TestDoctorScreen: alt+d runs doctor.Run in a command for the active
// profile against the real in-process sandbox (its token endpoint) and
// shows each check with its status, summary and detail; it scrolls and
// esc closes it.
func TestDoctorScreen(t *testing.T) {
	keyring.MockInit()
	dir := usersConfig(t, credentials.User{ID: userEU, Label: "berlin", Region: "EU"})
	m, _ := newSendModel(t, 100, 30, func(o *Options, _ *sendRig) {
		o.ConfigDir, o.Profile = dir, "skill"
		o.Secrets = credentials.NewKeyringStore(time.Second)
	})
	m = press(t, m, "alt+d")
	if !topIs[*doctorDialog](m) {
		t.Fatalf("alt+d did not open the doctor:\n%s", screen(m))
	}
	requireScreen(t, m, "Doctor · sandbox", "ok, ", "✓ ok · keyring: the OS keyring answers", "token skill")
	d := topOf[*doctorDialog](m)
	if d.running || len(d.report.Checks) < 2 {
		t.Fatalf("doctor report %+v", d.report)
	}
	m = newSendModelSized(m, 100, 14) // too short for the report: it scrolls
	m = press(t, m, "down")
	if topOf[*doctorDialog](m).scroll != 1 || !strings.Contains(screen(m), "↑/↓ scroll · 2–") {
		t.Fatalf("down did not scroll the doctor:\n%s", screen(m))
	}
	m = press(t, m, "esc")
	if len(m.stack) != 0 {
		t.Fatal("esc did not close the doctor")
	}
}

// newSendModelSized resizes m.
func newSendModelSized(m Model, w, h int) Model {
	nm, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return nm.(Model)
}

// TestScenariosPostToLoopbackSkill: t on the users screen lists
// sandbox.Scenarios for the selected user; enter posts the chosen one to
// the endpoint typed (a real loopback HTTP server standing for the skill)
// and shows each step's event and the endpoint's answer, neutralised; an
// endpoint off loopback is refused with the reason.
func TestScenariosPostToLoopbackSkill(t *testing.T) {
	var got []string
	skill := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = append(got, string(b))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"version":"1.0","response":{},"note":"ok \x1b[31mred"}`)
	}))
	defer skill.Close()
	dir := usersConfig(t, credentials.User{ID: userEU, Label: "berlin", Region: "EU", Locale: "de-DE"})
	m, _ := newSendModel(t, 120, 60, func(o *Options, _ *sendRig) { o.ConfigDir, o.Profile = dir, "skill" })
	m = press(t, m, "alt+u", "t")
	if !topIs[*scenariosDialog](m) {
		t.Fatalf("t did not open the scenarios:\n%s", screen(m))
	}
	requireScreen(t, m, "Skill-event scenarios", "subscribe —", "out-of-order —", "Catches:")

	m = typeText(t, m, "http://example.com/")
	m = press(t, m, "enter")
	requireScreen(t, m, "loopback")
	if len(got) != 0 {
		t.Fatal("posted off loopback")
	}
	m = press(t, m, "enter") // back to the list
	for range len("http://example.com/") {
		m = press(t, m, "backspace")
	}
	m = typeText(t, m, skill.URL+"/")
	m = press(t, m, "enter")
	if len(got) == 0 || !strings.Contains(got[0], userEU) || !strings.Contains(got[0], "https://api.eu.amazonalexa.com") {
		t.Fatalf("the skill got %q", got)
	}
	requireScreen(t, m, "1. ", "→ 200", "posted: {", "answer: {", `\x1b[31mr`)
	if strings.Contains(m.View().Content, "\x1b[31mred") {
		t.Fatal("the skill's answer reached the terminal unneutralised")
	}
	m = press(t, m, "esc")
	if !topIs[*usersDialog](m) {
		t.Fatal("esc did not go back to the users screen")
	}
}
