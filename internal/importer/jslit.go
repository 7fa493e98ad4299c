package importer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pe-tui/pe-tui/internal/lazyre"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// maxDepth bounds the nesting of an object literal (an event is a few levels deep).
const maxDepth = 64

// importJavaScript imports a JavaScript/TypeScript source holding one object literal.
func importJavaScript(text string, opts Options) (*Result, error) {
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("the input is empty: paste a curl command, a Postman collection, a JavaScript object or a JSON event")
	}
	res := &Result{Format: FormatJavaScript}
	ev := bodyEvent(text, 1, opts)
	if ev.Err == nil && json.Valid([]byte(strings.TrimSpace(text))) {
		res.Format = FormatJSON
	}
	res.Events = []Event{ev}
	return res, nil
}

// jsToken is one token of a JavaScript source.
type jsToken struct {
	kind byte   // 's' string, 'n' number, 'i' identifier, 'p' punctuation, 't' template with substitutions
	text string // decoded string value, or the token's source text
	off  int    // byte offset in the source
}

// converted is a JavaScript object literal turned into JSON.
type converted struct {
	json         []byte
	placeholders []string
	notes        []string
	findings     []schemas.Finding
}

// jsLexer splits a JavaScript source into tokens, skipping white space and comments.
type jsLexer struct {
	src   string
	pos   int
	lines []int // byte offsets of the line starts, built on first use
}

