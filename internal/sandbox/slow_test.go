package sandbox

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestTricklingBodiesAreCut: 20 clients that send headers and then one body
// byte every 100 ms are answered 408 and disconnected once the body timeout
// passes, instead of holding their connections for as long as they trickle.
func TestTricklingBodiesAreCut(t *testing.T) {
	s := New(Config{})
	s.bodyTimeout = 300 * time.Millisecond
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	addr := strings.TrimPrefix(base, "http://")
	start := time.Now()
	var wg sync.WaitGroup
	statuses := make(chan string, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				statuses <- err.Error()
				return
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n", DevelopmentPath, addr)
			stop := make(chan struct{})
			defer close(stop)
			go func() {
				for {
					select {
					case <-stop:
						return
					case <-time.After(100 * time.Millisecond):
						if _, err := conn.Write([]byte(" ")); err != nil {
							return
						}
					}
				}
			}()
			_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				statuses <- "no answer: " + err.Error()
				return
			}
			statuses <- resp.Status
		}()
	}
	wg.Wait()
	close(statuses)
	for st := range statuses {
		if !strings.HasPrefix(st, "408") {
			t.Errorf("a trickling client got %q, want 408", st)
		}
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("trickling clients were held for %v", took)
	}
}

// TestSubscriptionNoticesAreConcurrent: with a skill endpoint that takes
// 400 ms per post, 16 changed users are notified in about two rounds of
// maxConcurrentNotices, not 16 posts in a row.
func TestSubscriptionNoticesAreConcurrent(t *testing.T) {
	var got, inFlight, peak atomic.Int64
	endpoint := serveOn(t, "127.0.0.1", func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(400 * time.Millisecond)
		inFlight.Add(-1)
		got.Add(1)
	})
	s := New(Config{SubscriptionEndpoint: endpoint + "/events"})
	var subs []Subscriber
	for i := range 16 {
		subs = append(subs, Subscriber{UserID: fmt.Sprint("amzn1.ask.account.U", i), EventNames: []string{"AMAZON.WeatherAlert.Activated"}})
	}
	start := time.Now()
	if err := s.SetSubscribers(subs); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if got.Load() < 16 {
		t.Fatalf("%d notices posted, want at least 16", got.Load())
	}
	if took > 2500*time.Millisecond {
		t.Errorf("16 notices to a 400 ms endpoint took %v (one at a time is 6.4 s)", took)
	}
	if p := peak.Load(); p > maxConcurrentNotices {
		t.Errorf("%d notices in flight at once, bound %d", p, maxConcurrentNotices)
	}
}

// TestSubscriptionNoticesDoNotFollowRedirects: a skill endpoint that
// redirects (here to 127.0.0.2) does not get the notice forwarded.
func TestSubscriptionNoticesDoNotFollowRedirects(t *testing.T) {
	var elsewhere, asked atomic.Int64
	redirect := serveOn(t, "127.0.0.2", func(w http.ResponseWriter, r *http.Request) { elsewhere.Add(1) }) + "/stolen"
	endpoint := serveOn(t, "127.0.0.1", func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		http.Redirect(w, r, redirect, http.StatusTemporaryRedirect)
	})
	s := New(Config{SubscriptionEndpoint: endpoint + "/events"})
	if err := s.SetSubscribers([]Subscriber{{UserID: "amzn1.ask.account.R", EventNames: []string{"AMAZON.WeatherAlert.Activated"}}}); err != nil {
		t.Fatal(err)
	}
	if asked.Load() == 0 {
		t.Fatal("the skill endpoint was not asked")
	}
	if n := elsewhere.Load(); n != 0 {
		t.Errorf("the redirect was followed: %d posts reached %s", n, redirect)
	}
}

// serveOn serves h on a free port of host (a loopback address) until the
// test ends and returns its base URL; it skips the test when host cannot be
// listened on.
func serveOn(t *testing.T, host string, h http.HandlerFunc) string {
	t.Helper()
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", host, err)
	}
	srv := &http.Server{Handler: h}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return "http://" + ln.Addr().String()
}
