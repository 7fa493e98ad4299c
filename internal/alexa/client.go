// Package alexa is the client of Login with Amazon's token endpoint and of
// the Alexa proactive events API (spec §7, §8): targets (regions × stages,
// the sandbox, any base URL), a concurrent-safe token cache, the event call
// with the retries of spec §8.3, and responses explained in plain words.
//
// Neither the client secret nor the access token ever appears in a
// Response, an Attempt, an error text or anything this package prints.
package alexa

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/pe-tui/pe-tui/internal/termtext"
)

// DefaultBackoff is the wait before retries 1, 2 and 3 of a 429 or 500 (spec §8.3).
var DefaultBackoff = []time.Duration{1 * time.Second, 2 * time.Second, 4 * time.Second}

// DefaultMaxRetryAfter caps how long a Retry-After header can make the client wait.
const DefaultMaxRetryAfter = 30 * time.Second

// Client sends proactive events. The zero value works (with http.DefaultClient,
// a private token cache and the defaults below); New sets a User-Agent.
// A Client is safe for concurrent use; do not copy one after first use.
type Client struct {
	// HTTP is the client used for event calls; nil means http.DefaultClient.
	HTTP *http.Client
	// Tokens is the token cache; nil means a private one created on first use.
	Tokens *TokenCache
	// UserAgent is sent with every request.
	UserAgent string
	// Timeout bounds each HTTP request; 0 means DefaultTimeout (10 s).
	Timeout time.Duration
	// Backoff lists the waits before retries 1, 2, 3, …; its length is the
	// maximum number of retries of a 429 or 500. nil means DefaultBackoff;
	// an empty non-nil slice disables those retries.
	Backoff []time.Duration
	// MaxRetryAfter caps a Retry-After wait; 0 means DefaultMaxRetryAfter.
	MaxRetryAfter time.Duration
	// Sleep waits d or until ctx ends; nil means a real timer. Tests inject a fake.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now is the clock for Retry-After dates and durations; nil means time.Now.
	Now func() time.Time

	ownTokensOnce sync.Once
	ownTokens     *TokenCache
}

// UserAgent returns the User-Agent pe-tui sends, e.g. "pe-tui/0.1.0 (linux; go1.26.8)".
func UserAgent(version string) string {
	return "pe-tui/" + version + " (" + runtime.GOOS + "; " + runtime.Version() + ")"
}

// New returns a client with its own HTTP client and token cache, identifying
// itself as pe-tui of the given version.
func New(version string) *Client {
	ua := UserAgent(version)
	hc := &http.Client{}
	return &Client{HTTP: hc, Tokens: &TokenCache{HTTP: hc, UserAgent: ua}, UserAgent: ua}
}

func (c *Client) httpClient() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	return http.DefaultClient
}

func (c *Client) tokens() *TokenCache {
	if c.Tokens != nil {
		return c.Tokens
	}
	c.ownTokensOnce.Do(func() {
		c.ownTokens = &TokenCache{HTTP: c.HTTP, UserAgent: c.UserAgent, Now: c.Now, Timeout: c.Timeout}
	})
	return c.ownTokens
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Client) timeout() time.Duration {
	if c.Timeout > 0 {
		return c.Timeout
	}
	return DefaultTimeout
}

func (c *Client) backoff() []time.Duration {
	if c.Backoff == nil {
		return DefaultBackoff
	}
	return c.Backoff
}

