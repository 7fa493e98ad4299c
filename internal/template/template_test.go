package template

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

var t0 = time.Date(2026, 12, 5, 0, 50, 7, 123, time.FixedZone("", 3600))

func env() Env {
	return Env{
		Now:    t0,
		NewRef: func() string { return "pe~fixed" },
		User: func(l string) (string, bool) {
			return map[string]string{"alice": "amzn1.ask.account.A"}[l], l == "alice"
		},
		LookupEnv: func(n string) (string, bool) { return map[string]string{"CITY": "Köln \"quoted\"\n"}[n], n == "CITY" },
		Vars:      map[string]string{"who": "Bob", "inject": "{{now}}"},
	}
}

// TestStringExpandsEveryKind proves each placeholder kind expands, that
// {{now}} is RFC 3339 UTC with Z, and that one Expander uses one ref.
func TestStringExpandsEveryKind(t *testing.T) {
	x := New(env())
	cases := map[string]string{
		"{{now}}":                  "2026-12-04T23:50:07Z",
		"{{ now }}":                "2026-12-04T23:50:07Z",
		"{{now+90m}}":              "2026-12-05T01:20:07Z",
		"{{now+23h}}":              "2026-12-05T22:50:07Z",
		"{{now-5m}}":               "2026-12-04T23:45:07Z",
		"{{now+1d2h}}":             "2026-12-06T01:50:07Z",
		"{{ref}}/{{ref}}":          "pe~fixed/pe~fixed",
		"to {{user:alice}}":        "to amzn1.ask.account.A",
		"{{env:CITY}}":             "Köln \"quoted\"\n",
		"hi {{who}}!":              "hi Bob!",
		"{{open}}x}}":              "{{x}}",
		"{{inject}}":               "{{now}}", // values are not expanded again
		"no placeholders {x} }} {": "no placeholders {x} }} {",
	}
	for in, want := range cases {
		got, exps := x.String(in)
		if got != want {
			t.Errorf("String(%q) = %q, want %q", in, got, want)
		}
		for _, e := range exps {
			if e.Err != "" {
				t.Errorf("String(%q): unexpected error %s", in, e.Err)
			}
		}
	}
	_, exps := x.String("{{now+23h}} and {{who}}")
	if len(exps) != 2 || exps[0].Placeholder != "{{now+23h}}" || exps[0].Value != "2026-12-05T22:50:07Z" || exps[1].Value != "Bob" {
		t.Fatalf("expansions for the form: %+v", exps)
	}
}

// TestUnknownPlaceholdersAreFindings proves that nothing unknown is left
// silently: each failure names its path and placeholder.
func TestUnknownPlaceholdersAreFindings(t *testing.T) {
	body := `{"a":"{{nope}}","b":["x","{{user:bob}}"],"c":{"d":"{{env:UNSET_X}}","e":"{{now+5x}}","f":"open {{ref"},"g":"{{who!}}"}`
	out, fs, err := Expand([]byte(body), env())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for i, f := range fs {
		if i > 0 && fs[i-1].Path > f.Path {
			t.Errorf("findings not in path order: %v", fs)
		}
		got[f.Path] = f.Placeholder + " | " + f.Message
	}
	want := map[string]string{
		"a":    "{{nope}} | unknown placeholder \"nope\": give it a value with --set nope=VALUE",
		"b[1]": "{{user:bob}}",
		"c.d":  "{{env:UNSET_X}} | the environment variable UNSET_X is not set",
		"c.e":  "{{now+5x}}",
		"c.f":  "{{ref",
		"g":    "{{who!}} | unknown placeholder; known ones",
	}
	if len(fs) != len(want) {
		t.Fatalf("findings %v", fs)
	}
	for p, w := range want {
		if !strings.HasPrefix(got[p], w) {
			t.Errorf("finding at %s = %q, want prefix %q", p, got[p], w)
		}
	}
	if !strings.Contains(string(out), "{{nope}}") {
		t.Errorf("a failed placeholder must stay visible in the body:\n%s", out)
	}
}

