package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestManifestSnippetCommand(t *testing.T) {
	code, out, errOut := validateCLI(t, "", "manifest", "--schemas", "WeatherAlert,AMAZON.OrderStatus.Updated", "--endpoint", "arn:aws:lambda:us-east-1:123456789012:function:notify")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var m struct {
		Permissions []struct{ Name string }
		Events      struct {
			Publications  []struct{ EventName string }
			Endpoint      struct{ URI string }
			Subscriptions []struct{ EventName string }
		}
	}
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(m.Permissions) != 1 || m.Permissions[0].Name != "alexa::devices:all:notifications:write" ||
		len(m.Events.Publications) != 2 || m.Events.Publications[1].EventName != "AMAZON.OrderStatus.Updated" ||
		m.Events.Endpoint.URI != "arn:aws:lambda:us-east-1:123456789012:function:notify" ||
		len(m.Events.Subscriptions) != 1 || m.Events.Subscriptions[0].EventName != "SKILL_PROACTIVE_SUBSCRIPTION_CHANGED" {
		t.Errorf("%+v", m)
	}
	// The snippet, wrapped in a skill.json, passes the check.
	skill := filepath.Join(t.TempDir(), "skill.json")
	if err := os.WriteFile(skill, []byte(`{"manifest":`+out+`}`), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ = validateCLI(t, "", "manifest", "check", skill)
	if code != exitOK || out != skill+": valid\n" {
		t.Errorf("check: exit %d %q", code, out)
	}
	// Default: all eight.
	_, out, _ = validateCLI(t, "", "manifest", "--endpoint", "https://skill.example.com/events")
	if n := strings.Count(out, `"eventName": "AMAZON.`); n != 8 {
		t.Errorf("%d publications:\n%s", n, out)
	}
}

func TestManifestUsageErrors(t *testing.T) {
	code, out, errOut := validateCLI(t, "", "manifest", "--schemas", "Weather", "--endpoint", "x")
	if code != exitUsage || out != "" || !strings.Contains(errOut, `unknown event "Weather"`) || !strings.Contains(errOut, "WeatherAlert, SportsEvent") {
		t.Errorf("unknown name: exit %d %q", code, errOut)
	}
	code, _, errOut = validateCLI(t, "", "manifest")
	if code != exitUsage || !strings.Contains(errOut, "--endpoint is required") {
		t.Errorf("no endpoint: exit %d %q", code, errOut)
	}
	code, _, _ = validateCLI(t, "", "manifest", "check")
	if code != exitUsage {
		t.Errorf("check without file: exit %d", code)
	}
	code, _, _ = validateCLI(t, "", "manifest", "check", filepath.Join(t.TempDir(), "none.json"))
	if code != exitUsage {
		t.Errorf("check of a missing file: exit %d", code)
	}
}

func TestManifestCheckFindings(t *testing.T) {
	doc := `{"manifest":{"permissions":[],"events":{"publications":[{"eventName":"AMAZON.Occasion.Updated"},{"eventName":"AMAZON.Occasion.Updated"}]}}}`
	code, out, _ := validateCLI(t, "", "manifest", "check", "-")
	if code != exitRejected || !strings.Contains(out, "JSON_SYNTAX") {
		t.Errorf("empty input: exit %d %q", code, out)
	}
	code, out, _ = validateCLI(t, doc, "manifest", "check", "-")
	if code != exitRejected {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{"MAN_NO_PERMISSION manifest.permissions", "MAN_DUP_PUBLICATION manifest.events.publications[1].eventName",
		"MAN_NO_ENDPOINT manifest.events.endpoint.uri", "info    MAN_NO_SUBSCRIPTION_EVENT"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Only the info hint: exit 0.
	hint := `{"manifest":{"permissions":[{"name":"alexa::devices:all:notifications:write"}],"events":{"endpoint":{"uri":"arn:x"},"publications":[{"eventName":"AMAZON.Occasion.Updated"}]}}}`
	code, out, _ = validateCLI(t, hint, "manifest", "check", "--json", "-")
	var res struct {
		Valid    bool
		Findings []struct{ Code, Severity string }
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err, out)
	}
	if code != exitOK || !res.Valid || len(res.Findings) != 1 || res.Findings[0].Severity != "info" {
		t.Errorf("hint only: exit %d %+v", code, res)
	}
	code, out, _ = validateCLI(t, `[1]`, "manifest", "check", "-")
	if code != exitRejected || !strings.Contains(out, "must be an object") {
		t.Errorf("array: exit %d %q", code, out)
	}
}
