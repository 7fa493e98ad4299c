package draft

import (
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// A new draft's expiry is an absolute time, so the window shown beside it
// counts down while the form stays open (design §2).
func TestNewDraftExpiryCountsDown(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), fixedNow)
	if want := schemas.FormatTime(fixedNow.Add(23 * time.Hour)); d.Expiry != want {
		t.Fatalf("new draft expiry %q, want the absolute time %q", d.Expiry, want)
	}
	var seen []string
	for _, s := range []time.Duration{0, time.Second, 2*time.Second + 300*time.Millisecond} {
		e := Derive(d, fixedNow.Add(s), schemas.ValidateOptions{}).Expiry
		if !e.OK {
			t.Fatalf("after %v: %q not in the window", s, e.Text)
		}
		seen = append(seen, e.Text)
	}
	want := []string{"expires in 23h 0m ✓", "expires in 22h 59m 59s ✓", "expires in 22h 59m 58s ✓"}
	for i := range want {
		if seen[i] != want[i] {
			t.Errorf("countdown step %d = %q, want %q", i, seen[i], want[i])
		}
	}
}
