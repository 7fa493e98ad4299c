package schemas

import (
	"time"
)

// ValidateOptions tune Validate.
type ValidateOptions struct {
	// Strict promotes every ⚑ warning of spec §6 (and WEATHER_NO_SOURCE) to an
	// error; REF_HYPHEN stays a warning.
	Strict bool
	// Published lists the event names a skill manifest publishes; nil means no
	// manifest was supplied and EVT_NOT_PUBLISHED is not checked.
	Published []string
}

// Validate checks a request against spec §6 (envelope, event, audience,
// payload and localization) at the time now, and returns the findings in
// path order: the envelope fields in canonical order, payload fields in
// catalog order, unknown fields after the known ones. Each finding has the
// full JSON path from the root and a message saying what to do; published
// variants of spec §9 carry a Fix.
func Validate(r *Request, now time.Time, opts ValidateOptions) []Finding {
	v := validator{opts: opts, now: now}
	root := r.Object()
	if root == nil {
		what := "a JSON " + jsonKind(nil)
		if r != nil {
			what = "a JSON " + jsonKind(r.Root)
		}
		v.add(CodeEnvNotObject, "", "The body is "+what+"; it must be a JSON object with timestamp, referenceId, expiryTime, event, localizedAttributes and relevantAudience.", nil)
		return v.out
	}
	v.root = root
	v.envelopeTimes()
	v.event()
	v.localization()
	v.audience()
	v.unknownTopLevel()
	return v.out
}

// validator carries the state of one Validate call.
type validator struct {
	opts   ValidateOptions
	now    time.Time
	root   map[string]any
	schema *Schema
	out    []Finding
	// refs lists the distinct localized-attribute keys the payload refers to, in payload order.
	refs []string
}

// add appends a finding with the code's severity (promoted in strict mode).
func (v *validator) add(code, path, msg string, fix *Fix) {
	sev := SeverityError
	if info, ok := LookupCode(code); ok {
		sev = info.Severity
		if v.opts.Strict && info.Flagged {
			sev = SeverityError
		}
	}
	v.out = append(v.out, Finding{Code: code, Severity: sev, Path: path, Message: msg, Fix: fix})
}

// jsonKind names the JSON type of a decoded value for messages.
func jsonKind(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case bool:
		return "boolean"
	}
	return "number"
}
