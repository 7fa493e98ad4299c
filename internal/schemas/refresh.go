package schemas

import (
	"crypto/rand"
	"time"
)

// ReferenceIDPrefix starts every reference id the tool generates.
const ReferenceIDPrefix = "pe~"

// defaultExpiry is the expiry distance Refresh uses when the old one cannot be measured.
const defaultExpiry = 23 * time.Hour

const base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

// NewReferenceID returns a fresh reference id made only of the documented
// characters (letters, digits and "~"): "pe~" followed by 20 random base62
// characters (about 119 bits of randomness), e.g. "pe~3kT9qLx0aZ7bW2mN8cVdY".
func NewReferenceID() string {
	var raw [20]byte
	var out [len(ReferenceIDPrefix) + 20]byte
	copy(out[:], ReferenceIDPrefix)
	n := 0
	for n < len(raw) {
		_, _ = rand.Read(raw[:]) // crypto/rand.Read never fails on supported platforms
		for _, b := range raw {
			// Rejection sampling keeps the characters uniform: 248 = 4×62.
			if b >= 248 {
				continue
			}
			out[len(ReferenceIDPrefix)+n] = base62[b%62]
			n++
			if n == len(raw) {
				break
			}
		}
	}
	return string(out[:])
}

// Refresh returns a copy of r made ready to send again at now: timestamp set
// to now (RFC 3339, UTC, whole seconds), a new referenceId from
// NewReferenceID, and expiryTime moved so that it keeps its old distance from
// the old timestamp. When that distance cannot be measured (either time is
// missing or unparseable) the expiry is now + 23 hours. The original is not changed.
func Refresh(r *Request, now time.Time) *Request {
	out := r.Clone()
	if out == nil {
		out = &Request{}
	}
	dist := defaultExpiry
	if old := out.Object(); old != nil {
		ts, errTS := parseField(old, FieldTimestamp)
		exp, errExp := parseField(old, FieldExpiryTime)
		if errTS == nil && errExp == nil {
			dist = exp.Sub(ts)
		}
	}
	now = now.UTC().Truncate(time.Second)
	out.Set(FieldTimestamp, FormatTime(now))
	out.Set(FieldReferenceID, NewReferenceID())
	out.Set(FieldExpiryTime, FormatTime(now.Add(dist)))
	return out
}

func parseField(m map[string]any, name string) (time.Time, error) {
	s, ok := m[name].(string)
	if !ok {
		return time.Time{}, errTimeFormat
	}
	return ParseTime(s)
}
