package speech

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

func TestVoiceFor(t *testing.T) {
	for _, c := range []struct {
		locale, name string
		exact        bool
	}{
		{"", "en-us", true}, {"en-US", "en-us", true}, {"en-GB", "en-gb", true}, {"de-DE", "de", true},
		{"ja-JP", "ja", true}, {"pt-BR", "pt-br", true}, {"hi-IN", "hi", true}, {"fr-FR", "fr-fr", true},
		{"en-CA", "en-us", false}, {"en-IN", "en-gb", false}, {"es-MX", "es-419", false}, {"fr-CA", "fr-fr", false},
		{"it-CH", "it", false}, {"en-ZA", "en-us", false}, {"xx-YY", FallbackVoice, false},
	} {
		v := VoiceFor(c.locale)
		if v.Name != c.name || v.Exact != c.exact {
			t.Errorf("%q: %+v, want %s exact=%v", c.locale, v, c.name, c.exact)
		}
	}
	s := Prepare(schemas.Utterance{Locale: "es-MX", Text: "Hola."}, nil)
	if len(s.Notes) != 1 || s.Notes[0].Kind != NoteVoice || !strings.Contains(s.Notes[0].Message, "es-419") {
		t.Errorf("nearest voice not noted: %+v", s.Notes)
	}
}

// TestPrepareFlagsTokens: the tokens an engine reads letter by letter are
// noted with the payload or localized-attribute path they came from.
func TestPrepareFlagsTokens(t *testing.T) {
	body := `{"event":{"name":"AMAZON.Occasion.Updated","payload":{"occasion":{"provider":{"name":"Dental XYZ"},"subject":"visit ab12cd34 🦷 see https://x.example/a"}}},
	"localizedAttributes":[{"locale":"en-US","n":"ACME_CORP"}]}`
	r, err := schemas.Decode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	text := "Your appointment at Dental XYZ for visit ab12cd34 🦷 see https://x.example/a, ACME_CORP, mail a@b.example on 3:00 PM, the 4th, 12345678."
	s := Prepare(schemas.Utterance{Locale: "en-US", Text: text}, r)
	want := map[string]string{
		"XYZ":                 NoteCaps + " event.payload.occasion.provider.name",
		"ab12cd34":            NoteID + " event.payload.occasion.subject",
		"🦷":                   NoteEmoji + " event.payload.occasion.subject",
		"https://x.example/a": NoteURL + " event.payload.occasion.subject",
		"ACME_CORP":           NoteID + " localizedAttributes[0].n",
		"a@b.example":         NoteURL + " ",
		"12345678":            NoteID + " ",
	}
	got := map[string]string{}
	for _, n := range s.Notes {
		got[n.Token] = n.Kind + " " + n.Path
	}
	for tok, w := range want {
		if got[tok] != w {
			t.Errorf("%q: got %q, want %q", tok, got[tok], w)
		}
	}
	for tok := range got {
		if _, ok := want[tok]; !ok {
			t.Errorf("unexpected note for %q (PM after a time, ordinals and words are fine)", tok)
		}
	}
}

func TestPrepareCleans(t *testing.T) {
	s := Prepare(schemas.Utterance{Locale: "en-US", Text: "  a\x1b[31m b\xff\n\tc\u202e d [[h@l'oU]]  "}, nil)
	if s.Text != "a [31m b c d [ [h@l'oU]]" || !hasNote(s.Notes, NoteCleaned) {
		t.Errorf("%q %+v", s.Text, s.Notes)
	}
	s = Prepare(schemas.Utterance{Locale: "en-US", Text: "plain  text\n"}, nil)
	if s.Text != "plain text" || len(s.Notes) != 0 {
		t.Errorf("%q %+v", s.Text, s.Notes)
	}
}

func TestTruncateAtWord(t *testing.T) {
	s := Prepare(schemas.Utterance{Locale: "en-US", Text: strings.Repeat("ab ", MaxRunes)}, nil)
	if len(s.Text) > MaxRunes || strings.HasSuffix(s.Text, " ") || strings.HasSuffix(s.Text, "a") {
		t.Errorf("cut badly: %d bytes ending %q", len(s.Text), s.Text[len(s.Text)-4:])
	}
	one := strings.Repeat("é", 3*MaxRunes) // one word: cut at a rune boundary
	s = Prepare(schemas.Utterance{Locale: "en-US", Text: one}, nil)
	if s.Text != strings.Repeat("é", MaxRunes) {
		t.Errorf("%d bytes", len(s.Text))
	}
}

