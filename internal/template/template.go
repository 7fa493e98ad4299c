// Package template expands the placeholders a saved event may hold in its
// string values, at send time, so that one library event can be sent again
// and again: {{now}}, {{now+23h}}, {{ref}}, {{user:LABEL}}, {{env:NAME}},
// {{NAME}} (set per send with --set NAME=VALUE) and {{open}} (a literal "{{").
//
// Expansion works on the decoded JSON tree: only string values are expanded
// (object keys, numbers and booleans never are), and the tree is encoded
// again, so a value that holds quotes, newlines or control characters stays a
// valid JSON string. A placeholder that cannot be expanded is a Finding that
// names its path and name; it is never left in the body silently.
//
// The package is pure: the clock, the reference-id source, the user list and
// the environment all come in through Env.
package template

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Placeholder delimiters.
const (
	Open  = "{{"
	Close = "}}"
)

// Placeholder names with a fixed meaning; a --set variable cannot use them.
const (
	NameNow     = "now"
	NameRef     = "ref"
	NameOpen    = "open"
	PrefixUser  = "user:"
	PrefixEnv   = "env:"
	maxOffset   = 400 * 24 * time.Hour
	maxVarName  = 64
	maxVarValue = 64 << 10
)

// Env is where placeholders take their values from.
type Env struct {
	// Now is the time {{now}} stands for; the zero time means time.Now()
	// when the Expander is made. It is written in UTC, whole seconds, with Z.
	Now time.Time
	// NewRef makes the value of {{ref}}, once per Expander (one send); nil
	// means schemas.NewReferenceID. A preview that must not flicker passes a
	// function returning a fixed id.
	NewRef func() string
	// User returns the user id saved under label in the active profile, for
	// {{user:LABEL}}; nil means the profile has no users.
	User func(label string) (id string, ok bool)
	// LookupEnv reads {{env:NAME}}; nil means os.LookupEnv.
	LookupEnv func(name string) (string, bool)
	// Vars are the values of {{NAME}}, from --set NAME=VALUE (see ParseSet).
	Vars map[string]string
}

// Finding is a placeholder that could not be expanded.
type Finding struct {
	// Path is where the string is, in the form validation findings use:
	// "event.payload.messageGroup.creator.name", "localizedAttributes[0].subject".
	Path string
	// Placeholder is the text as written, e.g. "{{user:bob}}" (or the
	// unclosed rest of the string, cut to 40 bytes).
	Placeholder string
	// Message says what is wrong and what to do.
	Message string
}

func (f Finding) String() string {
	s := f.Placeholder + ": " + f.Message
	if f.Path != "" {
		s = f.Path + ": " + s
	}
	return s
}

// Expansion is one placeholder of a string and what it became, for the form
// to show under the field (e.g. "{{now+23h}} → 2026-12-06T00:50:00Z").
type Expansion struct {
	Placeholder string // as written, with the braces
	Value       string // the expanded text; "" when Err is set
	Err         string // why it could not be expanded; "" when it was
}

// Expander expands placeholders with one fixed time and one reference id, so
// every field of one send agrees. Make one per send (or per preview frame).
type Expander struct {
	env Env
	now time.Time
	ref string
}

// New returns an Expander for env.
func New(env Env) *Expander {
	x := &Expander{env: env, now: env.Now}
	if x.now.IsZero() {
		x.now = time.Now()
	}
	x.now = x.now.UTC().Truncate(time.Second)
	return x
}

// Has reports whether data may hold a placeholder: an opening "{{", written
// plainly or with JSON \u escapes.
func Has(data []byte) bool {
	return bytes.Contains(data, []byte(Open)) || bytes.Contains(data, []byte(`\u007b`)) || bytes.Contains(data, []byte(`\u007B`))
}

// Expand expands every placeholder in the string values of a JSON body with
// a new Expander for env. See Expander.Body.
func Expand(body []byte, env Env) ([]byte, []Finding, error) {
	return New(env).Body(body)
}

// Body expands every placeholder in the string values of a JSON body and
// returns the body encoded again (indented, canonical key order, see
// schemas.Request.Encode). A body without placeholders is returned unchanged,
// byte for byte, even when it is not JSON (the send path reports that). A
// body with placeholders that is not JSON gives a *schemas.SyntaxError.
// Findings list every placeholder that could not be expanded; the caller
// must not send a body with findings (the placeholder text is left in it).
func (x *Expander) Body(body []byte) ([]byte, []Finding, error) {
	if !Has(body) {
		return body, nil, nil
	}
	req, err := schemas.Decode(body)
	if err != nil {
		return nil, nil, err
	}
	var fs []Finding
	req.Root = x.Walk(req.Root, "", func(path string, exps []Expansion) {
		for _, e := range exps {
			if e.Err != "" {
				fs = append(fs, Finding{Path: path, Placeholder: e.Placeholder, Message: e.Err})
			}
		}
	})
	// Objects are walked in map order; report in a stable order.
	slices.SortStableFunc(fs, func(a, b Finding) int { return strings.Compare(a.Path, b.Path) })
	return req.Encode(), fs, nil
}

// Walk expands the placeholders of every string in v, a decoded JSON tree
// that is changed in place, and returns the result; seen, when not nil, gets
// each string that held a placeholder with its path (as findings write it:
// "event.payload.x", "localizedAttributes[0].subject") and its expansions.
func (x *Expander) Walk(v any, path string, seen func(path string, exps []Expansion)) any {
	switch t := v.(type) {
	case map[string]any:
		for k, c := range t {
			p := k
			if path != "" {
				p = path + "." + k
			}
			t[k] = x.Walk(c, p, seen)
		}
	case []any:
		for i, c := range t {
			t[i] = x.Walk(c, path+"["+strconv.Itoa(i)+"]", seen)
		}
	case string:
		if !strings.Contains(t, Open) {
			return t
		}
		out, exps := x.String(t)
		if seen != nil {
			seen(path, exps)
		}
		return out
	}
	return v
}

