package template

import (
	"fmt"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// CheckVarName reports whether name can be a --set variable: 1–64 ASCII
// letters, digits, '_', '.' or '-', starting with a letter or '_', and not
// one of the fixed names now, ref, open (nor starting with "now+"/"now-",
// "user:" or "env:", which the charset already excludes).
func CheckVarName(name string) error {
	if name == "" || len(name) > maxVarName {
		return fmt.Errorf("a variable name has 1 to %d characters", maxVarName)
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		letter := c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		if !letter && (i == 0 || !(c >= '0' && c <= '9' || c == '.' || c == '-')) {
			return fmt.Errorf("%q is not a variable name: use letters, digits, '_', '.' and '-', starting with a letter or '_'", name)
		}
	}
	switch name {
	case NameNow, NameRef, NameOpen:
		return fmt.Errorf("%q is a built-in placeholder and cannot be set", name)
	}
	return nil
}

// ParseSet parses the values of repeated --set NAME=VALUE flags into the
// Vars of an Env. The value is everything after the first '=' and may be
// empty; the name follows CheckVarName; a name given twice, a missing '='
// or a value over 64 KiB is an error that names the flag value.
func ParseSet(sets []string) (map[string]string, error) {
	if len(sets) == 0 {
		return nil, nil
	}
	vars := make(map[string]string, len(sets))
	for _, s := range sets {
		name, val, ok := strings.Cut(s, "=")
		if !ok {
			return nil, fmt.Errorf("--set %q: write NAME=VALUE", s)
		}
		if err := CheckVarName(name); err != nil {
			return nil, fmt.Errorf("--set %s: %w", name, err)
		}
		if _, dup := vars[name]; dup {
			return nil, fmt.Errorf("--set %s is given twice", name)
		}
		if len(val) > maxVarValue {
			return nil, fmt.Errorf("--set %s: the value is longer than %d KiB", name, maxVarValue>>10)
		}
		vars[name] = val
	}
	return vars, nil
}

// DefaultExpiry is the expiry Templatize writes when the body's own
// distance from timestamp to expiryTime cannot be kept.
const DefaultExpiry = 23 * time.Hour

// Templatize returns body with its timestamp, referenceId and expiryTime
// made into placeholders, so that a saved event can be sent again and again
// without a 409 (duplicate referenceId) or an expired window: timestamp
// becomes {{now}}, referenceId {{ref}}, and expiryTime {{now+D}} where D is
// the body's own distance from timestamp to expiryTime when that is between
// 1 minute and 24 hours, else 23h. A field that already holds a placeholder
// is kept. A body that is not a JSON object is returned with an error
// (*schemas.SyntaxError for invalid JSON). The result is indented JSON in
// canonical key order with a trailing newline.
func Templatize(body []byte) ([]byte, error) {
	req, err := schemas.Decode(body)
	if err != nil {
		return nil, err
	}
	obj := req.Object()
	if obj == nil {
		return nil, fmt.Errorf("the body is not a JSON object")
	}
	dist := DefaultExpiry
	if ts, ok := obj[schemas.FieldTimestamp].(string); ok {
		if exp, ok := obj[schemas.FieldExpiryTime].(string); ok {
			t0, err0 := schemas.ParseTime(ts)
			t1, err1 := schemas.ParseTime(exp)
			if d := t1.Sub(t0); err0 == nil && err1 == nil && d >= time.Minute && d <= 24*time.Hour {
				dist = d
			}
		}
	}
	set := func(field, val string) {
		if s, ok := obj[field].(string); ok && strings.Contains(s, Open) {
			return
		}
		obj[field] = val
	}
	set(schemas.FieldTimestamp, Open+NameNow+Close)
	set(schemas.FieldReferenceID, Open+NameRef+Close)
	set(schemas.FieldExpiryTime, Open+NameNow+FormatOffset(dist)+Close)
	return req.Encode(), nil
}
