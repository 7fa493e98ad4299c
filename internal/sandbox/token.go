package sandbox

import (
	"bytes"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Token route constants (spec §7, §12.2).
const (
	TokenPath          = "/auth/o2/token" // also served as /auth/O2/token
	TokenPathUpper     = "/auth/O2/token"
	Scope              = "alexa::proactive_events"
	GrantType          = "client_credentials"
	TokenPrefix        = "Atc|" // issued tokens start with it
	tokenRandomBytes   = 48
	tokenShownChars    = 8 // at most this much of a token is ever logged
	tokenMaxFormMemory = MaxBodyBytes
)

// token is an issued access token.
type token struct {
	expires  time.Time
	rate     rateWindow
	skill    int    // 0: the first skill (Config); i+1: Config.OtherSkills[i]
	clientID string // the client id it was issued to
}

// rateWindow is a sliding one-second window of accepted calls.
type rateWindow struct {
	times []time.Time // ring of the last `limit` accepted calls
	head  int         // index of the oldest when the ring is full
}

// allow records a call at now when fewer than limit calls were accepted in
// the second before it; limit < 0 means unlimited.
func (w *rateWindow) allow(now time.Time, limit int) bool {
	if limit < 0 {
		return true
	}
	if len(w.times) < limit {
		w.times = append(w.times, now)
		return true
	}
	if now.Sub(w.times[w.head]) < time.Second {
		return false
	}
	w.times[w.head] = now
	w.head = (w.head + 1) % limit
	return true
}

// tokenResponse is the 200 body, in the spec's key order.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	Scope       string `json:"scope"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int64  `json:"expires_in"`
}

func oauthError(status int, code, desc, verdict string) result {
	body, _ := json.Marshal(map[string]string{"error": code, "error_description": desc})
	return result{status: status, body: body, verdict: verdict}
}

var (
	errMalformed = oauthError(http.StatusBadRequest, "invalid_request", "Malformed request", "token refused: malformed request")
	errGrant     = oauthError(http.StatusBadRequest, "unsupported_grant_type",
		"The authorization grant type is not supported by the authorization server", "token refused: grant_type is not client_credentials")
	errScope = oauthError(http.StatusBadRequest, "invalid_scope", "The request has an invalid parameter : scope",
		"token refused: scope is not "+Scope)
	errScopeNotGranted = oauthError(http.StatusBadRequest, "invalid_scope", "The request has an invalid parameter : scope",
		"token refused: the skill has no proactive events permission (ScopeRefused)")
	errClient = oauthError(http.StatusUnauthorized, "invalid_client", "Client authentication failed",
		"token refused: wrong client id or secret")
)

// issueToken serves the token route with a body already read.
func (s *Server) issueToken(r *http.Request, body []byte, now time.Time) result {
	form, err := parseTokenForm(r.Header.Get("Content-Type"), body)
	if err != nil {
		return errMalformed
	}
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if id == "" && secret == "" {
		// client_secret_basic: credentials in the Authorization header.
		if u, p, ok := r.BasicAuth(); ok {
			id, _ = url.QueryUnescape(u)
			secret, _ = url.QueryUnescape(p)
		}
	}
	grant, scope := form.Get("grant_type"), form.Get("scope")
	if grant == "" || scope == "" || id == "" || secret == "" {
		return errMalformed
	}
	if grant != GrantType {
		return errGrant
	}
	if scope != Scope {
		return errScope
	}
	skill, ok := s.skillFor(id, secret)
	if !ok {
		return errClient
	}
	if s.cfg.ScopeRefused {
		return errScopeNotGranted
	}
	value := newTokenValue()
	lifetime := s.cfg.TokenLifetime
	s.mu.Lock()
	s.expireTokens(now)
	s.tokens[value] = &token{expires: now.Add(lifetime), skill: skill, clientID: id}
	s.tokenOrder = append(s.tokenOrder, issued{value, now.Add(lifetime)})
	s.mu.Unlock()
	resp, _ := json.Marshal(tokenResponse{AccessToken: value, Scope: Scope, TokenType: "bearer", ExpiresIn: int64(lifetime / time.Second)})
	return result{status: http.StatusOK, body: resp, verdict: "token issued", token: shortToken(value),
		header: map[string]string{"Cache-Control": "no-store", "Pragma": "no-cache"}}
}

// skillFor returns the skill a client id names (0 for the first skill, i+1
// for OtherSkills[i]) and whether the credentials are right for it. An
// OtherSkills client id is matched first; any other id is the first skill's.
// Values are compared in constant time; an unconfigured value accepts
// anything non-empty.
func (s *Server) skillFor(id, secret string) (int, bool) {
	for i, k := range s.cfg.OtherSkills {
		if subtle.ConstantTimeCompare([]byte(id), []byte(k.ClientID)) == 1 {
			return i + 1, k.ClientSecret == "" || subtle.ConstantTimeCompare([]byte(secret), []byte(k.ClientSecret)) == 1
		}
	}
	ok := true
	if s.cfg.ClientID != "" {
		ok = subtle.ConstantTimeCompare([]byte(id), []byte(s.cfg.ClientID)) == 1
	}
	if s.cfg.ClientSecret != "" {
		ok = subtle.ConstantTimeCompare([]byte(secret), []byte(s.cfg.ClientSecret)) == 1 && ok
	}
	return 0, ok
}

// parseTokenForm reads the form whatever the content type says: multipart
// when declared so, else URL-encoded (with or without a charset parameter).
func parseTokenForm(contentType string, body []byte) (url.Values, error) {
	mt, params, _ := mime.ParseMediaType(contentType)
	if mt == "multipart/form-data" {
		if params["boundary"] == "" {
			return nil, errors.New("multipart body without boundary")
		}
		f, err := multipart.NewReader(bytes.NewReader(body), params["boundary"]).ReadForm(tokenMaxFormMemory)
		if err != nil {
			return nil, err
		}
		defer func() { _ = f.RemoveAll() }()
		return url.Values(f.Value), nil
	}
	return url.ParseQuery(strings.TrimSpace(string(body)))
}

// newTokenValue returns "Atc|" and 64 random URL-safe characters.
func newTokenValue() string {
	b := make([]byte, tokenRandomBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	return TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
}

// shortToken is the part of a token that may be shown: its first 8
// characters, and nothing for a value so short that 8 would be all of it.
func shortToken(t string) string {
	if len(t) > 2*tokenShownChars {
		return t[:tokenShownChars]
	}
	return ""
}

// issued is one entry of Server.tokenOrder: a token and its expiry.
type issued struct {
	value   string
	expires time.Time
}

// expireTokens forgets the tokens at the front of the issue order that have
// expired by now. Tokens share one lifetime, so the order of issue is the
// order of expiry and each call costs only the tokens it removes: issuing
// stays constant-time however many tokens are live. A token found expired
// at use is refused and dropped there too. The caller holds the lock.
func (s *Server) expireTokens(now time.Time) {
	n := 0
	for n < len(s.tokenOrder) && !now.Before(s.tokenOrder[n].expires) {
		if t := s.tokens[s.tokenOrder[n].value]; t != nil && !now.Before(t.expires) {
			delete(s.tokens, s.tokenOrder[n].value)
		}
		n++
	}
	if n > 0 {
		clear(s.tokenOrder[:n])
		s.tokenOrder = s.tokenOrder[n:]
	}
}

// bearer extracts the token of an "Authorization: Bearer …" header
// (scheme case-insensitive, surrounding spaces ignored).
func bearer(r *http.Request) string {
	scheme, tok, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(tok)
}
