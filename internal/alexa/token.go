package alexa

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/sync/singleflight"

	"github.com/pe-tui/pe-tui/internal/termtext"
)

// Scope is the OAuth scope of the proactive events API.
const Scope = "alexa::proactive_events"

// tokenReuseMargin is how long before expiry a cached token stops being used (spec §7).
const tokenReuseMargin = 60 * time.Second

// maxBody caps how much of any response body is read.
const maxBody = 1 << 20

// Token is an access token from Login with Amazon. Printing it with any fmt
// verb or marshalling it to JSON shows at most its first 8 characters.
type Token struct {
	value     string
	TokenType string    // "bearer"
	Scope     string    // the granted scope
	ExpiresAt time.Time // receipt time + expires_in
}

// Prefix returns the first 8 characters of the token, the most ever shown.
func (t Token) Prefix() string {
	if len(t.value) <= 8 {
		return t.value
	}
	return t.value[:8]
}

// IsZero reports whether the token is empty.
func (t Token) IsZero() bool { return t.value == "" }

// usable reports whether the token may still be reused at now (60 s margin).
func (t Token) usable(now time.Time) bool {
	return t.value != "" && now.Before(t.ExpiresAt.Add(-tokenReuseMargin))
}

// String shows the token prefix and its expiry.
func (t Token) String() string {
	if t.value == "" {
		return "no token"
	}
	return t.Prefix() + "… (expires " + t.ExpiresAt.UTC().Format(time.RFC3339) + ")"
}

// Format implements fmt.Formatter so that no verb prints the whole token.
func (t Token) Format(f fmt.State, verb rune) { fmt.Fprint(f, t.String()) }

// MarshalJSON writes the prefix and expiry only.
func (t Token) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Prefix    string    `json:"prefix"`
		Scope     string    `json:"scope,omitempty"`
		ExpiresAt time.Time `json:"expiresAt"`
	}{t.Prefix(), t.Scope, t.ExpiresAt})
}

// TokenErrorKind classifies a failed token request.
type TokenErrorKind int

// Token failure kinds.
const (
	TokenBadCredentials TokenErrorKind = iota + 1 // 401 / invalid_client: wrong client id or secret
	TokenBadScope                                 // invalid_scope
	TokenInvalidRequest                           // invalid_request, unsupported_grant_type or another 4xx
	TokenServerError                              // 5xx from the token endpoint
	TokenBadResponse                              // 2xx without a usable token
	TokenUnreachable                              // no response: refused, reset, DNS, timeout
	TokenCanceled                                 // the caller cancelled
	TokenRedirect                                 // a 3xx, not followed
)

// TokenError is a failed token request. Its text never contains the client secret.
type TokenError struct {
	Kind        TokenErrorKind
	URL         string // the token endpoint
	Status      int    // HTTP status; 0 when no response arrived
	Code        string // OAuth "error" code, e.g. "invalid_client"
	Description string // OAuth "error_description"; for TokenRedirect, the Location
	Timeout     bool   // no response within the timeout
	Err         error  // the network error, for TokenUnreachable and TokenCanceled
}

