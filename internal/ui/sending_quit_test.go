package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/send/sendtest"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// TestQuitDuringSendRecordsIt: ctrl+c while the event is at the server (a
// real loopback server that holds the post open) quits, and Close — what
// the program's owner calls on the final model — cancels the send and
// returns only once the send is recorded in the real SQLite history.
func TestQuitDuringSendRecordsIt(t *testing.T) {
	base, got := sendtest.StallServer(t)
	m, rig := newSendModel(t, 120, 40, func(o *Options, _ *sendRig) {
		tg, err := alexa.ParseTarget(base)
		if err != nil {
			t.Fatal(err)
		}
		o.Target = tg
		o.Credentials = func(string, alexa.Target) (alexa.Credentials, string, error) {
			return send.SandboxCredentials, "", nil
		}
	})
	m = press(t, m, "enter")
	nm, cmd := m.Update(uitest.Key("ctrl+s"))
	m = nm.(Model)
	// The program runs commands in goroutines; so does this test.
	if b, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range b {
			if c != nil && !uitest.IsTimer(c) {
				go c()
			}
		}
	} else {
		t.Fatal("ctrl+s did not start a send")
	}
	select {
	case <-got:
	case <-time.After(20 * time.Second):
		t.Fatal("the event never reached the server")
	}
	nm, cmd = m.Update(uitest.Key("ctrl+c"))
	m = nm.(Model)
	if _, ok := runCmd(cmd).(quitSeen); !ok {
		t.Fatal("ctrl+c during a send did not quit")
	}
	if !m.Close() {
		t.Fatal("Close gave up waiting for the send")
	}
	recs := records(t, rig.store)
	if len(recs) != 1 || recs[0].Status != 0 || !strings.Contains(recs[0].NetworkErr, "outcome is unknown") {
		t.Fatalf("after quitting during a send the history holds %+v, want the cancelled send", recs)
	}
}
