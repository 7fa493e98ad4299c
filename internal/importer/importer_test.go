package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

var testNow = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

func importFile(t *testing.T, name string) *Result {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(data, Options{Now: testNow, ReadFile: func(n string) ([]byte, error) {
		return os.ReadFile(filepath.Join("testdata", filepath.Base(n)))
	}})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

func one(t *testing.T, res *Result) Event {
	t.Helper()
	if len(res.Events) != 1 {
		t.Fatalf("got %d events, want 1: %+v", len(res.Events), res)
	}
	return res.Events[0]
}

func body(t *testing.T, ev Event) map[string]any {
	t.Helper()
	if ev.Err != nil {
		t.Fatalf("unexpected parse error %v", ev.Err)
	}
	var m map[string]any
	if err := json.Unmarshal(ev.Body, &m); err != nil {
		t.Fatalf("body is not JSON: %v\n%s", err, ev.Body)
	}
	return m
}

func get(m map[string]any, path string) any {
	v, _ := schemas.Walk(m, path)
	return v
}

func codes(fs []schemas.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

func hasNote(notes []string, part string) bool {
	for _, n := range notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// TestCurlTutorial imports the two-step tutorial shape (token curl, then the
// event curl with a bearer header and a multi-line single-quoted body): the
// token request is skipped with a note, the body becomes the event, the URL
// the na-dev target, and the Authorization header is dropped with a note.
func TestCurlTutorial(t *testing.T) {
	res := importFile(t, "curl_tutorial.sh")
	if res.Format != FormatCurl {
		t.Fatalf("format %s", res.Format)
	}
	ev := one(t, res)
	m := body(t, ev)
	if ev.Target != "na-dev" || get(m, "event.payload.messageGroup.creator.name") != "Andy" || ev.Line != 11 {
		t.Errorf("target %q, line %d, body %s", ev.Target, ev.Line, ev.Body)
	}
	if !hasNote(ev.Notes, "Authorization header was dropped") || !hasNote(res.Notes, "token") {
		t.Errorf("notes %q / %q", ev.Notes, res.Notes)
	}
	all, _ := json.Marshal(res)
	for _, secret := range []string{"SECRETSECRET", "IwEBIEXAMPLETOKEN"} {
		if strings.Contains(string(all), secret) {
			t.Errorf("the import result holds the credential %q", secret)
		}
	}
	if !slices.Equal(codes(ev.Findings), []string{"REF_HYPHEN"}) {
		t.Errorf("findings %v", codes(ev.Findings))
	}
}

// TestCurlDataBinaryFileAndRegion reads -d @file through Options.ReadFile and
// recognises the EU live endpoint; without ReadFile the file is not read.
func TestCurlDataBinaryFileAndRegion(t *testing.T) {
	ev := one(t, importFile(t, "curl_databinary.sh"))
	if ev.Target != "eu-live" || get(body(t, ev), "event.name") != "AMAZON.WeatherAlert.Activated" {
		t.Errorf("target %q body %s", ev.Target, ev.Body)
	}
	data, _ := os.ReadFile("testdata/curl_databinary.sh")
	res, err := Import(data, Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if ev := one(t, res); ev.Err == nil || !hasNote(ev.Notes, "not read here") {
		t.Errorf("without ReadFile: err %v notes %q", ev.Err, ev.Notes)
	}
}

// TestCurlShapes covers the spellings tutorials use: --data-raw with
// double quotes and escapes, -XPOST clusters, --url=, $'…' quoting, cmd.exe
// ^ continuations, loopback URLs (the sandbox) and -u credentials.
func TestCurlShapes(t *testing.T) {
	body := `{\"timestamp\":\"2024-03-01T09:00:00Z\",\"referenceId\":\"r1\",\"expiryTime\":\"2024-03-01T10:00:00Z\",\"event\":{\"name\":\"AMAZON.MessageAlert.Activated\",\"payload\":{\"state\":{\"status\":\"UNREAD\"},\"messageGroup\":{\"creator\":{\"name\":\"Al\"},\"count\":1}}},\"localizedAttributes\":[],\"relevantAudience\":{\"type\":\"Multicast\",\"payload\":{}}}`
	cases := []struct{ name, src, target, note string }{
		{"data-raw double quotes", `curl -sSXPOST --url=http://127.0.0.1:8787/v1/proactiveEvents/stages/development --data-raw "` + body + `"`, "sandbox", ""},
		{"ansi-c", `curl -X POST https://api.fe.amazonalexa.com/v1/proactiveEvents/stages/development -d $'` + strings.ReplaceAll(body, `\"`, `"`) + `'`, "fe-dev", ""},
		{"cmd.exe", "curl -X POST ^\r\n https://api.amazonalexa.com/v1/proactiveEvents/ ^\r\n -d \"" + body + "\"", "na-live", ""},
		{"user", `curl -u id:secret -H "authorization: Bearer x" localhost:9/v1/proactiveEvents/stages/development -d '` + strings.ReplaceAll(body, `\"`, `"`) + `'`, "sandbox", "credentials are never imported"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Import([]byte(c.src), Options{Now: testNow})
			if err != nil {
				t.Fatal(err)
			}
			ev := one(t, res)
			m := body2(t, ev)
			if ev.Target != c.target || get(m, "event.payload.messageGroup.creator.name") != "Al" {
				t.Errorf("target %q, body %s, notes %q", ev.Target, ev.Body, ev.Notes)
			}
			if c.note != "" && !hasNote(ev.Notes, c.note) {
				t.Errorf("notes %q lack %q", ev.Notes, c.note)
			}
		})
	}
}

func body2(t *testing.T, ev Event) map[string]any { t.Helper(); return body(t, ev) }

// TestPostmanV21 imports a v2.1 collection with a folder, a token request,
// collection variables, auth settings, dynamic variables, a variable
// standing outside a JSON string and a pre-request script that sets the
// expiry with moment() (mapped to {{now+23h}}).
func TestPostmanV21(t *testing.T) {
	res := importFile(t, "postman_v21.json")
	if res.Format != FormatPostman || len(res.Events) != 2 {
		t.Fatalf("format %s, %d events", res.Format, len(res.Events))
	}
	order, count := res.Events[0], res.Events[1]
	m := body(t, order)
	if order.Name != "Events / Order shipped (unicast)" || order.Target != "na-dev" {
		t.Errorf("name %q target %q (the host comes from the collection variable apiEndpoint)", order.Name, order.Target)
	}
	if get(m, "timestamp") != "{{now}}" || get(m, "referenceId") != "{{ref}}" || get(m, "relevantAudience.payload.user") != "{{userId}}" || get(m, "expiryTime") != "{{now+23h}}" {
		t.Errorf("placeholders not mapped: %s", order.Body)
	}
	if !hasNote(order.Notes, `{{userId}} is a variable; the collection sets it to "amzn1.ask.account.EXAMPLE"`) || !hasNote(order.Notes, "{{expiryTime}} is set by a pre-request script to moment().add(23, 'hours').toISOString(): imported as {{now+23h}}") || !hasNote(order.Notes, "{{expectedArrival}} is a variable the collection does not define") || !hasNote(order.Notes, "auth settings were dropped") {
		t.Errorf("notes %q", order.Notes)
	}
	if schemas.HasErrors(order.Findings) {
		t.Errorf("findings on placeholders should wait for their values: %+v", order.Findings)
	}
	if count.Target != "fe-live" || get(body(t, count), "event.payload.messageGroup.count") != "{{count}}" || get(body(t, count), "expiryTime") != "{{now+23h}}" {
		t.Errorf("count event: target %q body %s", count.Target, count.Body)
	}
	if len(count.Findings) == 0 || count.Findings[0].Code != CodeVariable || count.Findings[0].Path != "timestamp" || !strings.Contains(count.Findings[0].Message, "{{$timestamp}}") {
		t.Errorf("{{$timestamp}} not reported: %+v", count.Findings)
	}
	if slices.Contains(count.Placeholders, "{{$timestamp}}") {
		t.Errorf("a Postman-only variable is listed as a pe-tui placeholder: %v", count.Placeholders)
	}
	if !hasNote(res.Notes, `"Get token"`) || !hasNote(res.Notes, `"Unrelated"`) {
		t.Errorf("collection notes %q", res.Notes)
	}
	all, _ := json.Marshal(res)
	if strings.Contains(string(all), "do-not-import-me") {
		t.Error("the collection's client secret variable reached the result")
	}
}

// TestPostmanV20AndVariantFix imports a v2.0 collection (string URL on
// localhost → sandbox) whose body uses the §9 V2 variant "alert": the
// finding carries a fix that schemas.ApplyFix applies.
func TestPostmanV20AndVariantFix(t *testing.T) {
	ev := one(t, importFile(t, "postman_v20.json"))
	if ev.Target != "sandbox" {
		t.Errorf("target %q", ev.Target)
	}
	fixed := ApplyFixes(ev, testNow)
	if get(body(t, fixed), "event.payload.weatherAlert.alertType") != "TORNADO" {
		t.Errorf("fix not applied: %s", fixed.Body)
	}
	for _, f := range fixed.Findings {
		if f.Fix != nil {
			t.Errorf("a fix remains after ApplyFixes: %+v", f)
		}
	}
}

// TestJavaScriptLambda converts an object literal with comments, single
// quotes, unquoted keys, trailing commas, new Date(...) and uuid() into JSON
// with placeholders, and it validates without errors.
func TestJavaScriptLambda(t *testing.T) {
	res := importFile(t, "lambda.js")
	ev := one(t, res)
	m := body(t, ev)
	want := map[string]any{
		"timestamp": "{{now}}", "referenceId": "{{ref}}", "expiryTime": "{{now+23h}}",
		"relevantAudience.payload.user": "{{env:USER_ID}}", "event.payload.update.teamName": "Real Madrid",
	}
	if l10n := m["localizedAttributes"].([]any)[0].(map[string]any); l10n["eventLeagueName"] != "La Liga" {
		t.Errorf("localizedAttributes %v", l10n)
	}
	for p, w := range want {
		if got := get(m, p); got != w {
			t.Errorf("%s = %v, want %v", p, got, w)
		}
	}
	if res.Format != FormatJavaScript || schemas.HasErrors(ev.Findings) {
		t.Errorf("format %s findings %+v", res.Format, ev.Findings)
	}
}

// TestJavaScriptExpressions checks each recognised expression form and that
// an unrecognised one is a finding naming it (the value becomes null).
func TestJavaScriptExpressions(t *testing.T) {
	cases := map[string]string{
		"new Date().toISOString()":                                     "{{now}}",
		"new Date(Date.now()).toISOString()":                           "{{now}}",
		"new Date(Date.now() + 5 * 60 * 1000).toISOString()":           "{{now+5m}}",
		"new Date(new Date().getTime() + (23 * 3600 * 1000)).toJSON()": "{{now+23h}}",
		"new Date(Date.now() - 90000).toISOString()":                   "{{now-90s}}",
		"moment().add(23, 'hours').toISOString()":                      "{{now+23h}}",
		"moment.utc().format()":                                        "{{now}}",
		"dayjs().add(1, 'day').subtract(30, 'minutes').toISOString()":  "{{now+1410m}}",
		"moment().add(10, 'seconds').format()":                         "{{now+10s}}",
		"uuidv4()":                                                     "{{ref}}",
		"crypto.randomUUID()":                                          "{{ref}}",
		"process.env['SKILL_USER']":                                    "{{env:SKILL_USER}}",
		"userId":                                                       "{{userId}}",
	}
	for expr, want := range cases {
		src := "const e = { event: { payload: { x: " + expr + " } } }"
		res, err := Import([]byte(src), Options{Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		ev := one(t, res)
		if got := get(body(t, ev), "event.payload.x"); got != want {
			t.Errorf("%s → %v, want %s", expr, got, want)
		}
	}
	res, _ := Import([]byte("x = {expiryTime: addHours(new Date(), 2), n: -3, h: 0xff, s: `tpl`, u: undefined}"), Options{Now: testNow})
	ev := one(t, res)
	m := body(t, ev)
	if _, present := m["u"]; present || m["expiryTime"] != nil || m["n"] != -3.0 || m["h"] != 255.0 || m["s"] != "tpl" {
		t.Errorf("body %s", ev.Body)
	}
	if len(ev.Findings) == 0 || ev.Findings[0].Code != CodeExpression || !strings.Contains(ev.Findings[0].Message, "addHours(new Date(), 2) (line 1, column 18)") {
		t.Errorf("findings %+v", ev.Findings)
	}
}

// TestTypeScript takes the object after a type annotation and stops at "as const".
func TestTypeScript(t *testing.T) {
	ev := one(t, importFile(t, "event.ts"))
	m := body(t, ev)
	if get(m, "event.payload.messageGroup.count") != 3.0 || get(m, "event.payload.messageGroup.creator.name") != "{{sender}}" {
		t.Errorf("body %s", ev.Body)
	}
	if !slices.Contains(codes(ev.Findings), CodeExpression) {
		t.Errorf("getExpiry(24) not reported: %v", codes(ev.Findings))
	}
}

// TestMalformedInputsKeepRawAndPosition: every malformed shape yields an
// event with the raw text kept and an error at the right line and column.
func TestMalformedInputsKeepRawAndPosition(t *testing.T) {
	cases := []struct {
		file      string
		line, col int
		msg       string
		inputLine int
	}{
		{"curl_unclosed.sh", 3, 6, "single quote opened here is never closed", 1},
		{"curl_badjson.sh", 4, 53, "expected , or }", 3},
		{"postman_broken.json", 4, 1, "value is missing", 0},
		{"lambda_broken.js", 3, 10, "never closed", 1},
		{"broken.json", 5, 45, "expected a property name", 1},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			ev := one(t, importFile(t, c.file))
			if ev.Err == nil || ev.Err.Line != c.line || ev.Err.Column != c.col || !strings.Contains(ev.Err.Msg, c.msg) || ev.Line != c.inputLine {
				t.Errorf("error %+v at input line %d; want %d:%d %q at input line %d", ev.Err, ev.Line, c.line, c.col, c.msg, c.inputLine)
			}
			if ev.Raw == "" || ev.Body != nil {
				t.Errorf("raw %q body %s", ev.Raw, ev.Body)
			}
		})
	}
}

// TestHostileInputsAreBounded: huge, deeply nested and binary inputs end
// with an error or a parse error, never a panic or unbounded work.
func TestHostileInputsAreBounded(t *testing.T) {
	deep := "x = " + strings.Repeat("{a:", 10000) + "1" + strings.Repeat("}", 10000)
	if ev := one(t, mustImport(t, deep)); ev.Err == nil || !strings.Contains(ev.Err.Msg, "nested more than") {
		t.Errorf("deep: %+v", ev.Err)
	}
	if _, err := Import(make([]byte, MaxInput+1), Options{}); err == nil {
		t.Error("an input over MaxInput was accepted")
	}
	for _, in := range []string{"", "   ", "\xff\xfe\x00", "curl", "curl 'x", "{", "x = [", "{\"a\": 1}{", "curl -d", "// only a comment"} {
		res, err := Import([]byte(in), Options{Now: testNow})
		if err == nil && res == nil {
			t.Errorf("%q: nil result and nil error", in)
		}
	}
}

func mustImport(t *testing.T, s string) *Result {
	t.Helper()
	res, err := Import([]byte(s), Options{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestDetect names the format of each fixture.
func TestDetect(t *testing.T) {
	want := map[string]Format{
		"curl_tutorial.sh": FormatCurl, "postman_v21.json": FormatPostman, "postman_v20.json": FormatPostman,
		"lambda.js": FormatJavaScript, "event.ts": FormatJavaScript, "weather.json": FormatJSON, "broken.json": FormatJavaScript,
	}
	for f, w := range want {
		data, _ := os.ReadFile(filepath.Join("testdata", f))
		if got := Detect(data); got != w {
			t.Errorf("%s: %s, want %s", f, got, w)
		}
	}
}

// hugeJS is n bytes of shorthand variables and unknown expressions.
func hugeJS(n int) string {
	var b strings.Builder
	b.WriteString("x = {\n")
	for b.Len() < n {
		b.WriteString("a, b: f(x),\n")
	}
	b.WriteString("}")
	return b.String()
}

// TestHugeInputsBoundedReport: megabytes of conversions give a bounded
// number of notes and findings (BenchmarkImportHugeJS measures the time).
func TestHugeInputsBoundedReport(t *testing.T) {
	ev := one(t, mustImport(t, hugeJS(1<<20)))
	own := 0
	for _, f := range ev.Findings {
		if f.Code == CodeExpression {
			own++
		}
	}
	if ev.Err != nil || len(ev.Notes) > maxNotes+1 || own > maxNotes {
		t.Errorf("err %v, %d notes, %d findings", ev.Err, len(ev.Notes), len(ev.Findings))
	}
}

// BenchmarkImportHugeJS imports 1 MiB of JavaScript (linear: the line index
// and the note cap keep it from being quadratic).
func BenchmarkImportHugeJS(b *testing.B) {
	src := []byte(hugeJS(1 << 20))
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		if _, err := Import(src, Options{Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkImportTutorialCurl imports the tutorial curl fixture.
func BenchmarkImportTutorialCurl(b *testing.B) {
	src, _ := os.ReadFile("testdata/curl_tutorial.sh")
	for i := 0; i < b.N; i++ {
		if _, err := Import(src, Options{Now: testNow}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestCurlShellExpansions: the tutorial trick of splicing $(date …),
// $(uuidgen) and $VARS into a single-quoted body becomes placeholders, and
// single quotes keep $ literal as the shell does.
func TestCurlShellExpansions(t *testing.T) {
	ev := one(t, importFile(t, "curl_shell_expansions.sh"))
	m := body(t, ev)
	want := map[string]string{
		"timestamp": "{{now}}", "referenceId": "{{ref}}", "expiryTime": "{{now+23h}}",
		"event.payload.messageGroup.creator.name": "{{env:SENDER}}", "relevantAudience.payload.user": "{{env:USER_ID}}",
	}
	for p, w := range want {
		if got := get(m, p); got != w {
			t.Errorf("%s = %v, want %s", p, got, w)
		}
	}
	for cmd, want := range map[string]string{
		`date -u -v+2H +%Y-%m-%dT%H:%M:%SZ`:     "{{now+2h}}",
		`date -u --date="30 minutes" -Iseconds`: "{{now+30m}}",
		`date +%s`:                              "",
		`date -d tomorrow +%FT%TZ`:              "",
	} {
		got, ok := dateCommand(cmd)
		if got != want || ok != (want != "") {
			t.Errorf("%s → %q %v, want %q", cmd, got, ok, want)
		}
	}
	res := mustImport(t, `curl localhost:1/v1/proactiveEvents/stages/development -d '{"a":"$HOME $(date)"}' `)
	if got := get(body(t, one(t, res)), "a"); got != "$HOME $(date)" {
		t.Errorf("single quotes expanded: %v", got)
	}
	res = mustImport(t, `curl localhost:1/v1/proactiveEvents/stages/development -d "{\"a\":\"$(whoami)\"}"`)
	if got := get(body(t, one(t, res)), "a"); got != "$(whoami)" {
		t.Errorf("unknown command: %v", got)
	}
}

// TestJavaScriptArrayTakesFirstObject: in an array of objects the first is
// imported (not the second, which follows a comma), with a note.
func TestJavaScriptArrayTakesFirstObject(t *testing.T) {
	ev := one(t, mustImport(t, "module.exports = [{ n: 1 }, { n: 2 }]"))
	if get(body(t, ev), "n") != 1.0 || !hasNote(ev.Notes, "took the object literal") {
		t.Errorf("body %s notes %q", ev.Body, ev.Notes)
	}
}
