package sandbox

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	dir := t.TempDir()
	manifest := `{"manifest":{"permissions":[{"name":"alexa::devices:all:notifications:write"}],
	  "events":{"endpoint":{"uri":"arn:aws:lambda:us-east-1:1:function:x"},
	  "publications":[{"eventName":"AMAZON.OrderStatus.Updated"},{"eventName":"AMAZON.Occasion.Updated"}]}}}`
	if err := os.WriteFile(filepath.Join(dir, "skill.json"), []byte(manifest), 0o600); err != nil {
		t.Fatal(err)
	}
	data := `{
  "skillId": "amzn1.ask.skill.FILE",
  "clientId": "cid",
  "tokenLifetime": "90s",
  "manifest": "skill.json",
  "subscribers": [{"userId": "amzn1.ask.account.F", "locale": "en-GB", "stage": "live", "eventNames": ["AMAZON.Occasion.Updated"]}],
  "certified": true,
  "rateLimit": 5,
  "notificationLimit": -1,
  "faults": {"latency": "10ms", "forceStatus": 429, "forceStatusCount": 1, "retryAfter": "3"},
  "subscriptionEndpoint": "http://127.0.0.1:9000/events"
}`
	cfg, err := ParseConfig([]byte(data), dir)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		SkillID: "amzn1.ask.skill.FILE", ClientID: "cid", TokenLifetime: 90 * time.Second,
		Published:   []string{"AMAZON.OrderStatus.Updated", "AMAZON.Occasion.Updated"},
		Subscribers: []Subscriber{{UserID: "amzn1.ask.account.F", Locale: "en-GB", Stage: "live", EventNames: []string{"AMAZON.Occasion.Updated"}}},
		Certified:   true, RateLimit: 5, NotificationLimit: -1,
		Faults:               Faults{Latency: 10 * time.Millisecond, ForceStatus: 429, ForceStatusCount: 1, RetryAfter: "3"},
		SubscriptionEndpoint: "http://127.0.0.1:9000/events",
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Fatalf("got  %+v\nwant %+v", cfg, want)
	}
	// An empty file object is the default configuration; "subscribers": [] means nobody.
	cfg, err = ParseConfig([]byte(`{"subscribers": []}`), dir)
	if err != nil || cfg.Subscribers == nil || len(cfg.Subscribers) != 0 {
		t.Fatalf("empty subscribers: %+v %v", cfg, err)
	}
}

func TestParseConfigErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]string{
		"{\n  \"certified\": tru\n}":                          "line 2",
		`{"clientSecret": "x"}`:                               `unknown key "clientSecret"`,
		`{"rateLimit": "fast"}`:                               `"rateLimit" must be a int`,
		`{"published": ["AMAZON.Nope"]}`:                      `"AMAZON.Nope" is not one of the 8 event names`,
		`{"subscribers": [{"userId": ""}]}`:                   "has no userId",
		`{"subscribers": [{"userId": "u", "stage": "beta"}]}`: `stage "beta"`,
		`{"tokenLifetime": "forever"}`:                        "tokenLifetime",
		`{"manifest": "missing.json"}`:                        "cannot read the skill manifest",
		`{"manifest": "m.json", "published": []}`:             "not both",
		`{"subscriptionEndpoint": "http://example.com/x"}`:    "not on loopback",
		`{"faults": {"forceStatus": 42}}`:                     "forced status 42",
		``:                                                    "empty",
		`{} {}`:                                               "one object",
		`[]`:                                                  "must be a",
	}
	for data, want := range cases {
		_, err := ParseConfig([]byte(data), dir)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: got %v, want an error containing %q", data, err, want)
		}
	}
	_, err := LoadConfig(filepath.Join(dir, "nope.json"))
	if err == nil || !strings.Contains(err.Error(), "cannot read the sandbox config file") {
		t.Fatalf("missing file: %v", err)
	}
	p := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(p, []byte(`{"rateLimit": }`), 0o600)
	if _, err := LoadConfig(p); err == nil || !strings.HasPrefix(err.Error(), p+": invalid JSON at line 1") {
		t.Fatalf("bad file: %v", err)
	}
}

func TestDefaults(t *testing.T) {
	s := New(Config{})
	if s.cfg.SkillID != DefaultSkillID || s.cfg.TokenLifetime != time.Hour || s.cfg.RateLimit != 50 ||
		s.cfg.NotificationLimit != 10 || len(s.cfg.Published) != 8 || s.Certified() {
		t.Fatalf("defaults: %+v", s.cfg)
	}
	subs := s.Subscribers()
	if len(subs) != 1 || subs[0].UserID != "amzn1.ask.account.SANDBOX" || subs[0].Locale != "en-US" || len(subs[0].EventNames) != 8 {
		t.Fatalf("default subscribers: %+v", subs)
	}
	// New copies the caller's slices.
	in := []Subscriber{{UserID: "u", EventNames: []string{"AMAZON.OrderStatus.Updated"}}}
	s = New(Config{Subscribers: in})
	in[0].EventNames[0] = "changed"
	if s.Subscribers()[0].EventNames[0] != "AMAZON.OrderStatus.Updated" {
		t.Fatal("New must copy the subscribers")
	}
}
