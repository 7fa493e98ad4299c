package draft

import (
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// fixedNow is Sunday 2026-11-22 14:00:00 UTC.
var fixedNow = time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC)

func TestParseWhen(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	utc := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	tests := []struct {
		in   string
		loc  *time.Location
		want time.Time
	}{
		{"2026-11-23T19:00:00Z", nil, utc(2026, 11, 23, 19, 0, 0)},
		{"  2026-11-23T19:00:00Z  ", nil, utc(2026, 11, 23, 19, 0, 0)},
		{"2026-11-23T20:00:00+01:00", nil, utc(2026, 11, 23, 19, 0, 0)},
		{"2026-11-23T19:00:00.250Z", nil, utc(2026, 11, 23, 19, 0, 0).Add(250 * time.Millisecond)},
		{"2026-11-23T19:00Z", nil, utc(2026, 11, 23, 19, 0, 0)},
		{"2026-11-23T20:00:00+0100", nil, utc(2026, 11, 23, 19, 0, 0)},
		{"2026-11-23 19:00", nil, utc(2026, 11, 23, 19, 0, 0)},
		{"2026-11-23 19:00", berlin, utc(2026, 11, 23, 18, 0, 0)},
		{"2026-11-23T19:00:05", nil, utc(2026, 11, 23, 19, 0, 5)},
		{"2026-11-23", nil, utc(2026, 11, 23, 0, 0, 0)},
		{"now", nil, fixedNow},
		{"NOW", nil, fixedNow},
		{"+2h", nil, fixedNow.Add(2 * time.Hour)},
		{"+90m", nil, fixedNow.Add(90 * time.Minute)},
		{"+1d", nil, fixedNow.Add(24 * time.Hour)},
		{"+1h30m", nil, fixedNow.Add(90 * time.Minute)},
		{"+2h 30m", nil, fixedNow.Add(150 * time.Minute)},
		{"+ 45 s", nil, fixedNow.Add(45 * time.Second)},
		{"+1w", nil, fixedNow.Add(7 * 24 * time.Hour)},
		{"-2h", nil, fixedNow.Add(-2 * time.Hour)},
		{"in 2 hours", nil, fixedNow.Add(2 * time.Hour)},
		{"30 minutes ago", nil, fixedNow.Add(-30 * time.Minute)},
		{"tomorrow 19:00", nil, utc(2026, 11, 23, 19, 0, 0)},
		{"Tomorrow at 7pm", nil, utc(2026, 11, 23, 19, 0, 0)},
		{"tomorrow 7:30 am", nil, utc(2026, 11, 23, 7, 30, 0)},
		{"tomorrow", nil, utc(2026, 11, 23, 14, 0, 0)},
		{"today 18:30", nil, utc(2026, 11, 22, 18, 30, 0)},
		{"today 9:00", nil, utc(2026, 11, 22, 9, 0, 0)}, // in the past: still today
		{"today", nil, fixedNow},
		{"19:00", nil, utc(2026, 11, 22, 19, 0, 0)},
		{"9:00", nil, utc(2026, 11, 23, 9, 0, 0)}, // already past today: tomorrow
		{"12am", nil, utc(2026, 11, 23, 0, 0, 0)},
		{"friday 9:00", nil, utc(2026, 11, 27, 9, 0, 0)},
		{"fri 9:00", nil, utc(2026, 11, 27, 9, 0, 0)},
		{"9:00 friday", nil, utc(2026, 11, 27, 9, 0, 0)},
		{"sunday 15:00", nil, utc(2026, 11, 22, 15, 0, 0)}, // today, still ahead
		{"sunday 13:00", nil, utc(2026, 11, 29, 13, 0, 0)}, // today, passed: next week
		{"next sunday 15:00", nil, utc(2026, 11, 29, 15, 0, 0)},
		{"monday", nil, utc(2026, 11, 23, 14, 0, 0)},
		{"tomorrow 19:00", berlin, time.Date(2026, 11, 23, 19, 0, 0, 0, berlin)},
	}
	for _, tt := range tests {
		got, err := ParseWhen(tt.in, fixedNow, tt.loc)
		if err != nil {
			t.Errorf("ParseWhen(%q): %v", tt.in, err)
			continue
		}
		if !got.Equal(tt.want) {
			t.Errorf("ParseWhen(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestParseWhenLocationOfResult(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	got, err := ParseWhen("tomorrow 19:00", fixedNow, berlin)
	if err != nil {
		t.Fatal(err)
	}
	if got.Location() != berlin || got.Hour() != 19 {
		t.Errorf("tomorrow 19:00 in CET = %v, want 19:00 CET", got)
	}
}

func TestParseWhenErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "empty time"},
		{"   ", "empty time"},
		{"abc", `cannot read "abc" as a time`},
		{"+2", "needs a unit"},
		{"+2y", `unknown unit "y"`},
		{"+", "add an amount"},
		{"+h", "expected a number"},
		{"+9999999999h", "too far"},
		{"+999999h", "too far"},
		{"25:00", "cannot read"},
		{"13pm", "cannot read"},
		{"9:7", "cannot read"},
		{"tomorrow tomorrow", "cannot read"},
		{"next 19:00", "cannot read"},
		{"2026-13-01", "cannot read"},
		{"2026-02-30T10:00:00Z", "cannot read"},
	}
	for _, tt := range tests {
		_, err := ParseWhen(tt.in, fixedNow, time.UTC)
		if err == nil {
			t.Errorf("ParseWhen(%q): no error", tt.in)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseWhen(%q) error %q, want it to contain %q", tt.in, err, tt.want)
		}
	}
	_, err := ParseWhen("abc", fixedNow, time.UTC)
	if !strings.Contains(err.Error(), "+2h") || !strings.Contains(err.Error(), "tomorrow 19:00") {
		t.Errorf("error %q should list the accepted forms", err)
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{time.Date(2026, 11, 23, 19, 0, 0, 0, time.UTC), "Mon Nov 23 19:00 UTC (in 29h 0m)"},
		{fixedNow.Add(5 * time.Hour), "Sun Nov 22 19:00 UTC (in 5h 0m)"},
		{fixedNow.Add(-2 * time.Hour), "Sun Nov 22 12:00 UTC (2h 0m ago)"},
		{fixedNow, "Sun Nov 22 14:00 UTC (now)"},
		{fixedNow.Add(30 * time.Second), "Sun Nov 22 14:00:30 UTC (in 30s)"},
		{time.Date(2027, 1, 2, 8, 0, 0, 0, time.UTC), "Sat Jan 2 2027 08:00 UTC (in 40d 18h)"},
	}
	for _, tt := range tests {
		if got := Describe(tt.t, fixedNow); got != tt.want {
			t.Errorf("Describe(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
}

func TestFormatDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{23 * time.Hour, "23h 0m"},
		{23*time.Hour + 59*time.Minute + 59*time.Second, "23h 59m"},
		{4*time.Minute + 59*time.Second, "4m 59s"},
		{42 * time.Second, "42s"},
		{-90 * time.Minute, "1h 30m"},
		{0, "0s"},
		{47*time.Hour + 59*time.Minute, "47h 59m"},
		{72 * time.Hour, "3d 0h"},
		{996*24*time.Hour + 5*time.Hour + 30*time.Minute, "996d 5h"},
	}
	for _, tt := range tests {
		if got := FormatDuration(tt.d); got != tt.want {
			t.Errorf("FormatDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

// The expiry text and its ✓/✗ come from the request's expiryTime and the
// validator's verdict at the same instant; the window's bounds are inclusive.
func TestDeriveExpiry(t *testing.T) {
	tests := []struct {
		d    time.Duration
		text string
		ok   bool
	}{
		{4*time.Minute + 59*time.Second, "expires in 4m 59s ✗", false},
		{5 * time.Minute, "expires in 5m 0s ⚠ soon", true},
		{14*time.Minute + 59*time.Second, "expires in 14m 59s ⚠ soon", true},
		{15 * time.Minute, "expires in 15m 0s ✓", true},
		{23 * time.Hour, "expires in 23h 0m ✓", true},
		{24 * time.Hour, "expires in 24h 0m ✓", true},
		{24*time.Hour + time.Second, "expires in 24h 0m 1s ✗", false},
		{0, "already expired 0s ago ✗", false},
		{-3 * time.Minute, "already expired 3m 0s ago ✗", false},
	}
	d := NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), fixedNow)
	for _, tt := range tests {
		d.Expiry = schemas.FormatTime(fixedNow.Add(tt.d))
		e := Derive(d, fixedNow, schemas.ValidateOptions{}).Expiry
		if e.Text != tt.text || e.OK != tt.ok || e.Soon != strings.Contains(tt.text, "soon") {
			t.Errorf("expiry +%v = %q, %v; want %q, %v", tt.d, e.Text, e.OK, tt.text, tt.ok)
		}
	}
}

func FuzzParseWhen(f *testing.F) {
	for _, s := range []string{"+2h", "tomorrow 19:00", "2026-11-23T19:00:00Z", "friday 9:00", "-1h30m", "in 3 days",
		"12:00pm", "2026-11-23 19:00", "next monday", "+999999999w", "::", "+1h-2m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseWhen(s, fixedNow, time.UTC)
		if err == nil {
			_ = Describe(got, fixedNow)
			if d := got.Sub(fixedNow); d > maxOffset+time.Second || d < -maxOffset-time.Second {
				if !strings.Contains(s, "-") && !strings.Contains(s, ":") {
					t.Errorf("ParseWhen(%q) = %v, beyond the relative bound", s, got)
				}
			}
		} else if err.Error() == "" {
			t.Errorf("ParseWhen(%q): empty error text", s)
		}
	})
}

// ParsePast reads a bare amount as that long ago and everything else as
// ParseWhen does.
func TestParsePast(t *testing.T) {
	for text, want := range map[string]time.Time{
		"7d":                   fixedNow.AddDate(0, 0, -7),
		"90m":                  fixedNow.Add(-90 * time.Minute),
		"1h30m":                fixedNow.Add(-90 * time.Minute),
		"2 weeks":              fixedNow.AddDate(0, 0, -14),
		"-2h":                  fixedNow.Add(-2 * time.Hour),
		"3h ago":               fixedNow.Add(-3 * time.Hour),
		"2026-11-01":           time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		"2026-11-20T08:00:00Z": time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC),
	} {
		got, err := ParsePast(text, fixedNow, time.UTC)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParsePast(%q) = %v, %v; want %v", text, got, err, want)
		}
	}
	if _, err := ParsePast("7 parsecs", fixedNow, time.UTC); err == nil {
		t.Error("ParsePast accepted an unknown unit")
	}
	if _, err := ParseWhen("7d", fixedNow, time.UTC); err == nil {
		t.Error("the form must not guess the direction of a bare 7d")
	}
}