// String expands the placeholders of one string value and lists each
// placeholder with its value (or why it has none). A placeholder that fails
// stays in the result as written.
func (x *Expander) String(s string) (string, []Expansion) {
	if !strings.Contains(s, Open) {
		return s, nil
	}
	var b strings.Builder
	var exps []Expansion
	for {
		i := strings.Index(s, Open)
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		rest := s[i:]
		j := strings.Index(rest[len(Open):], Close)
		if j < 0 {
			shown := rest
			if len(shown) > 40 {
				shown = shown[:40] + "…"
			}
			exps = append(exps, Expansion{Placeholder: shown, Err: `"{{" is not closed by "}}"; write {{open}} for a literal "{{"`})
			b.WriteString(rest)
			break
		}
		ph := rest[:len(Open)+j+len(Close)]
		val, err := x.value(strings.TrimSpace(ph[len(Open) : len(ph)-len(Close)]))
		if err != "" {
			exps = append(exps, Expansion{Placeholder: ph, Err: err})
			b.WriteString(ph)
		} else {
			exps = append(exps, Expansion{Placeholder: ph, Value: val})
			b.WriteString(val)
		}
		s = rest[len(ph):]
	}
	return b.String(), exps
}

// value expands one placeholder name; the second result says why it cannot.
func (x *Expander) value(name string) (string, string) {
	switch {
	case name == NameNow:
		return schemas.FormatTime(x.now), ""
	case strings.HasPrefix(name, NameNow+"+"), strings.HasPrefix(name, NameNow+"-"):
		d, err := ParseOffset(name[len(NameNow):])
		if err != nil {
			return "", err.Error()
		}
		return schemas.FormatTime(x.now.Add(d)), ""
	case name == NameRef:
		if x.ref == "" {
			if x.env.NewRef != nil {
				x.ref = x.env.NewRef()
			} else {
				x.ref = schemas.NewReferenceID()
			}
		}
		return x.ref, ""
	case name == NameOpen:
		return Open, ""
	case strings.HasPrefix(name, PrefixUser):
		label := strings.TrimSpace(name[len(PrefixUser):])
		if x.env.User != nil {
			if id, ok := x.env.User(label); ok {
				return id, ""
			}
		}
		return "", fmt.Sprintf("the active profile has no saved user labelled %q; add one with 'pe-tui profile users' or pick another profile", label)
	case strings.HasPrefix(name, PrefixEnv):
		v := strings.TrimSpace(name[len(PrefixEnv):])
		look := x.env.LookupEnv
		if look == nil {
			look = os.LookupEnv
		}
		if val, ok := look(v); ok {
			return val, ""
		}
		return "", fmt.Sprintf("the environment variable %s is not set", v)
	}
	if val, ok := x.env.Vars[name]; ok {
		return val, ""
	}
	if CheckVarName(name) != nil {
		return "", "unknown placeholder; known ones are {{now}}, {{now+23h}}, {{now-5m}}, {{ref}}, {{user:LABEL}}, {{env:NAME}}, {{open}} and {{NAME}} set with --set NAME=VALUE"
	}
	return "", fmt.Sprintf("unknown placeholder %q: give it a value with --set %s=VALUE", name, name)
}

// ParseOffset parses the offset of {{now+OFFSET}}: a sign and one or more
// whole numbers with a unit d (24 hours), h, m or s, largest first, as
// "+23h", "-5m", "+1h30m", "+2d". The offset is at most 400 days.
func ParseOffset(s string) (time.Duration, error) {
	bad := fmt.Errorf("%q is not a time offset: use a sign and amounts with units d, h, m, s, as +23h, +90m, -5m, +1h30m", s)
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, bad
	}
	const unitChars = "dhms"
	unitDur := [...]time.Duration{24 * time.Hour, time.Hour, time.Minute, time.Second}
	var total time.Duration
	last := -1
	rest := s[1:]
	for rest != "" {
		n := 0
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			n++
		}
		if n == 0 || n == len(rest) || n > 6 {
			return 0, bad
		}
		v, _ := strconv.Atoi(rest[:n])
		u := strings.IndexByte(unitChars, rest[n])
		if u <= last { // an unknown unit, or units not largest first
			return 0, bad
		}
		last = u
		if time.Duration(v) > (maxOffset-total)/unitDur[u] {
			return 0, fmt.Errorf("%q is more than 400 days", s)
		}
		total += time.Duration(v) * unitDur[u]
		rest = rest[n+1:]
	}
	if s[0] == '-' {
		total = -total
	}
	return total, nil
}

// FormatOffset writes d as ParseOffset reads it: "+23h", "+1h30m", "-5m";
// d is truncated to whole seconds.
func FormatOffset(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	d = d.Truncate(time.Second)
	if d == 0 {
		return "+0s"
	}
	var b strings.Builder
	b.WriteString(sign)
	for _, u := range []struct {
		d time.Duration
		c byte
	}{{time.Hour, 'h'}, {time.Minute, 'm'}, {time.Second, 's'}} {
		if n := d / u.d; n > 0 {
			b.WriteString(strconv.FormatInt(int64(n), 10))
			b.WriteByte(u.c)
			d -= n * u.d
		}
	}
	return b.String()
}

// FindingCode is the validation code under which a placeholder that could
// not be expanded is reported alongside the schema findings.
const FindingCode = "TEMPLATE_PLACEHOLDER"
