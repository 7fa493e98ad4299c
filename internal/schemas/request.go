package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Envelope field names of spec §2, in the order they are written.
const (
	FieldTimestamp           = "timestamp"
	FieldReferenceID         = "referenceId"
	FieldExpiryTime          = "expiryTime"
	FieldEvent               = "event"
	FieldLocalizedAttributes = "localizedAttributes"
	FieldRelevantAudience    = "relevantAudience"
)

// EnvelopeFields lists the six top-level fields in canonical order.
var EnvelopeFields = []string{FieldTimestamp, FieldReferenceID, FieldExpiryTime, FieldEvent, FieldLocalizedAttributes, FieldRelevantAudience}

// Audience types of spec §2.1.
const (
	AudienceUnicast   = "Unicast"
	AudienceMulticast = "Multicast"
)

// LocalizedAttributePrefix starts a payload value that refers to a localized attribute.
const LocalizedAttributePrefix = "localizedattribute:"

// Request is a proactive-event body as decoded JSON. It is a generic tree
// (map[string]any, []any, string, json.Number, bool, nil) so that every field,
// known or unknown and of any type, stays visible to validation and is
// written back unchanged. Numbers are json.Number so integers stay exact.
type Request struct {
	// Root is the decoded top-level value; a well-formed body has a map[string]any here.
	Root any
	// defects are the repeated keys and non-UTF-8 strings Decode found in the
	// bytes (at most MaxFindingsPerCode of each); moreDefects counts the rest.
	// The tree cannot show them, and Encode never writes them, so a Clone
	// (a new body) has none.
	defects     []rawDefect
	moreDefects map[string]int
}

// SyntaxError is a JSON decoding error with its position in the input.
type SyntaxError struct {
	Line   int    // 1-based line
	Column int    // 1-based column, in bytes
	Offset int64  // 0-based byte offset
	Msg    string // what is wrong
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("invalid JSON at line %d, column %d: %s", e.Line, e.Column, e.Msg)
}

// Decode parses a JSON body into a Request. Any JSON value decodes (a
// non-object is reported later by validation as ENV_NOT_OBJECT); invalid JSON
// returns a *SyntaxError with line and column. Trailing data after the value
// is an error too. A repeated key in an object and a string that is not
// UTF-8 decode (the last key wins; bad bytes become U+FFFD), and Validate
// reports them as JSON_DUPLICATE_KEY and JSON_INVALID_UTF8 errors.
func Decode(data []byte) (*Request, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, syntaxError(data, dec, err)
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		// Point at the first byte after the value that is not white space.
		rest := data[end:]
		off := end + int64(len(rest)-len(bytes.TrimLeft(rest, " \t\r\n")))
		return nil, positioned(data, off, "unexpected data after the JSON value; a body holds exactly one JSON object")
	}
	r := &Request{Root: v}
	r.defects, r.moreDefects = scanDefects(data, MaxFindingsPerCode)
	return r, nil
}

func syntaxError(data []byte, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		// The decoder stops after reading the offending byte.
		return positioned(data, se.Offset-1, strings.TrimPrefix(se.Error(), "json: "))
	case errors.As(err, &te):
		return positioned(data, te.Offset, te.Error())
	case errors.Is(err, io.EOF):
		if len(bytes.TrimSpace(data)) == 0 {
			return &SyntaxError{Line: 1, Column: 1, Msg: "empty input: expected a JSON object"}
		}
		return positioned(data, int64(len(data)), "unexpected end of input")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return positioned(data, int64(len(data)), "unexpected end of input: the JSON is cut short")
	}
	return positioned(data, dec.InputOffset(), err.Error())
}

// positioned converts a byte offset into a line and column.
func positioned(data []byte, off int64, msg string) *SyntaxError {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	if off < 0 {
		off = 0
	}
	before := data[:off]
	line := bytes.Count(before, []byte{'\n'}) + 1
	col := int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return &SyntaxError{Line: line, Column: col, Offset: off, Msg: msg}
}

// Object returns the top-level object, or nil when the root is not an object.
func (r *Request) Object() map[string]any {
	if r == nil {
		return nil
	}
	m, _ := r.Root.(map[string]any)
	return m
}

// EventName returns event.name when it is a string, else "".
func (r *Request) EventName() string {
	s, _ := r.Get("event.name").(string)
	return s
}

// Schema returns the catalog schema of event.name, or nil.
func (r *Request) Schema() *Schema { return Lookup(r.EventName()) }

// Payload returns event.payload when it is an object, else nil.
func (r *Request) Payload() map[string]any {
	m, _ := r.Get("event.payload").(map[string]any)
	return m
}

// String returns the top-level string field name, or "" when absent or not a string.
func (r *Request) String(name string) string {
	s, _ := r.Get(name).(string)
	return s
}

// Get returns the value at a dotted path from the root (e.g.
// "event.payload.state.status"), or nil when any step is missing or not an object.
func (r *Request) Get(path string) any {
	if r == nil {
		return nil
	}
	v, _ := Walk(r.Root, path)
	return v
}

