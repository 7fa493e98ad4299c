package history

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"
)

func randomSecret(t *testing.T, prefix string) string {
	t.Helper()
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return prefix + hex.EncodeToString(b)
}

// TestNoSecretInDatabaseFile appends records whose response headers carry an
// access token, a client secret and cookies, and scans the raw bytes of the
// database and its write-ahead log for them, both while the store is open
// (records in the log) and after Close (records checkpointed into the file).
// The send pipeline's tests add the variant with real sends to the sandbox.
func TestNoSecretInDatabaseFile(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	token := randomSecret(t, "Atza|")
	clientSecret := randomSecret(t, "amzn1.oa2-cs.v1.")
	cookie := randomSecret(t, "sess-")
	// Controls: values that are stored, to prove the scan sees stored bytes,
	// including one that JSON escapes in the headers column.
	control := randomSecret(t, "control-")
	escaped := "<" + randomSecret(t, "esc&") + ">"
	for i := range 40 {
		r := fixtureRecord(i)
		r.Headers = http.Header{
			"Authorization":        {"Bearer " + token},
			"X-Amz-Security-Token": {token},
			"X-Client-Secret":      {clientSecret},
			"Set-Cookie":           {"session=" + cookie + "; HttpOnly"},
			"Cookie":               {"session=" + cookie},
			"X-Forwarded":          {"Bearer " + token},
			"Content-Type":         {"application/json"},
			"X-Note":               {escaped},
		}
		r.Body = []byte(`{"message":"` + control + `"}`)
		if _, err := s.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	scan := func(when string) {
		found, err := ScanForSecrets(s.Path(), token, clientSecret, cookie, control, escaped)
		if err != nil {
			t.Fatal(err)
		}
		joined := strings.Join(found, "\n")
		for i, name := range []string{"token", "client secret", "cookie"} {
			if strings.Contains(joined, "secret #"+string(rune('1'+i))+" ") {
				t.Errorf("%s: the %s is on disk:\n%s", when, name, joined)
			}
		}
		if !strings.Contains(joined, "secret #4 (control-") {
			t.Errorf("%s: the scan did not find the control value stored in the body:\n%s", when, joined)
		}
		if !strings.Contains(joined, "secret #5 (<esc&") {
			t.Errorf("%s: the scan did not find the JSON-escaped control value:\n%s", when, joined)
		}
		if strings.Contains(joined, token[:12]) {
			t.Errorf("the scan report shows more than 8 characters of a secret: %s", joined)
		}
	}
	scan("open (write-ahead log)")
	if !hasWAL(s.Path()) {
		t.Error("expected the records in the write-ahead log while open")
	}
	s.Close()
	scan("closed (checkpointed)")
}

func TestScanForSecretsRefusesShortSecrets(t *testing.T) {
	s := openTestStore(t)
	if _, err := ScanForSecrets(s.Path(), "abc"); err == nil || !strings.Contains(err.Error(), "shorter than 8") {
		t.Errorf("error %v", err)
	}
}

func TestScanReaderFindsNeedlesAcrossChunks(t *testing.T) {
	data := strings.Repeat("x", (1<<20)-3) + "NEEDLE-123" + strings.Repeat("y", 5000)
	found := false
	err := scanReader(strings.NewReader(data), len("NEEDLE-123"), func(w []byte) {
		found = found || strings.Contains(string(w), "NEEDLE-123")
	})
	if err != nil || !found {
		t.Errorf("needle across the chunk boundary not found (err %v)", err)
	}
}
