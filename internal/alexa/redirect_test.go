package alexa

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// catcher is a server that records every request it receives.
type catcher struct {
	*httptest.Server
	mu   sync.Mutex
	seen []string // method, path and the secrets each request carried
}

// newCatcher serves on host (127.0.0.1 or 127.0.0.2) and answers 200 to all.
func newCatcher(t *testing.T, host string) *catcher {
	t.Helper()
	c := &catcher{}
	c.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		c.mu.Lock()
		c.seen = append(c.seen, r.Method+" "+r.URL.Path+" auth="+r.Header.Get("Authorization")+" secret="+r.PostForm.Get("client_secret"))
		c.mu.Unlock()
		if strings.HasSuffix(r.URL.Path, "/token") {
			_, _ = w.Write([]byte(`{"access_token":"Atc|stolen-0123456789","token_type":"bearer","expires_in":3600}`))
			return
		}
		w.WriteHeader(http.StatusAccepted)
	}))
	ln, err := net.Listen("tcp", host+":0")
	if err != nil {
		t.Skipf("cannot listen on %s: %v", host, err)
	}
	c.Listener = ln
	c.Start()
	t.Cleanup(c.Close)
	return c
}

func (c *catcher) requests() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.seen...)
}

// newRedirector answers the token route (when tokenToo) and the event routes
// with 307 to the same path on elsewhere; otherwise it issues a token.
func newRedirector(t *testing.T, elsewhere string, tokenToo bool) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/token") && !tokenToo {
			_, _ = w.Write([]byte(`{"access_token":"Atc|the-real-token-0123456789","token_type":"bearer","expires_in":3600}`))
			return
		}
		w.Header().Set("Location", elsewhere+r.URL.Path+"?note=\u202egnp")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestTokenRequestNeverFollowsARedirect: a 307 from the token endpoint to
// another host is reported, and the client secret is not posted there.
func TestTokenRequestNeverFollowsARedirect(t *testing.T) {
	for _, host := range []string{"127.0.0.2", "127.0.0.1"} {
		other := newCatcher(t, host)
		red := newRedirector(t, other.URL, true)
		tg, err := ParseTarget(red.URL)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := New("test").Send(context.Background(), tg, testCreds, event(time.Now(), nextRef(), nil), nil)
		if resp.OK() || !strings.Contains(resp.Explanation, "redirect") {
			t.Errorf("%s: the send outcome does not say the token endpoint redirected: %q", host, resp.Explanation)
		}
		var te *TokenError
		if !errors.As(err, &te) || te.Kind != TokenRedirect || te.Status != http.StatusTemporaryRedirect {
			t.Fatalf("%s: got %v, want a TokenRedirect error", host, err)
		}
		if got := other.requests(); len(got) != 0 {
			t.Fatalf("%s: the redirect was followed: %q", host, got)
		}
		msg := err.Error()
		if !strings.Contains(msg, other.URL+"/auth/o2/token") || strings.Contains(msg, "\u202e") || !strings.Contains(msg, `\u202egnp`) {
			t.Errorf("%s: the error does not name the neutralised location: %q", host, msg)
		}
	}
}

// TestEventNeverFollowsARedirect: a 307 on the event route (to another
// host, or to another port of the same host) is the outcome; the event and
// the bearer token never reach the other server, and its 202 is never
// reported as accepted.
func TestEventNeverFollowsARedirect(t *testing.T) {
	for _, host := range []string{"127.0.0.2", "127.0.0.1"} {
		other := newCatcher(t, host)
		red := newRedirector(t, other.URL, false)
		tg, err := ParseTarget(red.URL)
		if err != nil {
			t.Fatal(err)
		}
		c := New("test")
		c.Backoff = []time.Duration{}
		resp, err := c.Send(context.Background(), tg, testCreds, event(time.Now(), nextRef(), nil), nil)
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		if got := other.requests(); len(got) != 0 {
			t.Fatalf("%s: the redirect was followed: %q", host, got)
		}
		if resp.OK() || resp.Status != http.StatusTemporaryRedirect {
			t.Fatalf("%s: status %d accepted=%v, want the 307 as the outcome", host, resp.Status, resp.OK())
		}
		if !strings.Contains(resp.Explanation, "not followed") || !strings.Contains(resp.Explanation, other.URL) ||
			strings.Contains(resp.Explanation, "\u202e") {
			t.Errorf("%s: explanation %q", host, resp.Explanation)
		}
	}
}

// TestNetworkErrorTextIsNeutralised: a transport error that quotes a
// malformed header line with control characters shows them escaped.
func TestNetworkErrorTextIsNeutralised(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", "/x?\x1b]0;pwned\x07")
		w.WriteHeader(http.StatusTemporaryRedirect)
	}))
	t.Cleanup(srv.Close)
	tg, err := ParseTarget(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	_, err = New("test").Token(context.Background(), tg, testCreds)
	if err == nil || strings.Contains(err.Error(), "\x1b") || !strings.Contains(err.Error(), `\x1b]0;pwned`) {
		t.Fatalf("error text %q", err)
	}
}
