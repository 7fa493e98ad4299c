package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// literalWriter writes a decoded JSON value (map[string]any, []any, string,
// json.Number, bool, nil) as a literal of a language with object, list and
// string literals (Node, Python, Go).
type literalWriter struct {
	lang  Lang
	order []string // key order of the top-level object
}

// value writes v at indentation depth; top says v is the top-level object.
func (w literalWriter) value(v any, depth int, top bool) string {
	ind := strings.Repeat("  ", depth)
	in := strings.Repeat("  ", depth-1)
	switch x := v.(type) {
	case nil:
		switch w.lang {
		case Python:
			return "None"
		case Go:
			return "nil"
		}
		return "null"
	case bool:
		if w.lang == Python {
			if x {
				return "True"
			}
			return "False"
		}
		return strconv.FormatBool(x)
	case json.Number:
		return w.number(x)
	case float64:
		return w.number(json.Number(strconv.FormatFloat(x, 'g', -1, 64)))
	case string:
		return w.str(x)
	case []any:
		if len(x) == 0 {
			if w.lang == Go {
				return "[]any{}"
			}
			return "[]"
		}
		var b strings.Builder
		if w.lang == Go {
			b.WriteString("[]any{\n")
		} else {
			b.WriteString("[\n")
		}
		for _, e := range x {
			b.WriteString(ind + w.value(e, depth+1, false) + ",\n")
		}
		b.WriteString(in)
		if w.lang == Go {
			b.WriteString("}")
		} else {
			b.WriteString("]")
		}
		return b.String()
	case map[string]any:
		keys := w.order
		if !top {
			keys = make([]string, 0, len(x))
			for k := range x {
				keys = append(keys, k)
			}
			sort.Strings(keys)
		}
		open := "{"
		if w.lang == Go {
			open = "map[string]any{"
		}
		if len(keys) == 0 {
			return open + "}"
		}
		var b strings.Builder
		b.WriteString(open + "\n")
		for _, k := range keys {
			b.WriteString(ind + w.str(k) + ": " + w.value(x[k], depth+1, false) + ",\n")
		}
		b.WriteString(in + "}")
		return b.String()
	}
	panic(fmt.Sprintf("export: unexpected %T in a decoded event", v))
}

// number writes a JSON number; Go gets json.Number for values an untyped
// constant could not hold exactly.
func (w literalWriter) number(n json.Number) string {
	s := string(n)
	if w.lang == Go {
		if _, err := strconv.ParseInt(s, 10, 64); err == nil {
			return s
		}
		if strings.ContainsAny(s, ".eE") {
			if _, err := strconv.ParseFloat(s, 64); err == nil {
				return s
			}
		}
		return "json.Number(" + strconv.Quote(s) + ")"
	}
	return s
}

// str writes s as a double-quoted string literal of printable ASCII: quotes,
// backslashes, control and non-ASCII characters are escaped, so nothing in s
// can end the literal or be read as code.
func (w literalWriter) str(s string) string {
	if w.lang == Go {
		return strconv.QuoteToASCII(s)
	}
	var b bytes.Buffer
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r < 0x80 && w.lang == Java:
			// A Java \u escape of a control character would be decoded
			// before lexing (a line terminator breaks the literal): use octal.
			fmt.Fprintf(&b, `\%03o`, r)
		case r >= 0x10000 && w.lang == Python:
			fmt.Fprintf(&b, `\U%08x`, r)
		default:
			writeUTF16Escapes(&b, r, `\u%04x`)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// javaJSONLiteral writes printable-ASCII JSON text as a Java string
// expression, one concatenated literal per line of the indented JSON.
// Backslashes are doubled, so no \u sequence of the text is a Unicode
// escape of the Java source (an escaped backslash is not eligible to start one).
func javaJSONLiteral(js []byte) string {
	var pretty bytes.Buffer
	if err := json.Indent(&pretty, js, "", "  "); err != nil {
		pretty.Reset()
		pretty.Write(js)
	}
	lines := strings.Split(pretty.String(), "\n")
	var b strings.Builder
	for i, line := range lines {
		if i > 0 {
			b.WriteString("\n        + ")
		}
		b.WriteByte('"')
		for _, r := range line {
			if r == '"' || r == '\\' {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		if i < len(lines)-1 {
			b.WriteString(`\n`)
		}
		b.WriteByte('"')
	}
	return b.String()
}

// shellQuote quotes s for a POSIX shell: in single quotes, each quote in s
// closed, escaped with a backslash and reopened.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// javaString writes s as a Java string literal of printable ASCII. Every
// backslash is doubled, so the source holds no Unicode escape.
func javaString(s string) string {
	// A JavaScript-style literal is a valid Java literal: \\, \", \uXXXX.
	return literalWriter{lang: Java}.str(s)
}
