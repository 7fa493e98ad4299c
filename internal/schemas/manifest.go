package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// NotificationsPermission is the manifest permission a skill needs to send proactive events.
const NotificationsPermission = "alexa::devices:all:notifications:write"

// SubscriptionChangedEvent is the skill event that tells a skill who subscribed (spec §11).
const SubscriptionChangedEvent = "SKILL_PROACTIVE_SUBSCRIPTION_CHANGED"

// manifestRoot returns the manifest object of a skill.json ({"manifest": {…}})
// or of a bare manifest, and the path prefix its findings use.
func manifestRoot(data []byte) (map[string]any, string, error) {
	r, err := Decode(data)
	if err != nil {
		return nil, "", err
	}
	top := r.Object()
	if top == nil {
		return nil, "", fmt.Errorf("the skill manifest is a JSON %s; it must be an object (skill.json with a \"manifest\" field)", jsonKind(r.Root))
	}
	if x, ok := top["manifest"]; ok {
		m, isObject := x.(map[string]any)
		if !isObject {
			return nil, "", fmt.Errorf("manifest is a JSON %s; it must be an object", jsonKind(x))
		}
		return m, "manifest.", nil
	}
	return top, "", nil
}

// CheckManifest checks the proactive-events parts of a skill manifest (spec
// §10): the notifications permission, events.publications (known, distinct
// names) and events.endpoint.uri, and hints at the subscription-changed
// event. data is a skill.json ({"manifest": {…}}) or the manifest object
// itself. The error is a *SyntaxError for invalid JSON, or says why the
// document is not a manifest.
func CheckManifest(data []byte) ([]Finding, error) {
	m, pre, err := manifestRoot(data)
	if err != nil {
		return nil, err
	}
	var out []Finding
	add := func(code, path, msg string) {
		info, _ := LookupCode(code)
		out = append(out, Finding{Code: code, Severity: info.Severity, Path: path, Message: msg})
	}
	if !hasPermission(m["permissions"]) {
		add(CodeManNoPermission, pre+"permissions", fmt.Sprintf("the manifest lacks the notifications permission; add {\"name\": %q} to permissions.", NotificationsPermission))
	}
	eventsVal, hasEvents := m["events"]
	events, _ := eventsVal.(map[string]any)
	if hasEvents && events == nil {
		add(CodeManNoPublications, pre+"events", fmt.Sprintf("events is a JSON %s; it must be an object with publications and endpoint (run: pe-tui manifest).", jsonKind(eventsVal)))
		return out, nil
	}
	pubs, _ := events["publications"].([]any)
	if len(pubs) == 0 {
		add(CodeManNoPublications, pre+"events.publications", "the manifest publishes no proactive events; add {\"eventName\": <event name>} to events.publications for each schema the skill sends (run: pe-tui manifest).")
	}
	var seen []string
	for i, p := range pubs {
		path := pre + "events.publications[" + strconv.Itoa(i) + "].eventName"
		obj, _ := p.(map[string]any)
		name, _ := obj["eventName"].(string)
		switch {
		case Lookup(name) == nil:
			msg := fmt.Sprintf("%q is not an Alexa proactive event name; use one of %s.", name, strings.Join(Names(), ", "))
			if s := ResolveName(name); s != nil {
				msg = fmt.Sprintf("%q is not an Alexa proactive event name; did you mean %s?", name, s.Name)
			}
			add(CodeManUnknownEvent, path, msg)
		case slices.Contains(seen, name):
			add(CodeManDupPublication, path, fmt.Sprintf("%s is published twice; a skill can publish each schema once, so remove the duplicate.", name))
		default:
			seen = append(seen, name)
		}
	}
	if hasEvents {
		endpoint, _ := events["endpoint"].(map[string]any)
		if uri, _ := endpoint["uri"].(string); strings.TrimSpace(uri) == "" {
			add(CodeManNoEndpoint, pre+"events.endpoint.uri", "events.endpoint.uri is missing; set it to the skill's Lambda ARN or HTTPS endpoint.")
		}
		if !hasSubscription(events["subscriptions"]) {
			add(CodeManNoSubscriptionEvent, pre+"events.subscriptions", fmt.Sprintf("add {\"eventName\": %q} to events.subscriptions to learn which customers subscribe (their userIds for Unicast).", SubscriptionChangedEvent))
		}
	}
	return out, nil
}

func hasPermission(x any) bool {
	list, _ := x.([]any)
	for _, p := range list {
		if obj, ok := p.(map[string]any); ok && obj["name"] == NotificationsPermission {
			return true
		}
	}
	return false
}

func hasSubscription(x any) bool {
	list, _ := x.([]any)
	for _, s := range list {
		if obj, ok := s.(map[string]any); ok && obj["eventName"] == SubscriptionChangedEvent {
			return true
		}
	}
	return false
}

// PublishedEvents returns the event names listed in events.publications of a
// skill.json or bare manifest, in manifest order (non-string entries are
// skipped). A manifest without publications gives an empty, non-nil slice,
// so that ValidateOptions.Published then rejects every event.
func PublishedEvents(manifest []byte) ([]string, error) {
	m, _, err := manifestRoot(manifest)
	if err != nil {
		return nil, err
	}
	out := []string{}
	events, _ := m["events"].(map[string]any)
	pubs, _ := events["publications"].([]any)
	for _, p := range pubs {
		obj, _ := p.(map[string]any)
		if name, ok := obj["eventName"].(string); ok && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out, nil
}

// UnknownNameError reports a schema name that ResolveName does not know.
type UnknownNameError struct{ Name string }

func (e *UnknownNameError) Error() string {
	return fmt.Sprintf("unknown event %q; use one of %s (or the full names %s)",
		e.Name, strings.Join(ShortNames(), ", "), strings.Join(Names(), ", "))
}

// ManifestSnippet returns the "permissions" and "events" members of a skill
// manifest for the given schemas (full or short names; empty = all eight) and
// event endpoint (a Lambda ARN or HTTPS URL), as indented JSON ending with a
// newline. Unknown names give an *UnknownNameError; an empty endpoint is an error.
func ManifestSnippet(names []string, endpoint string) ([]byte, error) {
	endpoint = strings.TrimSpace(endpoint)
	if endpoint == "" {
		return nil, errors.New("the event endpoint is empty; give the skill's Lambda ARN or HTTPS endpoint")
	}
	if len(names) == 0 {
		names = Names()
	}
	type named struct {
		Name string `json:"name"`
	}
	type event struct {
		EventName string `json:"eventName"`
	}
	var pubs []event
	for _, n := range names {
		s := ResolveName(n)
		if s == nil {
			return nil, &UnknownNameError{Name: n}
		}
		if !slices.Contains(pubs, event{s.Name}) {
			pubs = append(pubs, event{s.Name})
		}
	}
	snippet := struct {
		Permissions []named `json:"permissions"`
		Events      struct {
			Publications []event `json:"publications"`
			Endpoint     struct {
				URI string `json:"uri"`
			} `json:"endpoint"`
			Subscriptions []event `json:"subscriptions"`
		} `json:"events"`
	}{Permissions: []named{{NotificationsPermission}}}
	snippet.Events.Publications = pubs
	snippet.Events.Endpoint.URI = endpoint
	snippet.Events.Subscriptions = []event{{SubscriptionChangedEvent}}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(snippet); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
