package draft

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// roundTripFiles lists the golden requests of internal/schemas and this
// package's own fixtures of awkward but loadable bodies.
func roundTripFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../schemas/testdata/golden/*.json", "testdata/roundtrip/*.json"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("found only %d round-trip files", len(files))
	}
	return files
}

func mustDecode(t testing.TB, data []byte) *schemas.Request {
	t.Helper()
	r, err := schemas.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestRoundTrip: Request → Draft → Request gives the same JSON for every
// golden request and every fixture.
func TestRoundTrip(t *testing.T) {
	golden := 0
	for _, file := range roundTripFiles(t) {
		if strings.Contains(file, "golden") {
			golden++
		}
		t.Run(filepath.Base(filepath.Dir(file))+"/"+filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			in := mustDecode(t, data)
			d, err := FromRequest(in)
			if err != nil {
				t.Fatalf("FromRequest: %v", err)
			}
			out, _ := d.Request(fixedNow)
			if want, got := in.Encode(), out.Encode(); !bytes.Equal(want, got) {
				t.Errorf("round trip changed the request\nwant:\n%s\ngot:\n%s", want, got)
			}
			// A clone converts the same way, and converting twice does not drift.
			again, _ := d.Clone().Request(fixedNow)
			if !bytes.Equal(out.Encode(), again.Encode()) {
				t.Errorf("second conversion differs")
			}
		})
	}
	if golden < 8 {
		t.Errorf("only %d golden requests found; expected one per schema", golden)
	}
}

// TestNewDraftIsValid: a new draft of every schema produces a request the
// validator accepts without errors, and the preview can speak it.
func TestNewDraftIsValid(t *testing.T) {
	for i := range schemas.All() {
		s := &schemas.All()[i]
		t.Run(s.Short, func(t *testing.T) {
			d := NewDraft(s, fixedNow)
			r, errs := d.Request(fixedNow)
			if len(errs) > 0 {
				t.Fatalf("conversion errors: %v", errs)
			}
			if fs := schemas.Validate(r, fixedNow, schemas.ValidateOptions{}); schemas.HasErrors(fs) {
				t.Errorf("new draft has errors: %+v\n%s", fs, r.Encode())
			}
			if _, err := schemas.Render(r, "en-US", schemas.RenderOptions{}); err != nil {
				t.Errorf("render: %v", err)
			}
			if r.String("timestamp") != "2026-11-22T14:00:00Z" || r.String("expiryTime") != "2026-11-23T13:00:00Z" {
				t.Errorf("timestamp %q expiry %q: want now and now+23h", r.String("timestamp"), r.String("expiryTime"))
			}
			if got := r.Get("localizedAttributes").([]any); len(got) != 0 {
				t.Errorf("one locale without the toggle must write inline values and [], got %v", got)
			}
		})
	}
}

func TestNewDraftSamples(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.Occasion.Updated"), fixedNow)
	r, _ := d.Request(fixedNow)
	if got := r.String("referenceId"); !strings.HasPrefix(got, "pe~") {
		t.Errorf("referenceId %q not generated", got)
	}
	if got := r.Get("event.payload.occasion.bookingTime"); got != "2026-11-25T14:00:00Z" {
		t.Errorf("bookingTime %v, want the +72h example resolved against now", got)
	}
	if got := r.Get("event.payload.occasion.subject"); got != "a root canal" {
		t.Errorf("subject %v, want the inline example", got)
	}
	if _, ok := schemas.Walk(r.Root, "event.payload.occasion.broker"); ok {
		t.Errorf("optional broker must start switched off")
	}
	if r.Get("relevantAudience.type") != "Multicast" {
		t.Errorf("audience %v", r.Get("relevantAudience"))
	}

	o := NewDraft(schemas.Lookup("AMAZON.OrderStatus.Updated"), fixedNow)
	r, _ = o.Request(fixedNow)
	if got := r.Get("event.payload.state.deliveryDetails.expectedArrival"); got != "2026-11-25T14:00:00Z" {
		t.Errorf("expectedArrival %v: deliveryDetails applies to ORDER_SHIPPED and starts on", got)
	}
	if _, ok := schemas.Walk(r.Root, "event.payload.state.enterTimestamp"); ok {
		t.Errorf("enterTimestamp applies only to ORDER_DELIVERED")
	}
}

func TestRequestReferencesAndLocales(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), fixedNow)
	d.UseReferences = true
	r, _ := d.Request(fixedNow)
	if got := r.Get("event.payload.weatherAlert.source"); got != "localizedattribute:source" {
		t.Errorf("toggle on: source %v, want a reference", got)
	}
	want := `[{"locale":"en-US","source":"Example Weather Corp"}]`
	if got := compactJSON(r.Get("localizedAttributes")); got != want {
		t.Errorf("entries %s, want %s", got, want)
	}

	d.UseReferences = false
	if err := d.AddLocale("de-DE"); err != nil {
		t.Fatal(err)
	}
	d.SetLocalized("de-DE", "source", "Beispiel Wetterdienst")
	r, _ = d.Request(fixedNow)
	if got := r.Get("event.payload.weatherAlert.source"); got != "localizedattribute:source" {
		t.Errorf("two locales: source %v, want a reference", got)
	}
	want = `[{"locale":"en-US","source":"Example Weather Corp"},{"locale":"de-DE","source":"Beispiel Wetterdienst"}]`
	if got := compactJSON(r.Get("localizedAttributes")); got != want {
		t.Errorf("entries %s, want %s", got, want)
	}

	if err := d.RemoveLocale("en-US"); err != nil {
		t.Fatal(err)
	}
	r, _ = d.Request(fixedNow)
	if got := r.Get("event.payload.weatherAlert.source"); got != "Beispiel Wetterdienst" {
		t.Errorf("back to one locale: source %v, want the remaining locale's value inline", got)
	}
	if err := d.RemoveLocale("de-DE"); err == nil {
		t.Errorf("removing the last locale must be refused")
	}
	if err := d.AddLocale("de-DE"); err == nil {
		t.Errorf("a repeated locale must be refused")
	}
	if err := d.AddLocale("german"); err == nil {
		t.Errorf("a malformed locale must be refused")
	}
}

func TestClearingOptionalFieldOmitsIt(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), fixedNow)
	d.SetText("weatherAlert.source", "")
	r, _ := d.Request(fixedNow)
	if _, ok := schemas.Walk(r.Root, "event.payload.weatherAlert.source"); ok {
		t.Errorf("cleared source still written: %s", r.Encode())
	}
	fs := schemas.Validate(r, fixedNow, schemas.ValidateOptions{})
	if !slices.ContainsFunc(fs, func(f schemas.Finding) bool { return f.Code == "WEATHER_NO_SOURCE" }) {
		t.Errorf("validator should warn about the missing source: %+v", fs)
	}
}

func TestRequestKeepsWhatWasTyped(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.MessageAlert.Activated"), fixedNow)
	d.SetText("messageGroup.count", "abc")
	d.Expiry = "next year"
	r, errs := d.Request(fixedNow)
	if got := r.Get("event.payload.messageGroup.count"); got != "abc" {
		t.Errorf("count %v, want the typed text kept as a string", got)
	}
	if got := r.Get("expiryTime"); got != "next year" {
		t.Errorf("expiryTime %v, want the typed text", got)
	}
	var paths []string
	for _, err := range errs {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("error %v is not an *InputError", err)
		}
		paths = append(paths, ie.Path)
	}
	if !slices.Equal(paths, []string{"expiryTime", "event.payload.messageGroup.count"}) {
		t.Errorf("error paths %v", paths)
	}
	codes := map[string]bool{}
	for _, f := range schemas.Validate(r, fixedNow, schemas.ValidateOptions{}) {
		codes[f.Code] = true
	}
	if !codes["PL_TYPE"] || !codes["EXP_FORMAT"] {
		t.Errorf("validator must flag the kept text; codes %v", codes)
	}

	d.SetText("messageGroup.count", " 007 ")
	r, _ = d.Request(fixedNow)
	if got := r.Get("event.payload.messageGroup.count"); got != "7" && got != any(jsonNumber("7")) {
		t.Errorf("count %v (%T), want the number 7", got, got)
	}
}

func TestRelativeTimesResolve(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.MediaContent.Available"), fixedNow)
	d.Timestamp = "-1m"
	d.Expiry = "tomorrow 9:00"
	d.SetText("availability.startTime", "+2h")
	r, errs := d.Request(fixedNow)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	for path, want := range map[string]string{
		"timestamp":                            "2026-11-22T13:59:00Z",
		"expiryTime":                           "2026-11-23T09:00:00Z",
		"event.payload.availability.startTime": "2026-11-22T16:00:00Z",
	} {
		if got := r.Get(path); got != want {
			t.Errorf("%s = %v, want %s", path, got, want)
		}
	}
	d.Expiry = "2026-11-23T09:00:00.5+01:00"
	r, _ = d.Request(fixedNow)
	if got := r.Get("expiryTime"); got != "2026-11-23T09:00:00.5+01:00" {
		t.Errorf("ISO expiry rewritten to %v; ISO text is written as typed", got)
	}
}

func TestFromRequestFillsDraft(t *testing.T) {
	data, err := os.ReadFile("../schemas/testdata/golden/Occasion.json")
	if err != nil {
		t.Skip("golden Occasion.json not present")
	}
	d, err := FromRequest(mustDecode(t, data))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Locales, []string{"en-US", "es-ES"}) || !d.RefMode() {
		t.Errorf("locales %v refmode %v", d.Locales, d.RefMode())
	}
	if got, _ := d.Text("occasion.subject"); got != "a dental cleaning" {
		t.Errorf("subject %q: a localizable field reads its primary-locale value", got)
	}
	if got, _ := d.LocalizedText("es-ES", "providerName"); got != "Clínica Dental XYZ" {
		t.Errorf("es-ES providerName %q", got)
	}
	if !d.Present["occasion.broker"] || d.AudienceType != "Unicast" || !strings.HasPrefix(d.UserID, "amzn1.ask.account.") {
		t.Errorf("broker %v audience %q user %q", d.Present["occasion.broker"], d.AudienceType, d.UserID)
	}
	if d.Values["occasion.bookingTime"] != "2024-03-04T15:30:00Z" || d.Values["state.confirmationStatus"] != "CONFIRMED" {
		t.Errorf("values %v", d.Values)
	}
}

func TestFromRequestMixedLocalization(t *testing.T) {
	data, err := os.ReadFile("testdata/roundtrip/mixed_localization.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := FromRequest(mustDecode(t, data))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Inline["occasion.subject"] || d.Values["occasion.subject"] != "a table for two" {
		t.Errorf("inline subject beside references not kept inline: %v %v", d.Inline, d.Values)
	}
	if d.KeyFor(d.Schema.Field("occasion.provider.name")) != "venue" {
		t.Errorf("unconventional key not kept: %v", d.AttrKeys)
	}
	if got := d.LocalizedKeys(); !slices.Equal(got, []string{"venue", "unusedKey"}) {
		t.Errorf("keys %v", got)
	}
	if got := d.MissingKeys("de-DE"); !slices.Equal(got, []string{"unusedKey"}) {
		t.Errorf("de-DE missing %v", got)
	}
	// Editing a value changes only that value.
	d.SetLocalized("de-DE", "venue", "Beim Beispiel")
	r, _ := d.Request(fixedNow)
	if got := compactJSON(r.Get("localizedAttributes")); got != `[{"locale":"en-US","unusedKey":"x","venue":"Chez Example"},{"locale":"de-DE","venue":"Beim Beispiel"}]` {
		t.Errorf("entries %s", got)
	}
	if r.Get("note") != "kept: unknown top-level field" || r.Get("event.payload.occasion.room") == nil {
		t.Errorf("unknown fields lost: %s", r.Encode())
	}
}

func TestFromRequestOddTypesEdited(t *testing.T) {
	data, err := os.ReadFile("testdata/roundtrip/odd_types.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := FromRequest(mustDecode(t, data))
	if err != nil {
		t.Fatal(err)
	}
	if d.Values["sportsEvent.homeTeamStatistic.score"] != "1" {
		t.Errorf("score text %q", d.Values["sportsEvent.homeTeamStatistic.score"])
	}
	// Once edited, the field is written with its proper type.
	d.SetText("sportsEvent.homeTeamStatistic.score", "2")
	d.Timestamp = "now"
	r, _ := d.Request(fixedNow)
	if got := r.Get("event.payload.sportsEvent.homeTeamStatistic.score"); got != jsonNumber("2") {
		t.Errorf("edited score %v (%T), want the number 2", got, got)
	}
	if got := r.Get("timestamp"); got != "2026-11-22T14:00:00Z" {
		t.Errorf("edited timestamp %v", got)
	}
	if got := r.Get("referenceId"); got != jsonNumber("12345") {
		t.Errorf("untouched referenceId %v (%T) must keep its loaded type", got, got)
	}
}

func TestFromRequestShownInapplicable(t *testing.T) {
	data, err := os.ReadFile("testdata/roundtrip/variants.json")
	if err != nil {
		t.Fatal(err)
	}
	d, err := FromRequest(mustDecode(t, data))
	if err != nil {
		t.Fatal(err)
	}
	if !d.Shown["state.enterTimestamp"] || !d.Visible("state.enterTimestamp") {
		t.Errorf("a loaded enterTimestamp on a shipped order must stay visible: shown %v", d.Shown)
	}
	// A new draft hides it instead.
	n := NewDraft(d.Schema, fixedNow)
	if n.Visible("state.enterTimestamp") || !n.Visible("state.deliveryDetails.expectedArrival") {
		t.Errorf("ORDER_SHIPPED: enterTimestamp visible %v, expectedArrival visible %v",
			n.Visible("state.enterTimestamp"), n.Visible("state.deliveryDetails.expectedArrival"))
	}
	n.SetText("state.status", "ORDER_DELIVERED")
	if !n.Visible("state.enterTimestamp") || n.Visible("state.deliveryDetails.expectedArrival") {
		t.Errorf("ORDER_DELIVERED: enterTimestamp visible %v, expectedArrival visible %v",
			n.Visible("state.enterTimestamp"), n.Visible("state.deliveryDetails.expectedArrival"))
	}
	r, _ := n.Request(fixedNow)
	if _, ok := schemas.Walk(r.Root, "event.payload.state.deliveryDetails"); ok {
		t.Errorf("deliveryDetails written for ORDER_DELIVERED: %s", r.Encode())
	}
	if got := r.Get("event.payload.state.enterTimestamp"); got != "2026-11-22T12:00:00Z" {
		t.Errorf("enterTimestamp %v, want the -2h example", got)
	}
}

func TestFromRequestErrors(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{`[1,2]`, "not a JSON object"},
		{`{"event":{"name":"AMAZON.Weather.Activated"}}`, `"AMAZON.Weather.Activated" is not one of the 8 schemas`},
		{`{"event":{}}`, "event.name is missing"},
	} {
		_, err := FromRequest(mustDecode(t, []byte(tt.body)))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("FromRequest(%s) error %v, want %q", tt.body, err, tt.want)
		}
	}
}

func TestSwitchOnFillsExamples(t *testing.T) {
	data := []byte(`{"event":{"name":"AMAZON.SportsEvent.Updated","payload":{}}}`)
	d, err := FromRequest(mustDecode(t, data))
	if err != nil {
		t.Fatal(err)
	}
	d.SetPresent("update", true, fixedNow)
	r, _ := d.Request(fixedNow)
	if got := compactJSON(r.Get("event.payload.update")); got != `{"scoreEarned":1,"teamName":"Apples"}` {
		t.Errorf("update %s, want the sample values", got)
	}
	d.SetPresent("update", false, fixedNow)
	r, _ = d.Request(fixedNow)
	if _, ok := schemas.Walk(r.Root, "event.payload.update"); ok {
		t.Errorf("update written while switched off")
	}
}

func TestEnUSOnlyWarning(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.SocialGameInvite.Available"), fixedNow)
	if w := d.AddLocaleWarning(); w != "SocialGameInvite supports en-US only; any other locale draws LOCALE_UNSUPPORTED" {
		t.Errorf("warning before adding %q", w)
	}
	if err := d.AddLocale("de-DE"); err != nil {
		t.Fatal(err)
	}
	if w := d.AddLocaleWarning(); w != "" {
		t.Errorf("warned again beside de-DE's finding: %q", w)
	}
	if w := NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), fixedNow).AddLocaleWarning(); w != "" {
		t.Errorf("weather warned: %q", w)
	}
}

func FuzzFromRequest(f *testing.F) {
	files, _ := filepath.Glob("../schemas/testdata/golden/*.json")
	more, _ := filepath.Glob("testdata/roundtrip/*.json")
	for _, file := range append(files, more...) {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"event":{"name":"AMAZON.OrderStatus.Updated","payload":{"state":"x","order":{"seller":[]}}},"localizedAttributes":[{"locale":"en-US","sellerName":{}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := schemas.Decode(data)
		if err != nil {
			return
		}
		d, err := FromRequest(r)
		if err != nil {
			return
		}
		out, _ := d.Request(time.Unix(1_700_000_000, 0).UTC())
		if out.EventName() != d.Schema.Name {
			t.Fatalf("event name %q lost", out.EventName())
		}
		// The written body decodes again and loads again.
		back, err := schemas.Decode(out.Encode())
		if err != nil {
			t.Fatalf("Request wrote invalid JSON: %v\n%s", err, out.Encode())
		}
		d2, err := FromRequest(back)
		if err != nil {
			t.Fatalf("reload: %v", err)
		}
		// What the form writes is a fixed point: loading it again writes it again.
		out2, _ := d2.Request(time.Unix(1_700_000_000, 0).UTC())
		if !bytes.Equal(out.Encode(), out2.Encode()) {
			t.Fatalf("not a fixed point\nfirst:\n%s\nsecond:\n%s", out.Encode(), out2.Encode())
		}
	})
}

func jsonNumber(s string) any { return json.Number(s) }

func TestSwitchedOffKeysAreParked(t *testing.T) {
	d := NewDraft(schemas.Lookup("AMAZON.Occasion.Updated"), fixedNow)
	if err := d.AddLocale("es-ES"); err != nil {
		t.Fatal(err)
	}
	r, _ := d.Request(fixedNow)
	if got := compactJSON(r.Get("localizedAttributes")); strings.Contains(got, "brokerName") {
		t.Errorf("broker is off, its key must not be written: %s", got)
	}
	if got := d.LocalizedKeys(); !slices.Equal(got, []string{"subject", "providerName"}) {
		t.Errorf("keys %v", got)
	}
	d.SetPresent("occasion.broker", true, fixedNow)
	r, _ = d.Request(fixedNow)
	if r.Get("event.payload.occasion.broker.name") != "localizedattribute:brokerName" ||
		!strings.Contains(compactJSON(r.Get("localizedAttributes")), `"brokerName":"Booking Hub"`) {
		t.Errorf("broker on: %s", r.Encode())
	}
	if got := d.MissingKeys("es-ES"); !slices.Equal(got, []string{"subject", "providerName", "brokerName"}) {
		t.Errorf("es-ES missing %v", got)
	}
	// Clearing a value in every locale removes the field.
	d.SetLocalized("en-US", "brokerName", "")
	r, _ = d.Request(fixedNow)
	if _, ok := schemas.Walk(r.Root, "event.payload.occasion.broker.name"); ok {
		t.Errorf("broker name cleared everywhere but still written")
	}
}

// TestNumberMessagesSayWhatIsWrong: a typed number that is not a whole
// number is told what is wrong with it, in the input error and the finding.
func TestNumberMessagesSayWhatIsWrong(t *testing.T) {
	for _, c := range []struct{ typed, input, finding string }{
		{"1.5", `"1.5" has a fraction; it must be a whole number such as 2`, `is "1.5", which has a fraction`},
		{"99999999999999999999", "", "is 99999999999999999999, which is too large; it must be a whole number up to 9223372036854775807"},
		{"abc", `"abc" is not a number`, `is "abc", which is not a number`},
	} {
		d := NewDraft(schemas.Lookup("AMAZON.MessageAlert.Activated"), fixedNow)
		d.SetText("messageGroup.count", c.typed)
		r, errs := d.Request(fixedNow)
		var input string
		for _, err := range errs {
			input += err.Error()
		}
		if !strings.Contains(input, c.input) || (c.input == "" && input != "") {
			t.Errorf("%s: input errors %q, want %q", c.typed, input, c.input)
		}
		var found string
		for _, f := range schemas.Validate(r, fixedNow, schemas.ValidateOptions{}) {
			if f.Path == "event.payload.messageGroup.count" {
				found += f.Message
			}
		}
		if !strings.Contains(found, c.finding) || strings.Contains(found, "is a JSON") {
			t.Errorf("%s: finding %q, want %q", c.typed, found, c.finding)
		}
	}
}
