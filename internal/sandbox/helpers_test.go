package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// t0 is the test clock's start: the golden requests' timestamp.
var t0 = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

// clock is an injectable, settable clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: t0} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// syncBuffer is a log writer safe for concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startServer starts a sandbox on a free loopback port with the test clock
// unless cfg has its own, and closes it when the test ends.
func startServer(t testing.TB, cfg Config) (*Server, string) {
	t.Helper()
	s := New(cfg)
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, base
}

// client is a plain net/http client with a timeout, no proxy.
var client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}

// response is a read response.
type response struct {
	status int
	header http.Header
	body   string
}

func do(t testing.TB, req *http.Request) response {
	t.Helper()
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

func newRequest(t testing.TB, method, u string, body io.Reader) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// tokenForm is a valid token request body.
func tokenForm(id, secret string) url.Values {
	return url.Values{"grant_type": {GrantType}, "client_id": {id}, "client_secret": {secret}, "scope": {Scope}}
}

func postForm(t testing.TB, u string, form url.Values, contentType string) response {
	t.Helper()
	req := newRequest(t, http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", contentType)
	return do(t, req)
}

// getToken fetches a token with any credentials.
func getToken(t testing.TB, base string) string {
	t.Helper()
	return getTokenWith(t, base, "amzn1.application-oa2-client.test", "test-secret")
}

func getTokenWith(t testing.TB, base, id, secret string) string {
	t.Helper()
	r := postForm(t, base+TokenPath, tokenForm(id, secret), "application/x-www-form-urlencoded")
	if r.status != http.StatusOK {
		t.Fatalf("token: %d %s", r.status, r.body)
	}
	var tr tokenResponse
	if err := json.Unmarshal([]byte(r.body), &tr); err != nil {
		t.Fatal(err)
	}
	return tr.AccessToken
}

// sendEvent posts body to an event path with the token.
func sendEvent(t testing.TB, base, path, tok string, body []byte) response {
	t.Helper()
	req := newRequest(t, http.MethodPost, base+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return do(t, req)
}

// event is a request body under construction.
type event map[string]any

// orderEvent is a valid OrderStatus Unicast event to DefaultUserID at the test
// clock's time, expiring in 12 h.
func orderEvent(ref string) event {
	return event{
		"timestamp":   "2024-03-01T09:00:00Z",
		"referenceId": ref,
		"expiryTime":  "2024-03-01T21:00:00Z",
		"event": map[string]any{
			"name": "AMAZON.OrderStatus.Updated",
			"payload": map[string]any{
				"state": map[string]any{"status": "ORDER_SHIPPED", "deliveryDetails": map[string]any{"expectedArrival": "2024-03-04T18:00:00Z"}},
				"order": map[string]any{"seller": map[string]any{"name": "localizedattribute:sellerName"}},
			},
		},
		"localizedAttributes": []any{map[string]any{"locale": "en-US", "sellerName": "Northwind Books"}},
		"relevantAudience":    map[string]any{"type": "Unicast", "payload": map[string]any{"user": DefaultUserID}},
	}
}

// orderText is what orderEvent renders to in en-US.
const orderText = "Your order from Northwind Books has been shipped and will arrive by March 4, 2024."

// weatherEvent is a valid WeatherAlert Multicast event with en-US and de-DE sources.
func weatherEvent(ref string) event {
	return event{
		"timestamp":   "2024-03-01T09:00:00Z",
		"referenceId": ref,
		"expiryTime":  "2024-03-01T21:00:00Z",
		"event": map[string]any{
			"name":    "AMAZON.WeatherAlert.Activated",
			"payload": map[string]any{"weatherAlert": map[string]any{"source": "localizedattribute:source", "alertType": "TORNADO"}},
		},
		"localizedAttributes": []any{
			map[string]any{"locale": "en-US", "source": "Example Weather Corp"},
			map[string]any{"locale": "de-DE", "source": "Beispiel Wetterdienst"},
		},
		"relevantAudience": map[string]any{"type": "Multicast", "payload": map[string]any{}},
	}
}

func (e event) with(key string, v any) event { e[key] = v; return e }

func (e event) toUser(user string) event {
	e["relevantAudience"] = map[string]any{"type": "Unicast", "payload": map[string]any{"user": user}}
	return e
}

func (e event) bytes() []byte {
	b, err := json.Marshal(e)
	if err != nil {
		panic(err)
	}
	return b
}

// amazonJSON is the exact error body of the event routes.
func amazonJSON(typ, msg string) string {
	b, _ := json.Marshal(amazonBody{Type: typ, Message: msg})
	return string(b)
}

func expect(t testing.TB, r response, status int, body string) {
	t.Helper()
	if r.status != status || r.body != body {
		t.Fatalf("got %d %s\nwant %d %s", r.status, r.body, status, body)
	}
}
