package schemas

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	good := []struct {
		in   string
		want time.Time
	}{
		{"2024-03-01T09:00:00Z", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		{"2024-03-01T09:00:00.5Z", time.Date(2024, 3, 1, 9, 0, 0, 500_000_000, time.UTC)},
		{"2024-03-01T09:00:00.123456789Z", time.Date(2024, 3, 1, 9, 0, 0, 123456789, time.UTC)},
		{"2024-03-01T09:00:00.1234567891Z", time.Date(2024, 3, 1, 9, 0, 0, 123456789, time.UTC)},
		{"2024-03-01T10:00:00+01:00", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		{"2024-03-01T04:30:00-04:30", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		{"2024-03-01T09:00:00+00:00", time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)},
		{"2024-02-29T23:59:59.000Z", time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC)},
	}
	for _, c := range good {
		got, err := ParseTime(c.in)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("ParseTime(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	bad := []string{
		"", "2024-03-01", "2024-03-01T09:00:00", "2024-03-01T09:00Z", "2024-03-01 09:00:00Z",
		"2024-03-01T09:00:00z", "2024-03-01T09:00:00+0100", "2024-03-01T09:00:00+01", "2024-03-01T09:00:00.Z",
		"2023-02-29T09:00:00Z", "2024-13-01T09:00:00Z", "2024-00-01T09:00:00Z", "2024-04-31T09:00:00Z",
		"2024-03-01T24:00:00Z", "2024-03-01T09:60:00Z", "2024-03-01T09:00:60Z", "2024-03-01T09:00:00+24:00",
		"2024-03-01T09:00:00ZZ", "+2024-03-01T09:00:00Z", "２０２４-03-01T09:00:00Z", "2024-03-01T09:00:00 Z",
	}
	for _, s := range bad {
		if got, err := ParseTime(s); err == nil {
			t.Errorf("ParseTime(%q) accepted: %v", s, got)
		}
	}
}

func TestFormatTime(t *testing.T) {
	in := time.Date(2024, 3, 1, 10, 0, 0, 999_000_000, time.FixedZone("", 3600))
	if got := FormatTime(in); got != "2024-03-01T09:00:00Z" {
		t.Errorf("FormatTime = %s", got)
	}
}
