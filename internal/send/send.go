// Package send is the one send pipeline of pe-tui: validate → token → send →
// record. The terminal UI and the `pe-tui send` and `pe-tui history resend`
// commands all call Sender.Send (or Sender.Resend), so they behave alike.
package send

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Recorder stores one send and returns its id; *history.Store satisfies it.
type Recorder interface {
	Append(ctx context.Context, r *history.Record) (int64, error)
}

// Keeper is a Recorder that can keep a record durably elsewhere when Append
// fails, for a later run to add (*history.Store: its spool file).
type Keeper interface {
	Keep(r *history.Record) error
	SpoolPath() string
}

// recordTimeout bounds writing the history record, which happens even when
// the send's context was cancelled. It is longer than the history's own wait
// for another process's write lock (history.BusyWait), so that a locked
// history is reported as such, not as a timeout.
const recordTimeout = history.BusyWait + 5*time.Second

// Sender performs sends. Its fields are read-only once sends start; a Sender
// is safe for concurrent use.
type Sender struct {
	// Alexa is the client that fetches tokens and posts events (required).
	Alexa *alexa.Client
	// History records every send that got past validation; nil = no recording.
	History Recorder
	// Now is the clock for validation and the record's time; nil = time.Now.
	Now func() time.Time
	// Validate tunes validation (strict mode, the manifest's published events).
	Validate schemas.ValidateOptions
	// SandboxURL is the base URL of the running sandbox; a target named
	// "sandbox" without its own base URL goes there.
	SandboxURL string
}

// Request is one send.
type Request struct {
	Body     []byte              // the event body, sent exactly as given
	Target   alexa.Target        // where to send it
	Creds    alexa.Credentials   // client id and secret for the token
	Profile  string              // profile name, for the record ("" for the sandbox or the environment)
	Force    bool                // send even when validation finds errors (or the body is not JSON)
	OriginID int64               // history id of the record this resends; 0 for a fresh send
	GroupID  string              // the group send this is one row of ("" for a single send), for the record
	Progress func(alexa.Attempt) // called after each HTTP attempt; may be nil
	// Findings, when Judged is set, are the caller's validation of Body
	// for Target (a Session's Plan): Send decides and records on them
	// instead of validating Body again at its own instant.
	Findings []schemas.Finding
	Judged   bool
}

// Result is what a send produced.
type Result struct {
	// Findings are the validation findings the send was decided on:
	// Request.Findings when judged by the caller, else Send's own.
	Findings []schemas.Finding
	// Request is the body as decoded for validation; nil when it is not JSON.
	Request *schemas.Request
	// Response is the service's answer; nil when nothing was sent (rejected
	// by validation, or the target could not be used).
	Response *alexa.Response
	// Record is what was written to history; nil when not recorded.
	Record *history.Record
	// RecordID is the history id of Record; 0 when not recorded.
	RecordID int64
	// RecordErr is set when the history store failed to record a send that
	// happened (the history error of the send command's exit status).
	RecordErr error
	// KeptIn names the spool file that holds the record when RecordErr is
	// set but the record was kept (see Keeper); the next run adds it.
	KeptIn string
}

// RejectedError is returned, with nothing sent, when the body has validation
// errors (or is not JSON) and Force is off.
type RejectedError struct {
	Findings []schemas.Finding    // every finding; at least one is an error unless Syntax is set
	Syntax   *schemas.SyntaxError // set when the body is not JSON
}

func (e *RejectedError) Error() string {
	if e.Syntax != nil {
		return "not sent: the body is not valid JSON: " + e.Syntax.Error()
	}
	errs := e.Lines()
	return fmt.Sprintf("not sent: %d validation %s:\n  %s", len(errs), ErrorNoun(len(errs)), strings.Join(errs, "\n  "))
}

// Lines returns one line per error finding: "CODE at path: message".
func (e *RejectedError) Lines() []string {
	var errs []string
	for _, f := range e.Findings {
		if f.Severity != schemas.SeverityError {
			continue
		}
		s := f.Code
		if f.Path != "" {
			s += " at " + f.Path
		}
		errs = append(errs, s+": "+f.Message)
	}
	return errs
}

