package schemas

import (
	"strconv"
	"strings"
)

var smallNumbers = [...]string{
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
	"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
}

var tens = [...]string{"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}

// CountWords spells n as an English cardinal when 0 ≤ n ≤ 99 ("three",
// "twenty-one") and returns the digits otherwise (spec §5.1).
func CountWords(n int64) string {
	switch {
	case n < 0 || n > 99:
		return strconv.FormatInt(n, 10)
	case n < 20:
		return smallNumbers[n]
	case n%10 == 0:
		return tens[n/10]
	}
	return tens[n/10] + "-" + smallNumbers[n%10]
}

// EnumWord returns how an enum value of f is spoken: the catalog's Words
// override when there is one (possibly "", meaning not spoken), else the
// value in lower case with "_" as a space ("SNOW_STORM" → "snow storm").
func EnumWord(f *Field, value string) string {
	if f != nil {
		if w, ok := f.Words[value]; ok {
			return w
		}
	}
	return defaultWord(value)
}

func defaultWord(value string) string {
	b := []byte(value)
	changed := false
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + ('a' - 'A')
			changed = true
		case c == '_':
			b[i] = ' '
			changed = true
		}
	}
	if !changed {
		return value
	}
	return string(b)
}

// capitalise upper-cases the first ASCII letter ("tuesday" → "Tuesday").
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-('a'-'A')) + s[1:]
}

// ListWords joins items the way the sentences speak lists (spec §5.1):
// "a"; "a and b"; "a, b and c".
func ListWords(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		return items[0] + " and " + items[1]
	}
	var b strings.Builder
	for i, it := range items {
		switch {
		case i == 0:
		case i == len(items)-1:
			b.WriteString(" and ")
		default:
			b.WriteString(", ")
		}
		b.WriteString(it)
	}
	return b.String()
}
