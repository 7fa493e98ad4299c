package speech

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/pe-tui/pe-tui/internal/lazyre"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// MaxRunes bounds the text given to the engine: a longer sentence is cut at
// a word boundary (with a note). Alexa's sentences are far shorter; the bound
// keeps synthesis time and memory small whatever a payload holds.
const MaxRunes = 1000

// maxTokenNotes bounds the token notes of one sentence (and the searches of
// the payload for where each token came from).
const maxTokenNotes = 10

// LongAfter is the spoken length above which a sentence gets a "long" note.
// It is a pe-tui convention, not an Alexa limit: a notification longer than
// this is hard to take in by ear.
const LongAfter = 8 * time.Second

// Note kinds.
const (
	NoteVoice     = "voice"     // the voice is only the nearest to the locale
	NoteCaps      = "caps"      // an all-capitals token, likely spelled out
	NoteID        = "id"        // an identifier: letters mixed with digits, or a long number
	NoteURL       = "url"       // a web address or e-mail address
	NoteEmoji     = "emoji"     // an emoji or pictograph
	NoteLetters   = "letters"   // the voice spells Latin letters one by one
	NoteCleaned   = "cleaned"   // control characters or invalid UTF-8 were replaced
	NoteTruncated = "truncated" // the text was cut at MaxRunes
	NoteLong      = "long"      // the spoken sentence is longer than LongAfter
)

// Note is something a developer should know about how the sentence sounds.
type Note struct {
	Kind    string `json:"kind"`            // one of the Note* kinds
	Token   string `json:"token,omitempty"` // the text it is about, when one token
	Path    string `json:"path,omitempty"`  // the JSON path of the value the token came from, when known
	Message string `json:"message"`         // one sentence for a person
}

// Script is a sentence ready for the engine.
type Script struct {
	Voice Voice  // the espeak-ng voice for the locale
	Text  string // what the engine is given: cleaned, bounded, expanded
	Notes []Note // in the order found: voice, cleaning, tokens, letters
}

// Prepare turns a rendered utterance into what is spoken: control characters
// and invalid UTF-8 are replaced, the text is bounded by MaxRunes, tokens that
// an engine reads letter by letter are noted (with the payload or
// localized-attribute path they came from, when r is given), and the dates,
// times and message count the renderer wrote in English are rewritten in the
// long form of the voice's language. r may be nil.
func Prepare(u schemas.Utterance, r *schemas.Request) Script {
	s := Script{Voice: VoiceFor(u.Locale)}
	if !s.Voice.Exact {
		s.Notes = append(s.Notes, Note{Kind: NoteVoice, Message: fmt.Sprintf(
			"espeak-ng has no %s voice; the nearest, %s, is used", s.Voice.Locale, s.Voice.Name)})
	}
	text, cleaned := clean(u.Text)
	if cleaned {
		s.Notes = append(s.Notes, Note{Kind: NoteCleaned, Message: "control characters or invalid UTF-8 in the sentence were replaced by spaces; a device would not speak them either"})
	}
	if n := utf8.RuneCountInString(text); n > MaxRunes {
		text = truncate(text, MaxRunes)
		s.Notes = append(s.Notes, Note{Kind: NoteTruncated, Message: fmt.Sprintf(
			"the sentence has %d characters; only the first %d are spoken", n, MaxRunes)})
	}
	values := payloadValues(r)
	s.Notes = append(s.Notes, tokenNotes(text, values)...)
	if s.Voice.Language() == "ja" && strings.IndexFunc(text, isASCIILetter) >= 0 {
		s.Notes = append(s.Notes, Note{Kind: NoteLetters, Message: "the espeak-ng ja voice spells Latin letters one by one, so the English template and Latin-script names sound far longer than on a device"})
	}
	s.Text = expand(text, s.Voice, r)
	return s
}

// Describe says how long the sentence is and who speaks it, for a status
// line or a command's report: "4.44 s, espeak-ng voice de", with
// "(nearest to es-MX)" when the voice is not the locale's own.
func Describe(v Voice, d time.Duration) string {
	s := fmt.Sprintf("%.2f s, espeak-ng voice %s", d.Seconds(), v.Name)
	if !v.Exact {
		s += " (nearest to " + v.Locale + ")"
	}
	return s
}

// LongNote returns the note for a sentence spoken for d, or false when d is
// within LongAfter.
func LongNote(d time.Duration) (Note, bool) {
	if d <= LongAfter {
		return Note{}, false
	}
	return Note{Kind: NoteLong, Message: fmt.Sprintf(
		"the sentence takes %.1f s to say, longer than %d s (a pe-tui convention: a longer notification is hard to take in by ear)",
		d.Seconds(), int(LongAfter/time.Second))}, true
}

// clean replaces invalid UTF-8, control and bidirectional-override characters
// by spaces, breaks up espeak-ng's "[[" phoneme-input marker and collapses
// white space. It reports whether anything but white space changed.
func clean(s string) (string, bool) {
	changed := !utf8.ValidString(s)
	s = strings.ToValidUTF8(s, " ")
	var b strings.Builder
	b.Grow(len(s))
	space := true // at start: drop leading spaces
	prev := rune(0)
	for _, c := range s {
		switch {
		case c == '\t' || c == '\n' || c == '\r' || unicode.IsSpace(c):
			c = ' '
		case unicode.IsControl(c) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069):
			c, changed = ' ', true
		case c == '[' && prev == '[':
			b.WriteByte(' ')
		}
		prev = c
		if c == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteRune(c)
	}
	return strings.TrimRight(b.String(), " "), changed
}

