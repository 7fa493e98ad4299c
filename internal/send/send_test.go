package send

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Everything here runs against the real sandbox on loopback and, where a
// store is involved, a real SQLite history file.

// observer counts requests per path and keeps the bearer tokens it saw.
type observer struct {
	mu     sync.Mutex
	paths  map[string]int
	tokens []string
}

func (o *observer) RoundTrip(r *http.Request) (*http.Response, error) {
	o.mu.Lock()
	if o.paths == nil {
		o.paths = map[string]int{}
	}
	o.paths[r.URL.Path]++
	if a := r.Header.Get("Authorization"); a != "" {
		o.tokens = append(o.tokens, strings.TrimPrefix(a, "Bearer "))
	}
	o.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (o *observer) total() int {
	o.mu.Lock()
	defer o.mu.Unlock()
	n := 0
	for _, c := range o.paths {
		n += c
	}
	return n
}

// memRecorder is a Recorder in memory, for tests that check what is recorded
// without needing the file.
type memRecorder struct {
	mu   sync.Mutex
	recs []*history.Record
	err  error
}

func (m *memRecorder) Append(ctx context.Context, r *history.Record) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return 0, m.err
	}
	c := *r
	m.recs = append(m.recs, &c)
	return int64(len(m.recs)), nil
}

type fixture struct {
	srv    *sandbox.Server
	base   string
	obs    *observer
	sender *Sender
	target alexa.Target
}

