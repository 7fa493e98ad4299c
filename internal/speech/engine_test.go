package speech

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/speech/speechtest"
)

var sampleSchemas = []string{"WeatherAlert", "SportsEvent", "MessageAlert", "OrderStatus", "Occasion", "TrashCollectionAlert", "MediaContent", "SocialGameInvite"}

// TestSynthesizeSamplesToWAV synthesizes every schema's sample sentence in
// three locales with the real espeak-ng, writes it as a file and checks the
// file is a PCM WAV whose header sizes match the file and whose length is
// plausible for the text.
func TestSynthesizeSamplesToWAV(t *testing.T) {
	speechtest.Require(t)
	dir := t.TempDir()
	for _, short := range sampleSchemas {
		r := golden(t, short)
		for _, locale := range []string{"en-US", "de-DE", "ja-JP"} {
			u, err := schemas.Render(r, locale, schemas.RenderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			s := Prepare(u, r)
			wav, info, err := Synthesize(context.Background(), s)
			if err != nil {
				t.Fatalf("%s %s: %v", short, locale, err)
			}
			path := filepath.Join(dir, short+"-"+locale+".wav")
			if err := WriteFile(path, wav, false); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseWAV(data)
			if err != nil {
				t.Fatalf("%s %s: %v", short, locale, err)
			}
			riff := int(uint32(data[4]) | uint32(data[5])<<8 | uint32(data[6])<<16 | uint32(data[7])<<24)
			if riff != len(data)-8 || got.DataOffset+got.DataBytes != len(data) || got != info {
				t.Errorf("%s %s: RIFF size %d for %d bytes, data %d+%d; header %+v vs synthesized %+v", short, locale, riff, len(data), got.DataOffset, got.DataBytes, got, info)
			}
			if got.SampleRate != 22050 || got.Channels != 1 || got.BitsPerSample != 16 {
				t.Errorf("%s %s: format %+v", short, locale, got)
			}
			runes := utf8.RuneCountInString(s.Text)
			lo, hi := time.Duration(runes)*30*time.Millisecond, time.Duration(runes)*400*time.Millisecond
			if got.Duration < lo || got.Duration > hi {
				t.Errorf("%s %s: %v for %d characters, want %v..%v", short, locale, got.Duration, runes, lo, hi)
			}
			if silent(data[got.DataOffset:]) {
				t.Errorf("%s %s: the audio is silent", short, locale)
			}
			t.Logf("%-20s %s voice %-5s %5.2f s  %q", short, locale, s.Voice.Name, got.Duration.Seconds(), s.Text)
		}
	}
}

func silent(pcm []byte) bool {
	for i := 0; i+1 < len(pcm); i += 2 {
		if v := int16(uint16(pcm[i]) | uint16(pcm[i+1])<<8); v > 1000 || v < -1000 {
			return false
		}
	}
	return true
}

// TestNotInstalledMessage hides espeak-ng from PATH: every entry point says
// how to install it, and nothing starts.
func TestNotInstalledMessage(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	s := Prepare(schemas.Utterance{Locale: "en-US", Text: "Hello."}, nil)
	if _, _, err := Synthesize(context.Background(), s); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Synthesize: %v", err)
	}
	if _, err := Speak(context.Background(), s); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Speak: %v", err)
	}
	if err := Play(context.Background(), s, time.Second); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("Play: %v", err)
	}
	if msg := ErrNotInstalled.Error(); !strings.Contains(msg, "apt-get install espeak-ng") || !strings.Contains(msg, "brew install espeak-ng") {
		t.Errorf("message does not say how to install: %s", msg)
	}
}

// TestTextIsNeverAnOption passes payload-like text that reads as espeak-ng
// options; it must be spoken, not obeyed (no file appears, audio comes out).
func TestTextIsNeverAnOption(t *testing.T) {
	speechtest.Require(t)
	target := filepath.Join(t.TempDir(), "pwned.wav")
	for _, text := range []string{"-w " + target, "--help", "-v ja -s 1 " + target, "[[h@l'oU]] -q"} {
		_, info, err := Synthesize(context.Background(), Prepare(schemas.Utterance{Locale: "en-US", Text: text}, nil))
		if err != nil || info.Duration < 200*time.Millisecond {
			t.Errorf("%q: %v, %v", text, info.Duration, err)
		}
	}
	if _, err := os.Stat(target); !os.IsNotExist(err) {
		t.Errorf("text was taken as an option: %v", err)
	}
}

