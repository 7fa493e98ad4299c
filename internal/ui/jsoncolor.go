package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// colorJSON colours JSON text line by line: keys, strings, numbers, literals
// (true, false, null) and punctuation each get their style. It is a small
// scanner, not a parser: it never fails, and text that is not JSON passes
// through with whatever colours its tokens look like. Newlines are kept, so
// the result has the same lines as the input.
func colorJSON(st *Styles, src string) []string {
	return colorJSONLines(st, jsonLines(src))
}

// jsonLines splits JSON text into lines, without the final newline.
func jsonLines(src string) []string {
	return strings.Split(strings.TrimRight(src, "\n"), "\n")
}

// colorJSONLines colours lines of JSON text; see colorJSON.
func colorJSONLines(st *Styles, lines []string) []string {
	p := jsonPainters{
		key: newPaint(st.JSONKey), str: newPaint(st.JSONString), num: newPaint(st.JSONNumber),
		lit: newPaint(st.JSONLit), punct: newPaint(st.JSONPunct),
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = colorJSONLine(&p, l)
	}
	return out
}

// paint is a style reduced to the escape sequences around its text, so that
// colouring a token is two string appends instead of a lipgloss Render.
type paint struct{ pre, post string }

// newPaint extracts the sequences a style puts around a single-line text.
func newPaint(s lipgloss.Style) paint {
	const mark = "\x00"
	pre, post, ok := strings.Cut(s.Render(mark), mark)
	if !ok {
		return paint{}
	}
	return paint{pre, post}
}

func (p paint) write(b *strings.Builder, tok string) {
	b.WriteString(p.pre)
	b.WriteString(tok)
	b.WriteString(p.post)
}

type jsonPainters struct{ key, str, num, lit, punct paint }

func colorJSONLine(st *jsonPainters, l string) string {
	var b strings.Builder
	b.Grow(len(l) * 2)
	i := 0
	for i < len(l) {
		c := l[i]
		switch {
		case c == ' ' || c == '\t':
			j := i
			for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
				j++
			}
			b.WriteString(l[i:j])
			i = j
		case c == '"':
			j := i + 1
			for j < len(l) {
				if l[j] == '\\' {
					j += 2
					continue
				}
				if l[j] == '"' {
					j++
					break
				}
				j++
			}
			j = min(j, len(l))
			tok := l[i:j]
			// A string followed by a colon is a key.
			k := j
			for k < len(l) && l[k] == ' ' {
				k++
			}
			if k < len(l) && l[k] == ':' {
				st.key.write(&b, tok)
			} else {
				st.str.write(&b, tok)
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(l) && strings.IndexByte("0123456789.eE+-", l[j]) >= 0 {
				j++
			}
			st.num.write(&b, l[i:j])
			i = j
		case c >= 'a' && c <= 'z':
			j := i + 1
			for j < len(l) && l[j] >= 'a' && l[j] <= 'z' {
				j++
			}
			st.lit.write(&b, l[i:j])
			i = j
		default:
			// Punctuation and anything else up to the next token start;
			// multi-byte characters stay whole because their bytes are >= 0x80.
			j := i + 1
			for j < len(l) && strings.IndexByte(" \t\"-0123456789abcdefghijklmnopqrstuvwxyz", l[j]) < 0 {
				j++
			}
			st.punct.write(&b, l[i:j])
			i = j
		}
	}
	return b.String()
}

// tokenBreak returns where to end the piece p[from:end] of a line that goes
// on: after the last space, comma or punctuation inside a value (. - / _ :
// @ | ~) in the second half of the piece, so words and numbers stay whole;
// end itself when there is none.
func tokenBreak(p string, from, end int) int {
	for i := end; i > from+(end-from)/2; i-- {
		switch p[i-1] {
		case ' ', ',', '.', '-', '/', '_', ':', '@', '|', '~':
			return i
		}
	}
	return end
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// wrapJSON fits coloured JSON lines (from colorJSON of plain) into w cells.
// A line that is too long breaks after its `": ` when the key fits, else at
// the width, and its continuation lines are indented two cells deeper than
// the line itself, so the structure stays readable in a narrow pane.
func wrapJSON(plain, styled []string, w int) []string {
	if w <= 0 {
		return nil
	}
	out := make([]string, 0, len(styled))
	for i, s := range styled {
		p := plain[i]
		pw := kit.Width(p)
		if pw <= w {
			out = append(out, s)
			continue
		}
		lead := len(p) - len(strings.TrimLeft(p, " "))
		ind := lead + 2
		if ind > w/2 {
			ind = min(2, w-1)
		}
		cut := w
		if k := strings.Index(p, `": `); k > 0 {
			if kw := ansi.StringWidth(p[:k+3]); kw <= w && kw > lead+1 {
				cut = kw
			}
		}
		ascii := isASCII(p) // cells are bytes: breaks can be looked for
		if cut == w && ascii {
			cut = tokenBreak(p, 0, w)
		}
		out = append(out, ansi.Cut(s, 0, cut))
		// A value that fits the width on its own line gets less indent
		// rather than a line with only its trailing comma.
		if rest := pw - cut; rest <= w && ind+rest > w {
			ind = w - rest
		}
		for pos := cut; pos < pw; {
			end := min(pos+w-ind, pw)
			if end < pw && ascii {
				end = tokenBreak(p, pos, end)
			}
			out = append(out, strings.Repeat(" ", ind)+ansi.Cut(s, pos, end))
			pos = end
		}
	}
	return out
}
