package export

import (
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
)

// TestExpiryDistance keeps the draft's distance inside the allowed window
// with a minute of margin, and replaces an invalid one (Amazon's Node sample
// uses now + 10 s) by 23 hours.
func TestExpiryDistance(t *testing.T) {
	cases := map[string]time.Duration{
		"2024-03-01T09:00:10Z": DefaultExpiry,
		"2024-03-01T10:00:00Z": time.Hour,
		"2024-03-01T09:05:00Z": 6 * time.Minute,
		"2024-03-02T09:00:00Z": 24*time.Hour - time.Minute,
		"2024-03-03T09:00:00Z": DefaultExpiry,
		"not a time":           DefaultExpiry,
	}
	for exp, want := range cases {
		got := expiryDistance(map[string]any{"timestamp": "2024-03-01T09:00:00Z", "expiryTime": exp})
		if got != want {
			t.Errorf("expiry %s: %v, want %v", exp, got, want)
		}
	}
}

// TestGenerateTargets: the stage picks the path, an Amazon region its URLs,
// and the sandbox target leaves the base URL to ALEXA_API_URL.
func TestGenerateTargets(t *testing.T) {
	body := messageAlert("x")
	live, _ := alexa.ParseTarget("eu-live")
	prog, err := Generate(Node, body, live)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`const EVENT_PATH = "/v1/proactiveEvents";`, `const DEFAULT_API_URL = "https://api.eu.amazonalexa.com";`, `"https://api.amazon.com/auth/o2/token"`} {
		if !strings.Contains(string(prog), want) {
			t.Errorf("missing %s", want)
		}
	}
	sb, _ := alexa.ParseTarget("sandbox")
	prog, _ = Generate(Python, body, sb)
	if !strings.Contains(string(prog), `DEFAULT_API_URL = ""`) || !strings.Contains(string(prog), `"/v1/proactiveEvents/stages/development"`) {
		t.Errorf("sandbox program:\n%s", prog)
	}
	if _, err := Generate(Go, []byte(`[1]`), live); err == nil {
		t.Error("a non-object body was exported")
	}
	if _, err := Generate(Go, []byte(`{`), live); err == nil {
		t.Error("invalid JSON was exported")
	}
}
