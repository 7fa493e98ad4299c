package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFaultsAtStartForcedStatusWithRetryAfter(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now, Faults: Faults{ForceStatus: 429, ForceStatusCount: 2, RetryAfter: "1"}})
	tok := getToken(t, base) // token route unaffected by default
	for i := range 2 {
		r := sendEvent(t, base, DevelopmentPath, tok, orderEvent("f1").bytes())
		expect(t, r, 429, amazonJSON("Too Many Requests", "Rate exceeded"))
		if r.header.Get("Retry-After") != "1" {
			t.Fatalf("request %d: Retry-After %q", i+1, r.header.Get("Retry-After"))
		}
	}
	r := sendEvent(t, base, DevelopmentPath, tok, orderEvent("f1").bytes())
	expect(t, r, 202, "")
	if r.header.Get("Retry-After") != "" {
		t.Fatal("Retry-After after the fault ended")
	}
	if f := s.Faults(); f != (Faults{}) {
		t.Fatalf("exhausted faults should be cleared: %+v", f)
	}
	if len(s.Notifications("")) != 1 {
		t.Fatal("forced responses must not deliver")
	}
}

func TestFaultsAtRunTime(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	if err := s.SetFaults(Faults{ForceStatus: 500, ForceStatusCount: 1}); err != nil {
		t.Fatal(err)
	}
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("r1").bytes()), 500, amazonJSON("Internal Server Error", "Internal service error"))
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("r1").bytes()), 202, "")

	// Over HTTP, until cleared, with a custom message.
	r := sendJSON(t, http.MethodPost, base+"/_emulator/faults", `{"forceStatus":503,"message":"down for maintenance"}`)
	if r.status != 200 || !strings.Contains(r.body, `"forceStatus": 503`) {
		t.Fatalf("POST faults: %d %s", r.status, r.body)
	}
	for range 3 {
		expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("r2").bytes()), 503, amazonJSON("Service Unavailable", "down for maintenance"))
	}
	var f Faults
	getJSON(t, base+"/_emulator/faults", &f)
	if f.ForceStatus != 503 || f.ForceStatusCount != 0 {
		t.Fatalf("GET faults: %+v", f)
	}
	sendJSON(t, http.MethodPost, base+"/_emulator/faults", `{}`)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("r2").bytes()), 202, "")

	for _, bad := range []string{`{"forceStatus":99}`, `{"latency":"soon"}`, `{"dropCount":-1}`, `{"routes":"everything"}`, `{"bogus":1}`, `not json`} {
		if r := sendJSON(t, http.MethodPost, base+"/_emulator/faults", bad); r.status != 400 || !strings.Contains(r.body, `"error"`) {
			t.Errorf("POST faults %s: %d %s", bad, r.status, r.body)
		}
	}
}

// isDropped reports whether err is what a client sees when the server closes
// the connection without answering.
func isDropped(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) ||
		strings.Contains(err.Error(), "EOF") || strings.Contains(err.Error(), "connection reset")
}

func TestFaultDropConnection(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	sendJSON(t, http.MethodPost, base+"/_emulator/faults", `{"dropConnection":true,"dropCount":1}`)
	req := newRequest(t, http.MethodPost, base+DevelopmentPath, bytes.NewReader(orderEvent("x1").bytes()))
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped connection answered %d", resp.StatusCode)
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("a drop must not look like a timeout: %v", err)
	}
	if !isDropped(err) {
		t.Fatalf("want EOF or reset, got %v", err)
	}
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("x1").bytes()), 202, "")

	// Until cleared, also on the token route.
	if err := s.SetFaults(Faults{DropConnection: true, Routes: FaultRoutesAll}); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := client.Post(base+TokenPath, "application/x-www-form-urlencoded", strings.NewReader(tokenForm("a", "b").Encode())); err == nil || !isDropped(err) {
			t.Fatalf("token request should be dropped: %v", err)
		}
	}
	_ = s.SetFaults(Faults{})
	getToken(t, base)
	logs := s.Requests()
	if last := logs[len(logs)-2]; last.Status != 0 || last.Verdict != "injected fault: connection dropped" {
		t.Fatalf("request log of a drop: %+v", last)
	}
}