// TestBodyStaysValidJSON proves expanded values with quotes, newlines and
// control characters stay valid JSON, keys and numbers are untouched, and a
// body without placeholders comes back byte for byte.
func TestBodyStaysValidJSON(t *testing.T) {
	body := []byte(`{"{{who}}":"{{env:CITY}}\u0007","n":12345678901234567890,"t":true}`)
	out, fs, err := Expand(body, env())
	if err != nil || len(fs) != 0 {
		t.Fatal(err, fs)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if m["{{who}}"] != "Köln \"quoted\"\n\a" {
		t.Errorf("value %q", m["{{who}}"])
	}
	if !strings.Contains(string(out), "12345678901234567890") {
		t.Errorf("number changed:\n%s", out)
	}
	plain := []byte("not json at all")
	if got, fs, err := Expand(plain, env()); err != nil || fs != nil || string(got) != string(plain) {
		t.Errorf("a body without placeholders must pass unchanged: %q %v %v", got, fs, err)
	}
	var se *schemas.SyntaxError
	if _, _, err := Expand([]byte(`{"a":"{{now}}"`), env()); !errors.As(err, &se) {
		t.Errorf("invalid JSON with placeholders: %v", err)
	}
	// Escaped braces are placeholders too: the decoded string is what counts.
	if out, _, _ := Expand([]byte(`{"a":"\u007b{now}}"}`), env()); !strings.Contains(string(out), "2026-12-04T23:50:07Z") {
		t.Errorf("escaped placeholder not expanded: %s", out)
	}
}

// TestRefIsFreshPerExpander proves two sends get two referenceIds made only
// of letters, digits and '~'.
func TestRefIsFreshPerExpander(t *testing.T) {
	e := Env{Now: t0}
	a, _ := New(e).String("{{ref}}")
	b, _ := New(e).String("{{ref}}")
	if a == b || !regexp.MustCompile(`^[A-Za-z0-9~]+$`).MatchString(a) {
		t.Fatalf("refs %q %q", a, b)
	}
}

func TestParseOffset(t *testing.T) {
	good := map[string]time.Duration{"+23h": 23 * time.Hour, "-5m": -5 * time.Minute, "+1h30m": 90 * time.Minute, "+2d": 48 * time.Hour, "+0s": 0, "+400d": 400 * 24 * time.Hour}
	for in, want := range good {
		if d, err := ParseOffset(in); err != nil || d != want {
			t.Errorf("ParseOffset(%q) = %v, %v", in, d, err)
		}
		if in != "+2d" && in != "+400d" {
			if back := FormatOffset(want); back != in && !(in == "+23h" && back == "+23h") {
				t.Errorf("FormatOffset(%v) = %q, want %q", want, back, in)
			}
		}
	}
	for _, in := range []string{"", "+", "23h", "+h", "+5", "+5x", "+30m1h", "+1h1h", "+401d", "+999999d", "+1234567h", "+-5m"} {
		if _, err := ParseOffset(in); err == nil {
			t.Errorf("ParseOffset(%q) accepted", in)
		}
	}
}

func TestParseSet(t *testing.T) {
	vars, err := ParseSet([]string{"who=Bob", "empty=", "eq=a=b"})
	if err != nil || vars["who"] != "Bob" || vars["empty"] != "" || vars["eq"] != "a=b" {
		t.Fatalf("%v %v", vars, err)
	}
	for _, bad := range [][]string{{"noequals"}, {"=x"}, {"now=x"}, {"ref=x"}, {"a b=x"}, {"1a=x"}, {"a=1", "a=2"}, {"user:x=1"}, {"x=" + strings.Repeat("v", 65<<10)}} {
		if _, err := ParseSet(bad); err == nil {
			t.Errorf("ParseSet(%q) accepted", bad)
		}
	}
}

// TestTemplatize proves saved events get {{now}}, {{ref}} and an expiry
// placeholder that keeps the body's own distance, and that existing
// placeholders are kept.
func TestTemplatize(t *testing.T) {
	in := `{"timestamp":"2026-01-01T00:00:00Z","referenceId":"abc","expiryTime":"2026-01-01T01:30:00Z","event":{"name":"AMAZON.MessageAlert.Activated","payload":{}}}`
	out, err := Templatize([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, want := range []string{`"timestamp": "{{now}}"`, `"referenceId": "{{ref}}"`, `"expiryTime": "{{now+1h30m}}"`} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in\n%s", want, s)
		}
	}
	if !strings.HasSuffix(s, "}\n") || strings.Index(s, "timestamp") > strings.Index(s, "event") {
		t.Errorf("not canonical:\n%s", s)
	}
	out, _ = Templatize([]byte(`{"expiryTime":"{{now+2h}}","timestamp":"bad"}`))
	if !strings.Contains(string(out), `"{{now+2h}}"`) {
		t.Errorf("existing placeholder replaced:\n%s", out)
	}
	out, _ = Templatize([]byte(`{}`))
	if !strings.Contains(string(out), `"{{now+23h}}"`) {
		t.Errorf("default expiry:\n%s", out)
	}
	if _, err := Templatize([]byte(`[1]`)); err == nil {
		t.Error("a non-object was templatized")
	}
	// A templatized body expands into one the validator accepts on time fields.
	exp, fs, err := Expand(out, Env{Now: t0})
	if err != nil || len(fs) != 0 {
		t.Fatal(err, fs)
	}
	req, _ := schemas.Decode(exp)
	if _, err := schemas.ParseTime(req.String("expiryTime")); err != nil {
		t.Errorf("expiry %q", req.String("expiryTime"))
	}
}
