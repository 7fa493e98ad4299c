package send

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Session is how one run of pe-tui (the terminal UI, or one `send` or
// `history resend` command) sends. It decides, in one place for every
// caller: which credentials a send uses (the in-process sandbox's fixed
// ones, or a profile's), when the in-process sandbox starts and stops,
// whether a live confirmation is needed, what a resend (exact or as new)
// sends, and who heard a sandbox delivery. Callers keep only their way of
// asking (a prompt, a dialog). A Session is safe for concurrent use.
type Session struct {
	// Sender is the send pipeline (required).
	Sender *Sender
	// Credentials resolves the credentials of a send to a target other than
	// the in-process sandbox: the named profile, "" meaning the environment
	// or the default profile. It returns the profile name used and whether
	// it fell back to the sandbox test credentials because nothing is
	// configured. It may read the OS keyring. nil: only the in-process
	// sandbox can be sent to.
	Credentials func(profile string, t alexa.Target) (creds alexa.Credentials, name string, fallback bool, err error)
	// StartSandbox starts the in-process sandbox; nil means
	// StartSandbox(sandbox.Config{}).
	StartSandbox func() (*sandbox.Server, string, error)

	mu      sync.Mutex
	sandbox *sandbox.Server
	sbURL   string
	closed  bool
	running sync.WaitGroup
}

// Plan is one send, prepared: the body that goes out, its judgement and
// what the caller must confirm before Send. Plans are made by Session.Plan,
// Session.PlanJudged and Session.PlanResend; the body checked and confirmed
// is the one sent, and its Findings are the ones Send decides on and
// records (Send does not validate it a second time, at another instant).
type Plan struct {
	Body     []byte       // sent exactly as is
	Target   alexa.Target // where it goes (the in-process sandbox without a base URL)
	Profile  string       // the profile asked for ("" = environment or default profile)
	OriginID int64        // the record this resends; 0 for a fresh send
	GroupID  string       // the group send this is one row of ("" for a single send)
	// Findings are the validation findings of Body for Target
	// (ValidationFor), judged once when the plan was made.
	Findings []schemas.Finding
	// Request is the decoded body; nil when it is not JSON (SyntaxErr).
	Request   *schemas.Request
	SyntaxErr error

	judged   bool // Findings are the judgement of Body (made by a Plan function)
	resolved bool
	creds    alexa.Credentials
	name     string // the profile name recorded
	fallback bool
}

// Blocked reports whether validation stops the send unless forced: the body
// is not JSON or has errors.
func (p *Plan) Blocked() bool { return p.SyntaxErr != nil || schemas.HasErrors(p.Findings) }

// NeedsLiveConfirm reports whether the send reaches real customers and must
// be confirmed (by typing the event name, or --yes-live). A blocked plan
// needs no confirmation unless it will be forced: Send refuses it anyway.
func (p *Plan) NeedsLiveConfirm(force bool) bool {
	return p.Target.IsLive() && (force || !p.Blocked())
}

// EventName is the event's name for the live confirmation, "live" when the
// body names none.
func (p *Plan) EventName() string {
	if p.Request != nil && p.Request.EventName() != "" {
		return p.Request.EventName()
	}
	return "live"
}

// FallbackCredentials reports whether Resolve found nothing configured and
// the send uses the sandbox test credentials (a URL target only).
func (p *Plan) FallbackCredentials() bool { return p.fallback }

// UsesInProcessSandbox reports whether the plan goes to the sandbox this
// session starts (a sandbox target without its own base URL); such a send
// uses SandboxCredentials and ignores the profile.
func (p *Plan) UsesInProcessSandbox() bool { return inProcess(p.Target) }

func inProcess(t alexa.Target) bool { return t.IsSandbox() && t.BaseURL == "" }

// Plan prepares a send of body to t with the profile asked for ("" =
// environment or default profile). It validates body now (Sender.Check);
// it does no I/O.
func (s *Session) Plan(body []byte, t alexa.Target, profile string) *Plan {
	p := &Plan{Body: body, Target: t, Profile: profile, judged: true}
	p.Findings, p.Request, p.SyntaxErr = s.Sender.Check(body, t)
	return p
}

// PlanJudged is Plan for a body whose findings were judged already: the
// composer passes the findings of its draft.Derived, judged at the instant
// and with the options (ValidationFor) its screen shows, so that whether
// the user is asked "send anyway?", the count that question gives, what
// stops the send and what history records are that one judgement, not a
// second validation a moment later. findings must be body's, judged for t.
// It does no I/O.
func (s *Session) PlanJudged(body []byte, t alexa.Target, profile string, findings []schemas.Finding) *Plan {
	p := &Plan{Body: body, Target: t, Profile: profile, Findings: findings, judged: true}
	if req, err := schemas.Decode(body); err != nil {
		p.SyntaxErr = err
	} else {
		p.Request = req
	}
	return p
}

// PlanResend prepares a resend of rec: its body byte for byte, or with asNew
// refreshed once now (schemas.Refresh). It goes to t, or when t is nil to
// the record's target and stage; with the profile asked for, or when that
// is "" the record's profile (the in-process sandbox needs none). A record
// has no derived draft on screen, so the body is judged here (Plan), once.
func (s *Session) PlanResend(rec *history.Record, asNew bool, t *alexa.Target, profile string) (*Plan, error) {
	if rec == nil {
		return nil, errors.New("resend: no record given")
	}
	var target alexa.Target
	if t != nil {
		target = *t
	} else {
		rt, err := RecordTarget(rec)
		if err != nil {
			return nil, err
		}
		target = rt
	}
	body, err := s.Sender.ResendBody(rec, asNew)
	if err != nil {
		return nil, err
	}
	if profile == "" && !inProcess(target) {
		profile = rec.Profile
	}
	p := s.Plan(body, target, profile)
	p.OriginID = rec.ID
	return p, nil
}

// CredentialsError is returned by Resolve and Send when the credentials of
// a send cannot be found; nothing was sent.
type CredentialsError struct{ Err error }

func (e *CredentialsError) Error() string { return e.Err.Error() }
func (e *CredentialsError) Unwrap() error { return e.Err }

// errOnlySandbox is the CredentialsError of a session without Credentials.
var errOnlySandbox = errors.New("no credentials: only the sandbox target works here; choose it with ctrl+g")

// Resolve finds the plan's credentials now (Send does it when not done):
// SandboxCredentials for the in-process sandbox, else Session.Credentials.
// It may read the OS keyring. Errors are *CredentialsError.
func (s *Session) Resolve(p *Plan) error {
	if p.resolved {
		return nil
	}
	if inProcess(p.Target) {
		p.creds, p.name, p.resolved = SandboxCredentials, "", true
		return nil
	}
	if s.Credentials == nil {
		return &CredentialsError{errOnlySandbox}
	}
	c, name, fallback, err := s.Credentials(p.Profile, p.Target)
	if err != nil {
		return &CredentialsError{err}
	}
	p.creds, p.name, p.fallback, p.resolved = c, name, fallback, true
	return nil
}

// Outcome is what Session.Send produced.
type Outcome struct {
	Result
	// Target is where the send went (the in-process sandbox with its address).
	Target alexa.Target
	// Heard lists, for an accepted send to the in-process sandbox, each user
	// who hears it; HeardSet says the sandbox was asked (Heard may be empty).
	Heard    []sandbox.Notification
	HeardSet bool
}

// Send resolves the plan's credentials, starts the in-process sandbox when
// the plan goes there, and sends through Sender.Send (token, post, record),
// which decides and records on the plan's Findings. force sends a blocked
// plan. Errors are those of Sender.Send, a *CredentialsError, or the
// sandbox's start failure. Close and Wait wait for a Send in flight to
// finish and record.
func (s *Session) Send(ctx context.Context, p *Plan, force bool, progress func(alexa.Attempt)) (Outcome, error) {
	if err := s.begin(); err != nil {
		return Outcome{Target: p.Target}, err
	}
	defer s.running.Done()
	out := Outcome{Target: p.Target}
	if err := s.Resolve(p); err != nil {
		return out, err
	}
	var srv *sandbox.Server
	if inProcess(p.Target) {
		var url string
		var err error
		srv, url, err = s.EnsureSandbox()
		if err != nil {
			return out, fmt.Errorf("cannot start the in-process sandbox: %w", err)
		}
		out.Target = p.Target.WithBaseURL(url)
	}
	res, err := s.Sender.Send(ctx, Request{
		Body: p.Body, Target: out.Target, Creds: p.creds, Profile: p.name,
		Force: force, OriginID: p.OriginID, GroupID: p.GroupID, Progress: progress,
		Findings: p.Findings, Judged: p.judged,
	})
	out.Result = res
	if srv != nil && err == nil && res.Response != nil && res.Response.OK() && res.Request != nil {
		out.Heard, out.HeardSet = Heard(srv, res.Request.String(schemas.FieldReferenceID)), true
		if out.Heard == nil {
			out.Heard = []sandbox.Notification{}
		}
	}
	return out, err
}

// begin counts a send in flight, unless the session is closed.
func (s *Session) begin() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return errors.New("pe-tui is quitting: the send was not started")
	}
	s.running.Add(1)
	return nil
}

