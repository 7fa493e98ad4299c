package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

const (
	malformedBody = `{"error":"invalid_request","error_description":"Malformed request"}`
	scopeBody     = `{"error":"invalid_scope","error_description":"The request has an invalid parameter : scope"}`
	clientBody    = `{"error":"invalid_client","error_description":"Client authentication failed"}`
)

func TestTokenBothPathsAndCharset(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	for _, path := range []string{"/auth/o2/token", "/auth/O2/token"} {
		for _, ct := range []string{"application/x-www-form-urlencoded", "application/x-www-form-urlencoded;charset=UTF-8", "application/x-www-form-urlencoded; charset=utf-8"} {
			r := postForm(t, base+path, tokenForm("any-id", "any-secret"), ct)
			if r.status != http.StatusOK {
				t.Fatalf("%s (%s): %d %s", path, ct, r.status, r.body)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(r.body), &got); err != nil {
				t.Fatal(err)
			}
			tok, _ := got["access_token"].(string)
			if !strings.HasPrefix(tok, "Atc|") || len(tok) < 40 {
				t.Errorf("access_token %q: want Atc| and a long random part", tok)
			}
			if got["scope"] != Scope || got["token_type"] != "bearer" || got["expires_in"] != float64(3600) || len(got) != 4 {
				t.Errorf("body %s: want scope, token_type bearer, expires_in 3600", r.body)
			}
			if !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("headers %v", r.header)
			}
			if !strings.HasPrefix(r.body, `{"access_token":`) {
				t.Errorf("key order: %s", r.body)
			}
		}
	}
}

func TestTokenErrors(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now, ClientID: "the-id", ClientSecret: "the-secret"})
	form := func(edit func(url.Values)) url.Values {
		f := tokenForm("the-id", "the-secret")
		edit(f)
		return f
	}
	cases := []struct {
		name   string
		body   string
		status int
		want   string
	}{
		{"ok", form(func(url.Values) {}).Encode(), 200, ""},
		{"missing grant_type", form(func(f url.Values) { f.Del("grant_type") }).Encode(), 400, malformedBody},
		{"missing client_id", form(func(f url.Values) { f.Del("client_id") }).Encode(), 400, malformedBody},
		{"missing secret", form(func(f url.Values) { f.Del("client_secret") }).Encode(), 400, malformedBody},
		{"missing scope", form(func(f url.Values) { f.Del("scope") }).Encode(), 400, malformedBody},
		{"bad escape", "grant_type=%zz&client_id=a", 400, malformedBody},
		{"empty body", "", 400, malformedBody},
		{"wrong grant", form(func(f url.Values) { f.Set("grant_type", "authorization_code") }).Encode(), 400,
			`{"error":"unsupported_grant_type","error_description":"The authorization grant type is not supported by the authorization server"}`},
		{"wrong scope", form(func(f url.Values) { f.Set("scope", "profile") }).Encode(), 400, scopeBody},
		{"wrong id", form(func(f url.Values) { f.Set("client_id", "other") }).Encode(), 401, clientBody},
		{"wrong secret", form(func(f url.Values) { f.Set("client_secret", "other") }).Encode(), 401, clientBody},
	}
	for _, c := range cases {
		req := newRequest(t, http.MethodPost, base+TokenPath, strings.NewReader(c.body))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r := do(t, req)
		if r.status != c.status || (c.want != "" && r.body != c.want) {
			t.Errorf("%s: got %d %s, want %d %s", c.name, r.status, r.body, c.status, c.want)
		}
	}
}

func TestTokenAnyCredentialsByDefault(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	if r := postForm(t, base+TokenPath, tokenForm("x", "y"), "application/x-www-form-urlencoded"); r.status != 200 {
		t.Fatalf("any id/secret: %d %s", r.status, r.body)
	}
	if r := postForm(t, base+TokenPath, tokenForm("x", ""), "application/x-www-form-urlencoded"); r.status != 400 || r.body != malformedBody {
		t.Fatalf("empty secret: %d %s", r.status, r.body)
	}
}

