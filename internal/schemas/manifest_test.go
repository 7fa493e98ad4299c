package schemas

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestManifestSnippetRoundTrip(t *testing.T) {
	out, err := ManifestSnippet([]string{"WeatherAlert", "AMAZON.OrderStatus.Updated", "weatheralert"}, "arn:aws:lambda:us-east-1:123456789012:function:notify")
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "permissions": [
    {
      "name": "alexa::devices:all:notifications:write"
    }
  ],
  "events": {
    "publications": [
      {
        "eventName": "AMAZON.WeatherAlert.Activated"
      },
      {
        "eventName": "AMAZON.OrderStatus.Updated"
      }
    ],
    "endpoint": {
      "uri": "arn:aws:lambda:us-east-1:123456789012:function:notify"
    },
    "subscriptions": [
      {
        "eventName": "SKILL_PROACTIVE_SUBSCRIPTION_CHANGED"
      }
    ]
  }
}
`
	if string(out) != want {
		t.Errorf("snippet:\n%s", out)
	}
	// Wrapped into a skill.json, the snippet passes the check with no finding.
	skill := []byte(`{"manifest":` + string(out) + `}`)
	fs, err := CheckManifest(skill)
	if err != nil || len(fs) != 0 {
		t.Errorf("check of the snippet: %v %+v", err, fs)
	}
	names, err := PublishedEvents(skill)
	if err != nil || !reflect.DeepEqual(names, []string{"AMAZON.WeatherAlert.Activated", "AMAZON.OrderStatus.Updated"}) {
		t.Errorf("PublishedEvents = %v, %v", names, err)
	}
	all, _ := ManifestSnippet(nil, "https://example.test/events")
	names, _ = PublishedEvents(all)
	if !reflect.DeepEqual(names, Names()) {
		t.Errorf("empty list publishes all: %v", names)
	}
}

func TestManifestSnippetErrors(t *testing.T) {
	_, err := ManifestSnippet([]string{"Weather"}, "arn:x")
	var un *UnknownNameError
	if !errors.As(err, &un) || un.Name != "Weather" || !strings.Contains(err.Error(), "WeatherAlert") {
		t.Errorf("unknown name: %v", err)
	}
	if _, err := ManifestSnippet([]string{"WeatherAlert"}, " "); err == nil {
		t.Error("empty endpoint accepted")
	}
}

func TestCheckManifest(t *testing.T) {
	type want struct {
		code string
		sev  Severity
		path string
	}
	cases := []struct {
		name, doc string
		want      []want
	}{
		{"nothing", `{"manifest":{}}`, []want{
			{CodeManNoPermission, SeverityError, "manifest.permissions"},
			{CodeManNoPublications, SeverityError, "manifest.events.publications"},
		}},
		{"bare manifest without endpoint", `{"permissions":[{"name":"alexa::devices:all:notifications:write"}],
			"events":{"publications":[{"eventName":"AMAZON.Occasion.Updated"}],"subscriptions":[{"eventName":"SKILL_PROACTIVE_SUBSCRIPTION_CHANGED"}]}}`, []want{
			{CodeManNoEndpoint, SeverityError, "events.endpoint.uri"},
		}},
		{"unknown, duplicate, no subscription", `{"manifest":{"permissions":[{"name":"alexa::profile:email:read"}],
			"events":{"endpoint":{"uri":"arn:x"},"publications":[{"eventName":"AMAZON.Occasion.Updated"},{"eventName":"AMAZON.WeatherAlert.Activated"},
			{"eventName":"AMAZON.Occasion.Updated"},{"eventName":"WeatherAlert"},{"name":"x"}],"subscriptions":[{"eventName":"SKILL_ENABLED"}]}}}`, []want{
			{CodeManNoPermission, SeverityError, "manifest.permissions"},
			{CodeManDupPublication, SeverityError, "manifest.events.publications[2].eventName"},
			{CodeManUnknownEvent, SeverityError, "manifest.events.publications[3].eventName"},
			{CodeManUnknownEvent, SeverityError, "manifest.events.publications[4].eventName"},
			{CodeManNoSubscriptionEvent, SeverityInfo, "manifest.events.subscriptions"},
		}},
		{"events not an object", `{"manifest":{"permissions":[{"name":"alexa::devices:all:notifications:write"}],"events":[]}}`, []want{
			{CodeManNoPublications, SeverityError, "manifest.events"},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fs, err := CheckManifest([]byte(c.doc))
			if err != nil {
				t.Fatal(err)
			}
			var got []want
			for _, f := range fs {
				got = append(got, want{f.Code, f.Severity, f.Path})
				if f.Message == "" {
					t.Errorf("%s without message", f.Code)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %+v\nwant %+v", got, c.want)
			}
		})
	}
	fs, _ := CheckManifest([]byte(`{"manifest":{"events":{"publications":[{"eventName":"weatheralert"}]}}}`))
	if f := findCode(fs, CodeManUnknownEvent); len(f) != 1 || !strings.Contains(f[0].Message, "did you mean AMAZON.WeatherAlert.Activated") {
		t.Errorf("suggestion: %+v", fs)
	}
}

func TestManifestDecodeErrors(t *testing.T) {
	_, err := CheckManifest([]byte("{\n  \"manifest\": {,}\n}"))
	var se *SyntaxError
	if !errors.As(err, &se) || se.Line != 2 {
		t.Errorf("syntax error: %v", err)
	}
	if _, err := CheckManifest([]byte(`[1]`)); err == nil {
		t.Error("array accepted")
	}
	if _, err := PublishedEvents([]byte(`{"manifest":"x"}`)); err == nil {
		t.Error("string manifest accepted")
	}
	names, err := PublishedEvents([]byte(`{"manifest":{}}`))
	if err != nil || names == nil || len(names) != 0 {
		t.Errorf("no publications: %#v %v", names, err)
	}
	var _ = json.Valid
}