// ErrorNoun returns "error" for one and "errors" otherwise.
func ErrorNoun(n int) string {
	if n == 1 {
		return "error"
	}
	return "errors"
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// Check validates a body as Send would, without sending. A body that is not
// JSON gives a *schemas.SyntaxError.
func (s *Sender) Check(body []byte, t alexa.Target) ([]schemas.Finding, *schemas.Request, error) {
	req, err := schemas.Decode(body)
	if err != nil {
		return nil, nil, err
	}
	return schemas.Validate(req, s.now(), ValidationFor(s.Validate, t)), req, nil
}

// ValidationFor returns the validation options that judge a body the way
// the target will: the built-in sandbox validates in strict mode (spec
// §12.3 step 5), so every ⚑ warning is an error there. The composer, the
// send command and Send all use it, so "1 warning" in the form never turns
// into a surprise 400 from the sandbox.
func ValidationFor(base schemas.ValidateOptions, t alexa.Target) schemas.ValidateOptions {
	if t.IsSandbox() {
		base.Strict = true
	}
	return base
}

// Send validates the body (or takes the caller's judgement: Request.Judged),
// and unless that finds errors (and Force is off) fetches a token, posts the
// event with the retries of spec §8.3 and records the outcome in history.
//
// Errors: *RejectedError when validation stops the send (nothing sent or
// recorded); an error about the target when it cannot be used (nothing
// sent); otherwise the error of alexa.Client.Send — nil whenever an HTTP
// response arrived, whatever its status (see Result.Response.OK), else an
// *alexa.TokenError or *alexa.NetworkError. Every send that was attempted is
// recorded, failures included.
func (s *Sender) Send(ctx context.Context, r Request) (Result, error) {
	var res Result
	if s.Alexa == nil {
		return res, errors.New("send: Sender.Alexa is nil")
	}
	started := s.now()
	parsed, err := schemas.Decode(r.Body)
	res.Request = parsed
	var syntax *schemas.SyntaxError
	if err != nil {
		if !errors.As(err, &syntax) {
			return res, err
		}
		res.Findings = []schemas.Finding{{Code: schemas.CodeJSONSyntax, Severity: schemas.SeverityError, Message: syntax.Error()}}
		if !r.Force {
			return res, &RejectedError{Findings: res.Findings, Syntax: syntax}
		}
	} else {
		res.Findings = r.Findings
		if !r.Judged {
			res.Findings = schemas.Validate(parsed, started, ValidationFor(s.Validate, r.Target))
		}
		if schemas.HasErrors(res.Findings) && !r.Force {
			return res, &RejectedError{Findings: res.Findings}
		}
	}
	target, err := s.resolveTarget(r.Target)
	if err != nil {
		return res, err
	}
	resp, sendErr := s.Alexa.Send(ctx, target, r.Creds, r.Body, r.Progress)
	describeCancel(resp, sendErr)
	res.Response = resp
	if s.History == nil {
		return res, sendErr
	}
	rec := newRecord(started, r, target, parsed, res.Findings, resp)
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), recordTimeout)
	defer cancel()
	id, err := s.History.Append(rctx, rec)
	if err != nil {
		res.KeptIn, res.RecordErr = keep(s.History, rec, err)
		return res, sendErr
	}
	rec.ID = id
	res.Record, res.RecordID = rec, id
	return res, sendErr
}

// resolveTarget gives a sandbox target the running sandbox's address.
func (s *Sender) resolveTarget(t alexa.Target) (alexa.Target, error) {
	if t.Name == "" {
		return t, errors.New("send: no target given")
	}
	if t.BaseURL != "" {
		return t, nil
	}
	if t.IsSandbox() && s.SandboxURL != "" {
		return t.WithBaseURL(s.SandboxURL), nil
	}
	if t.IsSandbox() {
		return t, errors.New("the sandbox is not running: start it (StartSandbox or 'pe-tui sandbox') or pick another target")
	}
	return t, fmt.Errorf("target %s has no base URL", t.Name)
}

// newRecord builds the history record of a send. It holds no secret or token:
// the Response it copies from never carries them.
func newRecord(started time.Time, r Request, t alexa.Target, parsed *schemas.Request, findings []schemas.Finding, resp *alexa.Response) *history.Record {
	rec := &history.Record{
		SentAt:   started.UTC(),
		Profile:  r.Profile,
		Target:   t.Name,
		Stage:    string(t.Stage),
		Request:  append([]byte(nil), r.Body...),
		Findings: findings,
		OriginID: r.OriginID,
		GroupID:  r.GroupID,
	}
	if parsed != nil {
		rec.EventName = parsed.EventName()
		rec.ReferenceID = parsed.String(schemas.FieldReferenceID)
		rec.Audience = audience(parsed)
	}
	if resp != nil {
		rec.Status = resp.Status
		rec.Headers = resp.Header
		rec.Body = resp.Body
		rec.Message = resp.Message
		rec.RequestID = resp.RequestID
		rec.Latency = resp.Latency
		rec.Attempts = len(resp.Attempts)
		rec.NetworkErr = resp.NetworkErr
	}
	return rec
}

// audience returns "Multicast", "Unicast:<userId>", or the type as written.
func audience(r *schemas.Request) string {
	typ, _ := r.Get("relevantAudience.type").(string)
	if typ == schemas.AudienceUnicast {
		user, _ := r.Get("relevantAudience.payload.user").(string)
		return typ + ":" + user
	}
	return typ
}

// keep handles a record the history did not take: it keeps it in the
// Recorder's spool file when it can, and returns the spool file ("" when
// the record is lost) and the error to report.
func keep(h Recorder, rec *history.Record, appendErr error) (string, error) {
	k, ok := h.(Keeper)
	if !ok {
		return "", fmt.Errorf("the send happened but was not recorded in history: %w", appendErr)
	}
	if err := k.Keep(rec); err != nil {
		return "", fmt.Errorf("the send happened but was not recorded in history: %w; keeping it aside failed too: %v", appendErr, err)
	}
	return k.SpoolPath(), fmt.Errorf("the send happened but the history could not take its record: %w; the record is kept in %s and the next pe-tui run adds it to the history", appendErr, k.SpoolPath())
}

// describeCancel says, for a send whose context was cancelled before an
// answer arrived (ctrl+x, ctrl+c, a signal), what is known: the event was
// not sent (cancelled while fetching the token), or it was sent and its
// outcome is unknown. The record keeps these words.
func describeCancel(resp *alexa.Response, err error) {
	if resp == nil || resp.Status != 0 {
		return
	}
	var te *alexa.TokenError
	var ne *alexa.NetworkError
	switch {
	case errors.As(err, &te) && te.Kind == alexa.TokenCanceled && !te.Timeout:
		resp.NetworkErr = "cancelled while fetching the access token: the event was not sent"
	case errors.As(err, &ne) && ne.Canceled:
		resp.NetworkErr = "cancelled while waiting for the answer: the event was sent and may have been delivered; its outcome is unknown"
	default:
		return
	}
	resp.Explanation = "Interrupted: " + resp.NetworkErr + "."
}
