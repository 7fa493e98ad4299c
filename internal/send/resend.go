package send

import (
	"context"
	"errors"
	"fmt"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// ResendOptions tune Resend.
type ResendOptions struct {
	// AsNew refreshes timestamp, referenceId and expiryTime (schemas.Refresh)
	// so the service does not answer 409; otherwise the body goes out byte for byte.
	AsNew bool
	// Target overrides the record's target; nil sends where the record went.
	Target *alexa.Target
	// Creds are the credentials for the token (resolve them from the record's profile).
	Creds alexa.Credentials
	// Force sends even when validation finds errors.
	Force bool
	// Progress is called after each HTTP attempt; may be nil.
	Progress func(alexa.Attempt)
}

// RecordTarget returns the target a record was sent to (its name and stage).
func RecordTarget(rec *history.Record) (alexa.Target, error) {
	t, err := alexa.ParseTarget(rec.Target)
	if err != nil {
		return t, fmt.Errorf("record %d: %w", rec.ID, err)
	}
	if rec.Stage != "" {
		st, err := alexa.ParseStage(rec.Stage)
		if err != nil {
			return t, fmt.Errorf("record %d: %w", rec.ID, err)
		}
		t = t.WithStage(st)
	}
	return t, nil
}

// ResendBody returns the body Resend sends for a record: the recorded bytes,
// or with asNew a copy refreshed at the Sender's clock (schemas.Refresh) in
// wire form.
func (s *Sender) ResendBody(rec *history.Record, asNew bool) ([]byte, error) {
	if !asNew {
		return rec.Request, nil
	}
	parsed, err := schemas.Decode(rec.Request)
	if err != nil {
		return nil, fmt.Errorf("record %d cannot be resent as new: its body is not JSON (%v); resend it exactly instead", rec.ID, err)
	}
	return schemas.Refresh(parsed, s.now()).EncodeCompact(), nil
}

// Resend sends a recorded request again, exactly or as new, through Send, and
// records the new send with OriginID set to rec.ID. The record's profile name
// is kept.
func (s *Sender) Resend(ctx context.Context, rec *history.Record, opts ResendOptions) (Result, error) {
	if rec == nil {
		return Result{}, errors.New("resend: no record given")
	}
	body, err := s.ResendBody(rec, opts.AsNew)
	if err != nil {
		return Result{}, err
	}
	var target alexa.Target
	if opts.Target != nil {
		target = *opts.Target
	} else {
		t, err := RecordTarget(rec)
		if err != nil {
			return Result{}, err
		}
		target = t
	}
	return s.Send(ctx, Request{
		Body:     body,
		Target:   target,
		Creds:    opts.Creds,
		Profile:  rec.Profile,
		Force:    opts.Force,
		OriginID: rec.ID,
		Progress: opts.Progress,
	})
}
