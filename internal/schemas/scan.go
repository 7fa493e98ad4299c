package schemas

import (
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
	key    string              // for an object: the current key
	first  string              // for an object: its first key
	keys   map[string]struct{} // for an object: every key, from the second one on
	index  int                 // for an array: the current element
	nkeys  int                 // for an object: keys seen
}

// scanDefects walks a body that encoding/json has already accepted and
// returns its repeated keys and non-UTF-8 strings, at most limit of each
// kind, plus how many more of each kind there were. Memory is bounded by
// the nesting depth and the keys of the largest object; paths are built only
// for reported defects.
func scanDefects(data []byte, limit int) (out []rawDefect, more map[string]int) {
	dups, bad := 0, 0
	defer func() {
		for code, n := range map[string]int{CodeJSONDuplicateKey: dups, CodeJSONInvalidUTF8: bad} {
			if n > limit {
				if more == nil {
					more = map[string]int{}
				}
				more[code] = n - limit
			}
		}
	}()
	checkUTF8 := !utf8.Valid(data)
	var stack []scanFrame
	expectKey := false
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '{':
			stack = append(stack, scanFrame{object: true})
			expectKey = true
		case '[':
			stack = append(stack, scanFrame{})
			expectKey = false
		case '}', ']':
			stack = stack[:len(stack)-1]
			expectKey = false
		case ',':
			if top := len(stack) - 1; top >= 0 {
				if stack[top].object {
					expectKey = true
				} else {
					stack[top].index++
				}
			}
		case '"':
			end := stringEnd(data, i)
			raw := data[i : end+1]
			if expectKey {
				f := &stack[len(stack)-1]
				key := decodeKey(raw)
				f.key = key
				f.nkeys++
				if checkUTF8 && !utf8.Valid(raw) {
					bad++
					if bad <= limit {
						out = append(out, rawDefect{code: CodeJSONInvalidUTF8, path: scanPath(stack)})
					}
				}
				if f.isDuplicate(key) {
					dups++
					if dups <= limit {
						out = append(out, rawDefect{code: CodeJSONDuplicateKey, path: scanPath(stack), key: key})
					}
				}
				expectKey = false
			} else if checkUTF8 && !utf8.Valid(raw) {
				bad++
				if bad <= limit {
					out = append(out, rawDefect{code: CodeJSONInvalidUTF8, path: scanPath(stack)})
				}
			}
			i = end
		}
	}
	return out, nil
}

// isDuplicate records key in the object and reports whether it was there already.
func (f *scanFrame) isDuplicate(key string) bool {
	if f.nkeys == 1 {
		f.first = key
		return false
	}
	if f.keys == nil {
		f.keys = map[string]struct{}{f.first: {}}
	}
	if _, seen := f.keys[key]; seen {
		return true
	}
	f.keys[key] = struct{}{}
	return false
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

// decodeKey returns a quoted key as the decoder reads it.
func decodeKey(raw []byte) string {
	inner := raw[1 : len(raw)-1]
	if !strings.ContainsRune(string(inner), '\\') && utf8.Valid(inner) {
		return string(inner)
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return string(inner)
	}
	return s
}

// scanPath writes the path of the current value: object keys joined by dots,
// array elements as [i].
func scanPath(stack []scanFrame) string {
	var b strings.Builder
	for _, f := range stack {
		if f.object {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(strings.ToValidUTF8(f.key, "\uFFFD"))
		} else {
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
		}
	}
	return b.String()
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
		v.skipped[code] += n
	}
}
