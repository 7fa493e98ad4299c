package schemas

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzDecodeValidateRender feeds arbitrary bytes through Decode, Validate,
// the fixes, Encode and Render, and checks their invariants:
//   - invalid JSON gives a *SyntaxError with a position inside the input;
//   - every finding has a known code, a severity and a message, and strict
//     mode changes severities only;
//   - Encode then Decode gives the same tree back, without repeated keys or
//     bytes that are not UTF-8;
//   - a request without errors can be spoken in every locale it names
//     (spec §5.1 Totality), including blank values (warnings).
func FuzzDecodeValidateRender(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "golden", "*.json"))
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		s := string(data)
		f.Add([]byte(s[:len(s)/2]))                                                           // cut short
		f.Add([]byte(strings.Replace(s, `"en-US"`, `"en_US"`, 1)))                            // bad locale
		f.Add([]byte(strings.Replace(s, `"localizedAttributes"`, `"localizedattribute"`, 1))) // V2
		f.Add([]byte(strings.Replace(s, "Z\"", "\"", 2)))                                     // no zone
		f.Add([]byte(strings.Replace(s, `": "`, `": 7, "x": "`, 3)))                          // wrong types
	}
	for _, raw := range []string{
		`{}`, `[]`, `null`, `"x"`, `{"event":{"name":"AMAZON.SportsEvent.Updated","payload":{"update":{"ScoreEarned":1}}}}`,
		`{"event":{"name":"AMAZON.TrashCollectionAlert.Activated","payload":{"alert":{"garbageType":"GLASS"}}}}`,
		`{"event":{"name":"AMAZON.SocialGameInvite.Available","payload":{"invite":{"inviter":{"relationshipToInvitee":"FRIEND"}}}}}`,
		`{"event":{"name":"AMAZON.WeatherAlert.Activated","payload":{"alert":{"alertType":"TORNADO"}}}}`,
		`{"event":{"name":"AMAZON.OrderStatus.Updated","payload":{"state":{"status":"ORDER_DELIVERED","enterTimeStamp":"2024-03-01T00:00:00Z","deliveryDetails":{"enterTimestamp":"x"}}}}}`,
		`{"event":{"name":"AMAZON.MessageAlert.Activated","payload":{"messageGroup":{"count":1e400}}}}`,
		`{"localizedAttributes":[{"locale":"en-US","k":1},2,{"locale":null}]}`,
		`{"a":1,"a":{"b":"\xff","b":2}}`,
		`{"event":{"type":"AMAZON.MessageAlert.Activated","payload":{"state":{"status":"UNREAD"},"messageGroup":{"creator":{"name":""},"count":1}}},"relevantAudience":{"type":"Multicast","payload":null}}`,
	} {
		f.Add([]byte(raw))
	}
	now := time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Decode(data)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("decode error %T is not a *SyntaxError: %v", err, err)
			}
			if se.Line < 1 || se.Column < 1 || se.Offset < 0 || se.Offset > int64(len(data)) {
				t.Fatalf("position out of range: %+v for %d bytes", se, len(data))
			}
			return
		}
		fs := Validate(r, now, ValidateOptions{})
		strict := Validate(r, now, ValidateOptions{Strict: true, Published: Names()[:4]})
		for _, f := range append(fs, strict...) {
			if _, ok := LookupCode(f.Code); !ok || f.Message == "" || f.Severity == "" {
				t.Fatalf("bad finding %+v", f)
			}
		}
		if len(findCode(strict, CodeEvtNotPublished)) == 0 && len(strict) != len(fs) {
			t.Fatalf("strict mode changed the number of findings: %d vs %d", len(strict), len(fs))
		}
		// The canonical encoding decodes to the same tree.
		enc := r.Encode()
		back, err := Decode(enc)
		if err != nil {
			t.Fatalf("Encode output does not decode: %v\n%s", err, enc)
		}
		if !reflect.DeepEqual(back.Root, r.Root) {
			t.Fatalf("Encode/Decode round trip differs:\n%s", enc)
		}
		if len(back.defects) != 0 {
			t.Fatalf("Encode output has defects %+v:\n%s", back.defects, enc)
		}
		if !bytes.Equal(back.Encode(), enc) {
			t.Fatal("Encode is not stable")
		}
		// Fixes and refresh never panic and keep the request an object.
		fixed := ApplyAllFixes(r, fs)
		_ = Validate(fixed, now, ValidateOptions{})
		_ = Refresh(r, now)
		// Render never panics; a request with no errors can be spoken.
		for _, loc := range append([]string{DefaultLocale(r), "de-DE"}, bodyLocales(r)...) {
			u, err := Render(r, loc, RenderOptions{})
			if err == nil && u.Text == "" {
				t.Fatal("empty sentence without an error")
			}
			if err != nil && !HasErrors(fs) {
				t.Fatalf("request without errors cannot be rendered for %s: %v\n%s", loc, err, dump(fs))
			}
		}
	})
}

// bodyLocales returns the locale strings of the localizedAttributes entries.
func bodyLocales(r *Request) []string {
	var out []string
	entries, _ := r.Get(FieldLocalizedAttributes).([]any)
	for _, e := range entries {
		if m, ok := e.(map[string]any); ok {
			if l, ok := m["locale"].(string); ok {
				out = append(out, l)
			}
		}
	}
	return out
}