// TestExpandDatesTimesCounts: the renderer's English dates, times and count
// words become what a listener of each language hears.
func TestExpandDatesTimesCounts(t *testing.T) {
	r, err := schemas.Decode([]byte(`{"event":{"name":"AMAZON.MessageAlert.Activated","payload":{"messageGroup":{"count":3}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	text := "You have three new messages from Three Owls, on March 2, 2024 at 8:05 PM and May 11, 2025 at 9:00 AM."
	for locale, want := range map[string]string{
		"en-US": "You have three new messages from Three Owls, on March 2nd, 2024 at 8:05 PM and May 11th, 2025 at 9:00 AM.",
		"en-GB": "You have three new messages from Three Owls, on the 2nd of March 2024 at 8:05 PM and the 11th of May 2025 at 9:00 AM.",
		"de-DE": "You have 3 new messages from Three Owls, on 2. März 2024 at 20 Uhr 5 and 11. Mai 2025 at 9 Uhr.",
		"fr-FR": "You have 3 new messages from Three Owls, on 2 mars 2024 at 20 heures 5 and 11 mai 2025 at 9 heures.",
		"es-ES": "You have 3 new messages from Three Owls, on 2 de marzo de 2024 at 20:05 and 11 de mayo de 2025 at 9:00.",
		"ja-JP": "You have 3 new messages from Three Owls, on 2024ねん3がつ2にち at 20じ5ふん and 2025ねん5がつ11にち at 9じ.",
		"nl-NL": "You have 3 new messages from Three Owls, on March 2, 2024 at 20:05 and May 11, 2025 at 9:00.",
	} {
		if got := Prepare(schemas.Utterance{Locale: locale, Text: text}, r).Text; got != want {
			t.Errorf("%s:\n got %q\nwant %q", locale, got, want)
		}
	}
}

func TestLongNote(t *testing.T) {
	if _, ok := LongNote(LongAfter); ok {
		t.Error("exactly 8 s is not long")
	}
	n, ok := LongNote(LongAfter + 100*time.Millisecond)
	if !ok || !strings.Contains(n.Message, "8.1 s") || !strings.Contains(n.Message, "convention") {
		t.Errorf("%+v", n)
	}
}

// TestTokenNotesBounded: a sentence full of capitals gets ten token notes
// and one saying more follow, not one per word.
func TestTokenNotesBounded(t *testing.T) {
	text := strings.Repeat("AB CD EF GH IJ KL MN OP QR ST UV WX YZ ", 3)
	s := Prepare(schemas.Utterance{Locale: "en-US", Text: text}, nil)
	if len(s.Notes) != maxTokenNotes+1 || s.Notes[maxTokenNotes].Token != "" || !strings.Contains(s.Notes[maxTokenNotes].Message, "more words") {
		t.Errorf("%d notes: %+v", len(s.Notes), s.Notes)
	}
}

func TestDescribe(t *testing.T) {
	if got := Describe(VoiceFor("de-DE"), 4440*time.Millisecond); got != "4.44 s, espeak-ng voice de" {
		t.Error(got)
	}
	if got := Describe(VoiceFor("es-MX"), time.Second); got != "1.00 s, espeak-ng voice es-419 (nearest to es-MX)" {
		t.Error(got)
	}
}

// TestUnpreparedTextRefused: a Script built by hand with more than MaxRunes
// of text is refused before any engine runs.
func TestUnpreparedTextRefused(t *testing.T) {
	s := Script{Voice: VoiceFor("en-US"), Text: strings.Repeat("a ", MaxRunes)}
	if _, _, err := Synthesize(context.Background(), s); err == nil || !strings.Contains(err.Error(), "Prepare") {
		t.Errorf("Synthesize: %v", err)
	}
	if _, err := Speak(context.Background(), s); err == nil {
		t.Error("Speak accepted it")
	}
	if err := Play(context.Background(), Script{Voice: s.Voice, Text: " "}, time.Second); err == nil {
		t.Error("Play accepted empty text")
	}
}

func BenchmarkPrepare(b *testing.B) {
	r := golden(b, "Occasion")
	u, err := schemas.Render(r, "de-DE", schemas.RenderOptions{})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Prepare(u, r)
	}
}

// BenchmarkPrepareHugePayload: a sentence of flagged words and a 4 MB
// payload value; the note cap keeps the path searches bounded.
func BenchmarkPrepareHugePayload(b *testing.B) {
	big := strings.Repeat("ABC DEF ", 1<<19)
	r, err := schemas.Decode([]byte(`{"event":{"name":"AMAZON.Occasion.Updated","payload":{"occasion":{"subject":"` + big + `"}}}}`))
	if err != nil {
		b.Fatal(err)
	}
	u := schemas.Utterance{Locale: "en-US", Text: big}
	for b.Loop() {
		Prepare(u, r)
	}
}