// TestHostileTextSynthesizes feeds control characters, escape sequences and
// invalid UTF-8: the engine gets clean text and produces audio.
func TestHostileTextSynthesizes(t *testing.T) {
	speechtest.Require(t)
	text := "Your order from \x1b]0;owned\x07Bad\xff\xfeShop\x00 has \u202eshipped."
	s := Prepare(schemas.Utterance{Locale: "en-US", Text: text}, nil)
	if strings.ContainsAny(s.Text, "\x1b\x07\x00\u202e") || !utf8.ValidString(s.Text) {
		t.Fatalf("not cleaned: %q", s.Text)
	}
	if _, info, err := Synthesize(context.Background(), s); err != nil || info.Duration < time.Second {
		t.Errorf("%v %v", info.Duration, err)
	}
}

// TestHugeTextIsBounded speaks a multi-megabyte sentence: the text is cut at
// MaxRunes with a note, and synthesis stays within its time bound.
func TestHugeTextIsBounded(t *testing.T) {
	speechtest.Require(t)
	huge := strings.Repeat("word ", 1<<20)
	s := Prepare(schemas.Utterance{Locale: "en-US", Text: huge}, nil)
	if utf8.RuneCountInString(s.Text) > MaxRunes || !hasNote(s.Notes, NoteTruncated) {
		t.Fatalf("%d runes, notes %v", utf8.RuneCountInString(s.Text), s.Notes)
	}
	_, info, err := Synthesize(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := LongNote(info.Duration); !ok || n.Kind != NoteLong {
		t.Errorf("no long note for %v", info.Duration)
	}
}

// TestSynthesisOutputBounded runs an engine that never stops writing: the
// output is capped at MaxWAVBytes and the engine is stopped.
func TestSynthesisOutputBounded(t *testing.T) {
	fakeEngine(t, "exec /usr/bin/yes RIFF")
	start := time.Now()
	_, _, err := Synthesize(context.Background(), Prepare(schemas.Utterance{Locale: "en-US", Text: "Hello."}, nil))
	if err == nil || !strings.Contains(err.Error(), "more than 32 MB") {
		t.Errorf("err %v", err)
	}
	if d := time.Since(start); d > SynthTimeout {
		t.Errorf("took %v", d)
	}
}

// TestPlayWithoutAudioDevice plays on a machine whose audio output fails:
// the error is ErrNoAudio and comes back at once instead of hanging.
func TestPlayWithoutAudioDevice(t *testing.T) {
	speechtest.Require(t)
	speechtest.NoAudio(t)
	s := Prepare(schemas.Utterance{Locale: "en-US", Text: "There is a tornado alert for your area."}, nil)
	p, err := Speak(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.Done():
	case <-time.After(SynthTimeout):
		t.Fatal("playback without an audio device did not end")
	}
	if !errors.Is(p.Err(), ErrNoAudio) {
		t.Errorf("err %v", p.Err())
	}
	if d := p.Duration(); d < time.Second || d > 5*time.Second {
		t.Errorf("duration %v", d)
	}
}

// TestStopEndsAStalledEngine speaks through an engine that never finishes;
// Stop ends the run promptly and is not reported as a failure.
func TestStopEndsAStalledEngine(t *testing.T) {
	fakeEngine(t, "exec /bin/sleep 600")
	p, err := Speak(context.Background(), Prepare(schemas.Utterance{Locale: "en-US", Text: "Hello."}, nil))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	p.Stop()
	select {
	case <-p.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("Stop did not end the engine")
	}
	if p.Err() != nil {
		t.Errorf("a stopped playback reports %v", p.Err())
	}
	p.Stop() // again: no panic
}

func hasNote(notes []Note, kind string) bool {
	for _, n := range notes {
		if n.Kind == kind {
			return true
		}
	}
	return false
}

// BenchmarkSynthesize measures one sample sentence through the real espeak-ng
// (what the TUI pays per locale for a duration figure).
func BenchmarkSynthesize(b *testing.B) {
	speechtest.Require(b)
	r := golden(b, "MediaContent")
	for _, locale := range []string{"en-US", "de-DE", "ja-JP"} {
		u, err := schemas.Render(r, locale, schemas.RenderOptions{})
		if err != nil {
			b.Fatal(err)
		}
		s := Prepare(u, r)
		b.Run(locale, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := Synthesize(context.Background(), s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPlayFailureWithoutAudioMarkers: an engine that fails with no audio
// error on standard error is reported as a failure, not as a missing device.
func TestPlayFailureWithoutAudioMarkers(t *testing.T) {
	fakeEngine(t, "echo 'voice not found' >&2; exit 3")
	err := Play(context.Background(), Prepare(schemas.Utterance{Locale: "en-US", Text: "Hello."}, nil), time.Second)
	if err == nil || errors.Is(err, ErrNoAudio) || !strings.Contains(err.Error(), "voice not found") {
		t.Errorf("%v", err)
	}
}