func (e *TokenError) Error() string {
	detail := func() string {
		var parts []string
		if e.Status != 0 {
			parts = append(parts, fmt.Sprint(e.Status))
		}
		if e.Code != "" {
			parts = append(parts, e.Code)
		}
		s := strings.Join(parts, " ")
		if e.Description != "" {
			if s != "" {
				s += ": "
			}
			s += e.Description
		}
		return s
	}
	switch e.Kind {
	case TokenBadCredentials:
		return "token request refused (" + detail() + "): the client id or client secret is wrong; copy both from the developer console (skill → Build → Permissions → Alexa Skill Messaging) into the profile"
	case TokenBadScope:
		return "token request refused (" + detail() + "): the scope " + Scope + " was not granted; use the skill's Alexa Skill Messaging client id and secret, not Login with Amazon security-profile credentials"
	case TokenInvalidRequest:
		return "token request refused (" + detail() + "): the token endpoint did not accept the request; check the --auth-url and that the client id and secret are not empty"
	case TokenServerError:
		return "token endpoint failed (" + detail() + "); try again later"
	case TokenBadResponse:
		return "token endpoint " + e.URL + " answered without a usable token (" + detail() + "); check the --auth-url"
	case TokenCanceled:
		return "token request cancelled"
	case TokenRedirect:
		to := "elsewhere"
		if e.Description != "" {
			to = "to " + e.Description
		}
		return fmt.Sprintf("token endpoint %s answered %d, a redirect %s; not followed, so the client secret was sent nowhere else: Amazon's token endpoint never redirects, check the --auth-url", e.URL, e.Status, to)
	case TokenUnreachable:
		if e.Timeout {
			return "no answer from the token endpoint " + e.URL + " in time; check the network or the --auth-url"
		}
		return "cannot reach the token endpoint " + e.URL + ": " + networkText(e.Err) + "; check the network or the --auth-url"
	}
	return "token request failed: " + detail()
}

func (e *TokenError) Unwrap() error { return e.Err }

// TokenCache fetches access tokens with the client-credentials grant of
// spec §7 and reuses each one until 60 s before it expires. It is safe for
// concurrent use; concurrent callers for the same key share one request.
type TokenCache struct {
	// HTTP is the client used; nil means http.DefaultClient.
	HTTP *http.Client
	// Now is the clock of the cache; nil means time.Now.
	Now func() time.Time
	// UserAgent is sent with each request.
	UserAgent string
	// Timeout bounds each token request; 0 means 10 s.
	Timeout time.Duration

	mu     sync.Mutex
	tokens map[string]Token
	group  singleflight.Group
}

// tokenKey identifies a cache entry: the endpoint, the client id, the scope
// and a fingerprint of the secret (so a wrong secret never reuses a token
// fetched with the right one). Only the fingerprint is kept, never the secret.
func tokenKey(authURL string, c Credentials, scope string) string {
	sum := sha256.Sum256([]byte(c.ClientSecret))
	return authURL + "\x00" + c.ClientID + "\x00" + scope + "\x00" + hex.EncodeToString(sum[:8])
}

func (tc *TokenCache) now() time.Time {
	if tc.Now != nil {
		return tc.Now()
	}
	return time.Now()
}

func (tc *TokenCache) timeout() time.Duration {
	if tc.Timeout > 0 {
		return tc.Timeout
	}
	return DefaultTimeout
}

// Token returns a cached token for the credentials at authURL, or fetches one.
func (tc *TokenCache) Token(ctx context.Context, authURL string, c Credentials) (Token, error) {
	if strings.TrimSpace(c.ClientID) == "" || c.ClientSecret == "" {
		return Token{}, &TokenError{Kind: TokenBadCredentials, URL: authURL, Description: "the client id or the client secret is empty"}
	}
	key := tokenKey(authURL, c, Scope)
	tc.mu.Lock()
	t, ok := tc.tokens[key]
	tc.mu.Unlock()
	if ok && t.usable(tc.now()) {
		return t, nil
	}
	ch := tc.group.DoChan(key, func() (any, error) {
		// The request outlives a single caller's cancellation so that other
		// callers sharing it are not failed; it is still bounded by the timeout.
		fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), tc.timeout())
		defer cancel()
		t, err := tc.fetch(fctx, authURL, c)
		if err != nil {
			return Token{}, err
		}
		tc.mu.Lock()
		if tc.tokens == nil {
			tc.tokens = map[string]Token{}
		}
		tc.tokens[key] = t
		tc.mu.Unlock()
		return t, nil
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return Token{}, r.Err
		}
		return r.Val.(Token), nil
	case <-ctx.Done():
		return Token{}, &TokenError{Kind: TokenCanceled, URL: authURL, Err: ctx.Err(), Timeout: errors.Is(ctx.Err(), context.DeadlineExceeded)}
	}
}

