package ui

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// TestQuitDuringSendRecordsIt: ctrl+c while the event is at the server (a
// real loopback server that holds the post open) quits, and Close — what
// the program's owner calls on the final model — cancels the send and
// returns only once the send is recorded in the real SQLite history.
func TestQuitDuringSendRecordsIt(t *testing.T) {
	got := make(chan struct{}, 1)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/token") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"access_token":"Atc|stall","token_type":"bearer","expires_in":3600}`)
			return
		}
		got <- struct{}{}
		<-r.Context().Done()
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })

	m, rig := newSendModel(t, 120, 40, func(o *Options, _ *sendRig) {
		tg, err := alexa.ParseTarget("http://" + ln.Addr().String())
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
	if len(recs) != 1 || recs[0].Status != 0 {
		t.Fatalf("after quitting during a send the history holds %+v, want the cancelled send", recs)
	}
}
