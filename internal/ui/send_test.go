package ui

import (
	"context"
	"net"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/response"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// sendRig is a model wired to a real sandbox over loopback and a real
// SQLite history in a temporary directory.
type sendRig struct {
	store *history.Store
	srv   *sandbox.Server // the sandbox the model started (nil until then)
	url   string
	clock *clock
}

// newSendModel returns a w×h model that sends to the in-process sandbox (started
// as Init would) and records into a temporary history. mut adjusts the options.
func newSendModel(t *testing.T, w, h int, mut func(*Options, *sendRig)) (Model, *sendRig) {
	t.Helper()
	// The sandbox checks the expiry against the real clock, so the model's
	// clock starts at the real time.
	rig := &sendRig{clock: &clock{t: time.Now().UTC().Truncate(time.Second)}}
	store, err := history.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	rig.store = store
	opts := testOptions(t, rig.clock)
	opts.Profile = ""
	opts.Target = alexa.Target{}
	opts.History = store
	opts.Sender = &send.Sender{Alexa: alexa.New("test"), History: store}
	opts.StartSandbox = func() (*sandbox.Server, string, error) {
		srv, url, err := send.StartSandbox(sandbox.Config{})
		if err == nil {
			rig.srv, rig.url = srv, url
			t.Cleanup(func() { srv.Close() })
		}
		return srv, url, err
	}
	if mut != nil {
		mut(&opts, rig)
	}
	m := New(opts)
	m = update(t, m, tea.WindowSizeMsg{Width: w, Height: h})
	m = update(t, m, m.Init()())
	return m, rig
}

// eventJSON returns a valid WeatherAlert body at now, changed by mut.
func eventJSON(t *testing.T, now time.Time, mut func(r *schemas.Request)) []byte {
	t.Helper()
	d := draft.NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), now)
	r, errs := d.Request(now)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if mut != nil {
		mut(r)
	}
	return r.Encode()
}

