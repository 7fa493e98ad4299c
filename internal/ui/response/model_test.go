package response

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

var testNow = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// clock is a clock that tests move forward.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }

func target(t *testing.T, name string) alexa.Target {
	t.Helper()
	tg, err := alexa.ParseTarget(name)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

// newPane returns a pane of w×h with a fixed clock.
func newPane(w, h int) (Model, *clock) {
	c := &clock{t: testNow}
	m := New()
	m.SetClock(c.Now)
	m.SetSize(w, h)
	return m, c
}

func text(m Model) string { return ansi.Strip(m.View()) }

// flat is the view without line breaks and with runs of spaces squeezed,
// so that wrapped sentences can be searched for.
func flat(m Model) string { return strings.Join(strings.Fields(text(m)), " ") }

func requireText(t *testing.T, m Model, want ...string) {
	t.Helper()
	s := flat(m)
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Fatalf("view lacks %q:\n%s", w, text(m))
		}
	}
}

func rejectText(t *testing.T, m Model, unwanted ...string) {
	t.Helper()
	s := flat(m)
	for _, w := range unwanted {
		if strings.Contains(s, w) {
			t.Fatalf("view shows %q:\n%s", w, text(m))
		}
	}
}

// requireFits fails when a line of the view is wider than w or there are
// more than h lines.
func requireFits(t *testing.T, m Model, w, h int) {
	t.Helper()
	lines := strings.Split(m.View(), "\n")
	if len(lines) > h {
		t.Fatalf("%d lines for a height of %d", len(lines), h)
	}
	for i, l := range lines {
		if n := ansi.StringWidth(l); n > w {
			t.Fatalf("line %d is %d wide (> %d): %q", i, n, w, ansi.Strip(l))
		}
	}
}

// answer builds the Response an HTTP answer gives, as alexa.Client does.
func answer(tg alexa.Target, status int, body string, attempts ...alexa.Attempt) *alexa.Response {
	typ, msg := alexa.ParseErrorBody([]byte(body))
	r := &alexa.Response{
		Target: tg.Name, Stage: tg.Stage, URL: tg.EventURL(), Status: status,
		Type: typ, Message: msg, Body: []byte(body),
		Explanation: alexa.Explain(status, msg),
		RequestID:   "6a3c2f4e-1b2d-4c5e-8f90-0123456789ab",
		Header:      http.Header{"X-Amzn-Requestid": {"6a3c2f4e-1b2d-4c5e-8f90-0123456789ab"}},
		Latency:     87 * time.Millisecond, Elapsed: 87 * time.Millisecond,
		Attempts: attempts,
	}
	if len(attempts) == 0 {
		r.Attempts = []alexa.Attempt{{Number: 1, Of: 4, Status: status, Duration: r.Latency}}
	}
	if r.OK() {
		r.Type, r.Message = "", ""
	}
	return r
}

func TestEmpty(t *testing.T) {
	m, _ := newPane(60, 10)
	requireText(t, m, "Nothing sent yet.")
	if m.State() != StateEmpty || m.KeyMap.Cancel.Enabled() {
		t.Fatalf("state %v, cancel %v", m.State(), m.KeyMap.Cancel.Enabled())
	}
}