func (lx *jsLexer) errAt(off int, format string, args ...any) *ParseError {
	line, col := lx.position(off)
	return &ParseError{Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
}

// position is position(lx.src, off) in O(log n) after one O(n) pass.
func (lx *jsLexer) position(off int) (int, int) {
	if lx.lines == nil {
		lx.lines = []int{0}
		for i := 0; i < len(lx.src); i++ {
			if lx.src[i] == '\n' {
				lx.lines = append(lx.lines, i+1)
			}
		}
	}
	off = max(0, min(off, len(lx.src)))
	i := sort.SearchInts(lx.lines, off+1) - 1
	return i + 1, off - lx.lines[i] + 1
}

// position converts a byte offset of src into a 1-based line and column.
func position(src string, off int) (int, int) {
	off = max(0, min(off, len(src)))
	before := src[:off]
	line := strings.Count(before, "\n") + 1
	col := off - (strings.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

func (lx *jsLexer) all() ([]jsToken, *ParseError) {
	toks := make([]jsToken, 0, len(lx.src)/6+16) // about one token per six bytes of source
	for {
		t, err := lx.next()
		if err != nil {
			return nil, err
		}
		if t == nil {
			return toks, nil
		}
		toks = append(toks, *t)
	}
}

func (lx *jsLexer) next() (*jsToken, *ParseError) {
	src := lx.src
	for lx.pos < len(src) {
		r, size := utf8.DecodeRuneInString(src[lx.pos:])
		switch {
		case unicode.IsSpace(r) || r == '\uFEFF':
			lx.pos += size
		case strings.HasPrefix(src[lx.pos:], "//"):
			end := strings.IndexByte(src[lx.pos:], '\n')
			if end < 0 {
				lx.pos = len(src)
			} else {
				lx.pos += end
			}
		case strings.HasPrefix(src[lx.pos:], "/*"):
			end := strings.Index(src[lx.pos+2:], "*/")
			if end < 0 {
				return nil, lx.errAt(lx.pos, "a /* comment is never closed with */")
			}
			lx.pos += 2 + end + 2
		default:
			return lx.token()
		}
	}
	return nil, nil
}

func (lx *jsLexer) token() (*jsToken, *ParseError) {
	src, start := lx.src, lx.pos
	c := src[start]
	switch {
	case c == '"' || c == '\'' || c == '`':
		return lx.str(c)
	case c >= '0' && c <= '9' || (c == '.' && start+1 < len(src) && src[start+1] >= '0' && src[start+1] <= '9'):
		end := start
		for end < len(src) && (isIdentByte(src[end]) || src[end] == '.' ||
			((src[end] == '+' || src[end] == '-') && (src[end-1] == 'e' || src[end-1] == 'E') && !strings.HasPrefix(strings.ToLower(src[start:]), "0x"))) {
			end++
		}
		lx.pos = end
		return &jsToken{kind: 'n', text: src[start:end], off: start}, nil
	case isIdentByte(c) || c == '$' || c >= 0x80:
		end := start
		for end < len(src) {
			r, size := utf8.DecodeRuneInString(src[end:])
			if !(r == '$' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
				break
			}
			end += size
		}
		if end == start {
			return nil, lx.errAt(start, "unexpected character %q", src[start:start+1])
		}
		lx.pos = end
		return &jsToken{kind: 'i', text: src[start:end], off: start}, nil
	}
	for _, p := range []string{"...", "=>", "?.", "==", "!=", "&&", "||", "??"} {
		if strings.HasPrefix(src[start:], p) {
			lx.pos += len(p)
			return &jsToken{kind: 'p', text: p, off: start}, nil
		}
	}
	if strings.IndexByte("{}[]():,;.=+-*/%!<>?&|^~@#", c) >= 0 {
		lx.pos++
		return &jsToken{kind: 'p', text: string(c), off: start}, nil
	}
	r, _ := utf8.DecodeRuneInString(src[start:])
	return nil, lx.errAt(start, "unexpected character %q", r)
}

func isIdentByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// str reads a string or template literal and decodes its escapes.
func (lx *jsLexer) str(q byte) (*jsToken, *ParseError) {
	src, start := lx.src, lx.pos
	var b strings.Builder
	kind := byte('s')
	i := start + 1
	for {
		if i >= len(src) {
			return nil, lx.errAt(start, "a string starting here is never closed with %c", q)
		}
		c := src[i]
		switch {
		case c == q:
			lx.pos = i + 1
			return &jsToken{kind: kind, text: b.String(), off: start}, nil
		case c == '\n' && q != '`':
			return nil, lx.errAt(i, "line break inside a %c-quoted string; close it on the same line or use \\n", q)
		case c == '$' && q == '`' && i+1 < len(src) && src[i+1] == '{':
			kind = 't'
			b.WriteString("${")
			i += 2
		case c == '\\':
			if i+1 >= len(src) {
				return nil, lx.errAt(i, "a string ends with a lone backslash")
			}
			n, err := lx.escape(&b, i)
			if err != nil {
				return nil, err
			}
			i += n
		default:
			b.WriteByte(c)
			i++
		}
	}
}

// escape decodes the escape sequence at src[i] (a backslash) into b and
// returns its length.
func (lx *jsLexer) escape(b *strings.Builder, i int) (int, *ParseError) {
	src := lx.src
	e := src[i+1]
	simple := map[byte]string{'n': "\n", 't': "\t", 'r': "\r", 'b': "\b", 'f': "\f", 'v': "\v", '0': "\x00", '\\': "\\", '\'': "'", '"': "\"", '`': "`", '$': "$", '\n': ""}
	if s, ok := simple[e]; ok && !(e == '0' && i+2 < len(src) && src[i+2] >= '0' && src[i+2] <= '9') {
		b.WriteString(s)
		return 2, nil
	}
	switch e {
	case 'x':
		if i+4 <= len(src) {
			if v, err := strconv.ParseUint(src[i+2:i+4], 16, 8); err == nil {
				b.WriteRune(rune(v))
				return 4, nil
			}
		}
		return 0, lx.errAt(i, `\x must be followed by two hex digits`)
	case 'u':
		if i+2 < len(src) && src[i+2] == '{' {
			end := strings.IndexByte(src[i+3:], '}')
			if end > 0 {
				if v, err := strconv.ParseUint(src[i+3:i+3+end], 16, 32); err == nil && v <= unicode.MaxRune {
					b.WriteRune(rune(v))
					return 3 + end + 1, nil
				}
			}
			return 0, lx.errAt(i, `\u{…} must hold a hex code point`)
		}
		if i+6 <= len(src) {
			if v, err := strconv.ParseUint(src[i+2:i+6], 16, 16); err == nil {
				r := rune(v)
				n := 6
				// A surrogate pair written as two escapes is one character.
				if r >= 0xD800 && r < 0xDC00 && i+12 <= len(src) && src[i+6:i+8] == `\u` {
					if lo, err := strconv.ParseUint(src[i+8:i+12], 16, 16); err == nil && lo >= 0xDC00 && lo < 0xE000 {
						r = 0x10000 + (r-0xD800)<<10 + (rune(lo) - 0xDC00)
						n = 12
					}
				}
				b.WriteRune(r)
				return n, nil
			}
		}
		return 0, lx.errAt(i, `\u must be followed by four hex digits`)
	case '\r':
		if i+2 < len(src) && src[i+2] == '\n' {
			return 3, nil
		}
		return 2, nil
	}
	// Any other escaped character stands for itself.
	r, size := utf8.DecodeRuneInString(src[i+1:])
	b.WriteRune(r)
	return 1 + size, nil
}

// jsParser builds a JSON value from the tokens of an object literal.
type jsParser struct {
	lx   *jsLexer
	toks []jsToken
	i    int
	out  *converted
	seen map[string]bool
}

func (p *jsParser) peek() *jsToken {
	if p.i < len(p.toks) {
		return &p.toks[p.i]
	}
	return nil
}

func (p *jsParser) errHere(format string, args ...any) *ParseError {
	off := len(p.lx.src)
	if t := p.peek(); t != nil {
		off = t.off
	}
	return p.lx.errAt(off, format, args...)
}

func (p *jsParser) is(kind byte, text string) bool {
	t := p.peek()
	return t != nil && t.kind == kind && t.text == text
}

// convertJS turns the first object literal of a JavaScript or TypeScript
// source into JSON.
func convertJS(src string) (*converted, *ParseError) {
	lx := &jsLexer{src: src}
	toks, err := lx.all()
	if err != nil {
		return nil, err
	}
	p := &jsParser{lx: lx, toks: toks, out: &converted{}, seen: map[string]bool{}}
	start := -1
	for i, t := range toks {
		if t.kind == 'p' && t.text == "{" {
			prev := ""
			if i > 0 {
				prev = toks[i-1].text
			}
			if i == 0 || prev == "=" || prev == "(" || prev == "[" || prev == "return" || prev == "=>" || prev == "," || prev == "default" {
				start = i
				break
			}
		}
	}
	if start < 0 {
		if len(toks) == 0 {
			return nil, lx.errAt(0, "no object literal found: the input holds only white space or comments")
		}
		return nil, lx.errAt(toks[0].off, "no object literal found: expected a JSON or JavaScript object such as { timestamp: …, event: … }")
	}
	if start > 0 {
		p.note("took the object literal at line %d; the code around it is not imported", p.lineOf(toks[start].off))
	}
	p.i = start
	var buf bytes.Buffer
	if err := p.value(&buf, "", 0); err != nil {
		return nil, err
	}
	p.out.json = buf.Bytes()
	return p.out, nil
}

// maxNotes bounds the notes of one conversion; the rest are counted.
const maxNotes = 50

// note adds a note, keeping at most maxNotes.
func (p *jsParser) note(format string, args ...any) {
	switch n := len(p.out.notes); {
	case n < maxNotes:
		p.out.notes = append(p.out.notes, fmt.Sprintf(format, args...))
	case n == maxNotes:
		p.out.notes = append(p.out.notes, "more conversions were made; only the first are listed")
	}
}

func (p *jsParser) lineOf(off int) int {
	l, _ := p.lx.position(off)
	return l
}

// value writes the value at the current token as JSON.
func (p *jsParser) value(buf *bytes.Buffer, path string, depth int) *ParseError {
	if depth > maxDepth {
		return p.errHere("nested more than %d levels deep; an event is a few levels deep", maxDepth)
	}
	t := p.peek()
	if t == nil {
		return p.errHere("unexpected end of input: a value is missing")
	}
	switch {
	case t.kind == 'p' && t.text == "{":
		return p.object(buf, path, depth)
	case t.kind == 'p' && t.text == "[":
		return p.array(buf, path, depth)
	}
	if p.simpleValueEnds() {
		switch {
		case t.kind == 's':
			p.i++
			writeJSONString(buf, t.text)
			return nil
		case t.kind == 'n':
			p.i++
			return p.number(buf, t, "")
		case t.kind == 'p' && (t.text == "-" || t.text == "+") && p.i+1 < len(p.toks) && p.toks[p.i+1].kind == 'n':
			p.i += 2
			return p.number(buf, &p.toks[p.i-1], t.text)
		case t.kind == 'i' && (t.text == "true" || t.text == "false" || t.text == "null"):
			p.i++
			buf.WriteString(t.text)
			return nil
		}
	}
	return p.expression(buf, path)
}

// simpleValueEnds reports whether the value at the current token is one token
// long (or a sign and a number), i.e. followed by , } ] or the end.
func (p *jsParser) simpleValueEnds() bool {
	j := p.i + 1
	if t := p.peek(); t != nil && t.kind == 'p' && (t.text == "-" || t.text == "+") {
		j++
	}
	if j >= len(p.toks) {
		return true
	}
	n := p.toks[j]
	return n.kind == 'p' && (n.text == "," || n.text == "}" || n.text == "]" || n.text == ";" || n.text == ")")
}

func (p *jsParser) number(buf *bytes.Buffer, t *jsToken, sign string) *ParseError {
	s := strings.ReplaceAll(t.text, "_", "")
	var v float64
	low := strings.ToLower(s)
	if strings.HasPrefix(low, "0x") || strings.HasPrefix(low, "0o") || strings.HasPrefix(low, "0b") {
		n, err := strconv.ParseInt(s, 0, 64)
		if err != nil {
			return p.lx.errAt(t.off, "%s is not a number", t.text)
		}
		s = strconv.FormatInt(n, 10)
	} else {
		var err error
		if v, err = strconv.ParseFloat(s, 64); err != nil || math.IsInf(v, 0) {
			return p.lx.errAt(t.off, "%s is not a number", t.text)
		}
		if !json.Valid([]byte(s)) {
			s = strconv.FormatFloat(v, 'g', -1, 64)
		}
	}
	if sign == "-" {
		buf.WriteByte('-')
	}
	buf.WriteString(s)
	return nil
}

func (p *jsParser) object(buf *bytes.Buffer, path string, depth int) *ParseError {
	open := p.peek()
	p.i++
	buf.WriteByte('{')
	first := true
	keys := map[string]bool{}
	for {
		t := p.peek()
		if t == nil {
			return p.lx.errAt(open.off, "this { is never closed with }")
		}
		if t.kind == 'p' && t.text == "}" {
			p.i++
			buf.WriteByte('}')
			return nil
		}
		if t.kind == 'p' && t.text == "..." {
			return p.errHere("a spread (...) cannot be imported: write the fields out")
		}
		var key string
		switch t.kind {
		case 's', 'i':
			key = t.text
		case 'n':
			key = t.text
		default:
			return p.errHere("expected a property name or }, found %q", t.text)
		}
		keyTok := t
		p.i++
		sub := key
		if path != "" {
			sub = path + "." + key
		}
		var val bytes.Buffer
		switch {
		case p.is('p', ":"):
			p.i++
			if err := p.value(&val, sub, depth+1); err != nil {
				return err
			}
		case keyTok.kind == 'i' && (p.is('p', ",") || p.is('p', "}")):
			// Shorthand { userId } names a variable.
			p.placeholder(&val, "{{"+key+"}}")
			p.note("%s (line %d) is the variable %s: imported as the placeholder {{%s}}", sub, p.lineOf(keyTok.off), key, key)
		default:
			return p.errHere("expected : after the property name %q", key)
		}
		if val.Len() > 0 { // an undefined value leaves the key out, as JSON.stringify does
			if keys[key] {
				p.note("%s is given twice; the last value is kept, as in JavaScript", sub)
			}
			keys[key] = true
			if !first {
				buf.WriteByte(',')
			}
			first = false
			writeJSONString(buf, key)
			buf.WriteByte(':')
			buf.Write(val.Bytes())
		}
		if p.is('p', ",") {
			p.i++
			continue
		}
		if !p.is('p', "}") {
			return p.errHere("expected , or } after the value of %q", key)
		}
	}
}

func (p *jsParser) array(buf *bytes.Buffer, path string, depth int) *ParseError {
	open := p.peek()
	p.i++
	buf.WriteByte('[')
	n := 0
	for {
		t := p.peek()
		if t == nil {
			return p.lx.errAt(open.off, "this [ is never closed with ]")
		}
		if t.kind == 'p' && t.text == "]" {
			p.i++
			buf.WriteByte(']')
			return nil
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		var val bytes.Buffer
		if err := p.value(&val, fmt.Sprintf("%s[%d]", path, n), depth+1); err != nil {
			return err
		}
		if val.Len() == 0 {
			val.WriteString("null") // undefined in an array becomes null, as JSON.stringify does
		}
		buf.Write(val.Bytes())
		n++
		if p.is('p', ",") {
			p.i++
			continue
		}
		if !p.is('p', "]") {
			return p.errHere("expected , or ] after an array element")
		}
	}
}

// expression reads the tokens of an expression up to , } or ] at its own
// level and writes a placeholder for it when it is recognised, else null
// with an IMPORT_EXPRESSION finding.
func (p *jsParser) expression(buf *bytes.Buffer, path string) *ParseError {
	start := p.i
	depth := 0
	ternary := 0
	for p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.kind == 'p' {
			switch t.text {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				if depth == 0 {
					goto done
				}
				depth--
			case ",", ";":
				if depth == 0 {
					goto done
				}
			case "?":
				ternary++
			case ":":
				// Outside a ternary a colon means a comma is missing before a key.
				if depth == 0 && ternary == 0 {
					return p.errHere("expected , before this property")
				}
				ternary--
			}
		}
		// Two values side by side ("a" "b", 1 "x") mean a missing comma.
		if p.i > start && isOperand(p.toks[p.i-1]) && (t.kind == 's' || t.kind == 'n') {
			return p.errHere("expected , or } before this value")
		}
		p.i++
	}
done:
	if p.i == start {
		return p.errHere("a value is missing")
	}
	toks := p.toks[start:p.i]
	srcText := strings.TrimSpace(p.lx.src[toks[0].off:p.endOff(p.i)])
	line, col := p.lx.position(toks[0].off)
	if ph, ok := recognise(toks); ok {
		if ph == "undefined" {
			p.note("%s is undefined (line %d): left out, as JSON.stringify does", path, line)
			return nil
		}
		p.placeholder(buf, ph)
		p.note("%s: %s (line %d) imported as %s", path, clip(srcText), line, ph)
		return nil
	}
	switch path {
	case schemas.FieldTimestamp:
		p.placeholder(buf, "{{now}}")
		p.note("timestamp: %s (line %d) imported as {{now}}: the timestamp is the time of sending", clip(srcText), line)
		return nil
	case schemas.FieldReferenceID:
		p.placeholder(buf, "{{ref}}")
		p.note("referenceId: %s (line %d) imported as {{ref}}: a fresh id for every send", clip(srcText), line)
		return nil
	}
	buf.WriteString("null")
	if len(p.out.findings) >= maxNotes {
		return nil
	}
	p.out.findings = append(p.out.findings, schemas.Finding{
		Code: CodeExpression, Severity: schemas.SeverityError, Path: path,
		Message: fmt.Sprintf("The expression %s (line %d, column %d) has no pe-tui equivalent; it was imported as null. Replace it with a value or a placeholder such as {{now+23h}}.", clip(srcText), line, col),
	})
	return nil
}

// isOperand reports whether a token ends a value (a literal or a name).
func isOperand(t jsToken) bool {
	return t.kind == 's' || t.kind == 'n' || t.kind == 't' || (t.kind == 'i' && t.text != "new" && t.text != "typeof" && t.text != "await" && t.text != "void")
}

// endOff is the byte offset just after token i-1.
func (p *jsParser) endOff(i int) int {
	if i < len(p.toks) {
		return p.toks[i].off
	}
	return len(p.lx.src)
}

func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 80 {
		r := []rune(s)
		s = string(r[:77]) + "…"
	}
	return s
}

func (p *jsParser) placeholder(buf *bytes.Buffer, ph string) {
	writeJSONString(buf, ph)
	p.out.placeholders = append(p.out.placeholders, ph)
}

func writeJSONString(buf *bytes.Buffer, s string) {
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	buf.Truncate(buf.Len() - 1) // Encode adds a newline
}

var (
	nowForms   = lazyre.New(`^(?:new Date\((?:Date\.now\(\))?\)|(?:moment|dayjs)\(\)(?:\.utc\(\))?)(?:\.(?:toISOString|toJSON|format)\(\))$|^(?:moment|dayjs)\.utc\(\)\.(?:toISOString|toJSON|format)\(\)$`)
	dateOffset = lazyre.New(`^new Date\((?:Date\.now\(\)|new Date\(\)\.getTime\(\)|new Date\(\)\.valueOf\(\)|\+ new Date\(\))( ?[-+][-+*() \d]*)\)\.(?:toISOString|toJSON)\(\)$`)
	momentRE   = lazyre.New(`^(?:moment|dayjs)(?:\.utc)?\(\)((?:\.utc\(\)|\.(?:add|subtract)\(\d+ , '[a-zA-Z]+'\))*)\.(?:toISOString|toJSON|format)\(\)$`)
	momentStep = lazyre.New(`\.(add|subtract)\((\d+) , '([a-zA-Z]+)'\)`)
	refForms   = lazyre.New(`^(?:uuid|uuidv4|v4|uuid\.v4|crypto\.randomUUID|randomUUID|uuid\.uuid4|nanoid)\(\)$`)
	envForm    = lazyre.New(`^process\.env\.([A-Za-z_][A-Za-z0-9_]*)$|^process\.env ?\[ ?'([A-Za-z_][A-Za-z0-9_]*)' ?\]$`)
	identForm  = lazyre.New(`^[A-Za-z_$][A-Za-z0-9_$]*$`)
)

// recognise maps an expression to a placeholder: now and now ± a constant
// (Date, moment, dayjs), a UUID call ({{ref}}), process.env.NAME
// ({{env:NAME}}), a plain variable ({{NAME}}); "undefined" for undefined.
func recognise(toks []jsToken) (string, bool) {
	var parts []string
	for _, t := range toks {
		switch t.kind {
		case 's':
			parts = append(parts, "'"+t.text+"'")
		case 't':
			return "", false
		default:
			parts = append(parts, t.text)
		}
	}
	// One canonical spelling: tokens joined by single spaces, none around . and ( ).
	norm := strings.Join(parts, " ")
	for _, r := range []struct{ from, to string }{{" . ", "."}, {" ( ", "("}, {"( ", "("}, {" )", ")"}, {" (", "("}, {"?.", "."}} {
		norm = strings.ReplaceAll(norm, r.from, r.to)
	}
	norm = strings.ReplaceAll(norm, "new Date(Date.now())", "new Date()")
	switch {
	case norm == "undefined":
		return "undefined", true
	case nowForms().MatchString(norm):
		return "{{now}}", true
	case refForms().MatchString(norm):
		return "{{ref}}", true
	}
	if m := dateOffset().FindStringSubmatch(norm); m != nil {
		if ms, ok := evalArith(m[1]); ok && ms%1000 == 0 {
			return nowPlaceholder(time.Duration(ms) * time.Millisecond), true
		}
	}
	if m := momentRE().FindStringSubmatch(norm); m != nil {
		var d time.Duration
		for _, step := range momentStep().FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.ParseInt(step[2], 10, 64)
			unit, ok := momentUnit(step[3])
			if !ok || n > 1_000_000 {
				return "", false
			}
			if step[1] == "subtract" {
				n = -n
			}
			d += time.Duration(n) * unit
		}
		return nowPlaceholder(d), true
	}
	if m := envForm().FindStringSubmatch(norm); m != nil {
		return "{{env:" + m[1] + m[2] + "}}", true
	}
	if identForm().MatchString(norm) {
		return "{{" + norm + "}}", true
	}
	return "", false
}

func momentUnit(u string) (time.Duration, bool) {
	switch u {
	case "s", "second", "seconds":
		return time.Second, true
	case "m", "minute", "minutes":
		return time.Minute, true
	case "h", "hour", "hours":
		return time.Hour, true
	case "d", "day", "days":
		return 24 * time.Hour, true
	}
	return 0, false
}

// evalArith evaluates " + 23 * 60 * 60 * 1000" style text: integers, + - *
// and parentheses, starting with a binary + or -.
func evalArith(s string) (int64, bool) {
	fields := strings.Fields(strings.NewReplacer("(", " ( ", ")", " ) ").Replace(s))
	if len(fields) == 0 {
		return 0, false
	}
	e := &arith{toks: append([]string{"0"}, fields...)}
	v, ok := e.sum()
	return v, ok && e.i == len(e.toks)
}

type arith struct {
	toks []string
	i    int
}

const arithLimit = int64(1) << 50

func (e *arith) sum() (int64, bool) {
	v, ok := e.product()
	for ok && e.i < len(e.toks) && (e.toks[e.i] == "+" || e.toks[e.i] == "-") {
		op := e.toks[e.i]
		e.i++
		var w int64
		if w, ok = e.product(); !ok {
			return 0, false
		}
		if op == "+" {
			v += w
		} else {
			v -= w
		}
		if v > arithLimit || v < -arithLimit {
			return 0, false
		}
	}
	return v, ok
}

func (e *arith) product() (int64, bool) {
	v, ok := e.atom()
	for ok && e.i < len(e.toks) && e.toks[e.i] == "*" {
		e.i++
		var w int64
		if w, ok = e.atom(); !ok {
			return 0, false
		}
		if w != 0 && (v > arithLimit/abs(w) || v < -arithLimit/abs(w)) {
			return 0, false
		}
		v *= w
	}
	return v, ok
}

func abs(v int64) int64 {
	if v < 0 {
		return -v
	}
	return v
}

func (e *arith) atom() (int64, bool) {
	if e.i >= len(e.toks) {
		return 0, false
	}
	t := e.toks[e.i]
	e.i++
	if t == "(" {
		v, ok := e.sum()
		if !ok || e.i >= len(e.toks) || e.toks[e.i] != ")" {
			return 0, false
		}
		e.i++
		return v, true
	}
	v, err := strconv.ParseInt(t, 10, 64)
	return v, err == nil && v <= arithLimit
}
