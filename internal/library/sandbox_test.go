package library_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/template"
)

const storedBody = `{"timestamp":"2026-01-01T00:00:00Z","referenceId":"old~1","expiryTime":"2026-01-01T23:00:00Z","event":{"name":"AMAZON.MessageAlert.Activated","payload":{"state":{"status":"UNREAD","freshness":"NEW"},"messageGroup":{"creator":{"name":"{{who}}"},"count":5,"urgency":"URGENT"}}},"localizedAttributes":[],"relevantAudience":{"type":"Multicast","payload":{}}}`

// TestLibraryEventSentTwiceToTheSandbox: an event saved with Templatize and
// read back through @NAME is sent twice to the real sandbox on loopback
// through internal/send: two 202s with two different referenceIds, each
// heard by the sandbox with the --set value; the same expanded body sent
// again gets a 409, which is what the placeholders avoid.
func TestLibraryEventSentTwiceToTheSandbox(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "events")
	l := &library.Library{Dir: lib, Source: library.SourceFlag}
	body, err := template.Templatize([]byte(storedBody))
	if err != nil {
		t.Fatal(err)
	}
	if err := l.Save("andy", body, library.Meta{Target: "sandbox"}, nil); err != nil {
		t.Fatal(err)
	}
	srv, base, err := send.StartSandbox(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	client := alexa.New("test")
	client.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() }
	sender := &send.Sender{Alexa: client, SandboxURL: base}
	target, _ := alexa.ParseTarget("sandbox")
	vars, err := template.ParseSet([]string{"who=Andy"})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	var last []byte
	for range 2 {
		e, ok, err := library.ResolveArg("@andy", lib)
		if !ok || err != nil {
			t.Fatal(ok, err)
		}
		out, fs, err := template.Expand(e.Body, template.Env{Vars: vars})
		if err != nil || len(fs) != 0 {
			t.Fatal(err, fs)
		}
		res, err := sender.Send(context.Background(), send.Request{Body: out, Target: target, Creds: send.SandboxCredentials})
		if err != nil || res.Response == nil || res.Response.Status != http.StatusAccepted {
			t.Fatalf("send: %v %+v", err, res.Response)
		}
		req, _ := schemas.Decode(out)
		ref := req.String("referenceId")
		refs = append(refs, ref)
		heard := send.Heard(srv, ref)
		if len(heard) == 0 {
			t.Fatalf("the sandbox heard nothing for %s", ref)
		}
		last = out
	}
	if refs[0] == refs[1] {
		t.Fatalf("the same referenceId twice: %s", refs[0])
	}
	res, _ := sender.Send(context.Background(), send.Request{Body: last, Target: target, Creds: send.SandboxCredentials})
	if res.Response == nil || res.Response.Status != http.StatusConflict {
		t.Fatalf("resending the expanded body: %+v", res.Response)
	}
}
