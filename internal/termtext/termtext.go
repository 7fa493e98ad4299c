// Package termtext neutralises untrusted text (from files, servers, records)
// before it reaches a terminal.
package termtext

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Clean returns s with everything that could drive a terminal or disguise
// text shown as visible escapes, so the text can be printed safely:
//
//   - C0 controls other than tab and line feed, and DEL: "\x1b", "\r", "\x7f", …
//   - C1 controls (U+0080–U+009F, e.g. the one-rune CSI): "\u009b"
//   - bidirectional overrides, embeddings, isolates and marks
//     (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069): "\u202e"
//   - bytes that are not valid UTF-8: "\xff"
//
// A backslash is left as it is, so an escape cannot be told from the same
// characters typed literally; what matters is that nothing is interpreted.
// Tab and line feed are kept for the caller's layout (a one-line cell
// replaces them). Text with nothing to neutralise is returned without copying.
// Clean is the one neutralising function of pe-tui: the CLI, --json output
// and the TUI all call it.
func Clean(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case unsafeRune(r):
			writeEscape(&b, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstUnsafe returns the index of the first byte Clean changes, or -1.
func firstUnsafe(s string) int {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 && c != '\t' && c != '\n' || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || unsafeRune(r) {
			return i
		}
		i += size
	}
	return -1
}

// unsafeRune reports whether Clean escapes the (valid) rune r.
func unsafeRune(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return false
	case r < 0x20 || r >= 0x7f && r <= 0x9f:
		return true
	}
	return isBidi(r)
}

// isBidi reports whether r is a bidirectional formatting character.
func isBidi(r rune) bool {
	return r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// shortEscapes are the controls with a conventional one-letter escape.
var shortEscapes = map[rune]string{'\r': `\r`, '\b': `\b`, '\f': `\f`, '\v': `\v`}

func writeEscape(b *strings.Builder, r rune) {
	if e, ok := shortEscapes[r]; ok {
		b.WriteString(e)
		return
	}
	if r < 0x80 {
		b.WriteString(`\x`)
		b.WriteString(hex2(byte(r)))
		return
	}
	h := strconv.FormatInt(int64(r), 16)
	b.WriteString(`\u`)
	b.WriteString(strings.Repeat("0", 4-len(h)))
	b.WriteString(h)
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}