// Walk walks a dotted path through nested objects and reports whether the value exists.
func Walk(root any, path string) (any, bool) {
	cur := root
	for path != "" {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		var key string
		key, path, _ = strings.Cut(path, ".")
		cur, ok = m[key]
		if !ok {
			return nil, false
		}
	}
	return cur, true
}

// Set stores v at a dotted path, creating intermediate objects (and replacing
// non-objects on the way). It makes the root an object if it is not one.
func (r *Request) Set(path string, v any) {
	if _, ok := r.Root.(map[string]any); !ok {
		r.Root = map[string]any{}
	}
	cur := r.Root.(map[string]any)
	for {
		key, rest, more := strings.Cut(path, ".")
		if !more {
			cur[key] = v
			return
		}
		next, ok := cur[key].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[key] = next
		}
		cur, path = next, rest
	}
}

// Delete removes the value at a dotted path; it reports whether something was removed.
func (r *Request) Delete(path string) bool {
	parent, key := path, path
	var m map[string]any
	if i := strings.LastIndexByte(path, '.'); i >= 0 {
		parent, key = path[:i], path[i+1:]
		m, _ = r.Get(parent).(map[string]any)
	} else {
		m = r.Object()
	}
	if m == nil {
		return false
	}
	if _, ok := m[key]; !ok {
		return false
	}
	delete(m, key)
	return true
}

// Clone returns a deep copy of the request.
func (r *Request) Clone() *Request {
	if r == nil {
		return nil
	}
	return &Request{Root: cloneValue(r.Root)}
}

func cloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = cloneValue(x)
		}
		return m
	case []any:
		s := make([]any, len(t))
		for i, x := range t {
			s[i] = cloneValue(x)
		}
		return s
	}
	return v
}

// Encode writes the request as indented JSON (two spaces) with keys in
// canonical order: the envelope fields in spec order, payload fields in catalog
// order, "locale" first in each localized-attribute entry, "type" before
// "payload" in the audience, and every other key sorted after the known ones.
// The output ends with a newline.
func (r *Request) Encode() []byte {
	var b bytes.Buffer
	e := encoder{buf: &b, schema: r.Schema()}
	e.value(r.Root, "", 0)
	b.WriteByte('\n')
	return b.Bytes()
}

// EncodeCompact writes the request as compact JSON in canonical order, as it goes on the wire.
func (r *Request) EncodeCompact() []byte {
	var b bytes.Buffer
	e := encoder{buf: &b, schema: r.Schema(), compact: true}
	e.value(r.Root, "", 0)
	return b.Bytes()
}

type encoder struct {
	buf     *bytes.Buffer
	schema  *Schema
	compact bool
}

func (e *encoder) newline(depth int) {
	if e.compact {
		return
	}
	e.buf.WriteByte('\n')
	for range depth {
		e.buf.WriteString("  ")
	}
}

func (e *encoder) value(v any, path string, depth int) {
	switch t := v.(type) {
	case map[string]any:
		keys := e.order(t, path)
		if len(keys) == 0 {
			e.buf.WriteString("{}")
			return
		}
		e.buf.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			e.newline(depth + 1)
			writeString(e.buf, k)
			e.buf.WriteByte(':')
			if !e.compact {
				e.buf.WriteByte(' ')
			}
			child := k
			if path != "" {
				child = path + "." + k
			}
			e.value(t[k], child, depth+1)
		}
		e.newline(depth)
		e.buf.WriteByte('}')
	case []any:
		if len(t) == 0 {
			e.buf.WriteString("[]")
			return
		}
		e.buf.WriteByte('[')
		for i, x := range t {
			if i > 0 {
				e.buf.WriteByte(',')
			}
			e.newline(depth + 1)
			e.value(x, path+"[]", depth+1)
		}
		e.newline(depth)
		e.buf.WriteByte(']')
	case string:
		writeString(e.buf, t)
	case json.Number:
		e.buf.WriteString(t.String())
	case nil:
		e.buf.WriteString("null")
	default:
		// bool, float64, int and other plain values from callers that built the tree by hand.
		out, err := json.Marshal(t)
		if err != nil {
			out = []byte("null")
		}
		e.buf.Write(out)
	}
}

// order returns the keys of m in canonical order for the object at path.
func (e *encoder) order(m map[string]any, path string) []string {
	var known []string
	switch {
	case path == "":
		known = EnvelopeFields
	case path == "event":
		known = []string{"name", "payload"}
	case path == "relevantAudience":
		known = []string{"type", "payload"}
	case path == "localizedAttributes[]":
		known = []string{"locale"}
	case strings.HasPrefix(path, "event.payload") && e.schema != nil:
		rel := strings.TrimPrefix(strings.TrimPrefix(path, "event.payload"), ".")
		for _, f := range e.schema.Children(rel) {
			known = append(known, f.Name())
		}
	}
	keys := make([]string, 0, len(m))
	for _, k := range known {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	var rest []string
	for k := range m {
		if !slices.Contains(known, k) {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	return append(keys, rest...)
}

func writeString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // strings always encode
	b.Truncate(b.Len() - 1)
}
