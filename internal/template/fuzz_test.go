package template

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// FuzzExpand: any input either fails to decode (a *schemas.SyntaxError) or
// expands into valid JSON without panicking; every finding has a placeholder.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{`{"a":"{{now}}"}`, `{"a":["{{now+1h}}",{"b":"{{ref}}{{"}]}`, `"{{who}}"`, `{"a":"{{now+999999d}}"}`, `{"a":"\u007b{env:X}}"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e := env()
		out, fs, err := Expand([]byte(s), e)
		if err != nil {
			return
		}
		if Has([]byte(s)) && !json.Valid(out) {
			t.Fatalf("invalid JSON out of %q: %q", s, out)
		}
		for _, f := range fs {
			if !strings.HasPrefix(f.Placeholder, Open) {
				t.Fatalf("finding without a placeholder: %+v", f)
			}
		}
	})
}

// BenchmarkExpand is the cost of expanding a typical templated body (what
// a send, or a preview frame, pays).
func BenchmarkExpand(b *testing.B) {
	body := []byte(`{"timestamp":"{{now}}","referenceId":"{{ref}}","expiryTime":"{{now+23h}}","event":{"name":"AMAZON.MessageAlert.Activated","payload":{"state":{"status":"UNREAD","freshness":"NEW"},"messageGroup":{"creator":{"name":"{{who}}"},"count":5,"urgency":"URGENT"}}},"localizedAttributes":[],"relevantAudience":{"type":"Multicast","payload":{}}}`)
	e := Env{Now: time.Now(), NewRef: func() string { return "pe~x" }, Vars: map[string]string{"who": "Andy"}}
	b.ReportAllocs()
	for b.Loop() {
		if _, fs, err := Expand(body, e); err != nil || len(fs) != 0 {
			b.Fatal(err, fs)
		}
	}
}
