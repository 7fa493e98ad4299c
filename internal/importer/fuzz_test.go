package importer

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

func addFixtures(f *testing.F, pattern string) {
	files, _ := filepath.Glob(filepath.Join("testdata", pattern))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err == nil {
			f.Add(string(data))
		}
	}
}

// FuzzCurl: any text parses as curl without panicking; every event either
// has a JSON body or a parse error with a position, and no body is both.
func FuzzCurl(f *testing.F) {
	addFixtures(f, "curl_*.sh")
	f.Add("curl -d $'{\\'a\\'' x")
	f.Add("curl \"$(date -d '+1 hour')\" -H@x ^\r\n -d @-")
	f.Fuzz(func(t *testing.T, src string) {
		res, err := importCurl(src, Options{Now: testNow})
		checkResult(t, res, err)
	})
}

// FuzzJavaScript: any text converts without panicking; a converted body is
// valid JSON and an error has a position inside the text.
func FuzzJavaScript(f *testing.F) {
	addFixtures(f, "*.js")
	addFixtures(f, "*.ts")
	addFixtures(f, "*.json")
	f.Add("x = {a: new Date(Date.now() + (1*(2+3))).toISOString(), b: `x${y}`, c: '\\u{1F600}\\ud83d\\ude00'}")
	f.Fuzz(func(t *testing.T, src string) {
		conv, perr := convertJS(src)
		if perr != nil {
			if perr.Line < 1 || perr.Column < 1 {
				t.Fatalf("error without a position: %+v", perr)
			}
			return
		}
		if !json.Valid(conv.json) {
			t.Fatalf("invalid JSON from %q: %s", src, conv.json)
		}
	})
}

func checkResult(t *testing.T, res *Result, err error) {
	t.Helper()
	if err != nil {
		return
	}
	for _, ev := range res.Events {
		if (ev.Body == nil) == (ev.Err == nil) {
			t.Fatalf("event with body %q and error %v", ev.Body, ev.Err)
		}
		if ev.Body != nil && !json.Valid(ev.Body) {
			t.Fatalf("invalid body %s", ev.Body)
		}
	}
}
