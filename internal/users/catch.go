// Package users finds Unicast users in what a developer actually has: a
// skill request envelope (any request type) pasted or piped in, a CloudWatch
// or Lambda log line with one inside, or a spec §11
// AlexaSkillEvent.ProactiveSubscriptionChanged event. It tells which region
// a user lives in from the envelope's apiEndpoint. Parsing is pure (no I/O);
// Receiver is a loopback HTTP endpoint that catches users from posts.
package users

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// MaxInput bounds the text Catch reads (and the body Receiver accepts).
const MaxInput = 1 << 20

// SubscriptionChangedType is request.type of the spec §11 event.
const SubscriptionChangedType = "AlexaSkillEvent.ProactiveSubscriptionChanged"

// UserIDPrefix starts every real user id (spec §2).
const UserIDPrefix = "amzn1.ask.account."

// Errors of Catch; test with errors.Is.
var (
	// ErrNoUser: the text holds no skill request with a user id.
	ErrNoUser = errors.New("no user id found")
	// ErrTruncated: the text mentions a user id but its JSON is cut off.
	ErrTruncated = errors.New("the JSON in the text is cut off")
	// ErrUserIDShape: a user id is not amzn1.ask.account.<letters, digits, - or _>.
	ErrUserIDShape = errors.New("user id of the wrong shape")
	// ErrWrongSkill: the request belongs to another skill than the profile's.
	ErrWrongSkill = errors.New("user of another skill")
)

// Caught is one user found in a request.
type Caught struct {
	UserID      string `json:"userId"`
	APIEndpoint string `json:"apiEndpoint,omitempty"`
	// Region is NA, EU or FE from APIEndpoint; "" when the endpoint is
	// missing or not one of Amazon's (a sandbox or a test).
	Region      string `json:"region,omitempty"`
	Locale      string `json:"locale,omitempty"`
	SkillID     string `json:"skillId,omitempty"`
	RequestType string `json:"requestType,omitempty"`
	Timestamp   string `json:"timestamp,omitempty"`
	// Events are the events the user is subscribed to now (a §11 event
	// lists the whole remaining set); EventsKnown is false for other request
	// types, which say nothing about subscriptions.
	Events      []string `json:"events,omitempty"`
	EventsKnown bool     `json:"eventsKnown"`
}

// regionHosts maps Amazon's API hosts to their regions (spec §8.1).
var regionHosts = map[string]string{
	"api.amazonalexa.com":    "NA",
	"api.eu.amazonalexa.com": "EU",
	"api.fe.amazonalexa.com": "FE",
}

// RegionOf returns the region (NA, EU, FE) of an apiEndpoint such as
// https://api.eu.amazonalexa.com; "" when it is not one of Amazon's hosts.
func RegionOf(apiEndpoint string) string {
	u, err := url.Parse(strings.TrimSpace(apiEndpoint))
	if err != nil {
		return ""
	}
	return regionHosts[strings.ToLower(u.Hostname())]
}

// maxUserIDTail bounds the part of a user id after UserIDPrefix.
const maxUserIDTail = 490

