package send

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// newSession is a session over a real SQLite history whose in-process
// sandbox starts on demand; asked counts credential look-ups.
func newSession(t *testing.T) (*Session, *int) {
	t.Helper()
	st, _ := openStore(t)
	asked := 0
	s := &Session{
		Sender: &Sender{Alexa: alexa.New("1.2.3-test"), History: st},
		Credentials: func(profile string, tg alexa.Target) (alexa.Credentials, string, bool, error) {
			asked++
			if profile == "missing" {
				return alexa.Credentials{}, "", false, errors.New("no profile missing")
			}
			return SandboxCredentials, profile, false, nil
		},
	}
	t.Cleanup(func() { s.Close() })
	return s, &asked
}

// TestSessionSendsToTheInProcessSandbox: the sandbox starts on the first
// send, uses its own credentials whatever profile was asked (no look-up),
// records the send without a profile and says who heard it; Close stops it
// and refuses later sends.
func TestSessionSendsToTheInProcessSandbox(t *testing.T) {
	s, asked := newSession(t)
	if srv, _ := s.Sandbox(); srv != nil {
		t.Fatal("the sandbox started before any send")
	}
	tg, _ := alexa.ParseTarget(alexa.SandboxName)
	p := s.Plan(body(time.Now(), ref(), time.Hour), tg, "myskill")
	if p.Blocked() || p.NeedsLiveConfirm(false) || !p.UsesInProcessSandbox() {
		t.Fatalf("plan: blocked %v, live %v, in-process %v", p.Blocked(), p.NeedsLiveConfirm(false), p.UsesInProcessSandbox())
	}
	out, err := s.Send(context.Background(), p, false, nil)
	if err != nil || out.Response == nil || !out.Response.OK() {
		t.Fatalf("send: %v %+v", err, out.Response)
	}
	if *asked != 0 || out.Record == nil || out.Record.Profile != "" {
		t.Fatalf("credential look-ups %d, record %+v", *asked, out.Record)
	}
	if !out.HeardSet || out.Target.BaseURL == "" {
		t.Fatalf("heard set %v, target %+v", out.HeardSet, out.Target)
	}
	srv, _ := s.Sandbox()
	if srv == nil {
		t.Fatal("no sandbox after the send")
	}
	if !s.Close() {
		t.Fatal("Close: sends still in flight")
	}
	if srv, _ := s.Sandbox(); srv != nil {
		t.Fatal("Close left the sandbox running")
	}
	if _, err := s.Send(context.Background(), s.Plan(p.Body, tg, ""), false, nil); err == nil {
		t.Fatal("a closed session still sends")
	}
}

// TestSessionResendAndCredentials: a resend goes where the record went with
// the record's profile; as new it is refreshed once (the plan's body is
// what goes out); a missing profile is a CredentialsError and nothing is
// sent; a live target needs a confirmation unless the plan is blocked.
func TestSessionResendAndCredentials(t *testing.T) {
	fx := newFixture(t, sandbox.Config{}, nil)
	s, asked := newSession(t)
	url, _ := alexa.ParseTarget(fx.base)
	p := s.Plan(body(time.Now(), ref(), time.Hour), url, "myskill")
	first, err := s.Send(context.Background(), p, false, nil)
	if err != nil || !first.Response.OK() || first.Record.Profile != "myskill" || *asked != 1 {
		t.Fatalf("first send: %v, record %+v, look-ups %d", err, first.Record, *asked)
	}

	again, err := s.PlanResend(first.Record, true, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if again.Profile != "myskill" || again.Target.Name != url.Name || string(again.Body) == string(p.Body) {
		t.Fatalf("resend plan: profile %q, target %q, refreshed %v", again.Profile, again.Target.Name, string(again.Body) != string(p.Body))
	}
	res, err := s.Send(context.Background(), again, false, nil)
	if err != nil || res.Record.OriginID != first.RecordID || string(res.Record.Request) != string(again.Body) {
		t.Fatalf("resend: %v, record %+v", err, res.Record)
	}

	bad := s.Plan(p.Body, url, "missing")
	var ce *CredentialsError
	if _, err := s.Send(context.Background(), bad, false, nil); !errors.As(err, &ce) {
		t.Fatalf("missing profile: %v, want a CredentialsError", err)
	}

	live := url.WithStage(alexa.StageLive)
	if !s.Plan(p.Body, live, "").NeedsLiveConfirm(false) {
		t.Fatal("a live send needs no confirmation")
	}
	blocked := s.Plan([]byte("{"), live, "")
	if !blocked.Blocked() || blocked.NeedsLiveConfirm(false) || !blocked.NeedsLiveConfirm(true) {
		t.Fatal("a blocked live plan: confirm only when forced")
	}
}
