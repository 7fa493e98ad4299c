package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// hostile is text that would set the window title, clear the screen and
// reverse the line if it reached a terminal raw.
const hostile = "A\x1b]0;pwned\x07B\x1b[2J\u009b31m\u202eC\xff"

// hostileShown is how termtext.Clean shows it, up to the invalid byte
// (which a file written as JSON holds as U+FFFD).
const hostileShown = `A\x1b]0;pwned\x07B\x1b[2J\u009b31m\u202eC`

// assertInert fails when out holds a byte sequence that drives a terminal.
func assertInert(t *testing.T, what, out string) {
	t.Helper()
	for _, bad := range []string{"\x1b", "\x07", "\u009b", "\u202e", "\xff"} {
		if strings.Contains(out, bad) {
			t.Errorf("%s passes %q to the terminal:\n%q", what, bad, out)
		}
	}
}

// assertInertJSON decodes out and fails when a decoded string would still
// drive a terminal (a script printing it).
func assertInertJSON(t *testing.T, what, out string) {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s: %v: %s", what, err, out)
	}
	b, _ := json.Marshal(v)
	decoded := strings.NewReplacer(`\u001b`, "\x1b", `\u0007`, "\x07").Replace(string(b))
	assertInert(t, what+" (decoded)", decoded)
}

func TestPreviewNeutralisesPayloadText(t *testing.T) {
	file := validateTempFile(t, "MessageAlert", func(r *schemas.Request) {
		r.Set("event.payload.messageGroup.creator.name", hostile)
	})
	code, out, errOut := validateCLI(t, "", "preview", file)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	assertInert(t, "preview", out+errOut)
	if !strings.Contains(out, hostileShown) {
		t.Errorf("preview does not show the controls escaped: %q", out)
	}
	_, out, _ = validateCLI(t, "", "preview", "--json", file)
	assertInertJSON(t, "preview --json", out)
}

func TestValidateNeutralisesKeyNames(t *testing.T) {
	file := validateTempFile(t, "MessageAlert", func(r *schemas.Request) {
		r.Set("event.payload."+hostile, "x")
	})
	_, out, errOut := validateCLI(t, "", "validate", file)
	assertInert(t, "validate", out+errOut)
	if !strings.Contains(out, hostileShown) {
		t.Errorf("validate does not name the key with its controls escaped: %q", out)
	}
	_, out, _ = validateCLI(t, "", "validate", "--json", file)
	assertInertJSON(t, "validate --json", out)
}

// TestSendNeutralisesServerText: the token endpoint's error and the event
// route's message are shown escaped, as text and as --json.
func TestSendNeutralisesServerText(t *testing.T) {
	e := sendSetup(t)
	tokenFails := true
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/token") {
			if tokenFails {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"` + hostile + `"}`))
				return
			}
			_, _ = w.Write([]byte(`{"access_token":"Atc|hostile-test-token-0123456789","token_type":"bearer","expires_in":3600}`))
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"type":"Bad Request","message":"` + hostile + `"}`))
	}))
	t.Cleanup(srv.Close)
	t.Setenv(credentials.EnvClientID, "amzn1.application-oa2-client.hostile")
	t.Setenv(credentials.EnvClientSecret, "HostileSecret-0123456789")
	file, _ := e.event(time.Hour)
	r := e.run("send", file, "--target", srv.URL)
	assertInert(t, "send with a failing token endpoint", r.stdout+r.stderr)
	if !strings.Contains(r.stderr, hostileShown) {
		t.Errorf("the token error is not shown escaped: %q", r.stderr)
	}
	tokenFails = false
	r = e.run("send", file, "--target", srv.URL)
	assertInert(t, "send", r.stdout+r.stderr)
	if !strings.Contains(r.stdout, hostileShown) {
		t.Errorf("the server message is not shown escaped: %q", r.stdout)
	}
	file2, _ := e.event(time.Hour)
	r = e.run("send", file2, "--target", srv.URL, "--json")
	assertInert(t, "send --json", r.stderr)
	assertInertJSON(t, "send --json", r.stdout)
}

// TestSandboxBannerNeutralisesConfig: subscriber ids from a config file are
// shown escaped in the banner.
func TestSandboxBannerNeutralisesConfig(t *testing.T) {
	cfg := sandbox.Config{Subscribers: []sandbox.Subscriber{{UserID: hostile, EventNames: []string{"AMAZON.WeatherAlert.Activated"}}}}
	var out strings.Builder
	sandboxBanner(&out, "http://127.0.0.1:8787", cfg, sandbox.New(cfg))
	assertInert(t, "the sandbox banner", out.String())
	if !strings.Contains(out.String(), hostileShown) {
		t.Errorf("banner %q", out.String())
	}
}
