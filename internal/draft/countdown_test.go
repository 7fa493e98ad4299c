package draft

import (
	"strings"
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

// The form's expiry text and the validator's finding name the same instant
// in the same words (issue 14 point 20a): the finding said "1 day 1 hour"
// or "25 hours 59 minutes" where the form said "25h 59m 59s".
func TestExpiryTextAndFindingAgree(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), fixedNow)
	for _, ahead := range []time.Duration{
		4*time.Minute + 59*time.Second,
		25*time.Hour + 30*time.Minute,
		25*time.Hour + 59*time.Minute + 59*time.Second,
		-(time.Hour + 59*time.Minute + 59*time.Second),
		-(50*time.Hour + 3*time.Minute),
	} {
		now := fixedNow.Add(-ahead).Add(47 * time.Hour) // expiry sits 47 h after fixedNow
		d.Expiry = schemas.FormatTime(fixedNow.Add(47 * time.Hour))
		dv := Derive(d, now, schemas.ValidateOptions{})
		var msg string
		for _, f := range dv.Findings {
			if f.Path == schemas.FieldExpiryTime && strings.HasPrefix(f.Code, "EXP_") && f.Code != schemas.CodeExpVsTimestamp {
				msg = f.Message
			}
		}
		if msg == "" {
			t.Fatalf("expiry %v ahead: no expiry finding in %+v", ahead, dv.Findings)
		}
		words := schemas.FormatDuration(ahead)
		if !strings.Contains(dv.Expiry.Text, " "+words+" ") || !strings.Contains(msg, " "+words+" ") {
			t.Errorf("expiry %v ahead: form %q and finding %q do not both say %q", ahead, dv.Expiry.Text, msg, words)
		}
	}
}
