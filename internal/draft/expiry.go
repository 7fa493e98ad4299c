package draft

import (
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// DefaultExpiry is the expiry an empty expiry field means, as typed: 23
// hours from the moment of sending.
const DefaultExpiry = "+23h"

// DefaultExpiryAfter is how far after its creation a new draft expires; the
// draft holds it as an absolute time, so the window counts down while the
// form is open.
const DefaultExpiryAfter = 23 * time.Hour

// Expiry is the state of a request's expiryTime at one instant, with the one
// text the form and the status line both show. Whether the time lies in the
// window Amazon accepts is decided by schemas.Validate (EXP_IN_PAST,
// EXP_TOO_SOON, EXP_TOO_LATE); this only reads its verdict.
type Expiry struct {
	Time time.Time // the expiryTime; zero when it is missing or unreadable
	// Text is "expires in 23h 0m ✓", "expires in 12m 5s ⚠ soon", "expires
	// in 4m 59s ✗", "already expired 3m 0s ago ✗", "no expiry ✗" or "expiry
	// invalid ✗". Seconds show (except on whole minutes) so that the window
	// visibly counts down.
	Text string
	OK   bool // the time lies in the window
	Soon bool // OK, but the window closes within ExpirySoon: shown in amber
}

// ExpirySoon is how close to its expiry an accepted event counts as
// expiring soon: it still goes out, but will not for long.
const ExpirySoon = 15 * time.Minute

// expiryOf reads the expiry state of req at now from the findings fs of
// the same request at the same instant.
func expiryOf(req *schemas.Request, fs []schemas.Finding, now time.Time) Expiry {
	s := req.String(schemas.FieldExpiryTime)
	t, _, err := schemas.ParseTimeZoneOptional(s)
	switch {
	case s == "":
		return Expiry{Text: "no expiry ✗"}
	case err != nil:
		return Expiry{Text: "expiry invalid ✗"}
	}
	ok := true
	for _, f := range fs {
		if f.Path == schemas.FieldExpiryTime && (f.Code == schemas.CodeExpInPast || f.Code == schemas.CodeExpTooSoon || f.Code == schemas.CodeExpTooLate) {
			ok = false
		}
	}
	mark := " ✓"
	if !ok {
		mark = " ✗"
	}
	d := t.Sub(now)
	if d <= 0 {
		return Expiry{Time: t, Text: "already expired " + schemas.FormatDuration(-d) + " ago" + mark, OK: ok}
	}
	if ok && d < ExpirySoon {
		return Expiry{Time: t, Text: "expires in " + schemas.FormatDuration(d) + " ⚠ soon", OK: ok, Soon: true}
	}
	return Expiry{Time: t, Text: "expires in " + schemas.FormatDuration(d) + mark, OK: ok}
}
