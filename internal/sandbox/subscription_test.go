package sandbox

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"
)

// skillEndpoint is a loopback HTTP server standing in for a skill's event endpoint.
type skillEndpoint struct {
	url    string
	mu     sync.Mutex
	events []SubscriptionChanged
	raw    []map[string]any
	ctype  []string
}

func startSkillEndpoint(t *testing.T) *skillEndpoint {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e := &skillEndpoint{url: "http://" + ln.Addr().String() + "/alexa/events"}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var ev SubscriptionChanged
		var raw map[string]any
		_ = json.Unmarshal(b, &ev)
		_ = json.Unmarshal(b, &raw)
		e.mu.Lock()
		e.events = append(e.events, ev)
		e.raw = append(e.raw, raw)
		e.ctype = append(e.ctype, r.Method+" "+r.URL.Path+" "+r.Header.Get("Content-Type"))
		e.mu.Unlock()
		w.WriteHeader(http.StatusOK)
	})}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return e
}

func (e *skillEndpoint) received() ([]SubscriptionChanged, []map[string]any, []string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]SubscriptionChanged(nil), e.events...), append([]map[string]any(nil), e.raw...), append([]string(nil), e.ctype...)
}

func names(ev SubscriptionChanged) []string {
	var out []string
	for _, s := range ev.Request.Body.Subscriptions {
		out = append(out, s.EventName)
	}
	return out
}

func TestSubscriptionChangedPosts(t *testing.T) {
	ep := startSkillEndpoint(t)
	c := newClock()
	s, base := startServer(t, Config{Now: c.Now, SkillID: "amzn1.ask.skill.TEST", SubscriptionEndpoint: ep.url})
	c.Advance(90 * time.Second)
	// The default user narrows to one event; a new user appears.
	err := s.SetSubscribers([]Subscriber{
		{UserID: DefaultUserID, Locale: "en-US", EventNames: []string{"AMAZON.OrderStatus.Updated"}},
		{UserID: "amzn1.ask.account.NEW", Locale: "de-DE", Stage: StageDevelopment, EventNames: []string{"AMAZON.WeatherAlert.Activated"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	evs, raw, meta := ep.received()
	if len(evs) != 2 {
		t.Fatalf("want 2 posts, got %d", len(evs))
	}
	// The posts go out concurrently: put the default user's first.
	if evs[0].Context.System.User.UserID != DefaultUserID {
		evs[0], evs[1], raw[0], raw[1], meta[0], meta[1] = evs[1], evs[0], raw[1], raw[0], meta[1], meta[0]
	}
	first := evs[0]
	if first.Version != "1.0" || first.Context.System.Application.ApplicationID != "amzn1.ask.skill.TEST" ||
		first.Context.System.User.UserID != DefaultUserID || first.Context.System.APIEndpoint != base ||
		first.Request.Type != "AlexaSkillEvent.ProactiveSubscriptionChanged" || first.Request.Timestamp != "2024-03-01T09:01:30.000Z" ||
		first.Request.RequestID == "" || len(names(first)) != 1 || names(first)[0] != "AMAZON.OrderStatus.Updated" {
		t.Fatalf("first event: %+v", first)
	}
	if meta[0] != "POST /alexa/events application/json" {
		t.Fatalf("request: %s", meta[0])
	}
	// The wire shape uses the spec's key names.
	sys := raw[0]["context"].(map[string]any)["System"].(map[string]any)
	if sys["user"].(map[string]any)["userId"] != DefaultUserID {
		t.Fatalf("raw: %v", raw[0])
	}
	if evs[1].Context.System.User.UserID != "amzn1.ask.account.NEW" || evs[1].Request.Locale != "de-DE" || names(evs[1])[0] != "AMAZON.WeatherAlert.Activated" {
		t.Fatalf("second event: %+v", evs[1])
	}

	// Unchanged users get nothing; a removed user gets the empty list.
	if err := s.SetSubscribers([]Subscriber{{UserID: DefaultUserID, Locale: "en-US", EventNames: []string{"AMAZON.OrderStatus.Updated"}}}); err != nil {
		t.Fatal(err)
	}
	evs, raw, _ = ep.received()
	if len(evs) != 3 || evs[2].Context.System.User.UserID != "amzn1.ask.account.NEW" || len(evs[2].Request.Body.Subscriptions) != 0 {
		t.Fatalf("removal: %+v", evs)
	}
	if subs, ok := raw[2]["request"].(map[string]any)["body"].(map[string]any)["subscriptions"].([]any); !ok || len(subs) != 0 {
		t.Fatalf("an unsubscribed user gets \"subscriptions\": [], got %v", raw[2])
	}
	// The HTTP control route posts too.
	sendJSON(t, http.MethodPut, base+"/_emulator/subscribers", `[{"userId":"`+DefaultUserID+`","eventNames":[]}]`)
	evs, _, _ = ep.received()
	if len(evs) != 4 || len(evs[3].Request.Body.Subscriptions) != 0 {
		t.Fatalf("PUT with no events: %+v", evs)
	}
}

func TestSubscriptionChangedEndpointMustBeLoopback(t *testing.T) {
	cfg := Config{SubscriptionEndpoint: "http://example.com/events"}
	if err := cfg.Check(); err == nil {
		t.Fatal("a non-loopback endpoint must be refused")
	}
	// Even when Check was skipped, nothing is posted off loopback.
	buf := &syncBuffer{}
	s := New(Config{SubscriptionEndpoint: "http://192.0.2.1:9/events", Logger: newTestLogger(buf)})
	if err := s.SetSubscribers([]Subscriber{}); err != nil {
		t.Fatal(err)
	}
	if want := "subscription change not posted"; !contains(buf.String(), want) {
		t.Fatalf("log: %s", buf.String())
	}
}
