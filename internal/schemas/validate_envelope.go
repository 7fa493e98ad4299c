package schemas

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

const (
	minExpiry    = 5 * time.Minute
	maxExpiry    = 24 * time.Hour
	maxSkew      = 5 * time.Minute
	maxRefLength = 100
)

// envelopeTimes checks timestamp, referenceId and expiryTime (spec §6.1).
func (v *validator) envelopeTimes() {
	ts, tsOK := v.timeField(FieldTimestamp, CodeTSFormat, CodeTSNoZone)
	if tsOK {
		if d := ts.Sub(v.now); d > maxSkew || d < -maxSkew {
			v.add(CodeTSSkew, FieldTimestamp, fmt.Sprintf(
				"timestamp is %s the current time %s; set it to now (refresh the event before sending).",
				relative(d), FormatTime(v.now)), nil)
		}
	}
	v.referenceID()
	exp, expOK := v.timeField(FieldExpiryTime, CodeExpFormat, CodeExpNoZone)
	if !expOK {
		return
	}
	switch {
	case !exp.After(v.now):
		v.add(CodeExpInPast, FieldExpiryTime, fmt.Sprintf(
			"expiryTime %s already expired %s ago (the current time is %s); set it between 5 minutes and 24 hours from now.",
			FormatTime(exp), FormatDuration(v.now.Sub(exp)), FormatTime(v.now)), nil)
	case exp.Before(v.now.Add(minExpiry)):
		v.add(CodeExpTooSoon, FieldExpiryTime, fmt.Sprintf(
			"expiryTime %s is %s the current time %s; set it between 5 minutes and 24 hours from now.",
			FormatTime(exp), relative(exp.Sub(v.now)), FormatTime(v.now)), nil)
	case exp.After(v.now.Add(maxExpiry)):
		v.add(CodeExpTooLate, FieldExpiryTime, fmt.Sprintf(
			"expiryTime %s is %s the current time %s; set it between 5 minutes and 24 hours from now.",
			FormatTime(exp), relative(exp.Sub(v.now)), FormatTime(v.now)), nil)
	}
	if tsOK {
		if d := exp.Sub(ts); d < minExpiry || d > maxExpiry {
			v.add(CodeExpVsTimestamp, FieldExpiryTime, fmt.Sprintf(
				"expiryTime is %s timestamp; keep it between 5 minutes and 24 hours after timestamp.",
				relative(d)), nil)
		}
	}
}

// timeField reads a required top-level date-time; it reports ENV_MISSING or
// the format code, and the no-zone code for a value without a zone
// designator, which is read as UTC (spec §6.1).
func (v *validator) timeField(name, formatCode, noZoneCode string) (time.Time, bool) {
	x, present := v.root[name]
	if !present {
		v.add(CodeEnvMissing, name, name+" is missing; add it as an ISO 8601 date-time such as \"2024-03-01T09:00:00Z\".", nil)
		return time.Time{}, false
	}
	s, isString := x.(string)
	if !isString {
		v.add(formatCode, name, fmt.Sprintf("%s is a JSON %s; write it as a string such as \"2024-03-01T09:00:00Z\".", name, jsonKind(x)), nil)
		return time.Time{}, false
	}
	t, zoned, err := ParseTimeZoneOptional(s)
	if err != nil {
		v.add(formatCode, name, fmt.Sprintf("%s %q is %s.", name, s, err), nil)
		return time.Time{}, false
	}
	if !zoned {
		v.add(noZoneCode, name, fmt.Sprintf("%s %q has no zone designator and is read as UTC; add \"Z\" (or an offset such as +01:00) to say so.", name, s), nil)
	}
	return t, true
}

// referenceID checks the referenceId's presence, length and characters.
func (v *validator) referenceID() {
	x, present := v.root[FieldReferenceID]
	if !present {
		v.add(CodeEnvMissing, FieldReferenceID, "referenceId is missing; add a unique id of letters, digits and ~ (1 to 100 characters).", nil)
		return
	}
	s, isString := x.(string)
	if !isString {
		v.add(CodeRefCharset, FieldReferenceID, fmt.Sprintf("referenceId is a JSON %s; write it as a string of letters, digits and ~.", jsonKind(x)), nil)
		return
	}
	if s == "" || len(s) > maxRefLength {
		v.add(CodeRefLength, FieldReferenceID, fmt.Sprintf("referenceId has %d characters; use 1 to 100.", len([]rune(s))), nil)
	}
	hyphen := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '~':
		case c == '-':
			hyphen = true
		default:
			v.add(CodeRefCharset, FieldReferenceID, fmt.Sprintf(
				"referenceId contains %q; use only letters, digits and ~ (generate a new id).", c), nil)
			return
		}
	}
	if hyphen {
		v.add(CodeRefHyphen, FieldReferenceID,
			"referenceId contains \"-\", which is outside the documented letters, digits and ~; it is widely accepted, but a new id avoids the risk.", nil)
	}
}

