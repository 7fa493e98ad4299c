package sandbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Skill-event scenarios: sequences of spec §11 ProactiveSubscriptionChanged
// events posted to a skill endpoint on loopback, covering what breaks real
// handlers: an empty list, a missing body, events out of order, the same
// event twice. Each step says which subscriptions a correct handler holds
// afterwards (the set of the newest event by request.timestamp).

// Scenario is a named sequence of §11 events.
type Scenario struct {
	Name   string         `json:"name"`   // e.g. "out-of-order"
	Title  string         `json:"title"`  // one line
	Breaks string         `json:"breaks"` // the handler bug it catches
	Steps  []ScenarioStep `json:"steps"`
}

// ScenarioStep is one event of a scenario.
type ScenarioStep struct {
	Title string          `json:"title"`
	Event json.RawMessage `json:"event"` // the body posted
	// Expect is the subscription set a correct handler holds after this
	// step (sorted; empty = subscribed to nothing).
	Expect []string `json:"expect"`
}

// ScenarioTarget says whose events a scenario posts.
type ScenarioTarget struct {
	SkillID     string // "" = DefaultSkillID
	UserID      string // "" = DefaultUserID
	Locale      string // "" = DefaultLocale
	APIEndpoint string // context.System.apiEndpoint ("" = https://api.amazonalexa.com)
}

// ScenarioNames lists the scenarios Scenarios builds, in order.
var ScenarioNames = []string{"subscribe", "unsubscribe-one", "unsubscribe-all", "unsubscribe-all-no-body", "out-of-order", "duplicate"}

// The events the scenarios subscribe to.
var scenarioEvents = []string{"AMAZON.MessageAlert.Activated", "AMAZON.WeatherAlert.Activated"}

// Scenarios builds every scenario for the target, with timestamps from now
// on (one second apart, in the order the events happened).
func Scenarios(t ScenarioTarget, now time.Time) []Scenario {
	if t.SkillID == "" {
		t.SkillID = DefaultSkillID
	}
	if t.UserID == "" {
		t.UserID = DefaultUserID
	}
	if t.Locale == "" {
		t.Locale = DefaultLocale
	}
	if t.APIEndpoint == "" {
		t.APIEndpoint = "https://api.amazonalexa.com"
	}
	at := func(i int) time.Time { return now.Add(time.Duration(i) * time.Second) }
	both := scenarioEvents
	one := scenarioEvents[:1]
	none := []string{}
	step := func(title string, when time.Time, subs []string, withBody bool) ScenarioStep {
		return ScenarioStep{Title: title, Event: scenarioEvent(t, when, subs, withBody)}
	}
	subscribe := step("subscribe to MessageAlert and WeatherAlert", at(0), both, true)
	dropOne := step("unsubscribe from WeatherAlert (the list is the whole remaining set)", at(1), one, true)
	dropAll := step("unsubscribe from everything: \"subscriptions\": []", at(2), none, true)
	dropAllNoBody := step("unsubscribe from everything: no \"body\" at all", at(2), none, false)
	scs := []Scenario{
		{Name: "subscribe", Title: "a user subscribes to two events", Breaks: "handlers that read only the first subscription",
			Steps: []ScenarioStep{subscribe}},
		{Name: "unsubscribe-one", Title: "a user drops one of two events", Breaks: "handlers that treat the list as a delta, or flip a flag on every event",
			Steps: []ScenarioStep{subscribe, dropOne}},
		{Name: "unsubscribe-all", Title: "a user drops every event (empty list)", Breaks: "handlers that index subscriptions[0]",
			Steps: []ScenarioStep{subscribe, dropAll}},
		{Name: "unsubscribe-all-no-body", Title: "a user drops every event (no body)", Breaks: "handlers that read request.body.subscriptions without a check",
			Steps: []ScenarioStep{subscribe, dropAllNoBody}},
		{Name: "out-of-order", Title: "the newest event arrives first", Breaks: "handlers that keep the last event received instead of the newest timestamp",
			Steps: []ScenarioStep{dropAll, dropOne, subscribe}},
		{Name: "duplicate", Title: "the same event is delivered twice", Breaks: "handlers that toggle state per event instead of setting it",
			Steps: []ScenarioStep{subscribe, dropOne, dropOne}},
	}
	for si := range scs {
		expectNewest(scs[si].Steps)
	}
	return scs
}

