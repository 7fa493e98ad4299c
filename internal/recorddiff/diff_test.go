package recorddiff

import (
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/history"
)

// TestBodiesStructural reports changed, added and removed paths in the
// findings' path syntax, ignores key order and white space, and compares
// numbers by value.
func TestBodiesStructural(t *testing.T) {
	a := `{"referenceId":"a","event":{"name":"AMAZON.MessageAlert.Activated","payload":{"messageGroup":{"count":3}}},"localizedAttributes":[{"locale":"en-US"},{"locale":"de-DE"}],"x":1}`
	b := `{
	  "event": {"payload": {"messageGroup": {"count": 4, "urgency": "URGENT"}}, "name": "AMAZON.MessageAlert.Activated"},
	  "referenceId": "b",
	  "localizedAttributes": [{"locale": "en-US"}],
	  "x": 1.0
	}`
	got := Bodies([]byte(a), []byte(b))
	want := []string{
		`event.payload.messageGroup.count changed 3 → 4`,
		`event.payload.messageGroup.urgency added  → "URGENT"`,
		`localizedAttributes[1] removed {"locale":"de-DE"} → `,
		`referenceId changed "a" → "b"`,
	}
	var lines []string
	for _, c := range got {
		lines = append(lines, c.Path+" "+string(c.Kind)+" "+string(c.A)+" → "+string(c.B))
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	if len(Bodies([]byte(a), []byte(a))) != 0 {
		t.Error("equal bodies differ")
	}
	if c := Bodies([]byte("not json"), []byte(a)); len(c) != 1 || c[0].Path != "" || c[0].Kind != Changed {
		t.Errorf("non-JSON body: %+v", c)
	}
	if c := Bodies([]byte(`{"a":{"b":1}}`), []byte(`{"a":[1]}`)); len(c) != 1 || c[0].Path != "a" {
		t.Errorf("type change: %+v", c)
	}
}

// TestOutcomesSideBySide marks which outcome fields differ.
func TestOutcomesSideBySide(t *testing.T) {
	a := &history.Record{ID: 1, Status: 202, Target: "sandbox", Stage: "development", Latency: 12 * time.Millisecond, Attempts: 1}
	b := &history.Record{ID: 2, Status: 409, Target: "sandbox", Stage: "development", Message: "Duplicate referenceId x", Latency: 12 * time.Millisecond, Attempts: 1}
	rows := Outcomes(a, b)
	diff := map[string]bool{}
	for _, r := range rows {
		if !r.Same {
			diff[r.Field] = true
		}
	}
	if !diff["status"] || !diff["message"] || !diff["record"] || diff["target"] || diff["latency"] {
		t.Errorf("differing fields %v", diff)
	}
}