// EnsureSandbox starts the in-process sandbox unless it runs, and returns
// it with its base URL.
func (s *Session) EnsureSandbox() (*sandbox.Server, string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.sandbox != nil {
		return s.sandbox, s.sbURL, nil
	}
	if s.closed {
		return nil, "", errors.New("pe-tui is quitting")
	}
	start := s.StartSandbox
	if start == nil {
		start = func() (*sandbox.Server, string, error) { return StartSandbox(sandbox.Config{}) }
	}
	srv, url, err := start()
	if err != nil {
		return nil, "", err
	}
	s.sandbox, s.sbURL = srv, url
	return srv, url, nil
}

// Sandbox returns the in-process sandbox and its base URL; nil when it has
// not started.
func (s *Session) Sandbox() (*sandbox.Server, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sandbox, s.sbURL
}

// Wait waits up to d for the sends in flight to return (and be recorded);
// it reports whether they all did.
func (s *Session) Wait(d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		s.running.Wait()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// QuitWait bounds how long Close waits for a send in flight: a cancelled
// send returns at once, and its record may wait for a locked history
// (history.BusyWait) before it is kept aside.
const QuitWait = recordTimeout + 2*time.Second

// Close refuses new sends, waits (at most QuitWait) for the sends in
// flight to return and be recorded, and stops the in-process sandbox. The
// caller cancels the sends' contexts first. It reports whether every send
// in flight finished.
func (s *Session) Close() bool {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	ok := s.Wait(QuitWait)
	s.mu.Lock()
	srv := s.sandbox
	s.sandbox = nil
	s.mu.Unlock()
	if srv != nil {
		_ = srv.Close()
	}
	return ok
}