// Invalidate drops the cached token for the credentials at authURL, if it is
// still the given one (pass the zero Token to drop whatever is cached).
func (tc *TokenCache) Invalidate(authURL string, c Credentials, stale Token) {
	key := tokenKey(authURL, c, Scope)
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if cur, ok := tc.tokens[key]; ok && (stale.IsZero() || cur.value == stale.value) {
		delete(tc.tokens, key)
	}
}

// fetch performs one token request.
func (tc *TokenCache) fetch(ctx context.Context, authURL string, c Credentials) (Token, error) {
	red := newRedactor(c.ClientSecret)
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {c.ClientID},
		"client_secret": {c.ClientSecret},
		"scope":         {Scope},
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, authURL, strings.NewReader(form.Encode()))
	if err != nil {
		return Token{}, &TokenError{Kind: TokenInvalidRequest, URL: authURL, Description: "invalid token URL: " + err.Error()}
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
	req.Header.Set("Accept", "application/json")
	if tc.UserAgent != "" {
		req.Header.Set("User-Agent", tc.UserAgent)
	}
	resp, err := withoutRedirects(tc.HTTP).Do(req)
	if err != nil {
		return Token{}, &TokenError{Kind: TokenUnreachable, URL: authURL, Err: unwrapURLError(err), Timeout: isTimeout(err)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	received := tc.now()
	if err != nil {
		return Token{}, &TokenError{Kind: TokenUnreachable, URL: authURL, Status: resp.StatusCode, Err: err, Timeout: isTimeout(err)}
	}
	var ok struct {
		AccessToken string      `json:"access_token"`
		ExpiresIn   json.Number `json:"expires_in"`
		Scope       string      `json:"scope"`
		TokenType   string      `json:"token_type"`
		Error       string      `json:"error"`
		Description string      `json:"error_description"`
	}
	jsonErr := json.Unmarshal(body, &ok)
	te := &TokenError{URL: authURL, Status: resp.StatusCode, Code: termtext.Clean(red.apply(ok.Error)), Description: termtext.Clean(red.apply(ok.Description))}
	if isRedirect(resp.StatusCode) {
		te.Kind, te.Code, te.Description = TokenRedirect, "", redirectLocation(resp.Header, red)
		return Token{}, te
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		if jsonErr != nil && te.Description == "" {
			// Redact before shortening: a cut through the secret would
			// leave most of it unrecognised.
			te.Description = shorten(termtext.Clean(red.apply(strings.TrimSpace(string(body)))), 200)
		}
		switch {
		case resp.StatusCode == http.StatusUnauthorized || ok.Error == "invalid_client" || ok.Error == "unauthorized_client":
			te.Kind = TokenBadCredentials
		case ok.Error == "invalid_scope":
			te.Kind = TokenBadScope
		case resp.StatusCode >= 500:
			te.Kind = TokenServerError
		default:
			te.Kind = TokenInvalidRequest
		}
		return Token{}, te
	}
	te.Kind = TokenBadResponse
	if jsonErr != nil {
		te.Description = "the body is not JSON"
		return Token{}, te
	}
	if ok.AccessToken == "" {
		te.Description = "no access_token in the body"
		return Token{}, te
	}
	if ok.TokenType != "" && !strings.EqualFold(ok.TokenType, "bearer") {
		te.Description = "token_type is " + termtext.Clean(shorten(ok.TokenType, 40)) + ", not bearer"
		return Token{}, te
	}
	secs, err := ok.ExpiresIn.Int64()
	if err != nil || secs <= 0 {
		te.Description = "expires_in is missing or not a positive integer"
		return Token{}, te
	}
	return Token{value: ok.AccessToken, TokenType: ok.TokenType, Scope: ok.Scope, ExpiresAt: received.Add(time.Duration(secs) * time.Second)}, nil
}

// shorten cuts s to at most n bytes, at a rune boundary, marking the cut with "…".
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