// records lists the history newest first.
func records(t *testing.T, st *history.Store) []history.Summary {
	t.Helper()
	p, err := st.List(context.Background(), history.Query{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	return p.Items
}

func TestSendToSandboxShowsAcceptedAndHeard(t *testing.T) {
	m, rig := newSendModel(t, 120, 40, nil)
	if m.sandbox == nil || rig.srv == nil {
		t.Fatal("the sandbox target should start the in-process sandbox at once")
	}
	requireScreen(t, m, "target sandbox")
	m = press(t, m, "enter") // the first schema
	m = press(t, m, "ctrl+s")
	if m.response.State() != response.StateResult {
		t.Fatalf("response state %v, want a result:\n%s", m.response.State(), screen(m))
	}
	requireScreen(t, m, "202 Accepted", "Sent: 202 Accepted · record #1", "What the sandbox users heard")
	if m.focus != focusForm {
		t.Fatalf("sending must leave the focus on the form (typing goes on), focus %v", m.focus)
	}
	recs := records(t, rig.store)
	if len(recs) != 1 || recs[0].Status != 202 || recs[0].Target != alexa.SandboxName {
		t.Fatalf("history after one send: %+v", recs)
	}
	if ns := rig.srv.Notifications(""); len(ns) == 0 {
		t.Fatal("the sandbox delivered nothing")
	}
	// F5 lists what the sandbox users heard.
	m = press(t, m, "f5")
	if !topIs[*heardDialog](m) {
		t.Fatal("F5 should open the sandbox list")
	}
	requireScreen(t, m, "Sandbox:", "notification", "“")
	m = press(t, m, "esc")
	if len(m.stack) != 0 {
		t.Fatal("esc closes the sandbox list")
	}
}

func TestSendWithErrorsAsksFirstThenShowsAmazonsMessage(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	body := eventJSON(t, now, func(r *schemas.Request) {
		r.Set(schemas.FieldExpiryTime, schemas.FormatTime(now.Add(2*time.Minute)))
	})
	// Tall enough for the whole answer below the preview.
	m, rig := newSendModel(t, 120, 70, func(o *Options, _ *sendRig) { o.FileName, o.FileData = "soon.json", body })
	if m.dv.Errors == 0 {
		t.Fatal("an expiry 2 minutes ahead should be an error in the draft")
	}
	m = press(t, m, "ctrl+s")
	if !topIs[*dialogs.Confirm](m) {
		t.Fatalf("errors in the draft must ask first:\n%s", screen(m))
	}
	requireScreen(t, m, "Send anyway?")
	m = press(t, m, "n")
	if len(records(t, rig.store)) != 0 || m.response.State() != response.StateEmpty {
		t.Fatal("declining must send nothing")
	}
	requireScreen(t, m, "Not sent")

	m = press(t, m, "ctrl+s", "y")
	if m.response.State() != response.StateResult {
		t.Fatalf("send anyway: state %v\n%s", m.response.State(), screen(m))
	}
	requireScreen(t, m, "400", "Sent: 400 Bad Request")
	recs := records(t, rig.store)
	if len(recs) != 1 || recs[0].Status != 400 {
		t.Fatalf("history: %+v", recs)
	}
	rec, err := rig.store.Get(context.Background(), recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Message == "" || !strings.Contains(screen(m), firstWords(rec.Message, 3)) {
		t.Fatalf("Amazon's message %q should be on screen:\n%s", rec.Message, screen(m))
	}
}

// firstWords returns the first n words of s.
func firstWords(s string, n int) string {
	f := strings.Fields(s)
	return strings.Join(f[:min(n, len(f))], " ")
}

func TestSendToLiveNeedsTypedConfirmationAndShows403(t *testing.T) {
	m, rig := newSendModel(t, 120, 40, func(o *Options, rig *sendRig) {
		o.Credentials = func(string, alexa.Target) (alexa.Credentials, string, error) {
			return send.SandboxCredentials, "", nil
		}
	})
	// A custom URL target (the running sandbox) in the live stage.
	live, err := alexa.ParseTarget(rig.url)
	if err != nil {
		t.Fatal(err)
	}
	m, _ = m.setTarget(live.WithStage(alexa.StageLive))
	requireScreen(t, m, "LIVE")
	m = press(t, m, "enter", "ctrl+s")
	if !topIs[*dialogs.TypedConfirm](m) {
		t.Fatalf("a live send must ask for a typed confirmation:\n%s", screen(m))
	}
	m = typeText(t, m, "AMAZON.Wrong")
	m = press(t, m, "enter")
	if len(records(t, rig.store)) != 0 || !topIs[*dialogs.TypedConfirm](m) {
		t.Fatal("a wrong word must neither send nor close the question")
	}
	for range len("AMAZON.Wrong") {
		m = press(t, m, "backspace")
	}
	m = typeText(t, m, m.dv.Request.EventName())
	m = press(t, m, "enter")
	if len(m.stack) != 0 {
		t.Fatalf("the right word confirms:\n%s", screen(m))
	}
	// The sandbox's skill is not certified for live: Amazon's 403.
	requireScreen(t, m, "403", "Skill is not certified")
	if recs := records(t, rig.store); len(recs) != 1 || recs[0].Status != 403 {
		t.Fatalf("history: %+v", recs)
	}
}

func TestSendNetworkErrorToClosedPort(t *testing.T) {
	m, rig := newSendModel(t, 120, 40, func(o *Options, _ *sendRig) {
		o.Credentials = func(string, alexa.Target) (alexa.Credentials, string, error) {
			return send.SandboxCredentials, "", nil
		}
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()
	target, err := alexa.ParseTarget(closed)
	if err != nil {
		t.Fatal(err)
	}
	target.AuthURL = rig.url + alexa.AuthPath // a token from the sandbox, the event to nowhere
	m, _ = m.setTarget(target)
	m = press(t, m, "enter", "ctrl+s")
	if m.response.State() != response.StateError {
		t.Fatalf("state %v:\n%s", m.response.State(), screen(m))
	}
	requireScreen(t, m, "No response", "Not delivered:")
	recs := records(t, rig.store)
	if len(recs) != 1 || recs[0].Status != 0 {
		t.Fatalf("a network failure is recorded with no status: %+v", recs)
	}
}

func TestSendCancel(t *testing.T) {
	m, rig := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter")
	// Run ctrl+s by hand, so the cancel arrives before the send command runs.
	nm, cmd := m.Update(uitest.Key("ctrl+s"))
	m = nm.(Model)
	if !m.response.Sending() {
		t.Fatal("ctrl+s should show the send running")
	}
	requireScreen(t, m, "sending… ctrl+x cancels")
	m = typeText(t, m, "") // typing still works; nothing blocks
	m = press(t, m, "ctrl+x")
	if m.cancel == nil {
		t.Fatal("the cancel func must stay until the answer arrives")
	}
	m = update(t, m, cmd()) // the send runs now, with its context cancelled
	if m.response.State() != response.StateError {
		t.Fatalf("state %v:\n%s", m.response.State(), screen(m))
	}
	requireScreen(t, m, "Cancelled")
	if ns := rig.srv.Notifications(""); len(ns) != 0 {
		t.Fatal("a cancelled send must not deliver")
	}
}

func TestSendWithoutDraftOrSender(t *testing.T) {
	m, _ := newSendModel(t, 100, 30, nil)
	m = press(t, m, "ctrl+s")
	requireScreen(t, m, "Choose a schema first")
	m2, _ := newTestModel(t, 100, 30) // no Sender
	if m2.keys.Send.Enabled() {
		t.Fatal("without a send pipeline ctrl+s is not offered")
	}
}

func TestHistoryPaneFilterAndResendAsNew(t *testing.T) {
	m, rig := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter", "ctrl+s")
	first := records(t, rig.store)
	if len(first) != 1 {
		t.Fatalf("records %+v", first)
	}
	// A second, rejected send (expiry too soon, sent anyway).
	now := rig.clock.Now()
	body := eventJSON(t, now, func(r *schemas.Request) {
		r.Set(schemas.FieldExpiryTime, schemas.FormatTime(now.Add(2*time.Minute)))
	})
	req, err := schemas.Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.openRequest(req); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "ctrl+s", "y")
	if n := len(records(t, rig.store)); n != 2 {
		t.Fatalf("%d records, want 2", n)
	}

	m = press(t, m, "f2")
	if m.focus != focusHistory {
		t.Fatalf("F2 focuses the history, focus %v", m.focus)
	}
	requireScreen(t, m, "History", "202", "400")
	m = press(t, m, "/")
	m = typeText(t, m, "status:2xx")
	m = press(t, m, "enter")
	if got := m.history.Filter(); got != "status:2xx" {
		t.Fatalf("filter %q", got)
	}
	if n := strings.Count(screen(m), "WeatherAlert   "); n != 1 {
		t.Fatalf("the 2xx filter should leave one row, screen has %d:\n%s", n, screen(m))
	}
	sel, ok := m.history.Selected()
	if !ok || sel.Status != 202 {
		t.Fatalf("selected %+v", sel)
	}
	m = press(t, m, "n") // resend as new
	recs := records(t, rig.store)
	if len(recs) != 3 {
		t.Fatalf("%d records after resend, want 3", len(recs))
	}
	rec, err := rig.store.Get(context.Background(), recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.OriginID != first[0].ID || rec.Status != 202 {
		t.Fatalf("resend record: origin %d status %d, want origin %d and 202", rec.OriginID, rec.Status, first[0].ID)
	}
	orig, _ := rig.store.Get(context.Background(), first[0].ID)
	if rec.ReferenceID == orig.ReferenceID {
		t.Fatal("resend as new needs a fresh referenceId")
	}
	requireScreen(t, m, "Resent: 202 Accepted · record #3")

	// esc clears the filter, a second esc goes back to the form.
	m = press(t, m, "esc", "esc")
	if m.focus != focusForm {
		t.Fatalf("esc from the history list: focus %v", m.focus)
	}
}

func TestHistoryLoadIntoComposer(t *testing.T) {
	m, _ := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter", "ctrl+s", "f2", "e")
	if m.focus != focusForm || !m.hasDraft {
		t.Fatalf("e loads the record into the form; focus %v", m.focus)
	}
	requireScreen(t, m, "Loaded record #1 into the form")
}

// The response and history panes and the dialogs of part 2 fit every size
// down to 1×1, and survive resizes without panicking.
func TestResizeNeverOverflowsPart2(t *testing.T) {
	keyring.MockInit()
	sizes := [][2]int{{1, 1}, {2, 2}, {10, 5}, {23, 6}, {24, 6}, {40, 10}, {63, 20}, {64, 20}, {80, 24}, {120, 40}, {139, 30}, {140, 30}, {200, 60}}
	states := map[string]func(Model) Model{
		"response":      func(m Model) Model { return press(t, m, "enter", "ctrl+s") },
		"response-pane": func(m Model) Model { return press(t, m, "enter", "ctrl+s", "f3") },
		"history":       func(m Model) Model { return press(t, m, "enter", "ctrl+s", "f2") },
		"history-detail": func(m Model) Model {
			return press(t, m, "enter", "ctrl+s", "f2", "enter")
		},
		"history-filter": func(m Model) Model { return typeText(t, press(t, m, "enter", "ctrl+s", "f2", "/"), "weather") },
		"targets":        func(m Model) Model { return press(t, m, "ctrl+g") },
		"profiles":       func(m Model) Model { return press(t, m, "f4") },
		"credential":     func(m Model) Model { return typeText(t, press(t, m, "f4", "n"), "name") },
		"heard":          func(m Model) Model { return press(t, m, "enter", "ctrl+s", "f5") },
		"send-anyway": func(m Model) Model {
			return press(t, m, "enter").openConfirmForTest()
		},
	}
	for name, st := range states {
		m, _ := newSendModel(t, 80, 24, func(o *Options, _ *sendRig) {
			o.ConfigDir = t.TempDir()
			o.Secrets = credentials.NewKeyringStore(time.Second)
		})
		m = st(m)
		for _, sz := range sizes {
			m = update(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			checkFits(t, name, m, sz[0], sz[1])
		}
	}
}

// openConfirmForTest opens the "send anyway?" question for the draft.
func (m Model) openConfirmForTest() Model {
	c := dialogs.NewSendAnyway([]schemas.Finding{{
		Code: "EXP_TOO_SOON", Severity: schemas.SeverityError, Path: "expiryTime", Message: "less than 5 minutes from now"}})
	m.open(&c)
	return m
}

// Once something was sent, a tall screen shows the preview above the
// response; a short one shows the response in the preview's place.
func TestResponseSharesTheRightColumnWhenTall(t *testing.T) {
	m, _ := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter")
	rejectScreen(t, m, "─ Response ")
	m = press(t, m, "ctrl+s")
	requireScreen(t, m, "─ Preview ", "─ Response ", "Alexa says", "202 Accepted")
	m = update(t, m, tea.WindowSizeMsg{Width: 80, Height: 24})
	requireScreen(t, m, "─ Response ", "202 Accepted")
	rejectScreen(t, m, "─ Preview ")
	m = press(t, m, "tab") // the preview takes the right column back
	requireScreen(t, m, "─ Preview ", "Alexa says")
	rejectScreen(t, m, "─ Response ")
}

// The function keys have alt+letter aliases for keyboards without them,
// and they work while a text field of the form has focus.
func TestPaneKeysWorkWhileTypingAndHaveAltAliases(t *testing.T) {
	m, _ := newSendModel(t, 80, 24, nil)
	m = press(t, m, "enter")
	if !m.textFocused() {
		t.Fatal("the form should open on a text field")
	}
	for _, tc := range []struct {
		key  string
		want focus
	}{{"f2", focusHistory}, {"f2", focusForm}, {"alt+h", focusHistory}, {"esc", focusForm}, {"f3", focusResponse}, {"f3", focusForm}, {"alt+r", focusResponse}} {
		m = press(t, m, tc.key)
		if m.focus != tc.want {
			t.Fatalf("%s: focus %v, want %v", tc.key, m.focus, tc.want)
		}
	}
}
