package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// flowOptions returns options for a real program: a sandbox started here on
// loopback (so the test can inject faults) and a temporary SQLite history.
func flowOptions(t *testing.T) (Options, *sandbox.Server, *history.Store) {
	t.Helper()
	srv, url, err := send.StartSandbox(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	store, err := history.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	c := &clock{t: time.Now().UTC().Truncate(time.Second)}
	opts := testOptions(t, c)
	opts.Now = time.Now // the program's ticks move the real clock
	opts.Profile, opts.Target = "", alexa.Target{}
	opts.History = store
	opts.Sender = &send.Sender{Alexa: alexa.New("test"), History: store}
	opts.StartSandbox = func() (*sandbox.Server, string, error) { return srv, url, nil }
	return opts, srv, store
}

// TestFlowSendAndResendAsNew runs the real program: send to the sandbox, see
// 202, open the history, resend as new, see the second record.
func TestFlowSendAndResendAsNew(t *testing.T) {
	opts, srv, _ := flowOptions(t)
	sm := newScreenModel(New(opts))
	tm := teatest.NewTestModel(t, sm, teatest.WithInitialTermSize(80, 24))
	waitForText(t, tm, sm, "Schemas", "target sandbox")
	tm.Send(uitest.Key("enter"))
	waitForText(t, tm, sm, "Form · WeatherAlert")
	tm.Send(uitest.Key("ctrl+s"))
	waitForText(t, tm, sm, "202 Accepted", "Sent: 202 Accepted · record #1")
	tm.Send(uitest.Key("f2"))
	waitForText(t, tm, sm, "History", "#1", "1/1")
	tm.Send(uitest.Key("n"))
	waitForText(t, tm, sm, "#2", "Resent: 202 Accepted · record #2")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(screenModel).Model
	if fm.focus != focusHistory {
		t.Fatalf("focus %v", fm.focus)
	}
	if n := len(srv.Notifications("")); n < 2 {
		t.Fatalf("the sandbox delivered %d notifications, want one per send", n)
	}
}

// TestFlowCancelSlowSend cancels a send the sandbox holds back, while the
// form goes on taking keys.
func TestFlowCancelSlowSend(t *testing.T) {
	opts, srv, store := flowOptions(t)
	if err := srv.SetFaults(sandbox.Faults{Latency: time.Minute}); err != nil {
		t.Fatal(err)
	}
	sm := newScreenModel(New(opts))
	tm := teatest.NewTestModel(t, sm, teatest.WithInitialTermSize(120, 40))
	waitForText(t, tm, sm, "Schemas")
	tm.Send(uitest.Key("enter"))
	waitForText(t, tm, sm, "Form · WeatherAlert")
	tm.Send(uitest.Key("ctrl+s"))
	waitForText(t, tm, sm, "sending… ctrl+x cancels")
	// Typing goes on while the send waits.
	tm.Send(uitest.Key("ctrl+u"))
	tm.Send(tea.PasteMsg{Content: "Typed While Sending"})
	waitForText(t, tm, sm, "Source            Typed While Sending")
	tm.Send(uitest.Key("ctrl+x"))
	waitForText(t, tm, sm, "Cancelled")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(screenModel).Model
	if fm.response.Sending() || fm.cancel != nil {
		t.Fatal("the send should be over")
	}
	if got := fm.dv.Request.String("event.payload.weatherAlert.source"); got != "Typed While Sending" {
		t.Fatalf("the keys typed while sending reached the draft: source %q", got)
	}
	if s := screen(fm); !strings.Contains(s, "Cancelled") {
		t.Fatalf("final screen:\n%s", s)
	}
	_ = store
}