func TestFaultLatency(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	if err := s.SetFaults(Faults{Latency: 300 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	// A client with a shorter timeout gives up.
	impatient := &http.Client{Timeout: 50 * time.Millisecond, Transport: &http.Transport{}}
	req := newRequest(t, http.MethodPost, base+DevelopmentPath, bytes.NewReader(orderEvent("l1").bytes()))
	req.Header.Set("Authorization", "Bearer "+tok)
	_, err := impatient.Do(req)
	var ne net.Error
	if err == nil || !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("want a client timeout, got %v", err)
	}
	// A patient one waits at least the latency, then gets the normal answer.
	start := time.Now()
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("l1").bytes()), 202, "")
	if d := time.Since(start); d < 300*time.Millisecond {
		t.Fatalf("answered after %s, before the injected latency", d)
	}
	// Latency combines with a forced status.
	_ = s.SetFaults(Faults{Latency: 100 * time.Millisecond, ForceStatus: 429, ForceStatusCount: 1, RetryAfter: "2"})
	start = time.Now()
	r := sendEvent(t, base, DevelopmentPath, tok, orderEvent("l2").bytes())
	if r.status != 429 || r.header.Get("Retry-After") != "2" || time.Since(start) < 100*time.Millisecond {
		t.Fatalf("latency + 429: %d %v after %s", r.status, r.header, time.Since(start))
	}
}

func TestFaultTokenRoute(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now, Faults: Faults{ForceStatus: 500, ForceStatusCount: 1, Routes: FaultRoutesToken}})
	r := postForm(t, base+TokenPath, tokenForm("a", "b"), "application/x-www-form-urlencoded")
	if r.status != 500 || !strings.Contains(r.body, `"error":"server_error"`) {
		t.Fatalf("forced token 500: %d %s", r.status, r.body)
	}
	tok := getToken(t, base)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("t1").bytes()), 202, "")
}

func TestShutdownEndsInjectedLatency(t *testing.T) {
	s := New(Config{Now: newClock().Now, Faults: Faults{Latency: time.Hour}})
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan response, 1)
	go func() {
		resp, err := client.Post(base+DevelopmentPath, "application/json", strings.NewReader("{}"))
		if err != nil {
			done <- response{body: err.Error()}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		done <- response{status: resp.StatusCode, body: string(b)}
	}()
	// Wait until the request is inside the handler.
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if s.inFlight() > 0 {
			break
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	r := <-done
	if r.status != 503 || r.body != amazonJSON("Service Unavailable", "The sandbox is shutting down") {
		t.Fatalf("in-flight request at shutdown: %d %s", r.status, r.body)
	}
}

func TestFaultsJSON(t *testing.T) {
	var f Faults
	if err := json.Unmarshal([]byte(`{"latency":"250ms","forceStatus":429,"forceStatusCount":2,"retryAfter":"1"}`), &f); err != nil {
		t.Fatal(err)
	}
	if f != (Faults{Latency: 250 * time.Millisecond, ForceStatus: 429, ForceStatusCount: 2, RetryAfter: "1"}) {
		t.Fatalf("decoded %+v", f)
	}
	if err := json.Unmarshal([]byte(`{"latency":1500}`), &f); err != nil || f.Latency != 1500*time.Millisecond {
		t.Fatalf("milliseconds: %+v %v", f, err)
	}
	b, _ := json.Marshal(Faults{Latency: 3 * time.Second, DropConnection: true, DropCount: 1})
	var back Faults
	if err := json.Unmarshal(b, &back); err != nil || back != (Faults{Latency: 3 * time.Second, DropConnection: true, DropCount: 1}) {
		t.Fatalf("round trip %s → %+v %v", b, back, err)
	}
	if !strings.Contains(string(b), `"latency":"3s"`) {
		t.Fatalf("latency as a duration string: %s", b)
	}
}
