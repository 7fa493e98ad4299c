// Package importer turns what developers arrive with into pe-tui event
// drafts: a curl command line from a tutorial, a Postman collection
// (v2.0/v2.1), a JavaScript or TypeScript object literal from a Lambda, or
// plain JSON. Import detects the format, converts each event body to JSON,
// maps recognisable dynamic values to pe-tui placeholders ({{now}},
// {{now+23h}}, {{ref}}, {{env:NAME}}, {{NAME}}), recognises the target
// (region and stage, or the sandbox for loopback URLs), drops credentials
// (tokens are never imported) and validates each body at once.
//
// Nothing is lost: every Event keeps its raw text, also when it cannot be
// parsed; the parse error then has a line and column of the input.
package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/lazyre"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Format is a detected input format.
type Format string

// The formats Import understands.
const (
	FormatCurl       Format = "curl"       // one or more curl command lines
	FormatPostman    Format = "postman"    // a Postman collection v2.0 or v2.1
	FormatJavaScript Format = "javascript" // a JavaScript/TypeScript object literal
	FormatJSON       Format = "json"       // a JSON event body
)

// MaxInput is the largest input Import reads (a collection of many events
// is a few hundred kilobytes).
const MaxInput = 8 << 20

// Result is what an import found: one Event per event body (several for a
// Postman collection), and notes about the input as a whole. A library save
// takes Events one by one.
type Result struct {
	Format Format   `json:"format"`
	Events []Event  `json:"events"`
	Notes  []string `json:"notes,omitempty"` // e.g. a token request that was skipped
}

// Event is one imported event body.
type Event struct {
	// Name is the Postman request name (folders joined with " / "), or "".
	Name string `json:"name,omitempty"`
	// Body is the event as indented JSON, with placeholders as strings; nil
	// when the body could not be parsed (Err says why; Raw keeps it).
	Body json.RawMessage `json:"body,omitempty"`
	// Raw is the body text exactly as found in the input (after shell or
	// Postman unquoting).
	Raw string `json:"raw"`
	// Line is the line of the input where the body starts (1 for a whole
	// JSON or JavaScript input; 0 for a Postman body, which is a JSON string).
	Line int `json:"line"`
	// Target is the recognised target as alexa.ParseTarget spells it
	// ("na-dev", "eu-live", "sandbox"), or "" when no URL was recognised.
	Target string `json:"target,omitempty"`
	// URL is the request URL as given, without credentials or query, or "".
	URL string `json:"url,omitempty"`
	// Placeholders lists the pe-tui placeholders the body uses, sorted.
	Placeholders []string `json:"placeholders,omitempty"`
	// Notes say what the import changed or dropped, in words.
	Notes []string `json:"notes,omitempty"`
	// Findings are the import's own findings (IMPORT_* codes: an expression
	// or variable that has no placeholder) followed by the validation of the
	// body at import time (spec §6, with §9 variants carrying a Fix).
	Findings []schemas.Finding `json:"findings,omitempty"`
	// Err is set when the body could not be parsed.
	Err *ParseError `json:"error,omitempty"`
}

