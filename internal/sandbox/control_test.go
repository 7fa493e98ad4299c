package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"
)

func getJSON(t *testing.T, u string, v any) response {
	t.Helper()
	r := do(t, newRequest(t, http.MethodGet, u, nil))
	if r.status == 200 && v != nil {
		if err := json.Unmarshal([]byte(r.body), v); err != nil {
			t.Fatalf("GET %s: %v in %s", u, err, r.body)
		}
	}
	return r
}

func sendJSON(t *testing.T, method, u, body string) response {
	t.Helper()
	req := newRequest(t, method, u, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

func TestInspectionRoute(t *testing.T) {
	subs := []Subscriber{
		{UserID: DefaultUserID, EventNames: []string{"AMAZON.OrderStatus.Updated", "AMAZON.WeatherAlert.Activated"}},
		{UserID: "amzn1.ask.account.B", Locale: "de-DE", EventNames: []string{"AMAZON.WeatherAlert.Activated"}},
	}
	c := newClock()
	_, base := startServer(t, Config{Now: c.Now, Subscribers: subs, Certified: true})
	tok := getToken(t, base)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("i1").bytes()), 202, "")
	expect(t, sendEvent(t, base, LivePath, tok, weatherEvent("i2").bytes()), 202, "")

	var got struct{ Notifications []Notification }
	r := getJSON(t, base+"/_emulator/notifications?user="+DefaultUserID, &got)
	if r.status != 200 || len(got.Notifications) != 2 {
		t.Fatalf("user listing: %d %s", r.status, r.body)
	}
	first := got.Notifications[0]
	if first.ReferenceID != "i1" || first.Text != orderText || first.Stage != StageDevelopment || !first.Created.Equal(t0) ||
		!first.Expires.Equal(time.Date(2024, 3, 1, 21, 0, 0, 0, time.UTC)) {
		t.Fatalf("first: %+v", first)
	}
	for _, key := range []string{`"referenceId"`, `"eventName"`, `"userId"`, `"locale"`, `"text"`, `"stage"`, `"created"`, `"expires"`} {
		if !strings.Contains(r.body, key) {
			t.Errorf("listing lacks %s: %s", key, r.body)
		}
	}
	getJSON(t, base+"/_emulator/notifications", &got)
	if len(got.Notifications) != 3 {
		t.Fatalf("all users: %+v", got.Notifications)
	}
	getJSON(t, base+"/_emulator/notifications?stage=live", &got)
	if len(got.Notifications) != 2 || got.Notifications[1].UserID != "amzn1.ask.account.B" {
		t.Fatalf("live: %+v", got.Notifications)
	}
	getJSON(t, base+"/_emulator/notifications?user=amzn1.ask.account.NOBODY", &got)
	if got.Notifications == nil || len(got.Notifications) != 0 {
		t.Fatalf("nobody: %+v", got.Notifications)
	}
	if r := getJSON(t, base+"/_emulator/notifications?stage=prod", nil); r.status != 400 {
		t.Fatalf("bad stage: %d", r.status)
	}
	r = sendJSON(t, http.MethodPost, base+"/_emulator/notifications", "{}")
	if r.status != 405 || r.header.Get("Allow") != "GET" {
		t.Fatalf("POST listing: %d %v", r.status, r.header)
	}
	// Expiry shows in the listing.
	c.Advance(12 * time.Hour)
	getJSON(t, base+"/_emulator/notifications", &got)
	if len(got.Notifications) != 0 {
		t.Fatalf("after expiry: %+v", got.Notifications)
	}
	// The request log.
	var reqs struct{ Requests []RequestLog }
	getJSON(t, base+"/_emulator/requests", &reqs)
	if len(reqs.Requests) != 3 || reqs.Requests[0].Verdict != "token issued" || reqs.Requests[1].Status != 202 ||
		reqs.Requests[2].Stage != StageLive || reqs.Requests[2].Delivered != 2 || len(reqs.Requests[1].Token) != 8 {
		t.Fatalf("requests: %+v", reqs.Requests)
	}
	if r := getJSON(t, base+"/_emulator/nothing", nil); r.status != 404 {
		t.Fatalf("unknown control route: %d", r.status)
	}
}

