package send

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

func TestValidationForFollowsTheTarget(t *testing.T) {
	sb, _ := alexa.ParseTarget("sandbox")
	na, _ := alexa.ParseTarget("na-dev")
	base := schemas.ValidateOptions{Published: []string{"AMAZON.MessageAlert.Activated"}}
	if got := ValidationFor(base, sb); !got.Strict || len(got.Published) != 1 {
		t.Errorf("sandbox: %+v, want strict with the base's published list", got)
	}
	if got := ValidationFor(base, na); got.Strict {
		t.Errorf("na-dev: %+v, want the base options (not strict)", got)
	}
}

// TestSandboxRefusesFlaggedWarningsBeforeSending: a ⚑ warning (here an
// unknown top-level field) is an error for the sandbox, which would answer
// 400; Send says so before any request, and Check agrees.
func TestSandboxRefusesFlaggedWarningsBeforeSending(t *testing.T) {
	f := newFixture(t, sandbox.Config{}, nil)
	var m map[string]any
	json.Unmarshal(body(time.Now(), ref(), 2*time.Hour), &m)
	m["priority"] = "HIGH"
	b, _ := json.Marshal(m)

	fs, _, err := f.sender.Check(b, f.target)
	if err != nil || !schemas.HasErrors(fs) {
		t.Fatalf("Check for the sandbox: %v %+v, want an ENV_UNKNOWN_FIELD error", err, fs)
	}
	na, _ := alexa.ParseTarget("na-dev")
	if fs, _, _ := f.sender.Check(b, na); schemas.HasErrors(fs) {
		t.Fatalf("Check for na-dev: %+v, want warnings only", fs)
	}

	_, err = f.sender.Send(context.Background(), Request{Body: b, Target: f.target, Creds: SandboxCredentials})
	var rej *RejectedError
	if !errors.As(err, &rej) || f.obs.total() != 0 {
		t.Fatalf("Send = %v after %d requests, want a RejectedError and no request", err, f.obs.total())
	}
	res, err := f.sender.Send(context.Background(), Request{Body: b, Target: f.target, Creds: SandboxCredentials, Force: true})
	if err != nil || res.Response.Status != 400 {
		t.Fatalf("forced: %v %+v, want the sandbox's 400", err, res.Response)
	}
}
