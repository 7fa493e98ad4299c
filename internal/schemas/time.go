package schemas

import (
	"errors"
	"time"
)

// errTimeFormat is the single error ParseTime returns; it says what is expected.
var errTimeFormat = errors.New(`not an ISO 8601 date-time with a zone: use e.g. "2024-03-01T09:00:00Z" or "2024-03-01T10:00:00+01:00"`)

// ParseTime parses an ISO 8601 date-time with a zone designator:
// YYYY-MM-DDThh:mm:ss, optional fractional seconds (.f, any number of digits)
// and Z or ±hh:mm. A value without a zone, with a date that does not exist or
// with fields out of range is rejected. It does not allocate on success.
func ParseTime(s string) (time.Time, error) {
	t, zoned, err := ParseTimeZoneOptional(s)
	if err == nil && !zoned {
		return time.Time{}, errTimeFormat
	}
	return t, err
}

// ParseTimeZoneOptional parses a date-time as ParseTime does, but also
// accepts one without a zone designator ("2026-12-04T10:00:00.123456", as
// Amazon's Python SDK sample writes a naive datetime.utcnow()) and reads it
// as UTC; zoned says whether a designator was present. The envelope's
// timestamp and expiryTime are read this way (spec §6.1 TS_NO_ZONE).
func ParseTimeZoneOptional(s string) (t time.Time, zoned bool, err error) {
	// Fixed part: 2006-01-02T15:04:05 is 19 bytes.
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false, errTimeFormat
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) {
		return time.Time{}, false, errTimeFormat
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false, errTimeFormat
	}
	rest := s[19:]
	nsec := 0
	if rest != "" && rest[0] == '.' {
		i := 1
		scale := 100_000_000
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			nsec += int(rest[i]-'0') * scale
			scale /= 10
			i++
		}
		if i == 1 {
			return time.Time{}, false, errTimeFormat
		}
		rest = rest[i:]
	}
	var loc *time.Location
	zoned = true
	switch {
	case rest == "":
		loc, zoned = time.UTC, false
	case rest == "Z":
		loc = time.UTC
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := digits(rest[1:3])
		om, okm := digits(rest[4:6])
		if !okh || !okm || oh > 23 || om > 59 {
			return time.Time{}, false, errTimeFormat
		}
		off := oh*3600 + om*60
		if rest[0] == '-' {
			off = -off
		}
		if off == 0 {
			loc = time.UTC
		} else {
			loc = time.FixedZone("", off)
		}
	default:
		return time.Time{}, false, errTimeFormat
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, nsec, loc), zoned, nil
}

// FormatTime writes t as the tool writes every time it generates: RFC 3339 in
// UTC with whole seconds, e.g. "2024-03-01T09:00:00Z".
func FormatTime(t time.Time) string {
	return t.UTC().Truncate(time.Second).Format("2006-01-02T15:04:05Z")
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