func (c *Client) maxRetryAfter() time.Duration {
	if c.MaxRetryAfter > 0 {
		return c.MaxRetryAfter
	}
	return DefaultMaxRetryAfter
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Token returns an access token for the target's token endpoint, from the
// cache when one is still usable.
func (c *Client) Token(ctx context.Context, t Target, cr Credentials) (Token, error) {
	if t.AuthURL == "" {
		return Token{}, errNoBaseURL(t)
	}
	return c.tokens().Token(ctx, t.AuthURL, cr)
}

func errNoBaseURL(t Target) error {
	if t.IsSandbox() {
		return errors.New("the sandbox target has no address yet: start the sandbox first")
	}
	return fmt.Errorf("target %s has no base URL", t.Name)
}

// Send posts one event body to the target, fetching a token with the
// credentials first. It retries exactly as spec §8.3 says: a 429 or 500 up
// to len(Backoff) times, waiting Backoff[i] or the Retry-After header
// (capped at MaxRetryAfter); a 403 whose message says the token is not valid
// once, after fetching a new token; nothing else. progress, when not nil, is
// called after each attempt (with Wait and Retry set when another follows).
//
// The returned Response is never nil. The error is nil whenever an HTTP
// response arrived (whatever its status; see Response.OK); otherwise it is a
// *TokenError (no token) or a *NetworkError (no response, timeout or
// cancellation), and the Response still lists the attempts made.
func (c *Client) Send(ctx context.Context, t Target, cr Credentials, body []byte, progress func(Attempt)) (*Response, error) {
	start := c.now()
	resp := &Response{Target: t.Name, Stage: t.Stage, URL: t.EventURL()}
	finish := func(err error) (*Response, error) {
		resp.Elapsed = c.now().Sub(start)
		if resp.Status == 0 {
			resp.Explanation = Explain(0, "")
			var te *TokenError
			switch {
			case errors.As(err, &te) && te.Kind == TokenRedirect:
				resp.Explanation = "Not sent: the token endpoint answered with a redirect, which is not followed (Amazon's never redirects). Check the --auth-url."
			case te != nil && te.Kind != TokenUnreachable && te.Kind != TokenCanceled:
				resp.Explanation = "Not sent: the token endpoint refused to issue an access token."
			}
			if err != nil {
				resp.NetworkErr = err.Error()
			}
		}
		return resp, err
	}
	if resp.URL == "" || t.AuthURL == "" {
		return finish(errNoBaseURL(t))
	}
	red := newRedactor(cr.ClientSecret)
	tok, err := c.tokens().Token(ctx, t.AuthURL, cr)
	if err != nil {
		return finish(err)
	}
	backoff := c.backoff()
	retries, refreshed := 0, false
	red = red.add(tok.value)
	for n := 1; ; n++ {
		of := 1 + len(backoff)
		if refreshed {
			of++
		}
		a := Attempt{Number: n, Of: of}
		r, err := c.attempt(ctx, resp.URL, tok, body)
		a.Duration = r.duration
		if err != nil {
			a.Error = red.apply(err.Error())
			resp.Attempts = append(resp.Attempts, a)
			resp.Latency = a.Duration
			if progress != nil {
				progress(a)
			}
			return finish(err)
		}
		a.Status = r.status
		resp.Status = r.status
		resp.Header = redactHeader(r.header, red)
		resp.Body = red.bytes(r.body)
		resp.Latency = a.Duration
		if resp.OK() {
			resp.Type, resp.Message = "", string(bytes.TrimSpace(resp.Body))
		} else {
			// Unescaping can bring back a secret the body hid in escapes.
			resp.Type, resp.Message = ParseErrorBody(resp.Body)
			resp.Type, resp.Message = red.apply(resp.Type), red.apply(resp.Message)
		}
		resp.RequestID = r.header.Get("x-amzn-requestid")
		resp.Explanation = Explain(r.status, resp.Message)
		if loc := redirectLocation(r.header, red); isRedirect(r.status) && loc != "" {
			resp.Explanation += " It pointed to " + loc + "."
		}

		switch {
		case r.status == http.StatusForbidden && !refreshed && tokenInvalid(resp.Message):
			refreshed = true
			a.Of++
			a.Retry = "token not valid (403): fetching a new token"
			resp.Attempts = append(resp.Attempts, a)
			if progress != nil {
				progress(a)
			}
			c.tokens().Invalidate(t.AuthURL, cr, tok)
			if tok, err = c.tokens().Token(ctx, t.AuthURL, cr); err != nil {
				return finish(err)
			}
			red = red.add(tok.value)
			continue
		case (r.status == http.StatusTooManyRequests || r.status == http.StatusInternalServerError) && retries < len(backoff):
			wait := backoff[retries]
			why := "rate limited (429)"
			if r.status == http.StatusInternalServerError {
				why = "server error (500)"
			}
			if ra, ok := parseRetryAfter(r.header.Get("Retry-After"), c.now()); ok {
				wait = min(ra, c.maxRetryAfter())
				why += ", Retry-After " + r.header.Get("Retry-After")
			}
			retries++
			a.Wait, a.Retry = wait, why
			resp.Attempts = append(resp.Attempts, a)
			if progress != nil {
				progress(a)
			}
			if err := c.sleep(ctx, wait); err != nil {
				return finish(&NetworkError{URL: resp.URL, Canceled: true, Err: err})
			}
			continue
		}
		resp.Attempts = append(resp.Attempts, a)
		if progress != nil {
			progress(a)
		}
		return finish(nil)
	}
}

type attemptResult struct {
	status   int
	header   http.Header
	body     []byte
	duration time.Duration
}

// attempt makes one HTTP request under the per-request timeout.
func (c *Client) attempt(ctx context.Context, url string, tok Token, body []byte) (attemptResult, error) {
	limit := c.timeout()
	actx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	start := c.now()
	var r attemptResult
	req, err := http.NewRequestWithContext(actx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return r, &NetworkError{URL: url, Err: err}
	}
	req.Header.Set("Authorization", "Bearer "+tok.value)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	resp, err := withoutRedirects(c.httpClient()).Do(req)
	if err == nil {
		r.status, r.header = resp.StatusCode, resp.Header
		r.body, err = io.ReadAll(io.LimitReader(resp.Body, maxBody))
		resp.Body.Close()
	}
	r.duration = c.now().Sub(start)
	if err != nil {
		ne := &NetworkError{URL: url, Limit: limit, Err: unwrapURLError(err)}
		switch {
		case ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled):
			ne.Canceled = true
		case isTimeout(err) || actx.Err() != nil:
			ne.Timeout = true
		}
		return r, ne
	}
	return r, nil
}

// withoutRedirects returns a copy of hc (sharing its transport) that hands a
// redirect back as the response instead of following it: Amazon's endpoints
// never redirect, and following one would carry the client secret, the
// bearer token or the event to wherever the Location points.
func withoutRedirects(hc *http.Client) *http.Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	c := *hc
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &c
}

// isRedirect reports whether status is a 3xx redirect.
func isRedirect(status int) bool { return status >= 300 && status < 400 }

// redirectLocation is the Location header, redacted, neutralised and
// shortened for display.
func redirectLocation(h http.Header, red redactor) string {
	return shorten(termtext.Clean(red.apply(h.Get("Location"))), 300)
}

// parseRetryAfter reads a Retry-After value: delay seconds or an HTTP date.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(v); err == nil {
		return max(at.Sub(now), 0), true
	}
	return 0, false
}

// redactHeader copies h, replacing any secret in its values.
func redactHeader(h http.Header, red redactor) http.Header {
	out := h.Clone()
	for k, vs := range out {
		for i, v := range vs {
			vs[i] = red.apply(v)
		}
		out[k] = vs
	}
	return out
}
