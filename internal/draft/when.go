package draft

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// whenHelp lists what ParseWhen understands; every parse error ends with it.
const whenHelp = "use ISO 8601 (2026-11-23T19:00:00Z), a relative time (+2h, +90m, +1d, +1h30m, -2h), " +
	"now, today/tomorrow/a weekday with a time (tomorrow 19:00, friday 9:00), or a local date and time (2026-11-23 19:00)"

// maxOffset bounds relative times so that arithmetic never overflows.
const maxOffset = 10 * 366 * 24 * time.Hour

// ParseWhen reads a time as a person types it. It accepts:
//   - ISO 8601 with a zone (2026-11-23T19:00:00Z, 2026-11-23T20:00:00.5+01:00, 2026-11-23T19:00Z);
//   - a local date and time without a zone, read in loc (2026-11-23 19:00, 2026-11-23T19:00:05, 2026-11-23);
//   - now, and relative times from now: +2h, +90m, +1d, +1h30m, +2h 30m, -2h, +1w,
//     "in 2 hours", "2h ago" (a day is 24 hours);
//   - a day word with an optional clock time, read in loc: today 18:30, tomorrow 19:00,
//     tomorrow at 7pm, friday 9:00, fri 9:00, next friday 9:00. A weekday means its next
//     occurrence (today while that time is still ahead; "next" skips today); a day word
//     without a clock keeps the current clock time;
//   - a clock time alone (19:00, 7:30pm): its next occurrence, today or tomorrow.
//
// loc nil means UTC. The error says what was not understood and lists the accepted forms.
func ParseWhen(text string, now time.Time, loc *time.Location) (time.Time, error) {
	if loc == nil {
		loc = time.UTC
	}
	s := strings.TrimSpace(text)
	if s == "" {
		return time.Time{}, errors.New("empty time: " + whenHelp)
	}
	if t, err := schemas.ParseTime(s); err == nil {
		return t, nil
	}
	now = now.In(loc)
	lower := strings.ToLower(strings.Join(strings.Fields(s), " "))
	switch {
	case lower == "now":
		return now, nil
	case lower[0] == '+' || lower[0] == '-':
		return relative(lower[1:], lower[0] == '-', now, s)
	case strings.HasPrefix(lower, "in "):
		return relative(lower[3:], false, now, s)
	case strings.HasSuffix(lower, " ago"):
		return relative(strings.TrimSuffix(lower, " ago"), true, now, s)
	}
	if t, ok := parseLayouts(s, loc); ok {
		return t, nil
	}
	if t, ok := parseNatural(lower, now, loc); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("cannot read %q as a time: %s", s, whenHelp)
}

// ParsePast reads a time that bounds a look back, such as a history filter's
// "since": a bare amount (7d, 90m, 1h30m, "2 weeks") means that long before
// now, and everything else reads as ParseWhen reads it (a date is local
// midnight in loc, "-2h" and "2h ago" are two hours ago, ISO 8601 as
// written). It is ParseWhen for callers that look back, so that "7d" means
// one thing in the whole program: seven days ago here, an error in the form
// (where a sign says which way).
func ParsePast(text string, now time.Time, loc *time.Location) (time.Time, error) {
	s := strings.ToLower(strings.Join(strings.Fields(text), " "))
	if s != "" && s[0] >= '0' && s[0] <= '9' {
		if t, err := relative(s, true, now, text); err == nil {
			return t, nil
		}
	}
	return ParseWhen(text, now, loc)
}

// zonedLayouts are ISO-like forms with a zone that schemas.ParseTime does not take.
var zonedLayouts = []string{
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04Z07:00",
}

