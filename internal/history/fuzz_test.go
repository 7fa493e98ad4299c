package history

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// FuzzListText checks that no search text, however odd, makes a query fail
// (e.g. with an FTS5 syntax error) or panic, and that List and Count agree.
func FuzzListText(f *testing.F) {
	for _, seed := range []string{"", "Seattle", `"`, `a"b`, "NEAR(a b)", "a OR b", "-x", "^abc", "{request}:x", "x*", "\x00abc", "ä ö", "AND", "(", "*", "de-DE", "\xff\xfe"} {
		f.Add(seed)
	}
	s := openTestStore(f)
	bulkLoad(f, s, 0, 60)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, text string) {
		q := Query{Text: text, Limit: 100}
		p, err := s.List(ctx, q)
		if err != nil {
			t.Fatalf("List(%q): %v", text, err)
		}
		n, err := s.Count(ctx, q)
		if err != nil {
			t.Fatalf("Count(%q): %v", text, err)
		}
		if n != len(p.Items) {
			t.Fatalf("Count(%q) = %d, List found %d", text, n, len(p.Items))
		}
		q.EventName, q.StatusClass = testEvents[0], "2xx"
		if _, err := s.List(ctx, q); err != nil {
			t.Fatalf("List(%q) with filters: %v", text, err)
		}
	})
}

// FuzzReadRecords checks that any import input decodes into records or
// fails with a line-numbered error, never a panic, and that every decoded
// record has what Import relies on. (Import itself is exercised with bad
// input by TestImportErrorsNameTheLineAndImportNothing; fuzzing it through
// SQLite under coverage instrumentation runs a few inputs a second.)
func FuzzReadRecords(f *testing.F) {
	good, _ := json.Marshal(fixtureRecord(1))
	f.Add(good)
	f.Add(append(append(good, '\n'), good...))
	f.Add([]byte(`{"sentAt":"2025-01-01T00:00:00Z","request":"e30=","originId":7,"id":7}`))
	f.Add([]byte("{}\n\n[]"))
	f.Add([]byte(`{"sentAt":"0001-01-01T00:00:00Z","request":"e30="}`))
	f.Add([]byte("\r\n\r\n" + `{"sentAt":"2262-04-11T23:47:16.854775807Z","request":"e30="}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n := 0
		err := readRecords(bytes.NewReader(data), func(line int, rec *Record) error {
			n++
			if line < n {
				t.Fatalf("record %d reported on line %d", n, line)
			}
			if rec.SentAt.IsZero() || len(rec.Request) == 0 || rec.SentAt.Before(minSentAt) || rec.SentAt.After(maxSentAt) {
				t.Fatalf("line %d: record accepted without a usable sentAt and request: %+v", line, rec)
			}
			return nil
		})
		if err != nil && !strings.Contains(err.Error(), "line ") {
			t.Fatalf("error without a line number: %v", err)
		}
	})
}
