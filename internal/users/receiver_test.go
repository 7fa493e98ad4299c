package users

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// startReceiver runs a real Receiver on a free loopback port.
func startReceiver(t *testing.T) (*Receiver, string, *[]Caught) {
	t.Helper()
	var mu sync.Mutex
	var got []Caught
	r := &Receiver{OnUser: func(c Caught) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, c)
		return nil
	}}
	url, err := r.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.Close() })
	return r, url, &got
}

// TestReceiverCatchesPostedRequests: a real loopback receiver answers a
// posted LaunchRequest and a §11 event with a skill response and catches
// both users; a post without a user gets a 400 saying why.
func TestReceiverCatchesPostedRequests(t *testing.T) {
	_, url, got := startReceiver(t)
	for _, f := range []string{"launch_na.json", "subscription_changed.json"} {
		resp, err := http.Post(url, "application/json", bytes.NewReader(fixture(t, f)))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), `"shouldEndSession":true`) {
			t.Fatalf("%s: %d %s", f, resp.StatusCode, body)
		}
	}
	if len(*got) != 2 || (*got)[0].Region != "NA" || (*got)[1].Region != "EU" || len((*got)[1].Events) != 2 {
		t.Fatalf("caught %+v", *got)
	}
	resp, err := http.Post(url, "application/json", strings.NewReader(`{"request":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "no user id") {
		t.Fatalf("%d %s", resp.StatusCode, body)
	}
	resp, err = http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET: %d", resp.StatusCode)
	}
}

// TestReceiverRefusesHugeBodies: a body over 1 MiB is refused with 413 and
// the receiver keeps serving.
func TestReceiverRefusesHugeBodies(t *testing.T) {
	_, url, got := startReceiver(t)
	big := bytes.Repeat([]byte("a"), MaxInput+10)
	resp, err := http.Post(url, "application/json", bytes.NewReader(big))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d", resp.StatusCode)
	}
	resp, err = http.Post(url, "application/json", bytes.NewReader(fixture(t, "intent_eu.json")))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || len(*got) != 1 {
		t.Fatalf("after a huge body: %d, %d users", resp.StatusCode, len(*got))
	}
}

// TestReceiverRefusesNonLoopback: Start refuses a non-loopback address, and
// the handler refuses a peer that is not on loopback.
func TestReceiverRefusesNonLoopback(t *testing.T) {
	var r Receiver
	for _, addr := range []string{"0.0.0.0:0", "192.168.1.10:8788", ":8788", "example.com:80"} {
		if _, err := r.Start(addr); err == nil || !strings.Contains(err.Error(), "loopback") && !strings.Contains(err.Error(), "host:port") {
			t.Fatalf("Start(%q) = %v", addr, err)
		}
	}
	rec := &recorder{h: http.Header{}}
	req, _ := http.NewRequest(http.MethodPost, "http://127.0.0.1:8788/", bytes.NewReader(fixture(t, "launch_na.json")))
	req.Header.Set("Content-Type", "application/json")
	req.RemoteAddr = "203.0.113.9:5555"
	called := false
	r.OnUser = func(Caught) error { called = true; return nil }
	r.serve(rec, req)
	if rec.status != http.StatusForbidden || called {
		t.Fatalf("status %d, OnUser called %v", rec.status, called)
	}
}

// TestReceiverCutsSlowClients: a client that sends headers and then stalls
// is disconnected after the read timeout instead of holding a connection.
func TestReceiverCutsSlowClients(t *testing.T) {
	r := &Receiver{ReadTimeout: 300 * time.Millisecond}
	if _, err := r.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	conn, err := net.Dial("tcp", r.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_, _ = io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{")
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn) // returns when the server closes the connection
	if d := time.Since(start); err != nil || d > 3*time.Second {
		t.Fatalf("the stalled connection stayed open %v", d)
	}
}

type recorder struct {
	h      http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.h }
func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = 200
	}
	return r.body.Write(b)
}
func (r *recorder) WriteHeader(s int) { r.status = s }

// TestReceiverRefusesBrowserPosts: what a web page could send to loopback
// (a form or text/plain post, a DNS-rebound Host) saves nobody.
func TestReceiverRefusesBrowserPosts(t *testing.T) {
	_, url, got := startReceiver(t)
	for _, ct := range []string{"text/plain", "application/x-www-form-urlencoded", ""} {
		resp, err := http.Post(url, ct, bytes.NewReader(fixture(t, "launch_na.json")))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnsupportedMediaType {
			t.Fatalf("%q: %d", ct, resp.StatusCode)
		}
	}
	req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(fixture(t, "launch_na.json")))
	req.Header.Set("Content-Type", "application/json")
	req.Host = "attacker.example:8788"
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || len(*got) != 0 {
		t.Fatalf("rebound host: %d, %d users", resp.StatusCode, len(*got))
	}
	r := &Receiver{AllowHosts: []string{"abc.tunnel.example"}}
	if !r.hostAllowed("abc.tunnel.example") || !r.hostAllowed("[::1]:80") || r.hostAllowed("attacker.example:8788") {
		t.Fatal("AllowHosts not applied")
	}
}