// event checks the event object, its name and its payload (spec §6.2, §6.3).
func (v *validator) event() {
	x, present := v.root[FieldEvent]
	if !present {
		v.add(CodeEnvMissing, FieldEvent, "event is missing; add {\"name\": <event name>, \"payload\": {…}}.", nil)
		return
	}
	ev, isObject := x.(map[string]any)
	if !isObject {
		v.add(CodeEvtShape, FieldEvent, fmt.Sprintf("event is a JSON %s; it must be an object {\"name\": <event name>, \"payload\": {…}}.", jsonKind(x)), nil)
		return
	}
	nameVal, present := ev["name"]
	name, isString := nameVal.(string)
	switch {
	case !present:
		v.missingEventName(ev)
	case !isString:
		v.add(CodeEvtShape, "event.name", fmt.Sprintf("event.name is a JSON %s; set it to one of: %s.", jsonKind(nameVal), strings.Join(Names(), ", ")), nil)
	default:
		v.schema = Lookup(name)
		switch {
		case v.schema == nil:
			msg := fmt.Sprintf("event.name %q is not an Alexa event name", name)
			if s := ResolveName(name); s != nil {
				msg += fmt.Sprintf("; did you mean %s?", s.Name)
			} else {
				msg += "; use one of: " + strings.Join(Names(), ", ") + "."
			}
			v.add(CodeEvtUnknown, "event.name", msg, nil)
		case v.opts.Published != nil && !slices.Contains(v.opts.Published, name):
			v.add(CodeEvtNotPublished, "event.name", fmt.Sprintf(
				"the skill manifest does not publish %s; add {\"eventName\": %q} to manifest.events.publications (run: pe-tui manifest).", name, name), nil)
		}
	}
	payloadVal, present := ev["payload"]
	payload, isObject := payloadVal.(map[string]any)
	switch {
	case !present:
		v.add(CodeEvtShape, "event.payload", "event.payload is missing; add the payload object of the event.", nil)
	case !isObject:
		v.add(CodeEvtShape, "event.payload", fmt.Sprintf("event.payload is a JSON %s; it must be an object.", jsonKind(payloadVal)), nil)
	case v.schema != nil:
		v.payload(payload)
	}
	known := []string{"name", "payload"}
	if v.nameAlias != "" {
		known = append(known, v.nameAlias) // reported with its fix under event.name
	}
	v.unknownKeys(ev, "event", known...)
}

// audience checks relevantAudience (spec §6.2).
func (v *validator) audience() {
	x, present := v.root[FieldRelevantAudience]
	if !present {
		v.add(CodeEnvMissing, FieldRelevantAudience, "relevantAudience is missing; add {\"type\": \"Multicast\", \"payload\": {}} or {\"type\": \"Unicast\", \"payload\": {\"user\": \"amzn1.ask.account.…\"}}.", nil)
		return
	}
	aud, isObject := x.(map[string]any)
	if !isObject {
		v.add(CodeAudType, FieldRelevantAudience, fmt.Sprintf("relevantAudience is a JSON %s; it must be an object with type and payload.", jsonKind(x)), nil)
		return
	}
	typ, _ := aud["type"].(string)
	payloadVal, hasPayload := aud["payload"]
	payload, payloadIsObject := payloadVal.(map[string]any)
	switch typ {
	case AudienceMulticast:
		switch {
		case !hasPayload:
			v.add(CodeAudMulticastNoPayload, "relevantAudience.payload", "Multicast audience without payload; send \"payload\": {}.", nil)
		case payloadVal == nil:
			v.add(CodeAudMulticastNoPayload, "relevantAudience.payload", "Multicast audience with \"payload\": null; send \"payload\": {}.", nil)
		case !payloadIsObject || len(payload) > 0:
			v.add(CodeAudMulticastPayload, "relevantAudience.payload", "a Multicast audience must have an empty payload {}; remove its contents, or use Unicast to reach one user.", nil)
		}
	case AudienceUnicast:
		user, isString := payload["user"].(string)
		switch {
		case !isString || strings.TrimSpace(user) == "":
			v.add(CodeAudUnicastUser, "relevantAudience.payload.user", "a Unicast audience needs payload.user: the customer's userId (amzn1.ask.account.…) from a skill request or a subscription event.", nil)
		case !strings.HasPrefix(user, "amzn1.ask.account."):
			v.add(CodeAudUserFormat, "relevantAudience.payload.user", "payload.user does not start with amzn1.ask.account.; use the skill-scoped userId from context.System.user.userId.", nil)
		}
	default:
		msg := "relevantAudience.type must be exactly \"Unicast\" or \"Multicast\""
		if t, ok := aud["type"]; !ok {
			msg = "relevantAudience.type is missing; set it to \"Unicast\" or \"Multicast\"."
		} else if s, ok := t.(string); ok && (strings.EqualFold(s, AudienceUnicast) || strings.EqualFold(s, AudienceMulticast)) {
			msg += fmt.Sprintf("; write %q with that exact case.", capitalise(strings.ToLower(s)))
		} else {
			msg += "."
		}
		v.add(CodeAudType, "relevantAudience.type", msg, nil)
	}
	v.unknownKeys(aud, FieldRelevantAudience, "type", "payload")
}