// userIDShape reports whether id is a user id: the prefix, then 1 to
// maxUserIDTail letters, digits, '-', '_' or '.'. It is a loop, not a
// regexp: the bounded repetition compiled at package init cost ~4 ms of
// every start (GODEBUG=inittrace=1).
func userIDShape(id string) bool {
	tail, ok := strings.CutPrefix(id, UserIDPrefix)
	if !ok || len(tail) < 1 || len(tail) > maxUserIDTail {
		return false
	}
	for i := 0; i < len(tail); i++ {
		c := tail[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// CheckUserID reports whether id has the shape of a Unicast user id.
func CheckUserID(id string) error {
	if !userIDShape(id) {
		return fmt.Errorf("%w: %q is not %s followed by letters, digits, '-', '_' or '.'", ErrUserIDShape, clip(id, 80), UserIDPrefix)
	}
	return nil
}

// maxAttempts bounds the JSON values Catch tries to decode, so that text
// full of '{' costs bounded time.
const maxAttempts = 256

// maxNesting bounds how deep Catch looks for JSON inside JSON strings
// (a log line whose message field holds the request as text).
const maxNesting = 3

// Catch finds the users in text: every skill request envelope in it, whole
// or inside a log line, also when the envelope is a JSON string inside
// another JSON object (CloudWatch's JSON log format). Each distinct user id
// appears once (the newest request by timestamp wins, spec §11). Errors:
// ErrNoUser, ErrTruncated (a user id is mentioned but no complete request
// holds it), ErrUserIDShape. Text over MaxInput is refused.
func Catch(text []byte) ([]Caught, error) {
	if len(text) > MaxInput {
		return nil, fmt.Errorf("the text is %d bytes; at most %d are read (paste one request or log line)", len(text), MaxInput)
	}
	var found []Caught
	attempts := 0
	scan(text, 0, &attempts, &found)
	out := dedupe(found)
	if len(out) == 0 {
		if bytes.Contains(text, []byte(`"userId"`)) || bytes.Contains(text, []byte(UserIDPrefix)) || bytes.Contains(text, []byte(`\"userId\"`)) {
			return nil, fmt.Errorf("%w: a user id is mentioned, but no complete skill request holds it (a log line cut short? CloudWatch splits long lines: copy the whole event, or print JSON.stringify(handlerInput.requestEnvelope) on one line)", ErrTruncated)
		}
		return nil, fmt.Errorf("%w: paste a skill request (LaunchRequest, IntentRequest, …), a log line that contains one, or a %s event; the id is at context.System.user.userId", ErrNoUser, SubscriptionChangedType)
	}
	for _, c := range out {
		if err := CheckUserID(c.UserID); err != nil {
			return out, err
		}
	}
	return out, nil
}

// scan decodes every JSON object in text and collects the envelopes.
func scan(text []byte, depth int, attempts *int, found *[]Caught) {
	for i := 0; i < len(text) && *attempts < maxAttempts; {
		j := bytes.IndexByte(text[i:], '{')
		if j < 0 {
			return
		}
		start := i + j
		*attempts++
		dec := json.NewDecoder(bytes.NewReader(text[start:]))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			i = start + 1
			continue
		}
		visit(v, depth, attempts, found)
		i = start + int(dec.InputOffset())
	}
}

// visit collects the envelope v is, or the envelopes inside it (nested
// objects, arrays, and strings holding JSON).
func visit(v any, depth int, attempts *int, found *[]Caught) {
	switch x := v.(type) {
	case map[string]any:
		if c, ok := envelope(x); ok {
			*found = append(*found, c)
			return
		}
		for _, k := range sortedKeys(x) {
			visit(x[k], depth, attempts, found)
		}
	case []any:
		for _, e := range x {
			visit(e, depth, attempts, found)
		}
	case string:
		if depth < maxNesting && strings.Contains(x, "{") && strings.Contains(x, "userId") {
			scan([]byte(x), depth+1, attempts, found)
		}
	}
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// envelope reads a skill request envelope: context.System (or, in older
// requests, session) for the user, skill and endpoint; request for the
// type, locale, timestamp and subscriptions.
func envelope(m map[string]any) (Caught, bool) {
	var c Caught
	system := obj(obj(m, "context"), "System")
	session := obj(m, "session")
	c.UserID = str(obj(system, "user"), "userId")
	if c.UserID == "" {
		c.UserID = str(obj(session, "user"), "userId")
	}
	if c.UserID == "" {
		return c, false
	}
	c.SkillID = str(obj(system, "application"), "applicationId")
	if c.SkillID == "" {
		c.SkillID = str(obj(session, "application"), "applicationId")
	}
	c.APIEndpoint = str(system, "apiEndpoint")
	c.Region = RegionOf(c.APIEndpoint)
	req := obj(m, "request")
	c.RequestType = str(req, "type")
	c.Locale = str(req, "locale")
	c.Timestamp = str(req, "timestamp")
	if c.RequestType == SubscriptionChangedType {
		// The full remaining set; a missing body means none (spec §11).
		c.EventsKnown = true
		c.Events = []string{}
		subs, _ := obj(req, "body")["subscriptions"].([]any)
		for _, s := range subs {
			if sm, ok := s.(map[string]any); ok {
				if n := str(sm, "eventName"); n != "" && !slices.Contains(c.Events, n) {
					c.Events = append(c.Events, n)
				}
			}
		}
		slices.Sort(c.Events)
	}
	return c, true
}

func obj(m map[string]any, key string) map[string]any {
	if m == nil {
		return nil
	}
	v, _ := m[key].(map[string]any)
	return v
}

func str(m map[string]any, key string) string {
	if m == nil {
		return ""
	}
	v, _ := m[key].(string)
	return strings.TrimSpace(v)
}

// dedupe keeps one entry per user id: the one with the newest timestamp
// (ISO 8601 in UTC sorts as text), merging what an older one knew and the
// newer one does not (region, locale, skill id).
func dedupe(in []Caught) []Caught {
	var out []Caught
	index := map[string]int{}
	for _, c := range in {
		i, ok := index[c.UserID]
		if !ok {
			index[c.UserID] = len(out)
			out = append(out, c)
			continue
		}
		old := out[i]
		newer, older := c, old
		if c.Timestamp < old.Timestamp {
			newer, older = old, c
		}
		if !newer.EventsKnown && older.EventsKnown {
			newer.Events, newer.EventsKnown = older.Events, true
		}
		if newer.Region == "" {
			newer.Region, newer.APIEndpoint = older.Region, older.APIEndpoint
		}
		if newer.Locale == "" {
			newer.Locale = older.Locale
		}
		if newer.SkillID == "" {
			newer.SkillID = older.SkillID
		}
		out[i] = newer
	}
	return out
}

// CheckSkill reports a user caught from another skill than want ("" = the
// profile records no skill id, anything goes).
func CheckSkill(c Caught, want string) error {
	if want == "" || c.SkillID == "" || c.SkillID == want {
		return nil
	}
	return fmt.Errorf("%w: the request of user %s came to skill %s, but the profile is for skill %s; user ids are per skill, so this id would not reach anyone through this profile",
		ErrWrongSkill, clip(c.UserID, 60), clip(c.SkillID, 80), want)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
