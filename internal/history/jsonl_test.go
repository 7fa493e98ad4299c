package history

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestExportImportRoundTrip(t *testing.T) {
	ctx := context.Background()
	src := openTestStore(t)
	appendN(t, src, 30)
	resend := fixtureRecord(40)
	resend.OriginID = 5 // fixture record 4
	if _, err := src.Append(ctx, resend); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := src.Export(ctx, &buf, Query{})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if n != 31 || len(lines) != 31 {
		t.Fatalf("exported %d records in %d lines, want 31", n, len(lines))
	}
	var first Record
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil || first.ReferenceID != fixtureRecord(0).ReferenceID {
		t.Errorf("first line is %q (%v), want the oldest record", first.ReferenceID, err)
	}

	dst := openTestStore(t)
	// Records already in the destination keep their ids; imports follow.
	if _, err := dst.Append(ctx, fixtureRecord(100)); err != nil {
		t.Fatal(err)
	}
	res, err := dst.Import(ctx, bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != 31 || res.Skipped != 0 {
		t.Fatalf("Import = %+v, want 31 added", res)
	}
	got := allSummaries(t, dst, Query{})
	want := allSummaries(t, src, Query{})
	if len(got) != 32 {
		t.Fatalf("%d records after import, want 32", len(got))
	}
	got = got[1:] // the destination's own record is the newest
	for i := range want {
		a, err := src.Get(ctx, want[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := dst.Get(ctx, got[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if a.OriginID != 0 {
			// The origin is remapped to the imported copy of record 5.
			o, err := dst.Get(ctx, b.OriginID)
			if err != nil || o.ReferenceID != fixtureRecord(4).ReferenceID {
				t.Errorf("imported resend points to %d (%v), want the copy of fixture 4", b.OriginID, err)
			}
		}
		a.ID, b.ID, a.OriginID, b.OriginID = 0, 0, 0, 0
		if !reflect.DeepEqual(normal(a), normal(b)) {
			t.Errorf("record %d differs after the round trip:\n got %+v\nwant %+v", i, b, a)
		}
	}

	// Importing the same file again adds nothing.
	res, err = dst.Import(ctx, bytes.NewReader(buf.Bytes()))
	if err != nil || res.Added != 0 || res.Skipped != 31 {
		t.Errorf("second import = %+v, %v; want 31 skipped", res, err)
	}
	if c, _ := dst.Count(ctx, Query{}); c != 32 {
		t.Errorf("Count after the second import = %d", c)
	}
}

func TestExportFilteredAndLimited(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	bulkLoad(t, s, 0, 50)
	var buf bytes.Buffer
	n, err := s.Export(ctx, &buf, Query{StatusClass: "network"})
	if err != nil {
		t.Fatal(err)
	}
	if n != 6 || strings.Count(buf.String(), "\n") != 6 { // 4, 13, 22, 31, 40, 49
		t.Errorf("network export: %d records", n)
	}
	buf.Reset()
	n, err = s.Export(ctx, &buf, Query{Limit: 3, Text: "Seattle"}) // newest three: 45, 40, 35
	if err != nil || n != 3 {
		t.Fatalf("limited export: %d, %v", n, err)
	}
	var refs []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatal(err)
		}
		refs = append(refs, r.ReferenceID)
	}
	want := []string{fixtureRecord(35).ReferenceID, fixtureRecord(40).ReferenceID, fixtureRecord(45).ReferenceID}
	if !reflect.DeepEqual(refs, want) {
		t.Errorf("limited export %v, want %v (newest three, oldest first)", refs, want)
	}
}

func TestImportErrorsNameTheLineAndImportNothing(t *testing.T) {
	ctx := context.Background()
	good, _ := json.Marshal(fixtureRecord(1))
	good2, _ := json.Marshal(fixtureRecord(2))
	cases := []struct {
		name, input, want string
	}{
		{"not json", string(good) + "\n\nhello\n", "line 3: not a JSON record"},
		{"wrong type", string(good) + "\n" + `{"sentAt": 5}` + "\n", "line 2: not a history record"},
		{"no sentAt", string(good) + "\n" + string(good2) + "\n" + `{"request":"e30="}` + "\n", `line 3: the record has no "sentAt"`},
		{"no request", `{"sentAt":"2025-01-01T00:00:00Z"}`, `line 1: the record has no "request"`},
		{"crlf then bad", string(good) + "\r\n[1,2]\r\n", "line 2: not a history record"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := openTestStore(t)
			_, err := s.Import(ctx, strings.NewReader(c.input))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
			if n, _ := s.Count(ctx, Query{}); n != 0 {
				t.Errorf("%d records imported despite the error", n)
			}
		})
	}
}

func TestImportRedactsHeadersAndAcceptsLastLineWithoutNewline(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	r := fixtureRecord(1)
	r.Headers.Set("Authorization", "Bearer Atza|secret-token-value")
	line, _ := json.Marshal(r)
	res, err := s.Import(ctx, bytes.NewReader(line))
	if err != nil || res.Added != 1 {
		t.Fatalf("Import = %+v, %v", res, err)
	}
	got := allSummaries(t, s, Query{})
	full, _ := s.Get(ctx, got[0].ID)
	if full.Headers.Get("Authorization") != "" || full.Headers.Get("Content-Type") == "" {
		t.Errorf("imported headers %v", full.Headers)
	}
}

func TestReimportAfterInstantCollisionSkips(t *testing.T) {
	ctx := context.Background()
	s := openTestStore(t)
	mine := fixtureRecord(1)
	if _, err := s.Append(ctx, mine); err != nil {
		t.Fatal(err)
	}
	other := fixtureRecord(2)
	other.SentAt = mine.SentAt // another machine sent at the same instant
	line, _ := json.Marshal(other)
	for round, want := range []ImportResult{{Added: 1}, {Skipped: 1}} {
		res, err := s.Import(ctx, bytes.NewReader(line))
		if err != nil || res != want {
			t.Errorf("import %d = %+v, %v; want %+v", round+1, res, err, want)
		}
	}
	if n, _ := s.Count(ctx, Query{}); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
}
