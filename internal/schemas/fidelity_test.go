package schemas

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// A MessageAlert whose creator is blank has only warnings, so it renders
// (spec §5.1 Totality): the blank is an empty phrase and the preview is
// marked approximate.
func TestRenderBlankValueIsApproximate(t *testing.T) {
	for _, blank := range []string{"", "   "} {
		r := golden(t, "MessageAlert")
		r.Set("event.payload.messageGroup.creator.name", blank)
		if fs := Validate(r, testNow, ValidateOptions{Strict: true}); HasErrors(fs) {
			t.Fatalf("blank creator has errors:\n%s", dump(fs))
		}
		u, err := Render(r, "en-US", RenderOptions{})
		if err != nil {
			t.Fatalf("%q: %v", blank, err)
		}
		if !u.Approximate || !strings.HasSuffix(u.Text, " from .") {
			t.Errorf("%q: %+v, want an approximate sentence ending in \"from .\"", blank, u)
		}
	}
	// A blank localized value renders too.
	r := golden(t, "OrderStatus")
	entry(r, 0)["sellerName"] = " "
	if _, err := Render(r, "en-US", RenderOptions{}); err != nil {
		t.Errorf("blank localized seller: %v", err)
	}
}

// TestApplyEventNameFixes applies the EVT_SHAPE fixes and checks the event
// is then named and valid.
func TestApplyEventNameFixes(t *testing.T) {
	for _, c := range []struct {
		label  string
		change func(*Request)
	}{
		{"type for name", both(del("event.name"), set("event.type", "AMAZON.OrderStatus.Updated"))},
		{"shape only", del("event.name")},
	} {
		t.Run(c.label, func(t *testing.T) {
			r := golden(t, "OrderStatus")
			c.change(r)
			all := Validate(r, testNow, ValidateOptions{})
			fs := findCode(all, CodeEvtShape)
			if len(fs) != 1 || fs[0].Fix == nil || len(all) != 1 {
				t.Fatalf("findings:\n%s\nwant only one EVT_SHAPE, with a fix", dump(all))
			}
			fixed := ApplyFix(r, fs[0].Fix)
			if got := fixed.EventName(); got != "AMAZON.OrderStatus.Updated" {
				t.Fatalf("after the fix event.name = %q", got)
			}
			if fs := Validate(fixed, testNow, ValidateOptions{Strict: true}); len(fs) != 0 {
				t.Errorf("fixed request has findings:\n%s", dump(fs))
			}
			if again := ApplyFix(fixed, fs[0].Fix); !bytes.Equal(again.Encode(), fixed.Encode()) {
				t.Error("applying the fix twice changed the request")
			}
		})
	}
	// A payload two schemas could own gets no guess.
	if sc := schemaByShape(map[string]any{"state": map[string]any{}}); sc != nil {
		t.Errorf("state alone guessed %s", sc.Name)
	}
}

// hugeUnknownKeys is a MessageAlert with n unknown payload keys (about 16 bytes each).
func hugeUnknownKeys(t testing.TB, n int) []byte {
	var b bytes.Buffer
	enc := golden(t, "MessageAlert").Encode()
	head, tail, _ := bytes.Cut(enc, []byte(`"state": {`))
	b.Write(head)
	for i := range n {
		fmt.Fprintf(&b, `"unknown%07d":1,`, i)
	}
	b.WriteString(`"state": {`)
	b.Write(tail)
	return b.Bytes()
}

// TestFindingsCappedPerCode: 300,000 unknown keys give MaxFindingsPerCode
// findings plus one summary that counts the rest.
func TestFindingsCappedPerCode(t *testing.T) {
	const n = 300_000
	r, err := Decode(hugeUnknownKeys(t, n))
	if err != nil {
		t.Fatal(err)
	}
	fs := findCode(Validate(r, testNow, ValidateOptions{}), CodePLUnknownField)
	if len(fs) != MaxFindingsPerCode+1 {
		t.Fatalf("%d PL_UNKNOWN_FIELD findings, want %d", len(fs), MaxFindingsPerCode+1)
	}
	last := fs[len(fs)-1]
	if last.Path != "" || !strings.Contains(last.Message, "and 299,980 more") {
		t.Errorf("summary %+v", last)
	}
	// Duplicate keys are capped the same way.
	var b bytes.Buffer
	b.WriteString(`{"a":{`)
	for i := range 100 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`"k":1`)
	}
	b.WriteString(`}}`)
	r, err = Decode(b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	dups := findCode(Validate(r, testNow, ValidateOptions{}), CodeJSONDuplicateKey)
	if len(dups) != MaxFindingsPerCode+1 || !strings.Contains(dups[len(dups)-1].Message, "and 79 more") {
		t.Errorf("%d duplicate findings, last %+v", len(dups), dups[len(dups)-1])
	}
}

