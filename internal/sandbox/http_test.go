package sandbox

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// rawExchange writes a raw HTTP/1.1 request on a new connection and reads one response.
func rawExchange(t *testing.T, base, raw string) response {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(conn, raw); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(b)}
}

// chunked encodes s as a chunked body in pieces of n bytes.
func chunked(s string, n int) string {
	var b strings.Builder
	for len(s) > 0 {
		k := min(n, len(s))
		fmt.Fprintf(&b, "%x\r\n%s\r\n", k, s[:k])
		s = s[k:]
	}
	b.WriteString("0\r\n\r\n")
	return b.String()
}

func TestChunkedBodiesWithoutContentLength(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now})
	host := strings.TrimPrefix(base, "http://")
	form := tokenForm("id", "secret").Encode()
	r := rawExchange(t, base, "POST /auth/O2/token HTTP/1.1\r\nHost: "+host+
		"\r\nContent-Type: application/x-www-form-urlencoded;charset=UTF-8\r\nTransfer-Encoding: chunked\r\n\r\n"+chunked(form, 7))
	if r.status != 200 || !strings.Contains(r.body, `"access_token":"Atc|`) {
		t.Fatalf("chunked token request: %d %s", r.status, r.body)
	}
	tok := strings.SplitN(strings.SplitN(r.body, `"access_token":"`, 2)[1], `"`, 2)[0]
	r = rawExchange(t, base, "POST /v1/proactiveEvents/stages/development HTTP/1.1\r\nHost: "+host+
		"\r\nAuthorization: Bearer "+tok+"\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"+
		chunked(string(orderEvent("chunk1").bytes()), 100))
	if r.status != 202 || r.body != "" {
		t.Fatalf("chunked event: %d %s", r.status, r.body)
	}
	if len(s.Notifications(DefaultUserID)) != 1 {
		t.Fatal("chunked event not delivered")
	}
	// The net/http client sends a body of unknown length chunked as well.
	pr, pw := io.Pipe()
	go func() {
		_, _ = pw.Write(orderEvent("chunk2").bytes())
		_ = pw.Close()
	}()
	req := newRequest(t, http.MethodPost, base+DevelopmentPath, pr)
	req.Header.Set("Authorization", "Bearer "+tok)
	expect(t, do(t, req), 202, "")
}

func TestEventContentTypeIsNotEnforced(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	for i, ct := range []string{"", "application/json;charset=UTF-8", "text/plain", "application/x-www-form-urlencoded"} {
		req := newRequest(t, http.MethodPost, base+DevelopmentPath, bytes.NewReader(orderEvent(fmt.Sprintf("ct%d", i)).bytes()))
		req.Header.Set("Authorization", "Bearer "+tok)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		expect(t, do(t, req), 202, "")
	}
}

func TestBodyTooLarge(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	big := bytes.Repeat([]byte(" "), MaxBodyBytes+1)
	r := sendEvent(t, base, DevelopmentPath, tok, big)
	expect(t, r, 413, amazonJSON("Request Entity Too Large", "The request body is larger than 65536 bytes"))
	r = postForm(t, base+TokenPath, nil, "application/x-www-form-urlencoded")
	if r.status != 400 {
		t.Fatalf("empty token form: %d", r.status)
	}
	req := newRequest(t, http.MethodPost, base+TokenPath, bytes.NewReader(big))
	r = do(t, req)
	if r.status != 413 || !strings.Contains(r.body, `"error":"invalid_request"`) {
		t.Fatalf("big token body: %d %s", r.status, r.body)
	}
	// Exactly the limit is read (and then judged as JSON).
	r = sendEvent(t, base, DevelopmentPath, tok, bytes.Repeat([]byte(" "), MaxBodyBytes))
	expect(t, r, 400, amazonJSON("Bad Request", "Malformed JSON"))
}

func TestUnknownPathsAndMethods(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	for _, path := range []string{"/", "/v1/proactiveEvents/stages/live", "/v1/proactiveevents", "/v1/proactiveEvents/stages/development/", "/auth/o2/TOKEN", "/v2/proactiveEvents"} {
		r := do(t, newRequest(t, http.MethodPost, base+path, strings.NewReader("{}")))
		if r.status != 404 || !strings.Contains(r.body, `"type":"Not Found"`) {
			t.Errorf("POST %s: %d %s", path, r.status, r.body)
		}
	}
	for _, path := range []string{LivePath, LivePath + "/", DevelopmentPath} {
		for _, m := range []string{http.MethodGet, http.MethodPut, http.MethodDelete, http.MethodPatch} {
			r := do(t, newRequest(t, m, base+path, nil))
			if r.status != 405 || r.header.Get("Allow") != "POST" || !strings.Contains(r.body, `"type":"Method Not Allowed"`) {
				t.Errorf("%s %s: %d Allow=%q %s", m, path, r.status, r.header.Get("Allow"), r.body)
			}
		}
	}
}

func TestConcurrentSends(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now, RateLimit: -1, Certified: true})
	tok := getToken(t, base)
	const workers, each = 8, 25
	var wg sync.WaitGroup
	errs := make(chan string, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				path := DevelopmentPath
				if i%2 == 1 {
					path = LivePath
				}
				body := orderEvent(fmt.Sprintf("w%dn%d", w, i)).bytes()
				req, _ := http.NewRequest(http.MethodPost, base+path, bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				resp, err := client.Do(req)
				if err != nil {
					errs <- err.Error()
					continue
				}
				_ = resp.Body.Close()
				if resp.StatusCode != 202 && resp.StatusCode != 432 {
					errs <- fmt.Sprintf("status %d", resp.StatusCode)
				}
			}
		})
		wg.Go(func() { _ = s.Notifications(""); s.SetCertified(true); _ = s.Requests() })
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	var dev, live int
	for _, n := range s.Notifications(DefaultUserID) {
		if n.Stage == StageLive {
			live++
		} else {
			dev++
		}
	}
	if dev != workers*((each+1)/2) || live != DefaultNotificationLimit {
		t.Fatalf("dev %d (want %d), live %d (want the limit %d)", dev, workers*((each+1)/2), live, DefaultNotificationLimit)
	}
}

func TestStartRejectsNonLoopback(t *testing.T) {
	s := New(Config{})
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8787", "example.com:80", "nonsense"} {
		if _, err := s.Start(addr); err == nil {
			t.Errorf("Start(%q) should fail", addr)
		}
	}
	base, err := s.Start("localhost:0")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Start("127.0.0.1:0"); err == nil {
		t.Fatal("second Start should fail")
	}
	if s.BaseURL() != base {
		t.Fatalf("BaseURL %q, Start said %q", s.BaseURL(), base)
	}
}
