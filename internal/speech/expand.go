package speech

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/lazyre"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// The renderer writes dates as "January 2, 2006" and times as "3:04 PM"
// (spec §5.1) whatever the locale; these find them in a sentence.
var (
	writtenDate = lazyre.New(`\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2}), (\d{4})\b`)
	writtenTime = lazyre.New(`\b(\d{1,2}):(\d{2}) (AM|PM)\b`)
)

// monthNames holds the month names of the languages whose long date form
// expand knows; other languages keep the renderer's English form.
var monthNames = map[string][12]string{
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"it": {"gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"},
	"pt": {"janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"},
	"hi": {"जनवरी", "फ़रवरी", "मार्च", "अप्रैल", "मई", "जून", "जुलाई", "अगस्त", "सितंबर", "अक्टूबर", "नवंबर", "दिसंबर"},
}

// expand rewrites the renderer's English dates, times and message count in
// the long spoken form of the voice's language.
func expand(text string, v Voice, r *schemas.Request) string {
	lang := v.Language()
	text = writtenDate().ReplaceAllStringFunc(text, func(m string) string {
		t, err := time.Parse("January 2, 2006", m)
		if err != nil {
			return m
		}
		return spokenDate(t, v)
	})
	if lang != "en" {
		text = writtenTime().ReplaceAllStringFunc(text, func(m string) string {
			t, err := time.Parse("3:04 PM", m)
			if err != nil {
				return m
			}
			return spokenTime(t, lang)
		})
		text = countAsDigits(text, r)
	}
	return text
}

// spokenDate is the long date form a listener of the voice's locale hears.
func spokenDate(t time.Time, v Voice) string {
	d, y := t.Day(), t.Year()
	m := int(t.Month()) - 1
	switch lang := v.Language(); lang {
	case "en":
		if v.Name == "en-us" {
			return fmt.Sprintf("%s %s, %d", t.Month(), ordinal(d), y)
		}
		return fmt.Sprintf("the %s of %s %d", ordinal(d), t.Month(), y)
	case "de":
		return fmt.Sprintf("%d. %s %d", d, monthNames[lang][m], y)
	case "fr", "it", "hi":
		return fmt.Sprintf("%d %s %d", d, monthNames[lang][m], y)
	case "es", "pt":
		return fmt.Sprintf("%d de %s de %d", d, monthNames[lang][m], y)
	case "ja":
		// The espeak-ng ja voice reads kana, not kanji.
		return fmt.Sprintf("%dねん%dがつ%dにち", y, m+1, d)
	}
	return t.Format("January 2, 2006")
}

// spokenTime is the time of day as a listener of a non-English language hears it.
func spokenTime(t time.Time, lang string) string {
	h, min := t.Hour(), t.Minute()
	switch lang {
	case "de":
		if min == 0 {
			return fmt.Sprintf("%d Uhr", h)
		}
		return fmt.Sprintf("%d Uhr %d", h, min)
	case "fr":
		if min == 0 {
			return fmt.Sprintf("%d heures", h)
		}
		return fmt.Sprintf("%d heures %d", h, min)
	case "ja":
		if min == 0 {
			return fmt.Sprintf("%dじ", h)
		}
		return fmt.Sprintf("%dじ%dふん", h, min)
	}
	return fmt.Sprintf("%d:%02d", h, min)
}

func ordinal(d int) string {
	suffix := "th"
	switch {
	case d%100 >= 11 && d%100 <= 13:
	case d%10 == 1:
		suffix = "st"
	case d%10 == 2:
		suffix = "nd"
	case d%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(d) + suffix
}

// countAsDigits replaces the English word the renderer wrote for a
// MessageAlert count by its digits, which the voice then says in its own
// language. Only the first whole-word occurrence is the count.
func countAsDigits(text string, r *schemas.Request) string {
	if r == nil || r.Schema() == nil || r.Schema().Short != "MessageAlert" {
		return text
	}
	v, ok := schemas.Walk(r.Payload(), "messageGroup.count")
	if !ok {
		return text
	}
	n, err := strconv.ParseInt(fmt.Sprint(v), 10, 64)
	if err != nil || n < 0 || n > 99 {
		return text
	}
	word := schemas.CountWords(n)
	i := wordIndex(text, word)
	if i < 0 {
		return text
	}
	return text[:i] + strconv.FormatInt(n, 10) + text[i+len(word):]
}

// wordIndex is the byte index of word in text as a whole word, or -1.
func wordIndex(text, word string) int {
	for off := 0; ; {
		i := strings.Index(text[off:], word)
		if i < 0 {
			return -1
		}
		i += off
		end := i + len(word)
		if (i == 0 || text[i-1] == ' ') && (end == len(text) || !isWordByte(text[end])) {
			return i
		}
		off = i + 1
	}
}

func isWordByte(c byte) bool {
	return c == '-' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