// unknownKeys reports keys of obj (at path) other than the known ones, sorted.
func (v *validator) unknownKeys(obj map[string]any, path string, known ...string) {
	var extra []string
	for k := range obj {
		if !slices.Contains(known, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		if v.full(CodeEnvUnknownField) {
			continue
		}
		v.add(CodeEnvUnknownField, path+"."+k, fmt.Sprintf("%s has no field %q; remove it (known fields: %s).", path, k, strings.Join(known, ", ")), nil)
	}
}

// unknownTopLevel reports top-level fields outside spec §2, with the V2 fix
// for the "localizedattribute" spelling.
func (v *validator) unknownTopLevel() {
	var extra []string
	for k := range v.root {
		if !slices.Contains(EnvelopeFields, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		if v.full(CodeEnvUnknownField) {
			continue
		}
		if fix := v.envelopeVariantFix(k); fix != nil {
			v.add(CodeEnvUnknownField, k, fmt.Sprintf("%q is not an envelope field; the field is spelled localizedAttributes (apply the fix to rename it).", k), fix)
			continue
		}
		v.add(CodeEnvUnknownField, k, fmt.Sprintf("%q is not an envelope field; remove it (the fields are %s).", k, strings.Join(EnvelopeFields, ", ")), nil)
	}
}

// envelopeVariantFixes are the published misspellings of envelope fields (spec §9 V2).
var envelopeVariantFixes = []Variant{
	{From: "localizedattribute", To: FieldLocalizedAttributes, Note: "some published samples spell it localizedattribute"},
}

// envelopeVariantFix returns the fix renaming a misspelt top-level key, when its target is absent.
func (v *validator) envelopeVariantFix(key string) *Fix {
	for _, ev := range envelopeVariantFixes {
		if ev.From != key {
			continue
		}
		if _, present := v.root[ev.From]; !present {
			return nil
		}
		if _, taken := v.root[ev.To]; taken {
			return nil
		}
		return &Fix{Summary: "rename " + ev.From + " to " + ev.To, Moves: []Move{{From: ev.From, To: ev.To}}}
	}
	return nil
}

// relative says how far d lies from a reference point: "10m 0s after",
// "3d 2h before", "exactly at".
func relative(d time.Duration) string {
	switch {
	case d > 0:
		return FormatDuration(d) + " after"
	case d < 0:
		return FormatDuration(-d) + " before"
	}
	return "exactly at"
}

// missingEventName reports an event without a name. When another key of the
// event holds an event name (a body that wrote "type" for "name"), or the
// payload has the shape of exactly one schema, the message names that schema
// and the finding carries a fix (spec §9 style).
func (v *validator) missingEventName(ev map[string]any) {
	const path = "event.name"
	keys := make([]string, 0, len(ev))
	for k := range ev {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		s, isString := ev[k].(string)
		if k == "payload" || !isString || k == "" || strings.ContainsAny(k, ".[") {
			continue // a key a dotted path cannot name gets no fix
		}
		if sc := ResolveName(s); sc != nil && sc.Name == s {
			v.nameAlias = k
			v.add(CodeEvtShape, path, fmt.Sprintf(
				"event.name is missing, but event.%s holds %s; the field is spelled \"name\" (apply the fix to rename it).", k, s),
				&Fix{Summary: "rename event." + k + " to event.name", Moves: []Move{{From: "event." + k, To: path}}})
			return
		}
	}
	if payload, ok := ev["payload"].(map[string]any); ok {
		if sc := schemaByShape(payload); sc != nil {
			v.add(CodeEvtShape, path, fmt.Sprintf(
				"event.name is missing; the payload looks like %s, so set event.name to %q (apply the fix to do so).", sc.Short, sc.Name),
				&Fix{Summary: "set event.name to " + sc.Name, Set: []Assign{{Path: path, Value: sc.Name}}})
			return
		}
	}
	v.add(CodeEvtShape, path, "event.name is missing; set it to one of: "+strings.Join(Names(), ", ")+".", nil)
}

// schemaByShape returns the one schema whose required top-level payload
// objects are all present in payload and which knows every top-level key of
// it, or nil when no schema or more than one fits.
func schemaByShape(payload map[string]any) *Schema {
	var found *Schema
	all := All()
	for i := range all {
		s := &all[i]
		root := s.Children("")
		fits := len(payload) > 0
		for _, f := range root {
			if _, present := payload[f.Name()]; f.Req == Required && !present {
				fits = false
			}
		}
		for k := range payload {
			if !hasChild(root, k) {
				fits = false
			}
		}
		if fits {
			if found != nil {
				return nil
			}
			found = s
		}
	}
	return found
}