func TestControlCertifiedAndSubscribers(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	var cert map[string]bool
	getJSON(t, base+"/_emulator/certified", &cert)
	if cert["certified"] {
		t.Fatal("not certified by default")
	}
	if r := sendJSON(t, http.MethodPost, base+"/_emulator/certified", `{"certified":true}`); r.status != 200 || !strings.Contains(r.body, `"certified": true`) {
		t.Fatalf("set certified: %d %s", r.status, r.body)
	}
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("c1").bytes()), 202, "")
	if r := sendJSON(t, http.MethodPost, base+"/_emulator/certified", `{}`); r.status != 400 {
		t.Fatalf("empty certified body: %d", r.status)
	}
	sendJSON(t, http.MethodPut, base+"/_emulator/certified", `{"certified":false}`)
	if s.Certified() {
		t.Fatal("PUT false did not uncertify")
	}

	var subs []Subscriber
	getJSON(t, base+"/_emulator/subscribers", &subs)
	if !reflect.DeepEqual(subs, DefaultSubscribers()) {
		t.Fatalf("default subscribers: %+v", subs)
	}
	if len(subs) != 1 || subs[0].UserID != "amzn1.ask.account.SANDBOX" || subs[0].Locale != "en-US" || len(subs[0].EventNames) != 8 || subs[0].Stage != "" {
		t.Fatalf("default subscriber: %+v", subs)
	}
	r := sendJSON(t, http.MethodPut, base+"/_emulator/subscribers", `[{"userId":"amzn1.ask.account.N","locale":"en-GB","eventNames":["AMAZON.OrderStatus.Updated"]}]`)
	if r.status != 200 || !strings.Contains(r.body, "amzn1.ask.account.N") {
		t.Fatalf("PUT subscribers: %d %s", r.status, r.body)
	}
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("s1").toUser("amzn1.ask.account.N").bytes()), 202, "")
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("s2").bytes()), 403,
		amazonJSON("Forbidden", "Can't find any subscription for stage=development, skillId=amzn1.ask.skill.SANDBOX, topicId=AMAZON.OrderStatus.Updated"))
	for _, bad := range []string{`[{"userId":""}]`, `[{"userId":"u","eventNames":["AMAZON.Nope"]}]`, `[{"userId":"u","stage":"prod"}]`,
		`[{"userId":"u","locale":"english"}]`, `{"userId":"u"}`, `[{"user":"u"}]`} {
		if r := sendJSON(t, http.MethodPut, base+"/_emulator/subscribers", bad); r.status != 400 || !strings.Contains(r.body, `"error"`) {
			t.Errorf("PUT %s: %d %s", bad, r.status, r.body)
		}
	}
	if len(s.Subscribers()) != 1 || s.Subscribers()[0].UserID != "amzn1.ask.account.N" {
		t.Fatalf("a rejected PUT changed the subscribers: %+v", s.Subscribers())
	}
	if r := sendJSON(t, http.MethodPost, base+"/_emulator/subscribers", `[]`); r.status != 405 || r.header.Get("Allow") != "GET, PUT" {
		t.Fatalf("POST subscribers: %d %v", r.status, r.header)
	}
}

func TestControlRoutesAreLoopbackOnly(t *testing.T) {
	s := New(Config{})
	for _, path := range []string{"/_emulator/notifications", "/_emulator/faults", "/_emulator/subscribers"} {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.RemoteAddr = "192.0.2.7:51000"
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		if w.Code != http.StatusForbidden {
			t.Errorf("%s from 192.0.2.7: %d", path, w.Code)
		}
		req.RemoteAddr = "[::1]:51000"
		req.Host = "[::1]:8787"
		w = httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			t.Errorf("%s from ::1: %d", path, w.Code)
		}
	}
}

// TestControlRoutesRefuseBrowsers: a page in a local browser cannot reach
// the control routes by DNS rebinding (its own name in Host), by a
// cross-origin simple POST (text/plain), or with any Origin at all; curl
// and pe-tui (loopback Host, JSON, no Origin) still can.
func TestControlRoutesRefuseBrowsers(t *testing.T) {
	s, base := startServer(t, Config{})
	post := func(host, contentType, origin string) int {
		req := newRequest(t, http.MethodPost, base+"/_emulator/faults", strings.NewReader(`{"forceStatus":500}`))
		if host != "" {
			req.Host = host
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if origin != "" {
			req.Header.Set("Origin", origin)
		}
		return do(t, req).status
	}
	for _, c := range []struct {
		name, host, contentType, origin string
		want                            int
	}{
		{"DNS rebinding", "attacker.example:8787", "application/json", "", http.StatusForbidden},
		{"cross-origin text/plain", "", "text/plain", "http://attacker.example", http.StatusForbidden},
		{"text/plain without Origin", "", "text/plain", "", http.StatusUnsupportedMediaType},
		{"form without a type", "", "", "", http.StatusUnsupportedMediaType},
		{"JSON with an Origin", "", "application/json", "null", http.StatusForbidden},
		{"JSON from localhost", "localhost:8787", "application/json; charset=utf-8", "", http.StatusOK},
		{"JSON from 127.0.0.1", "", "application/json", "", http.StatusOK},
	} {
		if got := post(c.host, c.contentType, c.origin); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
		if c.want != http.StatusOK && s.Faults() != (Faults{}) {
			t.Fatalf("%s: the faults were changed to %+v", c.name, s.Faults())
		}
		_ = s.SetFaults(Faults{})
	}
	req := newRequest(t, http.MethodGet, base+"/_emulator/requests", nil)
	req.Host = "rebound.example"
	if r := do(t, req); r.status != http.StatusForbidden {
		t.Errorf("GET with a foreign Host: %d", r.status)
	}
}
