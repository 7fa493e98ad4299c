package library

import (
	"fmt"
	"strings"
)

// MaxNameLen is the longest event name.
const MaxNameLen = 64

// CheckName reports whether name can name a library event. The rule: 1–64
// ASCII letters, digits, '.', '_' or '-'; starting with a letter or digit;
// no ".." anywhere; not ending in ".meta" or ".json" (the file is NAME.json
// and its metadata NAME.meta.json); and not a device name Windows reserves
// (CON, PRN, AUX, NUL, COM1–9, LPT1–9, in any case). Such a name is a safe
// file name on every system: no path separator, no control character, no
// leading dot, nothing a shell must quote.
func CheckName(name string) error {
	bad := func(why string) error {
		return fmt.Errorf("%q cannot name a library event: %s (use 1–%d letters, digits, '.', '_' and '-', starting with a letter or digit)", printable(name), why, MaxNameLen)
	}
	if name == "" {
		return bad("the name is empty")
	}
	if len(name) > MaxNameLen {
		return bad("it is too long")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if i == 0 && !alnum {
			return bad("it must start with a letter or digit")
		}
		if !alnum && c != '.' && c != '_' && c != '-' {
			return bad(fmt.Sprintf("%q is not allowed", printable(string(c))))
		}
	}
	if strings.Contains(name, "..") {
		return bad(`".." is not allowed`)
	}
	low := strings.ToLower(name)
	if strings.HasSuffix(low, metaSuffix) || strings.HasSuffix(low, ".json") {
		return bad(`it must not end in ".meta" or ".json"`)
	}
	base, _, _ := strings.Cut(low, ".")
	switch base {
	case "con", "prn", "aux", "nul",
		"com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
		"lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9":
		return bad("Windows reserves it for a device")
	}
	return nil
}

// printable replaces control and non-ASCII-safe runes so a name read from
// a file cannot drive a terminal.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == 0xfffd {
			return '?'
		}
		return r
	}, s)
}