func TestTokenBasicAuthAndMultipart(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now, ClientID: "id:1", ClientSecret: "se cret"})
	// client_secret_basic, as some OAuth2 libraries send it.
	f := url.Values{"grant_type": {GrantType}, "scope": {Scope}}
	req := newRequest(t, http.MethodPost, base+TokenPath, strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape("id:1"), url.QueryEscape("se cret"))
	if r := do(t, req); r.status != 200 {
		t.Fatalf("basic auth: %d %s", r.status, r.body)
	}
	// multipart/form-data.
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range tokenForm("id:1", "se cret") {
		_ = mw.WriteField(k, v[0])
	}
	_ = mw.Close()
	req = newRequest(t, http.MethodPost, base+"/auth/O2/token", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if r := do(t, req); r.status != 200 {
		t.Fatalf("multipart: %d %s", r.status, r.body)
	}
}

func TestTokenMethodNotAllowed(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	r := do(t, newRequest(t, http.MethodGet, base+TokenPath, nil))
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "POST" {
		t.Fatalf("GET token: %d Allow=%q %s", r.status, r.header.Get("Allow"), r.body)
	}
}

func TestTokenExpiresWithClock(t *testing.T) {
	c := newClock()
	_, base := startServer(t, Config{Now: c.Now, TokenLifetime: 10 * time.Minute})
	r := postForm(t, base+TokenPath, tokenForm("a", "b"), "application/x-www-form-urlencoded")
	if !strings.Contains(r.body, `"expires_in":600`) {
		t.Fatalf("expires_in: %s", r.body)
	}
	var tr tokenResponse
	_ = json.Unmarshal([]byte(r.body), &tr)
	expect(t, sendEvent(t, base, DevelopmentPath, tr.AccessToken, orderEvent("a1").bytes()), 202, "")
	c.Advance(10*time.Minute - time.Second)
	expect(t, sendEvent(t, base, DevelopmentPath, tr.AccessToken, orderEvent("a2").with("expiryTime", "2024-03-01T21:09:00Z").bytes()), 202, "")
	c.Advance(time.Second)
	expect(t, sendEvent(t, base, DevelopmentPath, tr.AccessToken, orderEvent("a3").bytes()), 403,
		amazonJSON("Forbidden", "Token in the request is not valid"))
}

// TestTokensExpireLazily: issuing drops only the tokens that have expired
// (from the front of the issue order), keeps the live ones usable, and an
// expired token presented on an event route is refused and dropped.
func TestTokensExpireLazily(t *testing.T) {
	c := newClock()
	s, base := startServer(t, Config{Now: c.Now, TokenLifetime: time.Minute})
	old := []string{getToken(t, base), getToken(t, base)}
	c.Advance(30 * time.Second)
	young := getToken(t, base)
	c.Advance(31 * time.Second) // old ones expired, young still live
	expiredUse := sendEvent(t, base, DevelopmentPath, old[0], orderEvent("lazyexpired").bytes())
	if expiredUse.status != http.StatusForbidden {
		t.Fatalf("expired token: %d", expiredUse.status)
	}
	fresh := getToken(t, base)
	s.mu.Lock()
	live, queued := len(s.tokens), len(s.tokenOrder)
	_, hasOld := s.tokens[old[1]]
	s.mu.Unlock()
	if live != 2 || queued != 2 || hasOld {
		t.Errorf("after expiry: %d tokens, %d queued, old kept=%v; want young and fresh only", live, queued, hasOld)
	}
	for i, tok := range []string{young, fresh} {
		if r := sendEvent(t, base, DevelopmentPath, tok, orderEvent(fmt.Sprint("lazy", i)).bytes()); r.status != http.StatusAccepted {
			t.Errorf("live token refused: %d %s", r.status, r.body)
		}
	}
}

// TestTokenScopeRefused: a skill without the proactive events permission
// refuses the scope to correct credentials (400 invalid_scope) and still
// refuses wrong credentials first (401 invalid_client).
func TestTokenScopeRefused(t *testing.T) {
	srv := New(Config{ClientID: "cid", ClientSecret: "right", ScopeRefused: true})
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for secret, want := range map[string]string{"right": `"invalid_scope"`, "wrong": `"invalid_client"`} {
		form := url.Values{"grant_type": {GrantType}, "scope": {Scope}, "client_id": {"cid"}, "client_secret": {secret}}
		resp, err := http.PostForm(base+TokenPath, form)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(body), want) {
			t.Fatalf("secret %s: %d %s, want %s", secret, resp.StatusCode, body, want)
		}
	}
}