// request decodes a minimal event of the given audience.
func request(t *testing.T, audience string) *schemas.Request {
	t.Helper()
	payload := `{}`
	if audience != "Multicast" {
		payload = `{"user":"` + audience + `"}`
		audience = "Unicast"
	}
	r, err := schemas.Decode([]byte(`{"timestamp":"2025-03-01T09:00:00Z","referenceId":"r1","expiryTime":"2025-03-01T20:00:00Z",
		"event":{"name":"AMAZON.WeatherAlert.Activated","payload":{}},"localizedAttributes":[],
		"relevantAudience":{"type":"` + audience + `","payload":` + payload + `}}`))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestAcceptedByAmazonShowsChecklist: the checklist is send.SilenceChecklist
// of the send, fitted to the saved user it went to (region, events), and
// the pane offers the history pane's heard mark.
func TestAcceptedByAmazonShowsChecklist(t *testing.T) {
	m, _ := newPane(80, 80)
	tg := target(t, "eu-dev")
	const uid = "amzn1.ask.account.X"
	m.SetUsers([]credentials.User{{ID: uid, Label: "kitchen", Region: "NA", Events: []string{"AMAZON.Occasion.Updated"}, EventsKnown: true}})
	res := send.Result{
		Response: answer(tg, 202, ""),
		Request:  request(t, uid),
		Record:   &history.Record{Audience: "Unicast:" + uid},
		RecordID: 42,
	}
	m.SetResult(res, tg)
	requireText(t, m,
		"✓ 202 Accepted", "Accepted: Alexa will deliver the notification",
		"Target EU development", "URL https://api.eu.amazonalexa.com/v1/proactiveEvents/stages/development",
		"Request id 6a3c2f4e-1b2d-4c5e-8f90-0123456789ab", "Latency 87ms", "Attempts 1", "History recorded as #42",
		"Why a device might still stay silent",
		"Subscription: the user must be subscribed to AMAZON.WeatherAlert.Activated",
		"Wrong region: the user lives in NA but this went to EU; send it to the NA endpoint.",
		"Not subscribed: the user's last subscription-changed event lists AMAZON.Occasion.Updated",
		"Development stage: only the skill's test accounts",
		"Heard it on a device? Select #42 in the history pane (F2) and press h",
	)
	rejectText(t, m, "sandbox users heard", "message", "202 does not mean anyone is subscribed")
	requireFits(t, m, 80, 80)

	// Multicast says plainly that 202 does not mean anyone is subscribed; live drops the development note.
	live := target(t, "na-live")
	m.SetResult(send.Result{Response: answer(live, 202, ""), Request: request(t, "Multicast"), Record: &history.Record{Audience: "Multicast"}}, live)
	requireText(t, m, "Target NA LIVE", "202 does not mean anyone is subscribed: Multicast is accepted even with zero subscribers", "North America (NA)")
	rejectText(t, m, "Development stage:", "Wrong region", "Heard it on a device?")

	// A saved user's events come from a skill's event: neutralised (by wrap).
	m.SetUsers([]credentials.User{{ID: uid, Events: []string{"X\x1b]0;pwned\x07"}, EventsKnown: true}})
	m.SetResult(res, tg)
	if v := m.View(); strings.Contains(v, "\x1b]0;") || !strings.Contains(ansi.Strip(v), `\x1b]0;pwned`) {
		t.Fatalf("the user's events reach the terminal unneutralised:\n%q", v)
	}
}

func TestAcceptedBySandboxShowsWhatUsersHeard(t *testing.T) {
	m, _ := newPane(80, 40)
	tg := target(t, "sandbox").WithBaseURL("http://127.0.0.1:1234")
	m.SetOutcome(send.Result{Response: answer(tg, 202, "")}, tg, nil)
	rejectText(t, m, "Why a device", "sandbox users heard")
	m.SetHeard([]sandbox.Notification{
		{UserID: "amzn1.ask.account.SANDBOX", Locale: "en-US", Text: "There is a tornado alert for your area. Provided by Example Weather Corp."},
		{UserID: "amzn1.ask.account.BERLIN", Locale: "de-DE", Text: "Es gibt eine Tornadowarnung für deine Region."},
	})
	requireText(t, m, "✓ 202 Accepted", "Target sandbox", "What the sandbox users heard",
		"• amzn1.ask.account.SANDBOX (en-US):", "“There is a tornado alert for your area. Provided by Example Weather Corp.”",
		"• amzn1.ask.account.BERLIN (de-DE):", "“Es gibt eine Tornadowarnung für deine Region.”")
	rejectText(t, m, "Why a device")

	m.SetHeard([]sandbox.Notification{})
	requireText(t, m, "Nobody: no sandbox user is subscribed to this event on the development stage.")
}

func TestBadRequestMessageUnescapedAndWrapped(t *testing.T) {
	const w = 50
	m, _ := newPane(w, 40)
	tg := target(t, "na-dev")
	body := `{"type":"Bad Request","message":"Violations for metadata: [expiryTime should be at least 5 minutes in the future and no more than 24 hours after the current time]\n\"see\" the docs"}`
	m.SetResult(send.Result{Response: answer(tg, 400, body)}, tg)
	requireText(t, m, "✗ 400 Bad Request", "Bad request: a parameter is missing or malformed",
		"Amazon's message",
		"Violations for metadata: [expiryTime should be at least 5 minutes in the future and no more than 24 hours after the current time]",
		`"see" the docs`)
	rejectText(t, m, `\n`, `\"`, "Why a device")
	requireFits(t, m, w, 40)
	// The message is wrapped: more than one line, each indented under its heading.
	var msgLines int
	for _, l := range strings.Split(text(m), "\n") {
		if strings.HasPrefix(l, "  ") && (strings.Contains(l, "expiryTime") || strings.Contains(l, "minutes") || strings.Contains(l, "current time")) {
			msgLines++
		}
	}
	if msgLines < 2 {
		t.Fatalf("the message is not wrapped into indented lines:\n%s", text(m))
	}
}

func TestForbiddenTokenInvalid(t *testing.T) {
	m, _ := newPane(80, 40)
	tg := target(t, "na-dev")
	body := `{"type":"Forbidden","message":"Token in the request is not valid"}`
	attempts := []alexa.Attempt{
		{Number: 1, Of: 5, Status: 403, Duration: 40 * time.Millisecond, Retry: "token not valid (403): fetching a new token"},
		{Number: 2, Of: 5, Status: 403, Duration: 35 * time.Millisecond},
	}
	m.SetResult(send.Result{Response: answer(tg, 403, body, attempts...)}, tg)
	requireText(t, m, "✗ 403 Forbidden", "Forbidden: the access token is not valid", "A fresh token was fetched and the call retried once",
		"check that the client id and secret belong to this skill", "Amazon's message", "Token in the request is not valid",
		"Attempts 2", "attempt 1/5: 403 in 40ms, retrying now: token not valid (403): fetching a new token", "attempt 2/5: 403 in 35ms")
}

func TestTooManyRequestsAfterRetries(t *testing.T) {
	m, _ := newPane(90, 40)
	tg := target(t, "fe-dev")
	body := `{"type":"Too Many Requests","message":"Rate exceeded"}`
	attempts := []alexa.Attempt{
		{Number: 1, Of: 4, Status: 429, Duration: 20 * time.Millisecond, Wait: time.Second, Retry: "rate limited (429)"},
		{Number: 2, Of: 4, Status: 429, Duration: 21 * time.Millisecond, Wait: 2 * time.Second, Retry: "rate limited (429)"},
		{Number: 3, Of: 4, Status: 429, Duration: 22 * time.Millisecond, Wait: 4 * time.Second, Retry: "rate limited (429)"},
		{Number: 4, Of: 4, Status: 429, Duration: 23 * time.Millisecond},
	}
	resp := answer(tg, 429, body, attempts...)
	resp.Elapsed = 7100 * time.Millisecond
	m.SetResult(send.Result{Response: resp, RecordID: 7}, tg)
	requireText(t, m, "⚠ 429 Too Many Requests", "Too many requests: the rate limit was exceeded. The call was retried with backoff",
		"Attempts 4", "Latency 87ms (whole send 7.1s, token and retries included)",
		"attempt 1/4: 429 in 20ms, retrying in 1s: rate limited (429)",
		"attempt 2/4: 429 in 21ms, retrying in 2s: rate limited (429)",
		"attempt 3/4: 429 in 22ms, retrying in 4s: rate limited (429)",
		"attempt 4/4: 429 in 23ms", "Rate exceeded")
}

func TestNetworkError(t *testing.T) {
	m, _ := newPane(80, 40)
	tg := target(t, "http://127.0.0.1:9")
	err := &alexa.NetworkError{URL: tg.EventURL(), Err: syscall.ECONNREFUSED}
	resp := &alexa.Response{Target: tg.Name, URL: tg.EventURL(), Explanation: alexa.Explain(0, ""), Elapsed: 3 * time.Millisecond,
		Attempts: []alexa.Attempt{{Number: 1, Of: 4, Error: "connection refused", Duration: 2 * time.Millisecond}}, NetworkErr: err.Error()}
	m.SetOutcome(send.Result{Response: resp, RecordID: 3}, tg, err)
	if m.State() != StateError {
		t.Fatalf("state %v", m.State())
	}
	requireText(t, m, "✗ No response", "No response from http://127.0.0.1:9/v1/proactiveEvents/stages/development: connection refused (nothing listens there); check the target and the network.",
		"Target http://127.0.0.1:9 (development)", "attempt 1/4: no response (connection refused) in 2ms")

	m.SetError(&alexa.NetworkError{URL: tg.EventURL(), Timeout: true, Limit: 10 * time.Second, Err: errors.New("deadline")})
	requireText(t, m, "✗ No response in time", "within 10s")
}

func TestTokenAndCredentialErrors(t *testing.T) {
	m, _ := newPane(80, 40)
	m.SetOutcome(send.Result{}, target(t, "na-dev"), &alexa.TokenError{Kind: alexa.TokenBadCredentials, Status: 401, Code: "invalid_client", Description: "Client authentication failed"})
	requireText(t, m, "✗ Not sent: no access token", "401 invalid_client: Client authentication failed", "the client id or client secret is wrong", "Alexa Skill Messaging")

	m.SetError(&alexa.TokenError{Kind: alexa.TokenUnreachable, URL: "https://api.amazon.com/auth/o2/token", Err: syscall.ECONNREFUSED})
	requireText(t, m, "✗ Not sent: the token endpoint could not be reached", "Cannot reach the token endpoint https://api.amazon.com/auth/o2/token")

	m.SetError(fmt.Errorf("reading the client secret of profile %q: %w", "weather", credentials.ErrKeyringUnavailable))
	requireText(t, m, "✗ Not sent: the client secret could not be read from the OS keyring")

	m.SetError(fmt.Errorf("reading: %w", credentials.ErrSecretNotFound))
	requireText(t, m, "✗ Not sent: the profile's client secret is not in the OS keyring", "press e on the profile")

	m.SetError(fmt.Errorf("%w: pick a profile", credentials.ErrNoCredentials))
	requireText(t, m, "✗ Not sent: no credentials", "press n to add a profile")

	m.SetError(errors.New("the sandbox is not running: start it"))
	requireText(t, m, "✗ Not sent", "The sandbox is not running: start it")
}

func TestRejectedError(t *testing.T) {
	m, _ := newPane(80, 40)
	findings := []schemas.Finding{
		{Code: "EXPIRY_TOO_SOON", Severity: schemas.SeverityError, Path: "expiryTime", Message: "expiryTime is 2 minutes after the timestamp; it must be at least 5 minutes"},
		{Code: "WEATHER_NO_SOURCE", Severity: schemas.SeverityWarning, Path: "event.payload.weatherAlert.source", Message: "no source"},
		{Code: "PL_ENUM", Severity: schemas.SeverityError, Path: "event.payload.weatherAlert.alertType", Message: "alertType is not one of the values"},
	}
	m.SetOutcome(send.Result{Findings: findings}, target(t, "na-dev"), &send.RejectedError{Findings: findings})
	requireText(t, m, "✗ Not sent: 2 validation errors", "Nothing was sent. Fix the findings in the form, or send anyway when asked",
		"✗ EXPIRY_TOO_SOON at expiryTime: expiryTime is 2 minutes after the timestamp", "✗ PL_ENUM at event.payload.weatherAlert.alertType")
	rejectText(t, m, "WEATHER_NO_SOURCE", "Sent anyway")

	m.SetError(&send.RejectedError{Syntax: &schemas.SyntaxError{Line: 3, Column: 7, Msg: "unexpected end of JSON input"}})
	requireText(t, m, "✗ Not sent: the body is not valid JSON", "line 3")

	// A forced send with errors says so beside the answer.
	tg := target(t, "na-dev")
	m.SetResult(send.Result{Findings: findings, Response: answer(tg, 400, `{"type":"Bad Request","message":"Violations for payload"}`)}, tg)
	requireText(t, m, "⚠ Sent anyway with 2 validation errors.")
}

func TestRecordError(t *testing.T) {
	m, _ := newPane(80, 40)
	tg := target(t, "na-dev")
	m.SetResult(send.Result{Response: answer(tg, 202, ""), RecordErr: errors.New("the send happened but was not recorded in history: disk full")}, tg)
	requireText(t, m, "⚠ The send happened but was not recorded in history: disk full")
	rejectText(t, m, "History recorded")
}

func TestSendingShowsProgressAndCountdown(t *testing.T) {
	m, c := newPane(80, 20)
	m.Focus()
	tg := target(t, "na-dev")
	cmd := m.StartSending(tg, nil)
	if cmd == nil || !m.Sending() {
		t.Fatal("StartSending did not start")
	}
	requireText(t, m, "Sending to NA development · 0s", "Fetching the access token and making the first attempt…", "esc/ctrl+x cancels the send")
	if !m.KeyMap.Cancel.Enabled() {
		t.Fatal("cancel is disabled while sending")
	}

	c.Advance(300 * time.Millisecond)
	m, _ = m.Update(ProgressMsg{Attempt: alexa.Attempt{Number: 1, Of: 4, Status: 429, Duration: 300 * time.Millisecond, Wait: 2 * time.Second, Retry: "rate limited (429)"}})
	requireText(t, m, "attempt 2/4 — retrying in 2s (rate limited (429))", "attempt 1/4: 429 in 300ms, retrying in 2s: rate limited (429)")

	// The countdown follows the spinner's ticks.
	c.Advance(1200 * time.Millisecond)
	m, _ = m.Update(m.spinner.Tick())
	requireText(t, m, "attempt 2/4 — retrying in 1s", "· 1.5s")
	c.Advance(900 * time.Millisecond)
	m, _ = m.Update(m.spinner.Tick())
	requireText(t, m, "attempt 2/4 — sending… (rate limited (429))")

	m, _ = m.Update(ProgressMsg{Attempt: alexa.Attempt{Number: 2, Of: 4, Status: 202, Duration: 50 * time.Millisecond}})
	requireText(t, m, "attempt 2/4 answered — recording the send…", "attempt 2/4: 202 in 50ms")

	// The answer replaces the progress; late reports are ignored.
	m.SetResult(send.Result{Response: answer(tg, 202, "")}, tg)
	m, _ = m.Update(ProgressMsg{Attempt: alexa.Attempt{Number: 3, Of: 4, Status: 500}})
	requireText(t, m, "✓ 202 Accepted")
	rejectText(t, m, "attempt 3/4", "Sending to")
	if m.KeyMap.Cancel.Enabled() {
		t.Fatal("cancel is enabled after the answer")
	}
}

func TestCancel(t *testing.T) {
	for _, k := range []string{"esc", "ctrl+x"} {
		t.Run(k, func(t *testing.T) {
			m, _ := newPane(80, 20)
			tg := target(t, "na-live")
			m.StartSending(tg, nil)
			requireText(t, m, "Sending to NA LIVE")
			m, cmd := m.Update(uitest.Key(k))
			if cmd == nil {
				t.Fatal("no command")
			}
			if _, ok := cmd().(CancelMsg); !ok {
				t.Fatal("the cancel key did not ask for CancelMsg")
			}
			requireText(t, m, "Cancelling… the send stops at its next step.")
			rejectText(t, m, "cancels the send")
			// A second press asks nothing more.
			if _, cmd := m.Update(uitest.Key(k)); cmd != nil {
				t.Fatal("a second cancel asked again")
			}
			m.SetOutcome(send.Result{Response: &alexa.Response{Attempts: []alexa.Attempt{{Number: 1, Of: 4, Error: "context canceled"}}}}, tg,
				&alexa.NetworkError{URL: tg.EventURL(), Canceled: true, Err: errors.New("context canceled")})
			requireText(t, m, "⚠ Cancelled", "The send was cancelled before an answer arrived", "recorded in history")
		})
	}
	// Cancelled while fetching the token.
	m, _ := newPane(80, 20)
	m.SetOutcome(send.Result{}, target(t, "na-dev"), &alexa.TokenError{Kind: alexa.TokenCanceled})
	requireText(t, m, "⚠ Cancelled", "while fetching the access token; nothing was sent")

	// Not sending: the cancel keys do nothing.
	m, _ = newPane(80, 20)
	if _, cmd := m.Update(uitest.Key("esc")); cmd != nil {
		t.Fatal("esc asked to cancel while idle")
	}
}

func TestScrolls(t *testing.T) {
	m, _ := newPane(40, 8)
	m.Focus()
	tg := target(t, "na-dev")
	m.SetResult(send.Result{Response: answer(tg, 202, "")}, tg)
	requireFits(t, m, 40, 8)
	requireText(t, m, "✓ 202 Accepted", "↓ more below · j/k scroll")
	if !m.KeyMap.Down.Enabled() {
		t.Fatal("scroll keys disabled on a tall answer")
	}
	m, _ = m.Update(uitest.Key("down"))
	rejectText(t, m, "✓ 202 Accepted")
	requireText(t, m, "↑↓ more")
	m, _ = m.Update(uitest.Key("end"))
	requireText(t, m, "↑ more above", "Development stage")
	requireFits(t, m, 40, 8)

	// A new answer starts at the top again.
	m.SetResult(send.Result{Response: answer(tg, 202, "")}, tg)
	requireText(t, m, "✓ 202 Accepted")

	// A short answer does not scroll.
	m.SetSize(120, 60)
	if m.KeyMap.Down.Enabled() {
		t.Fatal("scroll keys enabled on a short answer")
	}
	rejectText(t, m, "j/k scroll")
}

func TestTinySizesDoNotPanic(t *testing.T) {
	tg := target(t, "na-dev")
	for _, size := range [][2]int{{0, 0}, {1, 1}, {2, 1}, {5, 3}, {12, 2}} {
		m, _ := newPane(size[0], size[1])
		m.SetResult(send.Result{Response: answer(tg, 400, `{"message":"x"}`)}, tg)
		_ = m.View()
		m.StartSending(tg, nil)
		_ = m.View()
		if size[0] > 0 && size[1] > 0 {
			requireFits(t, m, size[0], size[1])
		}
	}
}

// TestServerTextNeverDrivesTheTerminal: a server's message, request id and
// what a sandbox user heard are shown with their control sequences made
// visible, never passed to the terminal (a title change, a screen clear).
func TestServerTextNeverDrivesTheTerminal(t *testing.T) {
	m, _ := newPane(80, 40)
	tg := target(t, "na-dev")
	body := `{"type":"Bad Request","message":"evil \u001b]0;pwned\u0007 \u001b[2J done"}`
	resp := answer(tg, 400, body)
	resp.RequestID = "rq-\u001b[31m"
	m.SetResult(send.Result{Response: resp}, tg)
	raw := m.View()
	for _, seq := range []string{"\x1b]0;pwned", "\x1b[2J", "\x07", "rq-\x1b[31m"} {
		if strings.Contains(raw, seq) {
			t.Errorf("the view passes %q to the terminal", seq)
		}
	}
	requireText(t, m, `evil \x1b]0;pwned\x07 \x1b[2J done`)

	sb := target(t, "sandbox").WithBaseURL("http://127.0.0.1:1234")
	m.SetOutcome(send.Result{Response: answer(sb, 202, "")}, sb, nil)
	m.SetHeard([]sandbox.Notification{{UserID: "amzn1.ask.account.X\u001b[8m", Locale: "en-US", Text: "hi \u001b]52;c;Zm9v\u0007"}})
	if raw := m.View(); strings.Contains(raw, "\x1b]52") || strings.Contains(raw, "\x1b[8m") {
		t.Errorf("what a user heard reaches the terminal raw:\n%q", raw)
	}
}

// TestHintsNameOnlyKeysThatWork: without the focus, esc and j/k reach
// another pane, so the pane names ctrl+x and the key that focuses it.
func TestHintsNameOnlyKeysThatWork(t *testing.T) {
	m, _ := newPane(40, 8)
	m.FocusKey = "F3"
	tg := target(t, "na-dev")
	m.StartSending(tg, nil)
	requireText(t, m, "ctrl+x cancels the send")
	rejectText(t, m, "esc/ctrl+x")
	m.Focus()
	requireText(t, m, "esc/ctrl+x cancels the send")
	m.Blur()
	m.SetResult(send.Result{Response: answer(tg, 202, "")}, tg)
	requireText(t, m, "F3 to scroll")
	rejectText(t, m, "j/k")
	m.Focus()
	requireText(t, m, "j/k scroll")
}

// TestRefusalShowsTheMessageFirst: after a 400 the service's own message is
// on the first screen of a small pane, above the general explanation.
func TestRefusalShowsTheMessageFirst(t *testing.T) {
	m, _ := newPane(60, 8)
	tg := target(t, "na-dev")
	body := `{"type":"INVALID_REQUEST","message":"event.payload.weatherAlert.alertType is not one of the allowed values"}`
	m.SetResult(send.Result{Response: answer(tg, 400, body)}, tg)
	requireText(t, m, "Amazon's message", "alertType is not one of")
	v := text(m)
	if strings.Index(v, "Amazon's message") > strings.Index(v, "Target") && strings.Contains(v, "Target") {
		t.Fatal("the message should come before the facts")
	}
}