// truncate cuts s to at most n runes, at the last space when there is one.
func truncate(s string, n int) string {
	i, count := 0, 0
	for i = range s {
		if count == n {
			break
		}
		count++
	}
	cut := s[:i]
	if sp := strings.LastIndexByte(cut, ' '); sp > 0 {
		cut = cut[:sp]
	}
	return cut
}

// value is one string a payload holds, with where it is.
type value struct{ path, text string }

// payloadValues lists the string values of event.payload and of every
// localized-attribute entry, with their JSON paths.
func payloadValues(r *schemas.Request) []value {
	if r == nil {
		return nil
	}
	var out []value
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch t := v.(type) {
		case string:
			out = append(out, value{path, t})
		case map[string]any:
			for k, c := range t {
				walk(path+"."+k, c)
			}
		case []any:
			for i, c := range t {
				walk(path+"["+strconv.Itoa(i)+"]", c)
			}
		}
	}
	if p := r.Payload(); p != nil {
		walk("event.payload", p)
	}
	if l10n, ok := r.Get(schemas.FieldLocalizedAttributes).([]any); ok {
		walk(schemas.FieldLocalizedAttributes, l10n)
	}
	return out
}

// pathOf returns the path of the first value containing token, preferring
// the shortest path so that the result does not depend on map order. Object
// keys come from the payload, so unprintable characters become "?".
func pathOf(values []value, token string) string {
	best := ""
	for _, v := range values {
		if strings.Contains(v.text, token) && (best == "" || len(v.path) < len(best) || (len(v.path) == len(best) && v.path < best)) {
			best = v.path
		}
	}
	return strings.Map(func(c rune) rune {
		if !unicode.IsPrint(c) {
			return '?'
		}
		return c
	}, best)
}

var timeToken = lazyre.New(`^\d{1,2}:\d{2}$`)

// tokenNotes flags the tokens of text a speech engine reads letter by letter
// or sounds wrong on: all-capitals words, identifiers, addresses, emoji.
func tokenNotes(text string, values []value) []Note {
	var notes []Note
	seen := map[string]bool{}
	fields := strings.Fields(text)
	for i, f := range fields {
		tok := strings.TrimFunc(f, func(c rune) bool { return strings.ContainsRune(`.,!?;:()"'“”‘’`, c) })
		if tok == "" || seen[tok] {
			continue
		}
		if (tok == "AM" || tok == "PM") && i > 0 && timeToken().MatchString(fields[i-1]) {
			continue // the renderer's own time of day
		}
		kind, msg := classify(tok)
		if kind == "" {
			continue
		}
		seen[tok] = true
		if len(notes) == maxTokenNotes {
			notes = append(notes, Note{Kind: kind, Message: "more words like these follow; they are not listed one by one"})
			break
		}
		notes = append(notes, Note{Kind: kind, Token: tok, Path: pathOf(values, tok), Message: fmt.Sprintf("%q %s", tok, msg)})
	}
	return notes
}

// classify says why a token sounds wrong, or "" when it does not.
func classify(tok string) (kind, msg string) {
	lower := strings.ToLower(tok)
	if strings.Contains(tok, "://") || strings.HasPrefix(lower, "www.") || isEmail(tok) {
		return NoteURL, "is an address; a speech engine reads it symbol by symbol, and a listener cannot use it"
	}
	for _, c := range tok {
		if isEmoji(c) {
			return NoteEmoji, "is an emoji; an engine reads its name or skips it, depending on the device"
		}
	}
	var letters, uppers, digits int
	for _, c := range tok {
		switch {
		case unicode.IsDigit(c):
			digits++
		case unicode.IsLetter(c):
			letters++
			if unicode.IsUpper(c) {
				uppers++
			}
		}
	}
	switch {
	case digits > 0 && letters > 0 && !isOrdinal(tok):
		return NoteID, "mixes letters and digits like an identifier; it is read character by character"
	case digits >= 7 && letters == 0:
		return NoteID, "is a long number; it is read as one huge number or digit by digit"
	case strings.ContainsRune(tok, '_'):
		return NoteID, "contains an underscore like an identifier; it is read symbol by symbol"
	case letters >= 2 && uppers == letters:
		return NoteCaps, "is in capitals; a speech engine may spell it out letter by letter — if it is a word, write it as it is said"
	}
	return "", ""
}

func isOrdinal(tok string) bool {
	i := strings.IndexFunc(tok, func(c rune) bool { return !unicode.IsDigit(c) })
	if i <= 0 {
		return false
	}
	switch strings.ToLower(tok[i:]) {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

func isEmail(tok string) bool {
	at := strings.IndexByte(tok, '@')
	return at > 0 && strings.Contains(tok[at+1:], ".")
}

func isEmoji(c rune) bool {
	return (c >= 0x1F000 && c <= 0x1FAFF) || (c >= 0x2600 && c <= 0x27BF) || c == 0xFE0F ||
		(c >= 0x2B00 && c <= 0x2BFF) || c == 0x200D
}

func isASCIILetter(c rune) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
