package sandbox

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// stateSkill is a real loopback skill endpoint that keeps the
// subscriptions the way spec §11 says (newest timestamp wins; no body =
// none) and records every body posted.
type stateSkill struct {
	mu        sync.Mutex
	newest    string
	subs      []string
	bodies    [][]byte
	malformed int
}

func (s *stateSkill) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, _ := io.ReadAll(r.Body)
	var ev struct {
		Request struct {
			Type, Timestamp string
			Body            *struct{ Subscriptions []EventRef }
		}
	}
	if err := json.Unmarshal(b, &ev); err != nil || ev.Request.Type != SubscriptionChangedType {
		s.malformed++
		w.WriteHeader(500)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.bodies = append(s.bodies, b)
	if ev.Request.Timestamp > s.newest {
		s.newest, s.subs = ev.Request.Timestamp, []string{}
		if ev.Request.Body != nil {
			for _, e := range ev.Request.Body.Subscriptions {
				s.subs = append(s.subs, e.EventName)
			}
		}
		slices.Sort(s.subs)
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, `{"version":"1.0","response":{}}`)
}

func serveLoopback(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// TestScenariosAgainstALoopbackSkill: every scenario posted to a real
// loopback endpoint that keeps the newest state ends in the state each
// step expects; the no-body event has no body, out-of-order posts the
// newest first, duplicate posts the same event twice.
func TestScenariosAgainstALoopbackSkill(t *testing.T) {
	now := time.Date(2026, 12, 4, 20, 0, 0, 0, time.UTC)
	all := Scenarios(ScenarioTarget{UserID: "amzn1.ask.account.U", APIEndpoint: "https://api.eu.amazonalexa.com"}, now)
	if len(all) != len(ScenarioNames) {
		t.Fatalf("%d scenarios", len(all))
	}
	for _, sc := range all {
		t.Run(sc.Name, func(t *testing.T) {
			ep := &stateSkill{}
			url := serveLoopback(t, ep)
			res, err := PostScenario(context.Background(), url+"/skill", sc)
			if err != nil || len(res) != len(sc.Steps) {
				t.Fatalf("%v, %d results", err, len(res))
			}
			for i, r := range res {
				if r.Status != 200 || r.Error != "" {
					t.Fatalf("step %d: %d %s", i, r.Status, r.Error)
				}
			}
			last := sc.Steps[len(sc.Steps)-1].Expect
			if !slices.Equal(ep.subs, last) {
				t.Fatalf("endpoint holds %v, want %v", ep.subs, last)
			}
			switch sc.Name {
			case "unsubscribe-all-no-body":
				if strings.Contains(string(ep.bodies[1]), `"body"`) {
					t.Fatalf("the no-body event has a body: %s", ep.bodies[1])
				}
			case "out-of-order":
				if !strings.Contains(string(ep.bodies[0]), "20:00:02Z") || len(sc.Steps[2].Expect) != 0 {
					t.Fatalf("not newest first: %s, expect %v", ep.bodies[0], sc.Steps[2].Expect)
				}
			case "duplicate":
				if string(ep.bodies[1]) != string(ep.bodies[2]) {
					t.Fatal("the duplicate differs")
				}
			}
		})
	}
}

// TestPostScenarioRefusesRedirectsAndRemoteEndpoints: a redirecting
// endpoint is reported, not followed; non-loopback URLs are refused.
func TestPostScenarioRefusesRedirectsAndRemoteEndpoints(t *testing.T) {
	hit := false
	other := serveLoopback(t, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	redirect := serveLoopback(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other, http.StatusTemporaryRedirect)
	}))
	sc, _ := FindScenarios(Scenarios(ScenarioTarget{}, time.Now()), "subscribe")
	res, err := PostScenario(context.Background(), redirect, sc[0])
	if err != nil || res[0].Status != 307 || !strings.Contains(res[0].Error, "not followed") || hit {
		t.Fatalf("%v %+v hit=%v", err, res, hit)
	}
	for _, u := range []string{"http://192.0.2.1/skill", "https://example.com/x", "ftp://127.0.0.1/"} {
		if _, err := PostScenario(context.Background(), u, sc[0]); err == nil {
			t.Fatalf("%s accepted", u)
		}
	}
	if _, err := FindScenarios(nil, "nope"); err == nil || !strings.Contains(err.Error(), "out-of-order") {
		t.Fatalf("%v", err)
	}
}
