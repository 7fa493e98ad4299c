// Package recorddiff compares two recorded sends: the request bodies as a
// structural diff (the JSON paths that changed, not text lines) and the
// outcomes side by side.
//
// The diff is a small pure function rather than a library: the paths must
// be spelled as validation findings spell them ("event.payload.x",
// "localizedAttributes[1].locale"), and ~100 lines need no dependency.
package recorddiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Kind says how a path differs.
type Kind string

// The kinds of Change.
const (
	Added   Kind = "added"   // only B has the path
	Removed Kind = "removed" // only A has the path
	Changed Kind = "changed" // both have it with different values (or types)
)

// Change is one difference between two JSON values.
type Change struct {
	Path string          `json:"path"` // "" for the whole body
	Kind Kind            `json:"kind"`
	A    json.RawMessage `json:"a,omitempty"` // the value in A (absent when added)
	B    json.RawMessage `json:"b,omitempty"` // the value in B (absent when removed)
}

// Bodies compares two request bodies. A body that is not JSON is compared
// as a whole (one Changed entry holding both texts as JSON strings).
func Bodies(a, b []byte) []Change {
	ra, errA := schemas.Decode(a)
	rb, errB := schemas.Decode(b)
	if errA != nil || errB != nil {
		if bytes.Equal(a, b) {
			return nil
		}
		return []Change{{Path: "", Kind: Changed, A: mustJSON(string(a)), B: mustJSON(string(b))}}
	}
	var out []Change
	Values(ra.Root, rb.Root, "", &out)
	return out
}

// Values appends the differences between a and b (decoded JSON: maps,
// slices, strings, json.Number or float64, bools, nil) under path to out.
// Object keys are visited in sorted order; arrays are compared index by
// index, extra elements being added or removed.
func Values(a, b any, path string, out *[]Change) {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			break
		}
		keys := make([]string, 0, len(x)+len(y))
		for k := range x {
			keys = append(keys, k)
		}
		for k := range y {
			if _, dup := x[k]; !dup {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := join(path, k)
			va, inA := x[k]
			vb, inB := y[k]
			switch {
			case !inB:
				*out = append(*out, Change{Path: p, Kind: Removed, A: mustJSON(va)})
			case !inA:
				*out = append(*out, Change{Path: p, Kind: Added, B: mustJSON(vb)})
			default:
				Values(va, vb, p, out)
			}
		}
		return
	case []any:
		y, ok := b.([]any)
		if !ok {
			break
		}
		for i := 0; i < max(len(x), len(y)); i++ {
			p := path + "[" + strconv.Itoa(i) + "]"
			switch {
			case i >= len(y):
				*out = append(*out, Change{Path: p, Kind: Removed, A: mustJSON(x[i])})
			case i >= len(x):
				*out = append(*out, Change{Path: p, Kind: Added, B: mustJSON(y[i])})
			default:
				Values(x[i], y[i], p, out)
			}
		}
		return
	}
	if na, ok := a.(json.Number); ok {
		if nb, ok := b.(json.Number); ok && sameNumber(na, nb) {
			return
		}
	}
	ja, jb := mustJSON(a), mustJSON(b)
	if !bytes.Equal(ja, jb) {
		*out = append(*out, Change{Path: path, Kind: Changed, A: ja, B: jb})
	}
}

// sameNumber reports whether two JSON numbers have the same value (1 and 1.0 do).
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	if len(a) > 400 || len(b) > 400 {
		return false
	}
	if strings.ContainsAny(string(a)+string(b), "eE") {
		// big.Rat would expand 1e999999999; compare as floats instead.
		fa, errA := strconv.ParseFloat(string(a), 64)
		fb, errB := strconv.ParseFloat(string(b), 64)
		return errA == nil && errB == nil && fa == fb
	}
	ra, okA := new(big.Rat).SetString(string(a))
	rb, okB := new(big.Rat).SetString(string(b))
	return okA && okB && ra.Cmp(rb) == 0
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(strconv.Quote(fmt.Sprint(v)))
	}
	return b
}

// Row is one line of the side-by-side outcome comparison.
type Row struct {
	Field string `json:"field"`
	A     string `json:"a"`
	B     string `json:"b"`
	Same  bool   `json:"same"`
}

// Outcomes compares what two records sent to and got back: when, profile,
// target, event, referenceId, audience, status, Amazon's message, request id,
// latency, attempts, network error and the response body.
func Outcomes(a, b *history.Record) []Row {
	status := func(r *history.Record) string {
		if r.Status == 0 {
			return "no response"
		}
		return strconv.Itoa(r.Status) + " (" + r.StatusClass() + ")"
	}
	target := func(r *history.Record) string {
		if r.Stage == "" {
			return r.Target
		}
		return r.Target + " (" + r.Stage + ")"
	}
	rows := []Row{
		{Field: "record", A: strconv.FormatInt(a.ID, 10), B: strconv.FormatInt(b.ID, 10)},
		{Field: "sent", A: a.SentAt.UTC().Format(time.RFC3339), B: b.SentAt.UTC().Format(time.RFC3339)},
		{Field: "profile", A: a.Profile, B: b.Profile},
		{Field: "target", A: target(a), B: target(b)},
		{Field: "event", A: a.EventName, B: b.EventName},
		{Field: "referenceId", A: a.ReferenceID, B: b.ReferenceID},
		{Field: "audience", A: a.Audience, B: b.Audience},
		{Field: "status", A: status(a), B: status(b)},
		{Field: "message", A: a.Message, B: b.Message},
		{Field: "requestId", A: a.RequestID, B: b.RequestID},
		{Field: "latency", A: a.Latency.Round(time.Millisecond).String(), B: b.Latency.Round(time.Millisecond).String()},
		{Field: "attempts", A: strconv.Itoa(a.Attempts), B: strconv.Itoa(b.Attempts)},
		{Field: "network error", A: a.NetworkErr, B: b.NetworkErr},
		{Field: "response body", A: strings.TrimSpace(string(a.Body)), B: strings.TrimSpace(string(b.Body))},
		{Field: "findings", A: findingCodes(a.Findings), B: findingCodes(b.Findings)},
	}
	for i := range rows {
		rows[i].Same = rows[i].A == rows[i].B
	}
	return rows
}

func findingCodes(fs []schemas.Finding) string {
	var codes []string
	for _, f := range fs {
		codes = append(codes, f.Code)
	}
	return strings.Join(codes, " ")
}