// localLayouts are forms without a zone, read in the caller's location.
var localLayouts = []string{
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

func parseLayouts(s string, loc *time.Location) (time.Time, bool) {
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	for _, l := range localLayouts {
		if t, err := time.ParseInLocation(l, s, loc); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// unitDurations maps the unit words of relative times to their length.
var unitDurations = map[string]time.Duration{
	"w": 7 * 24 * time.Hour, "wk": 7 * 24 * time.Hour, "week": 7 * 24 * time.Hour, "weeks": 7 * 24 * time.Hour,
	"d": 24 * time.Hour, "day": 24 * time.Hour, "days": 24 * time.Hour,
	"h": time.Hour, "hr": time.Hour, "hrs": time.Hour, "hour": time.Hour, "hours": time.Hour,
	"m": time.Minute, "min": time.Minute, "mins": time.Minute, "minute": time.Minute, "minutes": time.Minute,
	"s": time.Second, "sec": time.Second, "secs": time.Second, "second": time.Second, "seconds": time.Second,
}

// relative parses "2h30m", "90 m", "1 day 2 hours" (sign already removed).
func relative(s string, negative bool, now time.Time, orig string) (time.Time, error) {
	var total time.Duration
	i, parts := 0, 0
	for {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i == len(s) {
			break
		}
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == start {
			return time.Time{}, fmt.Errorf("cannot read %q as a relative time: expected a number at %q; %s", orig, s[start:], whenHelp)
		}
		if i-start > 9 {
			return time.Time{}, fmt.Errorf("%q is too far from now: keep relative times within ten years", orig)
		}
		n, _ := strconv.Atoi(s[start:i])
		for i < len(s) && s[i] == ' ' {
			i++
		}
		ustart := i
		for i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
			i++
		}
		unit, ok := unitDurations[s[ustart:i]]
		if !ok {
			if ustart == i {
				return time.Time{}, fmt.Errorf("cannot read %q as a relative time: the number %d needs a unit (w, d, h, m or s), e.g. +%dh", orig, n, n)
			}
			return time.Time{}, fmt.Errorf("cannot read %q as a relative time: unknown unit %q (use w, d, h, m or s)", orig, s[ustart:i])
		}
		if time.Duration(n) > maxOffset/unit {
			return time.Time{}, fmt.Errorf("%q is too far from now: keep relative times within ten years", orig)
		}
		total += time.Duration(n) * unit
		if total > maxOffset {
			return time.Time{}, fmt.Errorf("%q is too far from now: keep relative times within ten years", orig)
		}
		parts++
	}
	if parts == 0 {
		return time.Time{}, fmt.Errorf("cannot read %q as a relative time: add an amount such as +2h; %s", orig, whenHelp)
	}
	if negative {
		total = -total
	}
	return now.Add(total), nil
}

var weekdayNames = map[string]time.Weekday{
	"sunday": time.Sunday, "sun": time.Sunday,
	"monday": time.Monday, "mon": time.Monday,
	"tuesday": time.Tuesday, "tue": time.Tuesday, "tues": time.Tuesday,
	"wednesday": time.Wednesday, "wed": time.Wednesday,
	"thursday": time.Thursday, "thu": time.Thursday, "thur": time.Thursday, "thurs": time.Thursday,
	"friday": time.Friday, "fri": time.Friday,
	"saturday": time.Saturday, "sat": time.Saturday,
}

// parseNatural reads "[next] day-word [at] [clock]" or a clock alone, in either order.
func parseNatural(s string, now time.Time, loc *time.Location) (time.Time, bool) {
	toks := strings.Fields(s)
	day := "" // "today", "tomorrow" or "weekday"
	var wd time.Weekday
	next := false
	var clock []string
	for _, t := range toks {
		switch {
		case t == "at" || t == "on":
		case t == "next" && day == "":
			next = true
		case (t == "today" || t == "tomorrow") && day == "":
			day = t
		default:
			if w, ok := weekdayNames[t]; ok && day == "" {
				day, wd = "weekday", w
				continue
			}
			clock = append(clock, t)
		}
	}
	if next && day != "weekday" {
		return time.Time{}, false
	}
	h, m, sec := now.Hour(), now.Minute(), 0
	hasClock := len(clock) > 0
	if hasClock {
		var ok bool
		h, m, sec, ok = parseClock(strings.Join(clock, ""))
		if !ok {
			return time.Time{}, false
		}
	}
	if day == "" && !hasClock {
		return time.Time{}, false
	}
	y, mo, d := now.Date()
	at := func(offset int) time.Time { return time.Date(y, mo, d+offset, h, m, sec, 0, loc) }
	switch day {
	case "today":
		if !hasClock {
			return now, true
		}
		return at(0), true
	case "tomorrow":
		return at(1), true
	case "weekday":
		offset := (int(wd) - int(now.Weekday()) + 7) % 7
		if offset == 0 && (next || !at(0).After(now)) {
			offset = 7
		}
		return at(offset), true
	}
	if t := at(0); t.After(now) {
		return t, true
	}
	return at(1), true
}

// parseClock reads "19:00", "9:00", "19:00:30", "7pm", "7:30am" (spaces already removed).
func parseClock(s string) (h, m, sec int, ok bool) {
	ampm := ""
	if strings.HasSuffix(s, "am") || strings.HasSuffix(s, "pm") {
		ampm, s = s[len(s)-2:], s[:len(s)-2]
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 || (len(parts) == 1 && ampm == "") {
		return 0, 0, 0, false
	}
	var nums [3]int
	for i, p := range parts {
		if len(p) == 0 || len(p) > 2 || (i > 0 && len(p) != 2) {
			return 0, 0, 0, false
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return 0, 0, 0, false
		}
		nums[i] = n
	}
	h, m, sec = nums[0], nums[1], nums[2]
	if m > 59 || sec > 59 {
		return 0, 0, 0, false
	}
	switch ampm {
	case "":
		if h > 23 {
			return 0, 0, 0, false
		}
	default:
		if h < 1 || h > 12 {
			return 0, 0, 0, false
		}
		h %= 12
		if ampm == "pm" {
			h += 12
		}
	}
	return h, m, sec, true
}

// Describe says what a parsed time is, for the echo beside a time input:
// "Sun Nov 23 19:00 UTC (in 5h 0m)". The time is shown in its own zone; the
// year appears when it differs from now's, seconds when they are not zero.
func Describe(t, now time.Time) string {
	layout := "Mon Jan 2 15:04"
	if t.Year() != now.Year() {
		layout = "Mon Jan 2 2006 15:04"
	}
	if t.Second() != 0 {
		layout += ":05"
	}
	return t.Format(layout+" MST") + " (" + Relative(t, now) + ")"
}

// Relative says how far t is from now: "in 5h 0m", "2h 0m ago" or "now"
// (within a second).
func Relative(t, now time.Time) string {
	d := t.Sub(now)
	switch {
	case d > -time.Second && d < time.Second:
		return "now"
	case d > 0:
		return "in " + FormatDuration(d)
	}
	return FormatDuration(-d) + " ago"
}

// FormatDuration writes a duration for people in schemas.FormatDuration's
// wording, without the seconds from an hour up: "3d 4h" from two days up,
// "23h 0m" from an hour up, "4m 59s" below an hour, "42s" below a minute.
// Negative durations are written by their size.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	if d >= time.Hour {
		d = d.Truncate(time.Minute)
	}
	return schemas.FormatDuration(d)
}

// WhenFormats lists the time forms ParseWhen understands, for a help screen.
func WhenFormats() string { return whenHelp }
