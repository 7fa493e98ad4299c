package alexa

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// Test credentials: the sandbox accepts exactly these.
const (
	testClientID = "amzn1.application-oa2-client.alexatest"
	testSecret   = "S3cret-alexa-test-0123456789abcdef"
)

var testCreds = Credentials{ClientID: testClientID, ClientSecret: testSecret}

// fakeClock is a clock shared by the sandbox and the client; fake sleeps advance it.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// observer is a RoundTripper around the real transport that counts requests
// by path and keeps their headers; it does not change them.
type observer struct {
	mu      sync.Mutex
	paths   map[string]int
	headers []http.Header
}

func (o *observer) RoundTrip(r *http.Request) (*http.Response, error) {
	o.mu.Lock()
	if o.paths == nil {
		o.paths = map[string]int{}
	}
	o.paths[r.URL.Path]++
	o.headers = append(o.headers, r.Header.Clone())
	o.mu.Unlock()
	return http.DefaultTransport.RoundTrip(r)
}

func (o *observer) count(path string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.paths[path]
}

// env is one sandbox and one client talking over loopback.
type env struct {
	srv    *sandbox.Server
	base   string
	client *Client
	obs    *observer
	clock  *fakeClock // nil when real time is used
	sleeps []time.Duration
	sleepM sync.Mutex
	logs   *syncBuffer
	target Target
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newEnv starts the real sandbox on 127.0.0.1:0 with cfg (credentials
// filled in), and a client whose sleeps are recorded (and advance the fake
// clock when one is used) instead of waiting.
func newEnv(t *testing.T, cfg sandbox.Config, fake bool) *env {
	t.Helper()
	e := &env{obs: &observer{}, logs: &syncBuffer{}}
	if cfg.ClientID == "" {
		cfg.ClientID, cfg.ClientSecret = testClientID, testSecret
	}
	if fake {
		e.clock = newFakeClock()
		cfg.Now = e.clock.Now
	}
	cfg.Logger = slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.srv = sandbox.New(cfg)
	base, err := e.srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.srv.Close() })
	e.base = base
	hc := &http.Client{Transport: e.obs}
	e.client = New("9.9.9-test")
	e.client.HTTP = hc
	e.client.Tokens.HTTP = hc
	e.client.Sleep = func(ctx context.Context, d time.Duration) error {
		e.sleepM.Lock()
		e.sleeps = append(e.sleeps, d)
		e.sleepM.Unlock()
		if e.clock != nil {
			e.clock.Advance(d)
		}
		return ctx.Err()
	}
	if fake {
		e.client.Now = e.clock.Now
		e.client.Tokens.Now = e.clock.Now
	}
	tg, err := ParseTarget(base)
	if err != nil {
		t.Fatal(err)
	}
	e.target = tg
	return e
}

func (e *env) now() time.Time {
	if e.clock != nil {
		return e.clock.Now()
	}
	return time.Now()
}

func (e *env) waits() []time.Duration {
	e.sleepM.Lock()
	defer e.sleepM.Unlock()
	return append([]time.Duration(nil), e.sleeps...)
}

func (e *env) faults(t *testing.T, f sandbox.Faults) {
	t.Helper()
	if err := e.srv.SetFaults(f); err != nil {
		t.Fatal(err)
	}
}

func (e *env) send(t *testing.T, body []byte) (*Response, error) {
	t.Helper()
	return e.client.Send(context.Background(), e.target, testCreds, body, nil)
}

var refSeq struct {
	sync.Mutex
	n int
}

func nextRef() string {
	refSeq.Lock()
	defer refSeq.Unlock()
	refSeq.n++
	return fmt.Sprintf("alexaTest~%d~%d", time.Now().UnixNano(), refSeq.n)
}

// event returns a valid MessageAlert body at now with the given audience.
func event(now time.Time, ref string, audience map[string]any) []byte {
	if audience == nil {
		audience = map[string]any{"type": "Multicast", "payload": map[string]any{}}
	}
	m := map[string]any{
		"timestamp":   now.UTC().Format(time.RFC3339),
		"referenceId": ref,
		"expiryTime":  now.Add(23 * time.Hour).UTC().Format(time.RFC3339),
		"event": map[string]any{
			"name": "AMAZON.MessageAlert.Activated",
			"payload": map[string]any{
				"state":        map[string]any{"status": "UNREAD", "freshness": "NEW"},
				"messageGroup": map[string]any{"creator": map[string]any{"name": "Andy"}, "count": 5, "urgency": "URGENT"},
			},
		},
		"localizedAttributes": []any{},
		"relevantAudience":    audience,
	}
	b, err := json.Marshal(m)
	if err != nil {
		panic(err)
	}
	return b
}

// weather returns a valid Multicast WeatherAlert body at now.
func weather(now time.Time, ref string) []byte {
	b, err := json.Marshal(map[string]any{
		"timestamp":           now.UTC().Format(time.RFC3339),
		"referenceId":         ref,
		"expiryTime":          now.Add(2 * time.Hour).UTC().Format(time.RFC3339),
		"event":               map[string]any{"name": "AMAZON.WeatherAlert.Activated", "payload": map[string]any{"weatherAlert": map[string]any{"source": "NWS", "alertType": "TORNADO"}}},
		"localizedAttributes": []any{},
		"relevantAudience":    map[string]any{"type": "Multicast", "payload": map[string]any{}},
	})
	if err != nil {
		panic(err)
	}
	return b
}

func unicast(user string) map[string]any {
	return map[string]any{"type": "Unicast", "payload": map[string]any{"user": user}}
}
