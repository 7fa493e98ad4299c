package schemas

import (
	"fmt"
	"strconv"
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
// path order: first what Decode found in the bytes (JSON_DUPLICATE_KEY,
// JSON_INVALID_UTF8) in the order of the body, then the envelope fields in
// canonical order, payload fields in catalog order, unknown fields after the
// known ones. Each finding has the
// full JSON path from the root and a message saying what to do; published
// variants of spec §9 carry a Fix.
//
// At most MaxFindingsPerCode findings of one code are listed; the rest are
// counted in one more finding of that code, with an empty path, that says
// how many were left out; these summaries come last.
func Validate(r *Request, now time.Time, opts ValidateOptions) []Finding {
	v := validator{opts: opts, now: now}
	if r != nil {
		v.defectFindings(r)
	}
	v.request(r)
	v.summarise()
	return v.out
}

// request runs the checks of spec §6 on the decoded tree.
func (v *validator) request(r *Request) {
	root := r.Object()
	if root == nil {
		what := "a JSON " + jsonKind(nil)
		if r != nil {
			what = "a JSON " + jsonKind(r.Root)
		}
		v.add(CodeEnvNotObject, "", "The body is "+what+"; it must be a JSON object with timestamp, referenceId, expiryTime, event, localizedAttributes and relevantAudience.", nil)
		return
	}
	v.root = root
	v.envelopeTimes()
	v.event()
	v.localization()
	v.audience()
	v.unknownTopLevel()
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
	// nameAlias is the event key that holds the event name when "name" is
	// missing (e.g. "type"); its EVT_SHAPE finding carries the fix, so it is
	// not also reported as an unknown field.
	nameAlias string
	// kept counts the findings listed per code, skipped those left out
	// (both made by the first finding).
	kept, skipped map[string]int
}

// MaxFindingsPerCode is how many findings of one code Validate lists; a
// 5 MB body with 300,000 unknown keys gives 20 findings and a summary, not
// 300,000 messages.
const MaxFindingsPerCode = 20

// full reports whether the code already has MaxFindingsPerCode findings, so
// that a loop can count instead of building a message that would be dropped.
func (v *validator) full(code string) bool {
	v.counters()
	if v.kept[code] < MaxFindingsPerCode {
		return false
	}
	v.skipped[code]++
	return true
}

// counters makes kept and skipped; a request without findings needs neither.
func (v *validator) counters() {
	if v.kept == nil {
		v.kept, v.skipped = map[string]int{}, map[string]int{}
	}
}

// summarise appends, in code order, one finding per code that had findings left out.
func (v *validator) summarise() {
	for _, info := range codeTable {
		n := v.skipped[info.Code]
		if n == 0 {
			continue
		}
		v.kept[info.Code] = 0
		v.add(info.Code, "", fmt.Sprintf("and %s more %s findings like the %d above; fix those and validate again to see the rest.",
			thousands(n), info.Code, MaxFindingsPerCode), nil)
	}
}

// thousands writes n with comma separators: 299990 → "299,990".
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// add appends a finding with the code's severity (promoted in strict mode),
// or counts it when the code already has MaxFindingsPerCode findings.
func (v *validator) add(code, path, msg string, fix *Fix) {
	if v.full(code) {
		return
	}
	v.kept[code]++
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