// expectNewest fills each step's Expect: the set of the newest event (by
// request.timestamp) posted so far, as spec §11 says to keep.
func expectNewest(steps []ScenarioStep) {
	var newest string
	var set []string
	for i := range steps {
		var ev struct {
			Request struct {
				Timestamp string `json:"timestamp"`
				Body      *struct {
					Subscriptions []EventRef `json:"subscriptions"`
				} `json:"body"`
			} `json:"request"`
		}
		_ = json.Unmarshal(steps[i].Event, &ev)
		if ev.Request.Timestamp > newest {
			newest = ev.Request.Timestamp
			set = []string{}
			if ev.Request.Body != nil {
				for _, s := range ev.Request.Body.Subscriptions {
					set = append(set, s.EventName)
				}
			}
			slices.Sort(set)
		}
		steps[i].Expect = slices.Clone(set)
	}
}

// scenarioEvent is one §11 event body; withBody false leaves out
// request.body (as some deliveries do for "unsubscribed from everything").
func scenarioEvent(t ScenarioTarget, when time.Time, subs []string, withBody bool) json.RawMessage {
	req := map[string]any{
		"type":      SubscriptionChangedType,
		"requestId": "amzn1.echo-api.request." + uuid.NewSHA1(uuid.NameSpaceURL, []byte(t.UserID+when.String()+fmt.Sprint(subs, withBody))).String(),
		"timestamp": when.UTC().Format("2006-01-02T15:04:05Z"),
		"locale":    t.Locale,
	}
	if withBody {
		refs := make([]EventRef, 0, len(subs))
		for _, n := range subs {
			refs = append(refs, EventRef{EventName: n})
		}
		req["body"] = map[string]any{"subscriptions": refs}
	}
	ev := map[string]any{
		"version": "1.0",
		"context": map[string]any{"System": map[string]any{
			"application": map[string]any{"applicationId": t.SkillID},
			"user":        map[string]any{"userId": t.UserID},
			"apiEndpoint": t.APIEndpoint,
		}},
		"request": req,
	}
	b, _ := json.Marshal(ev)
	return b
}

// FindScenarios returns the scenarios named (a name or "all").
func FindScenarios(all []Scenario, name string) ([]Scenario, error) {
	if name == "all" {
		return all, nil
	}
	for _, s := range all {
		if s.Name == name {
			return []Scenario{s}, nil
		}
	}
	return nil, fmt.Errorf("unknown scenario %q; use all or one of %s", name, strings.Join(ScenarioNames, ", "))
}

// IsLoopbackHost reports whether host (without port) is localhost or a
// loopback IP: the one test of "loopback only" for the sandbox and the
// receivers beside it.
func IsLoopbackHost(host string) bool { return isLoopbackHost(host) }

// StepResult is what the endpoint answered to one step.
type StepResult struct {
	Step    ScenarioStep  `json:"step"`
	Status  int           `json:"status"`         // 0 when no answer
	Body    string        `json:"body,omitempty"` // the answer's first MaxScenarioAnswer bytes (untrusted text)
	Error   string        `json:"error,omitempty"`
	Elapsed time.Duration `json:"elapsedNs"`
}

// MaxScenarioAnswer bounds how much of an endpoint's answer is kept.
const MaxScenarioAnswer = 4 << 10

// ScenarioTimeout bounds each post of a scenario.
const ScenarioTimeout = 10 * time.Second

// PostScenario posts the scenario's steps in order to endpoint, which must
// be an http(s) URL on loopback (the skill under test, e.g. an ASK SDK
// skill run locally with request signature verification off: the events
// are not signed). Redirects are not followed; each post is bounded by
// ScenarioTimeout. It returns one result per step posted; it stops early
// only when ctx ends.
func PostScenario(ctx context.Context, endpoint string, sc Scenario) ([]StepResult, error) {
	if err := checkLoopbackURL(endpoint); err != nil {
		return nil, fmt.Errorf("skill endpoint: %w", err)
	}
	client := &http.Client{
		Timeout: ScenarioTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	var out []StepResult
	for _, st := range sc.Steps {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		res := StepResult{Step: st}
		start := time.Now()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(st.Event))
		if err != nil {
			return out, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		res.Elapsed = time.Since(start)
		if err != nil {
			res.Error = err.Error()
			var ue interface{ Timeout() bool }
			if errors.As(err, &ue) && ue.Timeout() {
				res.Error = fmt.Sprintf("no answer within %s", ScenarioTimeout)
			}
		} else {
			b, _ := io.ReadAll(io.LimitReader(resp.Body, MaxScenarioAnswer))
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxBodyBytes))
			_ = resp.Body.Close()
			res.Status, res.Body = resp.StatusCode, string(b)
			if resp.StatusCode >= 300 && resp.StatusCode < 400 {
				res.Error = "a redirect: not followed (a skill endpoint answers 200)"
			}
		}
		out = append(out, res)
	}
	return out, nil
}
