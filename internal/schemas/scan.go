package schemas

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// rawDefect is something in the bytes of a body that the decoded tree no
// longer shows: a repeated object key (the tree keeps the last one, another
// reader may keep the first) or a string that is not UTF-8 (the tree holds
// U+FFFD instead).
type rawDefect struct {
	code string
	path string
	key  string // the repeated key, for JSON_DUPLICATE_KEY
}

// scanFrame is one open object or array of scanDefects.
type scanFrame struct {
	object bool
	start  int                 // for an object: where its keys begin in scanner.keys
	big    map[string]struct{} // for an object with more than linearKeys keys: all of them
	index  int                 // for an array: the current element
}

// linearKeys is how many keys of one object are compared one by one before
// a map takes over.
const linearKeys = 32

// scanner holds the state of one scanDefects call. The keys of the open
// objects are one stack (an object's keys are a suffix of it), so a body of
// small objects costs no allocation per object.
type scanner struct {
	stack []scanFrame
	keys  [][]byte // decoded keys of the open objects, outermost first
	out   []rawDefect
	limit int
	count [2]int // duplicates, non-UTF-8 strings
}

// scanDefects walks a body that encoding/json has already accepted and
// returns its repeated keys and non-UTF-8 strings, at most limit of each
// kind, plus how many more of each kind there were. Memory is bounded by
// the nesting depth and the keys of the largest object; paths are built only
// for reported defects.
func scanDefects(data []byte, limit int) ([]rawDefect, map[string]int) {
	sc := scanner{limit: limit}
	checkUTF8 := !utf8.Valid(data)
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch data[i] {
		case '{':
			sc.stack = append(sc.stack, scanFrame{object: true, start: len(sc.keys)})
			expectKey = true
		case '[':
			sc.stack = append(sc.stack, scanFrame{})
			expectKey = false
		case '}', ']':
			f := sc.stack[len(sc.stack)-1]
			if f.object {
				sc.keys = sc.keys[:f.start]
			}
			sc.stack = sc.stack[:len(sc.stack)-1]
			expectKey = false
		case ',':
			if f := &sc.stack[len(sc.stack)-1]; f.object {
				expectKey = true
			} else {
				f.index++
			}
		case '"':
			end := stringEnd(data, i)
			raw := data[i : end+1]
			if expectKey {
				sc.key(decodeKey(raw))
				expectKey = false
			}
			if checkUTF8 && !utf8.Valid(raw) {
				sc.report(1, CodeJSONInvalidUTF8, "")
			}
			i = end
		}
	}
	var more map[string]int
	for k, code := range []string{CodeJSONDuplicateKey, CodeJSONInvalidUTF8} {
		if n := sc.count[k] - limit; n > 0 {
			if more == nil {
				more = map[string]int{}
			}
			more[code] = n
		}
	}
	return sc.out, more
}

// key records the next key of the innermost object and reports it when the
// object already has it.
func (sc *scanner) key(k []byte) {
	f := &sc.stack[len(sc.stack)-1]
	seen := false
	own := sc.keys[f.start:]
	switch {
	case f.big != nil:
		_, seen = f.big[string(k)]
		f.big[string(k)] = struct{}{}
	case len(own) >= linearKeys:
		f.big = make(map[string]struct{}, 2*linearKeys)
		for _, o := range own {
			f.big[string(o)] = struct{}{}
		}
		_, seen = f.big[string(k)]
		f.big[string(k)] = struct{}{}
	default:
		for _, o := range own {
			if bytes.Equal(o, k) {
				seen = true
				break
			}
		}
	}
	// The last key is the current one: paths read it. Once the map holds
	// them all, only the current key stays in the stack.
	if f.big != nil && len(own) > 0 {
		sc.keys[len(sc.keys)-1] = k
	} else {
		sc.keys = append(sc.keys, k)
	}
	if seen {
		sc.report(0, CodeJSONDuplicateKey, string(k))
	}
}

// report counts a defect of kind k and keeps it while under the limit.
func (sc *scanner) report(k int, code, key string) {
	sc.count[k]++
	if sc.count[k] <= sc.limit {
		sc.out = append(sc.out, rawDefect{code: code, path: sc.path(), key: key})
	}
}

// path writes the path of the current value: object keys joined by dots,
// array elements as [i].
func (sc *scanner) path() string {
	var b strings.Builder
	for n, f := range sc.stack {
		if f.object {
			if len(sc.keys) == f.start {
				break // no key yet
			}
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			// The current key of this object is the last of its own keys: the
			// one before the next frame's keys begin.
			last := nextStart(sc.stack[n+1:], len(sc.keys)) - 1
			b.WriteString(strings.ToValidUTF8(string(sc.keys[last]), "\uFFFD"))
		} else {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
		}
	}
	return b.String()
}

// nextStart is where the keys of the first object among frames begin, or
// end (the number of keys) when none of them is an object.
func nextStart(frames []scanFrame, end int) int {
	for _, f := range frames {
		if f.object {
			return f.start
		}
	}
	return end
}

// stringEnd returns the index of the quote closing the string that starts at i.
func stringEnd(data []byte, i int) int {
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			j++
		case '"':
			return j
		}
	}
	return len(data) - 1
}

// decodeKey returns a quoted key as the decoder reads it; a key without
// escapes is a slice of raw.
func decodeKey(raw []byte) []byte {
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 && utf8.Valid(inner) {
		return inner
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return inner
	}
	return []byte(s)
}

// defectFindings turns the defects Decode recorded into findings.
func (v *validator) defectFindings(r *Request) {
	for _, d := range r.defects {
		switch d.code {
		case CodeJSONDuplicateKey:
			v.add(d.code, d.path, fmt.Sprintf(
				"the key %q appears more than once in the same object; keep one: this tool reads the last, but Amazon's reader may keep another.", d.key), nil)
		case CodeJSONInvalidUTF8:
			v.add(d.code, d.path,
				"this text holds bytes that are not UTF-8 (read as \uFFFD); save the file as UTF-8, as the body must be UTF-8 JSON.", nil)
		}
	}
	for code, n := range r.moreDefects {
		v.counters()
		v.skipped[code] += n
	}
}
