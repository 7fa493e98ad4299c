package response

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// eventBody is a valid Multicast WeatherAlert created now.
func eventBody(t *testing.T, now time.Time, ref string) []byte {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		"timestamp":   now.UTC().Format(time.RFC3339),
		"referenceId": ref,
		"expiryTime":  now.Add(2 * time.Hour).UTC().Format(time.RFC3339),
		"event": map[string]any{
			"name":    "AMAZON.WeatherAlert.Activated",
			"payload": map[string]any{"weatherAlert": map[string]any{"source": "localizedattribute:source", "alertType": "TORNADO"}},
		},
		"localizedAttributes": []any{map[string]any{"locale": "en-US", "source": "Qzj Weather"}},
		"relevantAudience":    map[string]any{"type": "Multicast", "payload": map[string]any{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// sendResult is what the root's send command returns.
type sendResult struct {
	res send.Result
	err error
}

// startSandbox runs the real sandbox on loopback with the given faults.
func startSandbox(t *testing.T, faults sandbox.Faults) (*sandbox.Server, *send.Sender) {
	t.Helper()
	srv, base, err := send.StartSandbox(sandbox.Config{Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	client := alexa.New("test")
	client.Sleep = func(ctx context.Context, d time.Duration) error { return ctx.Err() } // no real backoff waits
	return srv, &send.Sender{Alexa: client, SandboxURL: base}
}

// sendThroughPane does what the root does: StartSending with a Progress
// bridge, the send in its own goroutine (the command), the pane fed with
// every message the commands produce. onProgress sees the pane after each
// report.
func sendThroughPane(t *testing.T, m Model, sender *send.Sender, ctx context.Context, req send.Request, onProgress func(Model)) (Model, sendResult) {
	t.Helper()
	prog := NewProgress()
	req.Progress = prog.Report
	done := make(chan sendResult, 1)
	start := m.StartSending(req.Target, prog)
	go func() { // the root's send command
		defer prog.Close()
		res, err := sender.Send(ctx, req)
		done <- sendResult{res, err}
	}()
	queue := []tea.Cmd{start}
	for len(queue) > 0 {
		cmd := queue[0]
		queue = queue[1:]
		if cmd == nil || uitest.IsTimer(cmd) {
			continue
		}
		msg := cmd()
		if b, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, b...)
			continue
		}
		if msg == nil {
			continue
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		if _, ok := msg.(ProgressMsg); ok && onProgress != nil {
			onProgress(m)
		}
		queue = append(queue, next)
	}
	return m, <-done
}

var refSeq int

func newRef() string {
	refSeq++
	return fmt.Sprintf("paneTest~%d~%d", time.Now().UnixNano(), refSeq)
}

// TestSandboxSendWithRetry sends a real event to the sandbox, which answers
// the first attempt with 429: the pane shows the retry while it runs, then
// 202 and the sentence the sandbox user heard.
func TestSandboxSendWithRetry(t *testing.T) {
	srv, sender := startSandbox(t, sandbox.Faults{ForceStatus: 429, ForceStatusCount: 1})
	m, _ := newPane(90, 40)
	m.SetClock(time.Now)
	ref := newRef()
	tg := target(t, "sandbox")
	req := send.Request{Body: eventBody(t, time.Now(), ref), Target: tg, Creds: send.SandboxCredentials}
	var during []string
	m, out := sendThroughPane(t, m, sender, context.Background(), req, func(m Model) { during = append(during, flat(m)) })
	if out.err != nil {
		t.Fatalf("send: %v", out.err)
	}
	if len(during) != 2 {
		t.Fatalf("%d progress reports reached the pane, want 2: %q", len(during), during)
	}
	if !strings.Contains(during[0], "attempt 2/4") || !strings.Contains(during[0], "rate limited (429)") || !strings.Contains(during[0], "Sending to sandbox") {
		t.Fatalf("during the retry the pane showed:\n%s", during[0])
	}
	m.SetOutcome(out.res, tg, out.err)
	heard := send.Heard(srv, ref)
	if len(heard) == 0 {
		t.Fatal("the sandbox delivered to nobody")
	}
	m.SetHeard(heard)
	requireText(t, m, "✓ 202 Accepted", "Target sandbox", "Attempts 2", "attempt 1/4: 429", "rate limited (429)",
		"What the sandbox users heard", "• "+sandbox.DefaultUserID+" (en-US):", "“"+heard[0].Text+"”")
	if !strings.Contains(heard[0].Text, "Qzj Weather") {
		t.Fatalf("unexpected sentence %q", heard[0].Text)
	}
	rejectText(t, m, send.SandboxCredentials.ClientSecret, "Why a device")
}

// TestSandboxSendCancelled cancels a send that the sandbox holds back: the
// cancel key asks for CancelMsg, the root cancels the context, the pane says
// "Cancelled".
func TestSandboxSendCancelled(t *testing.T) {
	_, sender := startSandbox(t, sandbox.Faults{Latency: 30 * time.Second})
	m, _ := newPane(90, 40)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	tg := target(t, "sandbox")
	req := send.Request{Body: eventBody(t, time.Now(), newRef()), Target: tg, Creds: send.SandboxCredentials}

	// Press esc as soon as the pane shows the send; the root answers
	// CancelMsg by cancelling the context.
	prog := NewProgress()
	req.Progress = prog.Report
	m.StartSending(tg, prog)
	m, cmd := m.Update(uitest.Key("esc"))
	if cmd == nil {
		t.Fatal("esc did nothing while sending")
	}
	if _, ok := cmd().(CancelMsg); !ok {
		t.Fatal("esc did not ask to cancel")
	}
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	res, err := sender.Send(ctx, req)
	prog.Close()
	m.SetOutcome(res, tg, err)
	// Depending on timing the token or the event request was in flight.
	requireText(t, m, "⚠ Cancelled", "The send was cancelled")
}
