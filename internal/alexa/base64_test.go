package alexa

import (
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

var base64Run = regexp.MustCompile(`[A-Za-z0-9+/_-]{8,}`)

// decodesTo reports whether some base64 run in text (either alphabet, any
// alignment) decodes to bytes that hold needle.
func decodesTo(text, needle string) bool {
	for _, run := range base64Run.FindAllString(text, -1) {
		run = strings.NewReplacer("-", "+", "_", "/").Replace(run)
		for start := 0; start < 4 && start < len(run); start++ {
			part := run[start:]
			part = part[:len(part)/4*4]
			if b, err := base64.StdEncoding.DecodeString(part); err == nil && strings.Contains(string(b), needle) {
				return true
			}
		}
	}
	return false
}

// TestBase64EchoesAreRedacted: a server that echoes the Authorization header
// or the token request body base64-encoded (standard and URL alphabets, at
// every alignment) does not get the token or the client secret into the
// Response, its JSON or an error text.
func TestBase64EchoesAreRedacted(t *testing.T) {
	const token = "Atc|base64-echo-token-0123456789abcdefghijklmnop"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		auth := r.Header.Get("Authorization")
		echo := func(s string) string {
			return base64.StdEncoding.EncodeToString([]byte(s)) + " " + base64.URLEncoding.EncodeToString([]byte(s)) + " " +
				base64.RawStdEncoding.EncodeToString([]byte("x"+s)) + " " + base64.RawURLEncoding.EncodeToString([]byte("xy"+s))
		}
		if strings.HasSuffix(r.URL.Path, "/token") {
			if strings.Contains(string(body), "wrong") {
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write([]byte(`{"error":"invalid_request","error_description":"you sent ` + echo(string(body)) + `"}`))
				return
			}
			_, _ = w.Write([]byte(`{"access_token":"` + token + `","token_type":"bearer","expires_in":3600}`))
			return
		}
		w.Header().Set("X-Echo", base64.StdEncoding.EncodeToString([]byte(auth)))
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"type":"Bad Request","message":"` + echo(auth) + `","body":"` + echo(string(body)) + `"}`))
	}))
	t.Cleanup(srv.Close)
	tg, err := ParseTarget(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	c := New("test")
	resp, err := c.Send(context.Background(), tg, testCreds, event(time.Now(), nextRef(), nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	js, _ := resp.MarshalJSON()
	out := string(resp.Body) + resp.Message + string(js) + strings.Join(resp.Header.Values("X-Echo"), " ")
	if !strings.Contains(out, "[redacted]") {
		t.Fatalf("nothing was redacted: %s", out)
	}
	if decodesTo(out, token[4:len(token)-4]) {
		t.Errorf("a base64 echo of the bearer token survives: %s", out)
	}

	wrong := Credentials{ClientID: testClientID, ClientSecret: "wrong-" + testSecret}
	_, err = c.Token(context.Background(), tg, wrong)
	if err == nil {
		t.Fatal("the token request succeeded")
	}
	if decodesTo(err.Error(), testSecret[4:len(testSecret)-4]) {
		t.Errorf("a base64 echo of the client secret survives: %s", err)
	}
}
