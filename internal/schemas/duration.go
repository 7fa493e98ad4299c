package schemas

import (
	"fmt"
	"time"
)

// FormatDuration is the one wording of a distance in time that the
// validator's messages and the form's expiry text share, so that both name
// the same instant alike: "3d 4h" from two days up, "23h 0m" on a whole
// minute from an hour up, "1h 59m 59s" otherwise, "4m 59s" below an hour,
// "42s" below a minute. It truncates to the second (never rounds up), so a
// window that is counting down is never shown larger than it is. Negative
// durations are written by their size.
func FormatDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	const day = 24 * time.Hour
	switch {
	case d >= 2*day:
		return fmt.Sprintf("%dd %dh", d/day, (d%day)/time.Hour)
	case d >= time.Hour && d%time.Minute < time.Second:
		return fmt.Sprintf("%dh %dm", d/time.Hour, (d%time.Hour)/time.Minute)
	case d >= time.Hour:
		return fmt.Sprintf("%dh %dm %ds", d/time.Hour, (d%time.Hour)/time.Minute, (d%time.Minute)/time.Second)
	case d >= time.Minute:
		return fmt.Sprintf("%dm %ds", d/time.Minute, (d%time.Minute)/time.Second)
	}
	return fmt.Sprintf("%ds", d/time.Second)
}
