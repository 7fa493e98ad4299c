package send

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
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

// TestSessionSendDecidesOnThePlansFindings: a plan is judged once. Send
// decides and records on the plan's findings, not on a second validation
// at its own instant: a body whose expiry was exactly 5 minutes ahead when
// planned is not refused a second later, and the findings a caller judged
// (PlanJudged, the composer's) are the ones that block, are reported and
// are recorded. A plan not made by a Plan function is validated by Send.
func TestSessionSendDecidesOnThePlansFindings(t *testing.T) {
	now := time.Now().UTC().Truncate(time.Second)
	rec := &memRecorder{}
	s := &Session{Sender: &Sender{Alexa: alexa.New("1.2.3-test"), History: rec, Now: func() time.Time { return now }}}
	t.Cleanup(func() { s.Close() })
	tg, _ := alexa.ParseTarget(alexa.SandboxName)
	ctx := context.Background()

	boundary := body(now, ref(), 5*time.Minute)
	p := s.Plan(boundary, tg, "")
	if p.Blocked() {
		t.Fatalf("an expiry exactly 5 minutes ahead is in the window: %+v", p.Findings)
	}
	now = now.Add(time.Second) // the user took a second to confirm
	out, err := s.Send(ctx, p, false, nil)
	var rej *RejectedError
	if errors.As(err, &rej) || out.Record == nil {
		t.Fatalf("Send judged the planned body again, a second later: %v", err)
	}
	if schemas.HasErrors(out.Findings) || schemas.HasErrors(out.Record.Findings) {
		t.Fatalf("the send reports or records findings the plan did not have: %+v", out.Findings)
	}

	judged := []schemas.Finding{{Code: "JUDGED", Severity: schemas.SeverityError, Path: "event", Message: "as the screen showed"}}
	jp := s.PlanJudged(body(now, ref(), time.Hour), tg, "", judged)
	if !jp.Blocked() || jp.Request == nil || jp.SyntaxErr != nil {
		t.Fatalf("judged plan: blocked %v, request %v, syntax %v", jp.Blocked(), jp.Request != nil, jp.SyntaxErr)
	}
	if _, err := s.Send(ctx, jp, false, nil); !errors.As(err, &rej) || len(rej.Findings) != 1 || rej.Findings[0].Code != "JUDGED" {
		t.Fatalf("unforced send of a judged plan with an error: %v, want a RejectedError with that error", err)
	}
	if len(rec.recs) != 1 {
		t.Fatalf("a refused send was recorded: %d records", len(rec.recs))
	}
	out, err = s.Send(ctx, jp, true, nil)
	if err != nil || out.Record == nil || len(out.Record.Findings) != 1 || out.Record.Findings[0].Code != "JUDGED" {
		t.Fatalf("forced send of a judged plan: %v, recorded findings %+v", err, out.Record)
	}
	if s.PlanJudged([]byte("{"), tg, "", nil).SyntaxErr == nil {
		t.Fatal("a judged body that is not JSON must say so")
	}

	hand := &Plan{Body: body(now, ref(), time.Minute), Target: tg}
	if _, err := s.Send(ctx, hand, false, nil); !errors.As(err, &rej) {
		t.Fatalf("a plan made by hand is sent unvalidated: %v", err)
	}
}
