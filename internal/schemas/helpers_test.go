package schemas

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testNow is the fixed "current time" of the tests; the golden files'
// timestamp equals it and their expiryTime is 12 hours later.
var testNow = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)

// golden decodes testdata/golden/<short>.json.
func golden(t testing.TB, short string) *Request {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "golden", short+".json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Decode(data)
	if err != nil {
		t.Fatalf("%s: %v", short, err)
	}
	return r
}

// entry returns localizedAttributes[i] of r.
func entry(r *Request, i int) map[string]any {
	return r.Get(FieldLocalizedAttributes).([]any)[i].(map[string]any)
}

// findCode returns the findings with the code.
func findCode(fs []Finding, code string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Code == code {
			out = append(out, f)
		}
	}
	return out
}
