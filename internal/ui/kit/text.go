// Package kit is what the root and the panes share: the one palette
// (NewPalette), text measurement and cutting that stay fast on huge values
// (Width, Clip, Prefix, PadRight), wrapping (Wrap), fitting a block of
// lines to a size (FitBlock), the frames (PaneFrame around a pane,
// DialogFrame around a dialog box) and the dialog overlay (Overlay).
package kit

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Width returns the number of cells s takes on screen, like
// ansi.StringWidth, but fast for what the panes draw: it skips CSI and OSC
// escape sequences itself and counts ASCII and a set of known one-cell
// symbols (Latin-1, general punctuation, arrows, box drawing, geometric
// shapes, ✓ ✗) directly. Any other character hands the whole string to
// ansi.StringWidth, which knows wide, zero-width and combined characters.
func Width(s string) int {
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == 0x1b:
			j, ok := skipEscape(s, i)
			if !ok {
				return ansi.StringWidth(s)
			}
			i = j
		case c >= 0x20 && c < 0x7f:
			n++
			i++
		case c < 0x80:
			// Other control characters take no cells.
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if !narrowRune(r) {
				return ansi.StringWidth(s)
			}
			n++
			i += size
		}
	}
	return n
}

// skipEscape returns the index after the escape sequence that starts at i
// (CSI "ESC [ … final" or OSC "ESC ] … BEL/ST"); ok is false for anything else.
func skipEscape(s string, i int) (int, bool) {
	if i+1 >= len(s) {
		return 0, false
	}
	switch s[i+1] {
	case '[':
		for j := i + 2; j < len(s); j++ {
			if c := s[j]; c >= 0x40 && c <= 0x7e {
				return j + 1, true
			}
		}
	case ']':
		for j := i + 2; j < len(s); j++ {
			if s[j] == 0x07 {
				return j + 1, true
			}
			if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2, true
			}
		}
	}
	return 0, false
}

// narrowRune reports whether r is certainly one cell wide.
func narrowRune(r rune) bool {
	switch {
	case r >= 0xA0 && r <= 0x2FF && r != 0xAD: // Latin-1 and Latin Extended (not the soft hyphen)
		return true
	case r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205E: // dashes, quotes, bullets, ellipsis, ‹ ›
		return true
	case r >= 0x2190 && r <= 0x21FF: // arrows
		return true
	case r >= 0x2500 && r <= 0x25FF: // box drawing, blocks, geometric shapes
		return true
	case r == 0x2713 || r == 0x2717: // ✓ ✗
		return true
	}
	return false
}

// Clip returns s cut after n characters (runes), with "…" when it was cut.
// It looks at no more than n runes of s, so that a megabyte value costs no
// more than a short one; use it before styling or measuring a value that
// may be huge.
func Clip(s string, n int) string {
	if p := Prefix(s, n); len(p) < len(s) {
		return p + "…"
	}
	return s
}

// Prefix returns the first n characters (runes) of s, looking at no more.
func Prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// PadRight pads s with spaces to w cells.
func PadRight(s string, w int) string {
	if n := w - Width(s); n > 0 {
		return s + strings.Repeat(" ", n)
	}
	return s
}

// Wrap breaks s into lines of at most w cells, at spaces where it can and
// inside long words (ids, URLs) where it must. Newlines in s are kept, and a
// paragraph's continuation lines keep its indentation (past a leading "- ",
// "• ", "✗ ", "✓ " or "⚠ " marker), so lists stay readable.
func Wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		plain := ansi.Strip(para) // styled text is measured by what it shows
		if strings.TrimSpace(plain) == "" {
			out = append(out, "")
			continue
		}
		indent := len(plain) - len(strings.TrimLeft(plain, " "))
		rest := plain[indent:]
		for _, m := range []string{"- ", "• ", "✗ ", "✓ ", "⚠ "} {
			if strings.HasPrefix(rest, m) {
				indent += 2
				break
			}
		}
		if indent > w/2 {
			indent = 0
		}
		lines := strings.Split(ansi.Wrap(para, w, ""), "\n")
		if indent > 0 && len(lines) > 1 {
			first := lines[0]
			tail := strings.TrimLeft(strings.Join(lines[1:], " "), " ")
			lines = append([]string{first}, strings.Split(ansi.Wrap(tail, w-indent, ""), "\n")...)
			for i := 1; i < len(lines); i++ {
				lines[i] = strings.Repeat(" ", indent) + lines[i]
			}
		}
		for _, l := range lines {
			out = append(out, strings.TrimRight(l, " "))
		}
	}
	return out
}