// TestHugeBodyMemoryBounded decodes and validates a 4.9 MB body of 300,000
// unknown keys and a 9,000-deep nesting and checks the bytes allocated stay
// within a small multiple of the input.
func TestHugeBodyMemoryBounded(t *testing.T) {
	deep := []byte(`{"event":` + strings.Repeat(`{"a":`, 9000) + `1` + strings.Repeat(`}`, 9000) + `}`)
	for _, c := range []struct {
		label string
		data  []byte
		limit uint64 // bytes allocated by Decode and Validate together
	}{
		{"300k unknown keys", hugeUnknownKeys(t, 300_000), 160 << 20}, // main allocated 270 MB
		{"deep nesting", deep, 40 << 20},
	} {
		t.Run(c.label, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			r, err := Decode(c.data)
			if err != nil {
				t.Fatal(err)
			}
			fs := Validate(r, testNow, ValidateOptions{Strict: true})
			runtime.ReadMemStats(&after)
			alloc := after.TotalAlloc - before.TotalAlloc
			t.Logf("%d bytes in, %d findings, %.1f MB allocated (%.0f× the input)",
				len(c.data), len(fs), float64(alloc)/(1<<20), float64(alloc)/float64(len(c.data)))
			if alloc > c.limit {
				t.Errorf("allocated %d bytes, limit %d", alloc, c.limit)
			}
			if len(fs) > 4*(MaxFindingsPerCode+1) {
				t.Errorf("%d findings", len(fs))
			}
		})
	}
}

// BenchmarkDecodeValidateHuge measures a 4.9 MB body of 300,000 unknown keys.
func BenchmarkDecodeValidateHuge(b *testing.B) {
	data := hugeUnknownKeys(b, 300_000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := Decode(data)
		if err != nil {
			b.Fatal(err)
		}
		if fs := Validate(r, testNow, ValidateOptions{}); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
}

// TestScanDefectPaths checks the path of each repeated key or non-UTF-8
// string through objects, arrays of arrays and objects after arrays, and a
// repeat found after an object outgrows the one-by-one comparison.
func TestScanDefectPaths(t *testing.T) {
	many := `{"big":{`
	for i := range 40 {
		many += fmt.Sprintf(`"k%d":1,`, i)
	}
	many += `"k3":2}}`
	for _, c := range []struct {
		body string
		want []string // code@path
	}{
		{`{"a":1,"b":{"c":[1,[2,{"d":1,"d":2}]]},"a":3}`, []string{"JSON_DUPLICATE_KEY@b.c[1][1].d", "JSON_DUPLICATE_KEY@a"}},
		{"{\"a\":[{\"x\":1},{\"y\":\"\xff\"}],\"z\":\"ok\"}", []string{"JSON_INVALID_UTF8@a[1].y"}},
		{"{\"a\":{\"b\":[]},\"c\":[\"\xc3\"]}", []string{"JSON_INVALID_UTF8@c[0]"}},
		{"[\"\xff\",{\"\xfe\":1}]", []string{"JSON_INVALID_UTF8@[0]", "JSON_INVALID_UTF8@[1].\uFFFD"}},
		{`{"a":{"k":1},"b":{"k":1}}`, nil},
		{`{"a\"b":1,"a\u0022b":2}`, []string{`JSON_DUPLICATE_KEY@a"b`}},
		{many, []string{"JSON_DUPLICATE_KEY@big.k3"}},
	} {
		r, err := Decode([]byte(c.body))
		if err != nil {
			t.Fatalf("%s: %v", c.body, err)
		}
		var got []string
		for _, d := range r.defects {
			got = append(got, d.code+"@"+d.path)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.body, got, c.want)
		}
	}
}
