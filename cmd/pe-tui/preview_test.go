package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

func TestPreviewGoldens(t *testing.T) {
	want := map[string]string{
		"WeatherAlert":         "There is a tornado alert for your area. Provided by Example Weather Corp.",
		"SportsEvent":          "TreeFruit League match update, Apples scored! Oranges 1, Apples 2.",
		"MessageAlert":         "You have three new messages from Jane Doe.",
		"OrderStatus":          "Your order from Northwind Books has been shipped and will arrive by March 4, 2024.",
		"Occasion":             "Your appointment at Dental XYZ for a dental cleaning on March 4, 2024 has been confirmed.",
		"TrashCollectionAlert": "This coming Tuesday is glass, waste paper and cans collection day.",
		"MediaContent":         "The Long Orbit will premiere on March 2, 2024 at 8:00 PM on Lumen TV.",
		"SocialGameInvite":     "Your friend Max has challenged you to a match of Word Blitz.",
	}
	for short, sentence := range want {
		code, out, errOut := validateCLI(t, "", "preview", validateGolden(short))
		if code != exitOK || out != sentence+"\n" || errOut != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", short, code, out, errOut)
		}
	}
}

func TestPreviewLocaleNotes(t *testing.T) {
	code, out, errOut := validateCLI(t, "", "preview", "--locale", "de-DE", validateGolden("WeatherAlert"))
	if code != exitOK || out != "There is a tornado alert for your area. Provided by Beispiel Wetterdienst.\n" {
		t.Errorf("de-DE: exit %d %q", code, out)
	}
	if !strings.Contains(errOut, "approximate") || strings.Contains(errOut, "fallback") {
		t.Errorf("de-DE notes: %q", errOut)
	}
	_, out, errOut = validateCLI(t, "", "preview", "--locale", "en-GB", validateGolden("WeatherAlert"))
	if out != "There is a tornado alert for your area. Provided by Example Weather Corp.\n" || !strings.Contains(errOut, "fallback") || strings.Contains(errOut, "approximate") {
		t.Errorf("en-GB: %q %q", out, errOut)
	}
}

func TestPreviewJSONAndZone(t *testing.T) {
	code, out, _ := validateCLI(t, "", "preview", "--json", "--locale", "fr-FR", "--tz", "Asia/Tokyo", validateGolden("MediaContent"))
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var u struct {
		Locale, Text          string
		Approximate, Fallback bool
	}
	if err := json.Unmarshal([]byte(out), &u); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if u.Locale != "fr-FR" || !u.Approximate || u.Fallback || u.Text != "La Longue Orbite will premiere on March 3, 2024 at 5:00 AM on Lumen TV France." {
		t.Errorf("%+v", u)
	}
	for _, key := range []string{`"locale"`, `"text"`, `"approximate"`, `"fallback"`} {
		if !strings.Contains(out, key) {
			t.Errorf("JSON lacks %s: %s", key, out)
		}
	}
}

func TestPreviewTrashStyleAndStdin(t *testing.T) {
	data, err := os.ReadFile(validateGolden("TrashCollectionAlert"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, _ := validateCLI(t, string(data), "preview", "--trash-style", "alternative", "-")
	if code != exitOK || out != "The coming Tuesday is glass, waste paper and cans garbage collection day.\n" {
		t.Errorf("exit %d %q", code, out)
	}
}

func TestPreviewFailures(t *testing.T) {
	unknown := validateTempFile(t, "WeatherAlert", func(r *schemas.Request) { r.Set("event.name", "AMAZON.Weather") })
	missing := validateTempFile(t, "Occasion", func(r *schemas.Request) { r.Delete("event.payload.occasion.bookingTime") })
	broken := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(broken, []byte(`{"event": }`), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"preview", unknown}, exitRejected, `unknown event name "AMAZON.Weather"`},
		{[]string{"preview", missing}, exitRejected, "occasion.bookingTime is missing"},
		{[]string{"preview", broken}, exitRejected, "line 1, column 11"},
		{[]string{"preview", filepath.Join(t.TempDir(), "none.json")}, exitUsage, "cannot read"},
		{[]string{"preview", "--tz", "Mars/Olympus", validateGolden("MediaContent")}, exitUsage, "IANA"},
		{[]string{"preview", "--locale", "german", validateGolden("MediaContent")}, exitUsage, "language-COUNTRY"},
		{[]string{"preview", "--trash-style", "fancy", validateGolden("MediaContent")}, exitUsage, "default or alternative"},
		{[]string{"preview"}, exitUsage, "exactly one"},
	}
	for _, c := range cases {
		code, out, errOut := validateCLI(t, "", c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit %d and %q", c.args, code, out, errOut, c.code, c.want)
		}
	}
}
