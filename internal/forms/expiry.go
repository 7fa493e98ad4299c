package forms

import "time"

// The expiry window of spec §2.2: now + 5 min ≤ expiryTime ≤ now + 24 h.
const (
	MinExpiry = 5 * time.Minute
	MaxExpiry = 24 * time.Hour
)

// DefaultExpiry is the expiry an empty expiry field means, as typed: 23
// hours from the moment of sending.
const DefaultExpiry = "+23h"

// DefaultExpiryAfter is how far after its creation a new draft expires; the
// draft holds it as an absolute time, so the window counts down while the
// form is open.
const DefaultExpiryAfter = 23 * time.Hour

// ExpiryStatus checks an expiry time against the window Amazon accepts. text
// is the live line shown beside the expiry input ("expires in 23h 0m ✓" or
// "expires in 4m 59s ✗"); ok says whether the time lies in the window; reason
// says, when it does not, why Amazon rejects it and what to do.
// The bounds are inclusive: exactly 5 minutes and exactly 24 hours are ok.
func ExpiryStatus(expiry, now time.Time) (text string, ok bool, reason string) {
	d := expiry.Sub(now)
	switch {
	case d <= 0:
		return "expired " + formatPrecise(-d) + " ago ✗", false,
			"the expiry is in the past: Amazon accepts 5 minutes to 24 hours from now (try +23h)"
	case d < MinExpiry:
		return "expires in " + formatPrecise(d) + " ✗", false,
			"less than 5 minutes from now: Amazon rejects it (EXP_TOO_SOON); use at least +5m"
	case d > MaxExpiry:
		return "expires in " + formatPrecise(d) + " ✗", false,
			"more than 24 hours from now: Amazon rejects it (EXP_TOO_LATE); use at most +24h"
	}
	// Seconds are shown (except on whole minutes) so that the window visibly
	// counts down while the form is open.
	return "expires in " + formatPrecise(d) + " ✓", true, ""
}
