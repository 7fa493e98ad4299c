package alexa

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestTokenResponseParsing covers token endpoint answers the sandbox never
// gives (a unit test of parsing; everything else runs against the sandbox).
func TestTokenResponseParsing(t *testing.T) {
	cases := []struct {
		name   string
		status int
		body   string
		kind   TokenErrorKind
		text   string
	}{
		{"invalid scope", 400, `{"error":"invalid_scope","error_description":"The request has an invalid parameter : scope"}`, TokenBadScope, "scope alexa::proactive_events was not granted"},
		{"invalid request", 400, `{"error":"invalid_request","error_description":"Malformed request","error_index":"x"}`, TokenInvalidRequest, "400 invalid_request: Malformed request"},
		{"401 without body", 401, ``, TokenBadCredentials, "client secret is wrong"},
		{"html 502", 502, `<html>bad gateway</html>`, TokenServerError, "502: <html>bad gateway</html>"},
		{"not json", 200, `hello`, TokenBadResponse, "the body is not JSON"},
		{"no token", 200, `{"expires_in":3600}`, TokenBadResponse, "no access_token"},
		{"mac token", 200, `{"access_token":"Atc|x","token_type":"mac","expires_in":3600}`, TokenBadResponse, "token_type is mac"},
		{"no expiry", 200, `{"access_token":"Atc|x","token_type":"bearer"}`, TokenBadResponse, "expires_in"},
		{"echoes secret", 400, `{"error":"invalid_request","error_description":"bad secret UnitSecret-123456"}`, TokenInvalidRequest, "bad secret [redacted]"},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(c.status)
			w.Write([]byte(c.body))
		}))
		tc := &TokenCache{}
		_, err := tc.Token(context.Background(), srv.URL, Credentials{ClientID: "id", ClientSecret: "UnitSecret-123456"})
		srv.Close()
		var te *TokenError
		if !errors.As(err, &te) || te.Kind != c.kind {
			t.Errorf("%s: got %v (%#v), want kind %d", c.name, err, te, c.kind)
			continue
		}
		if !strings.Contains(err.Error(), c.text) || strings.Contains(err.Error(), "UnitSecret-123456") {
			t.Errorf("%s: error text %q, want it to contain %q and no secret", c.name, err, c.text)
		}
	}
}

// TestTokenFormEncoding checks the form of spec §7 as the server decodes it,
// with values that need URL-encoding.
func TestTokenFormEncoding(t *testing.T) {
	var form url.Values
	var ctype string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctype = r.Header.Get("Content-Type")
		r.ParseForm()
		form = r.PostForm
		w.Write([]byte(`{"access_token":"Atc|abcdefghijk","token_type":"Bearer","scope":"alexa::proactive_events","expires_in":3600}`))
	}))
	defer srv.Close()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tc := &TokenCache{Now: func() time.Time { return now }}
	secret := "a+b&c=d %/é"
	tok, err := tc.Token(context.Background(), srv.URL, Credentials{ClientID: "amzn1.application-oa2-client.1", ClientSecret: secret})
	if err != nil {
		t.Fatal(err)
	}
	if form.Get("grant_type") != "client_credentials" || form.Get("client_id") != "amzn1.application-oa2-client.1" || form.Get("client_secret") != secret || form.Get("scope") != "alexa::proactive_events" {
		t.Errorf("form %v", form)
	}
	if !strings.HasPrefix(ctype, "application/x-www-form-urlencoded") {
		t.Errorf("content type %q", ctype)
	}
	if !tok.ExpiresAt.Equal(now.Add(time.Hour)) || tok.Prefix() != "Atc|abcd" || tok.TokenType != "Bearer" {
		t.Errorf("token %v type %q", tok, tok.TokenType)
	}
}

// TestTokenEmptyCredentials: empty credentials fail before any request.
func TestTokenEmptyCredentials(t *testing.T) {
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	tc := &TokenCache{}
	for _, c := range []Credentials{{}, {ClientID: "id"}, {ClientSecret: "secret"}, {ClientID: "  ", ClientSecret: "secret"}} {
		_, err := tc.Token(context.Background(), srv.URL, c)
		var te *TokenError
		if !errors.As(err, &te) || te.Kind != TokenBadCredentials || !strings.Contains(err.Error(), "is empty") {
			t.Errorf("%v: %v", c, err)
		}
	}
	if hits != 0 {
		t.Errorf("%d requests made with empty credentials", hits)
	}
}

// TestTokenErrorHidesEchoedSecret: a token endpoint (or a proxy in front of
// it) that answers an error page echoing the request must not put the client
// secret into the error text, neither form-encoded nor cut off where the
// text is shortened.
func TestTokenErrorHidesEchoedSecret(t *testing.T) {
	const secret = "Unit+Secret/0123456789abcdef=="
	escaped := url.QueryEscape(secret)
	cases := []struct {
		name string
		echo func(form []byte) string
	}{
		{"form body echoed", func(form []byte) string { return "bad request: " + string(form) }},
		{"secret across the cut", func([]byte) string { return strings.Repeat(".", 190) + secret }},
		{"encoded secret across the cut", func([]byte) string { return strings.Repeat(".", 190) + escaped }},
	}
	for _, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			form, _ := io.ReadAll(r.Body)
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, c.echo(form))
		}))
		tc := &TokenCache{}
		_, err := tc.Token(context.Background(), srv.URL, Credentials{ClientID: "id", ClientSecret: secret})
		srv.Close()
		if err == nil {
			t.Fatalf("%s: no error", c.name)
		}
		text := err.Error()
		if !strings.Contains(text, "[redacted]") {
			t.Errorf("%s: error text %q does not show the redaction", c.name, text)
		}
		for _, leak := range []string{secret[:10], escaped[:10]} {
			if strings.Contains(text, leak) {
				t.Errorf("%s: error text %q contains %q of the secret", c.name, text, leak)
			}
		}
	}
}