func newFixture(t *testing.T, cfg sandbox.Config, rec Recorder) *fixture {
	t.Helper()
	srv, base, err := StartSandbox(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	obs := &observer{}
	client := alexa.New("1.2.3-test")
	hc := &http.Client{Transport: obs}
	client.HTTP, client.Tokens.HTTP = hc, hc
	client.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	sandboxTarget, _ := alexa.ParseTarget("sandbox")
	return &fixture{srv: srv, base: base, obs: obs, target: sandboxTarget,
		sender: &Sender{Alexa: client, History: rec, SandboxURL: base}}
}

func openStore(t *testing.T) (*history.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	st, err := history.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

var refN struct {
	sync.Mutex
	n int
}

func ref() string {
	refN.Lock()
	defer refN.Unlock()
	refN.n++
	return fmt.Sprintf("sendTest~%d~%d", time.Now().UnixNano(), refN.n)
}

// body returns a valid Multicast MessageAlert at now.
func body(now time.Time, referenceID string, expiryIn time.Duration) []byte {
	b, err := json.Marshal(map[string]any{
		"timestamp":   now.UTC().Format(time.RFC3339),
		"referenceId": referenceID,
		"expiryTime":  now.Add(expiryIn).UTC().Format(time.RFC3339),
		"event": map[string]any{
			"name": "AMAZON.MessageAlert.Activated",
			"payload": map[string]any{
				"state":        map[string]any{"status": "UNREAD", "freshness": "NEW"},
				"messageGroup": map[string]any{"creator": map[string]any{"name": "Andy"}, "count": 5, "urgency": "URGENT"},
			},
		},
		"localizedAttributes": []any{},
		"relevantAudience":    map[string]any{"type": "Multicast", "payload": map[string]any{}},
	})
	if err != nil {
		panic(err)
	}
	return b
}

func TestSendAcceptedAndRecorded(t *testing.T) {
	st, _ := openStore(t)
	f := newFixture(t, sandbox.Config{}, st)
	id := ref()
	b := body(time.Now(), id, 23*time.Hour)
	var attempts []alexa.Attempt
	res, err := f.sender.Send(context.Background(), Request{Body: b, Target: f.target, Creds: SandboxCredentials, Profile: "", Progress: func(a alexa.Attempt) { attempts = append(attempts, a) }})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if !res.Response.OK() || res.Response.Status != 202 || res.Response.Target != "sandbox" {
		t.Fatalf("response %+v", res.Response)
	}
	if res.RecordID <= 0 || res.Record == nil || res.RecordErr != nil {
		t.Fatalf("not recorded: id %d err %v", res.RecordID, res.RecordErr)
	}
	r := res.Record
	if r.ID != res.RecordID || r.Target != "sandbox" || r.Stage != "development" || r.EventName != "AMAZON.MessageAlert.Activated" ||
		r.ReferenceID != id || r.Audience != "Multicast" || !bytes.Equal(r.Request, b) || r.Status != 202 ||
		r.RequestID == "" || r.RequestID != res.Response.RequestID || r.Attempts != 1 || r.Latency <= 0 || r.NetworkErr != "" || r.OriginID != 0 {
		t.Errorf("record %+v", r)
	}
	if len(attempts) != 1 || attempts[0].Status != 202 {
		t.Errorf("progress %+v", attempts)
	}
	if res.Request == nil || res.Request.String(schemas.FieldReferenceID) != id {
		t.Errorf("decoded request %+v, want referenceId %s", res.Request, id)
	}
	heard := Heard(f.srv, id)
	if len(heard) != 1 || heard[0].UserID != sandbox.DefaultUserID || !strings.Contains(heard[0].Text, "Andy") {
		t.Errorf("heard %+v", heard)
	}
}

func TestRejectedWithoutForce(t *testing.T) {
	rec := &memRecorder{}
	f := newFixture(t, sandbox.Config{}, rec)
	expired := body(time.Now().Add(-2*time.Hour), ref(), time.Hour)
	_, err := f.sender.Send(context.Background(), Request{Body: expired, Target: f.target, Creds: SandboxCredentials})
	var rej *RejectedError
	if !errors.As(err, &rej) || !schemas.HasErrors(rej.Findings) || rej.Syntax != nil {
		t.Fatalf("want RejectedError with findings, got %v", err)
	}
	if !strings.Contains(err.Error(), "EXP_IN_PAST") || !strings.Contains(err.Error(), "not sent") {
		t.Errorf("error text %q", err)
	}
	if f.obs.total() != 0 || len(rec.recs) != 0 {
		t.Fatalf("a rejected event made %d requests and %d records", f.obs.total(), len(rec.recs))
	}

	// Forced: sent, the sandbox answers 400, and the findings are recorded.
	res, err := f.sender.Send(context.Background(), Request{Body: expired, Target: f.target, Creds: SandboxCredentials, Force: true})
	if err != nil || res.Response.Status != 400 || !strings.Contains(res.Response.Message, "expiryTime should be at least 5 minutes") {
		t.Fatalf("forced: %v %+v", err, res.Response)
	}
	if len(rec.recs) != 1 || rec.recs[0].Status != 400 || !schemas.HasErrors(rec.recs[0].Findings) || rec.recs[0].Message != res.Response.Message {
		t.Errorf("forced record %+v", rec.recs)
	}

	// Not JSON: rejected with the position; forced, the sandbox says Malformed JSON.
	_, err = f.sender.Send(context.Background(), Request{Body: []byte("{\n  \"a\": }"), Target: f.target, Creds: SandboxCredentials})
	if !errors.As(err, &rej) || rej.Syntax == nil || rej.Syntax.Line != 2 || !strings.Contains(err.Error(), "line 2") || len(rej.Findings) != 1 || rej.Findings[0].Code != schemas.CodeJSONSyntax {
		t.Fatalf("syntax: %v", err)
	}
	res, err = f.sender.Send(context.Background(), Request{Body: []byte("{\n  \"a\": }"), Target: f.target, Creds: SandboxCredentials, Force: true})
	if err != nil || res.Response.Status != 400 || res.Response.Message != "Malformed JSON" || rec.recs[1].EventName != "" || len(rec.recs[1].Findings) != 1 || string(rec.recs[1].Request) != "{\n  \"a\": }" {
		t.Errorf("forced syntax: %v %+v", err, res.Response)
	}
}

func TestWarningsDoNotBlock(t *testing.T) {
	f := newFixture(t, sandbox.Config{}, nil)
	var m map[string]any
	json.Unmarshal(body(time.Now(), "has-hyphen-"+strings.ReplaceAll(ref(), "~", ""), 2*time.Hour), &m)
	b, _ := json.Marshal(m)
	res, err := f.sender.Send(context.Background(), Request{Body: b, Target: f.target, Creds: SandboxCredentials})
	if err != nil || res.Response.Status != 202 {
		t.Fatalf("%v %+v", err, res.Response)
	}
	found := false
	for _, fd := range res.Findings {
		found = found || fd.Code == "REF_HYPHEN"
	}
	if !found || res.Record != nil || res.RecordID != 0 {
		t.Errorf("findings %+v record %v", res.Findings, res.Record)
	}
}

func TestNetworkFailuresRecorded(t *testing.T) {
	rec := &memRecorder{}
	f := newFixture(t, sandbox.Config{}, rec)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + ln.Addr().String()
	ln.Close()
	tg, _ := alexa.ParseTarget(closed)
	res, err := f.sender.Send(context.Background(), Request{Body: body(time.Now(), ref(), time.Hour), Target: tg, Creds: SandboxCredentials, Profile: "ci"})
	var te *alexa.TokenError
	if !errors.As(err, &te) || te.Kind != alexa.TokenUnreachable {
		t.Fatalf("closed port: %v", err)
	}
	if res.RecordID != 1 || rec.recs[0].Status != 0 || rec.recs[0].NetworkErr == "" || rec.recs[0].Target != closed || rec.recs[0].Profile != "ci" || rec.recs[0].StatusClass() != "network" {
		t.Errorf("record %+v", rec.recs)
	}

	// Cancelled while the sandbox is slow: still recorded.
	f.srv.SetFaults(sandbox.Faults{Latency: 5 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	res, err = f.sender.Send(ctx, Request{Body: body(time.Now(), ref(), time.Hour), Target: f.target, Creds: SandboxCredentials})
	var ne *alexa.NetworkError
	if !errors.As(err, &ne) || !ne.Canceled {
		t.Fatalf("cancel: %v", err)
	}
	if res.RecordID != 2 || rec.recs[1].Attempts != 1 || !strings.Contains(rec.recs[1].NetworkErr, "cancelled") {
		t.Errorf("cancelled record %+v", rec.recs[1])
	}

	// A history failure does not hide the response.
	f.srv.SetFaults(sandbox.Faults{})
	rec.err = errors.New("disk full")
	res, err = f.sender.Send(context.Background(), Request{Body: body(time.Now(), ref(), time.Hour), Target: f.target, Creds: SandboxCredentials})
	if err != nil || res.Response.Status != 202 || res.RecordErr == nil || !strings.Contains(res.RecordErr.Error(), "disk full") || res.RecordID != 0 {
		t.Errorf("record failure: %v %+v %v", err, res.Response, res.RecordErr)
	}
}

func TestSandboxNotRunning(t *testing.T) {
	s := &Sender{Alexa: alexa.New("x")}
	tg, _ := alexa.ParseTarget("sandbox")
	_, err := s.Send(context.Background(), Request{Body: body(time.Now(), ref(), time.Hour), Target: tg, Creds: SandboxCredentials})
	if err == nil || !strings.Contains(err.Error(), "sandbox is not running") {
		t.Errorf("got %v", err)
	}
}

func TestResend(t *testing.T) {
	st, _ := openStore(t)
	f := newFixture(t, sandbox.Config{}, st)
	first, err := f.sender.Send(context.Background(), Request{Body: body(time.Now(), ref(), 23*time.Hour), Target: f.target, Creds: SandboxCredentials, Profile: "p1"})
	if err != nil || first.Response.Status != 202 {
		t.Fatal(err, first.Response)
	}
	// Exactly: the same bytes, so the sandbox answers 409.
	again, err := f.sender.Resend(context.Background(), first.Record, ResendOptions{Creds: SandboxCredentials})
	if err != nil || again.Response.Status != 409 {
		t.Fatalf("exact resend: %v %+v", err, again.Response)
	}
	if !bytes.Equal(again.Record.Request, first.Record.Request) || again.Record.OriginID != first.RecordID || again.Record.Profile != "p1" || again.RecordID == first.RecordID {
		t.Errorf("exact resend record %+v", again.Record)
	}
	// As new: fresh referenceId and times, accepted.
	f.sender.Now = func() time.Time { return time.Now().Add(2 * time.Second) } // a later whole-second timestamp
	fresh, err := f.sender.Resend(context.Background(), first.Record, ResendOptions{AsNew: true, Creds: SandboxCredentials})
	if err != nil || fresh.Response.Status != 202 {
		t.Fatalf("resend as new: %v %+v", err, fresh.Response)
	}
	nr := fresh.Record
	if nr.OriginID != first.RecordID || nr.ReferenceID == first.Record.ReferenceID || nr.EventName != first.Record.EventName || nr.Target != "sandbox" {
		t.Errorf("as-new record %+v", nr)
	}
	oldReq, _ := schemas.Decode(first.Record.Request)
	newReq, _ := schemas.Decode(nr.Request)
	if newReq.String("timestamp") == oldReq.String("timestamp") {
		t.Errorf("timestamp not refreshed: %s", newReq.String("timestamp"))
	}
	if len(Heard(f.srv, nr.ReferenceID)) != 1 {
		t.Errorf("as-new resend not delivered")
	}
	// To another target: the live stage of this sandbox (not certified → 403).
	live := f.target.WithStage(alexa.StageLive)
	other, err := f.sender.Resend(context.Background(), first.Record, ResendOptions{AsNew: true, Target: &live, Creds: SandboxCredentials})
	if err != nil || other.Response.Status != 403 || other.Record.Stage != "live" || other.Record.OriginID != first.RecordID {
		t.Errorf("resend to live: %v %+v", err, other.Record)
	}
	// A record whose body is not JSON can only be resent exactly.
	broken := *first.Record
	broken.Request = []byte("{")
	if _, err := f.sender.Resend(context.Background(), &broken, ResendOptions{AsNew: true, Creds: SandboxCredentials}); err == nil || !strings.Contains(err.Error(), "resend it exactly") {
		t.Errorf("as-new of broken body: %v", err)
	}
}

func TestRecordTarget(t *testing.T) {
	cases := []struct{ target, stage, name, url string }{
		{"na-live", "live", "na-live", "https://api.amazonalexa.com/v1/proactiveEvents"},
		{"eu-dev", "development", "eu-dev", "https://api.eu.amazonalexa.com/v1/proactiveEvents/stages/development"},
		{"http://127.0.0.1:9/x", "live", "http://127.0.0.1:9/x", "http://127.0.0.1:9/x/v1/proactiveEvents"},
		{"sandbox", "live", "sandbox", ""},
	}
	for _, c := range cases {
		tg, err := RecordTarget(&history.Record{Target: c.target, Stage: c.stage})
		if err != nil || tg.Name != c.name || tg.EventURL() != c.url || string(tg.Stage) != c.stage {
			t.Errorf("RecordTarget(%s,%s) = %+v %v", c.target, c.stage, tg, err)
		}
	}
	if _, err := RecordTarget(&history.Record{ID: 7, Target: "mars-dev"}); err == nil || !strings.Contains(err.Error(), "record 7") {
		t.Errorf("bad target: %v", err)
	}
}

// TestNoSecretInHistoryFile: after real sends (including a token refresh and
// a wrong secret), neither the client secret nor any token is in the bytes of
// the history database or its WAL.
func TestNoSecretInHistoryFile(t *testing.T) {
	const secret = "HistSecret-7f3a9c1e5b2d4f60"
	st, path := openStore(t)
	f := newFixture(t, sandbox.Config{ClientID: "amzn1.application-oa2-client.hist", ClientSecret: secret}, st)
	creds := alexa.Credentials{ClientID: "amzn1.application-oa2-client.hist", ClientSecret: secret}
	send := func(c alexa.Credentials) {
		f.sender.Send(context.Background(), Request{Body: body(time.Now(), ref(), time.Hour), Target: f.target, Creds: c, Profile: "hist"})
	}
	send(creds)
	f.srv.SetFaults(sandbox.Faults{ForceStatus: 403, ForceStatusCount: 1}) // token refresh
	send(creds)
	f.srv.SetFaults(sandbox.Faults{ForceStatus: 429, ForceStatusCount: 1})
	send(creds)
	send(alexa.Credentials{ClientID: creds.ClientID, ClientSecret: secret + "-wrong"})
	f.obs.mu.Lock()
	tokens := append([]string(nil), f.obs.tokens...)
	f.obs.mu.Unlock()
	if len(tokens) < 4 {
		t.Fatalf("only %d bearer tokens observed", len(tokens))
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, p := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		b, err := os.ReadFile(p)
		if err == nil {
			all = append(all, b...)
		}
	}
	if !bytes.Contains(all, []byte("AMAZON.MessageAlert.Activated")) || !bytes.Contains(all, []byte("Client authentication failed")) {
		t.Fatal("the history file does not hold the request bodies and responses; the scan would prove nothing")
	}
	if bytes.Contains(all, []byte(secret)) {
		t.Error("the client secret is in the history database")
	}
	for _, tk := range tokens {
		if bytes.Contains(all, []byte(tk)) || bytes.Contains(all, []byte(tk[8:])) {
			t.Errorf("a token (%s…) is in the history database", tk[:8])
		}
	}
}