// ParseError is a syntax error at a line and column (1-based; columns in
// bytes) of the body text (Event.Raw).
type ParseError struct {
	Line   int    `json:"line"`
	Column int    `json:"column"`
	Msg    string `json:"message"`
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Codes of the import's own findings.
const (
	// CodeExpression: a JavaScript expression with no pe-tui placeholder; the value is null.
	CodeExpression = "IMPORT_EXPRESSION"
	// CodeVariable: a Postman variable with no pe-tui meaning; kept as {{NAME}}.
	CodeVariable = "IMPORT_VARIABLE"
)

// Options tune Import.
type Options struct {
	// Now is the validation time (zero = time.Now()).
	Now time.Time
	// ReadFile reads a file a curl command names with -d @FILE; nil refuses
	// such references with a note (the text stays in Raw).
	ReadFile func(name string) ([]byte, error)
}

// Import detects the format of data and imports every event in it. It
// returns an error only when data holds nothing that could be an event
// (empty, or no curl command, collection or object at all); a body that
// cannot be parsed is an Event with Err set.
func Import(data []byte, opts Options) (*Result, error) {
	if len(data) > MaxInput {
		return nil, fmt.Errorf("the input is larger than %d MiB; an event is a few kilobytes", MaxInput>>20)
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	text := string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	var res *Result
	var err error
	switch Detect([]byte(text)) {
	case FormatCurl:
		res, err = importCurl(text, opts)
	case FormatPostman:
		res, err = importPostman([]byte(text), opts)
	case FormatJSON:
		res = &Result{Format: FormatJSON, Events: []Event{bodyEvent(text, 1, opts)}}
	default:
		res, err = importJavaScript(text, opts)
	}
	if err != nil {
		return nil, err
	}
	return res, nil
}

var curlStart = lazyre.New(`(?m)^[ \t]*(?:\$[ \t]+)?curl(?:\.exe)?[ \t\\]`)

// Detect names the format of data: a curl command line anywhere at the
// start of a line, a JSON object with Postman's "info" and "item", any
// other valid JSON, and otherwise JavaScript.
func Detect(data []byte) Format {
	trimmed := bytes.TrimSpace(data)
	if curlStart().Match(data) && !bytes.HasPrefix(trimmed, []byte("{")) {
		return FormatCurl
	}
	if json.Valid(trimmed) {
		var probe struct {
			Info *struct {
				Schema string `json:"schema"`
			} `json:"info"`
			Item json.RawMessage `json:"item"`
		}
		if json.Unmarshal(trimmed, &probe) == nil && probe.Info != nil && probe.Item != nil {
			return FormatPostman
		}
		return FormatJSON
	}
	return FormatJavaScript
}

// bodyEvent imports one JSON-or-JavaScript body that starts at line of the
// input: strict JSON is taken as it is, anything else goes through the
// JavaScript converter.
func bodyEvent(raw string, line int, opts Options) Event {
	ev := Event{Raw: raw, Line: line}
	trimmed := strings.TrimSpace(raw)
	if json.Valid([]byte(trimmed)) {
		finishJSON(&ev, []byte(trimmed), nil, opts)
		return ev
	}
	conv, err := convertJS(raw)
	if err != nil {
		ev.Err = err
		return ev
	}
	ev.Notes = append(ev.Notes, conv.notes...)
	ev.Findings = append(ev.Findings, conv.findings...)
	finishJSON(&ev, conv.json, conv.placeholders, opts)
	return ev
}

// finishJSON sets Body (indented), Placeholders and Findings of an event whose
// body is the JSON js. placeholders lists those the conversion introduced;
// any other {{…}} strings in the body are found here.
func finishJSON(ev *Event, js []byte, placeholders []string, opts Options) {
	req, err := schemas.Decode(js)
	if err != nil {
		if se, ok := err.(*schemas.SyntaxError); ok {
			ev.Err = &ParseError{Line: se.Line, Column: se.Column, Msg: se.Msg}
			return
		}
		ev.Err = &ParseError{Line: 1, Column: 1, Msg: err.Error()}
		return
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, js, "", "  "); err == nil {
		buf.WriteByte('\n')
		ev.Body = buf.Bytes()
	} else {
		ev.Body = js
	}
	seen := map[string]bool{}
	for _, p := range placeholders {
		seen[p] = true
	}
	walkStrings(req.Root, "", func(_ string, s string) {
		for _, m := range placeholderRE().FindAllString(s, -1) {
			if !strings.HasPrefix(m, "{{$") { // a Postman dynamic variable, reported by IMPORT_VARIABLE
				seen[m] = true
			}
		}
	})
	for p := range seen {
		ev.Placeholders = append(ev.Placeholders, p)
	}
	sort.Strings(ev.Placeholders)
	ev.Findings = append(ev.Findings, validate(req, opts.Now)...)
}

// walkStrings calls f for every string value in v with its path in the
// syntax of schemas findings ("event.payload.x", "localizedAttributes[0].locale").
func walkStrings(v any, path string, f func(path, s string)) {
	switch x := v.(type) {
	case string:
		f(path, x)
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkStrings(e, p, f)
		}
	case []any:
		for i, e := range x {
			walkStrings(e, fmt.Sprintf("%s[%d]", path, i), f)
		}
	}
}

// ApplyFixes returns ev with the fixes of its findings applied to the body
// (the §9 variants, schemas.ApplyAllFixes) and the body validated again at
// now; an event without a body or without fixes is returned unchanged. The
// fixed body's keys are in sorted order.
func ApplyFixes(ev Event, now time.Time) Event {
	if ev.Body == nil {
		return ev
	}
	req, err := schemas.Decode(ev.Body)
	if err != nil {
		return ev
	}
	hasFix := false
	for _, f := range ev.Findings {
		hasFix = hasFix || f.Fix != nil
	}
	if !hasFix {
		return ev
	}
	fixed := schemas.ApplyAllFixes(req, ev.Findings)
	js, err := json.Marshal(fixed.Root)
	if err != nil {
		return ev
	}
	var own []schemas.Finding
	for _, f := range ev.Findings {
		if strings.HasPrefix(f.Code, "IMPORT_") {
			own = append(own, f)
		}
	}
	out := ev
	out.Notes = append(slicesClone(ev.Notes), "the suggested fixes were applied")
	out.Findings = own
	out.Body = nil
	finishJSON(&out, js, nil, Options{Now: now})
	return out
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }
