package speech

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"time"
	"unicode/utf8"
)

// Binary is the speech engine, looked up in PATH on every use so that
// installing it needs no restart.
const Binary = "espeak-ng"

// Bounds of one engine run.
const (
	SynthTimeout = 20 * time.Second // synthesis of one sentence (MaxRunes of text takes well under this)
	MaxWAVBytes  = 32 << 20         // about 12 minutes of espeak-ng's 22 kHz mono audio
	playSlack    = 10 * time.Second // playback may take this much longer than the measured duration
	maxStderr    = 4 << 10
)

// ErrNotInstalled is returned when espeak-ng is not in PATH.
var ErrNotInstalled = errors.New("espeak-ng is not installed, so the preview cannot be heard; " +
	"install it (Debian/Ubuntu: sudo apt-get install espeak-ng; Fedora: sudo dnf install espeak-ng; macOS: brew install espeak-ng) " +
	"and try again — everything else works without it")

// ErrNoAudio is returned when espeak-ng cannot open an audio output.
var ErrNoAudio = errors.New("espeak-ng found no audio output on this machine")

// lookPath finds the engine.
func lookPath() (string, error) {
	p, err := exec.LookPath(Binary)
	if err != nil {
		return "", ErrNotInstalled
	}
	return p, nil
}

// Available reports whether espeak-ng can be run, with ErrNotInstalled when not.
func Available() error {
	_, err := lookPath()
	return err
}

// checkText refuses a script that Prepare did not bound.
func checkText(s Script) error {
	if strings.TrimSpace(s.Text) == "" {
		return errors.New("there is no sentence to speak")
	}
	if n := utf8.RuneCountInString(s.Text); n > MaxRunes {
		return fmt.Errorf("the text has %d characters, more than the %d that are spoken; pass it through Prepare", n, MaxRunes)
	}
	return nil
}

// args are the engine's arguments: the voice comes from VoiceFor's table and
// the text always goes on standard input, so nothing from a payload can be
// taken for an option.
func args(v Voice, extra ...string) []string {
	return append([]string{"-v", v.Name, "-b", "1", "--stdin"}, extra...)
}

// Synthesize runs espeak-ng on the script and returns a WAV file in memory
// (with correct chunk sizes) and its header. It needs no audio device.
func Synthesize(ctx context.Context, s Script) ([]byte, WAVInfo, error) {
	if err := checkText(s); err != nil {
		return nil, WAVInfo{}, err
	}
	path, err := lookPath()
	if err != nil {
		return nil, WAVInfo{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, SynthTimeout)
	defer cancel()
	out := &boundedBuffer{max: MaxWAVBytes, overflow: cancel}
	var errOut boundedBuffer
	errOut.max = maxStderr
	cmd := exec.CommandContext(ctx, path, args(s.Voice, "--stdout")...)
	cmd.Stdin = strings.NewReader(s.Text)
	cmd.Stdout, cmd.Stderr = out, &errOut
	cmd.WaitDelay = time.Second
	runErr := cmd.Run()
	switch {
	case out.overflowed:
		return nil, WAVInfo{}, fmt.Errorf("espeak-ng produced more than %d MB of audio; the sentence is too long to speak", MaxWAVBytes>>20)
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded):
		return nil, WAVInfo{}, fmt.Errorf("espeak-ng took longer than %s to synthesize the sentence and was stopped", SynthTimeout)
	case ctx.Err() != nil:
		return nil, WAVInfo{}, ctx.Err()
	case runErr != nil:
		return nil, WAVInfo{}, fmt.Errorf("espeak-ng failed (%v)%s", runErr, stderrLine(errOut.String()))
	}
	info, err := ParseWAV(out.Bytes())
	if err != nil {
		return nil, WAVInfo{}, fmt.Errorf("espeak-ng output: %w%s", err, stderrLine(errOut.String()))
	}
	return Fixed(out.Bytes(), info), info, nil
}

// Play speaks the script through espeak-ng's own audio output. spoken, the
// measured duration, bounds the run (plus a margin); a run that reports an
// audio error fails with ErrNoAudio. Cancelling ctx stops playback.
func Play(ctx context.Context, s Script, spoken time.Duration) error {
	if err := checkText(s); err != nil {
		return err
	}
	path, err := lookPath()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, spoken+playSlack)
	defer cancel()
	var errOut boundedBuffer
	errOut.max = maxStderr
	cmd := exec.CommandContext(ctx, path, args(s.Voice)...)
	cmd.Stdin = strings.NewReader(s.Text)
	cmd.Stderr = &errOut
	cmd.WaitDelay = time.Second
	runErr := cmd.Run()
	if ctx.Err() != nil {
		if errors.Is(ctx.Err(), context.DeadlineExceeded) {
			return fmt.Errorf("espeak-ng was still playing after %.0f s and was stopped; the audio output may be stalled", (spoken + playSlack).Seconds())
		}
		return ctx.Err()
	}
	// espeak-ng exits 0 when it cannot open an audio device; what it says on
	// standard error is the only sign.
	msg := errOut.String()
	if strings.Contains(msg, "error") || strings.Contains(msg, "ALSA") {
		return fmt.Errorf("%w (%s)", ErrNoAudio, lastLine(msg, runErr))
	}
	if runErr != nil {
		return fmt.Errorf("espeak-ng failed while playing (%s)", lastLine(msg, runErr))
	}
	return nil
}

// lastLine is the last line the engine wrote to standard error (its
// summary, after any library warnings), else err's text.
func lastLine(msg string, err error) string {
	lines := strings.Split(strings.TrimSpace(msg), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	if last == "" && err != nil {
		last = err.Error()
	}
	return sanitizeLine(last)
}

func stderrLine(msg string) string {
	if strings.TrimSpace(msg) == "" {
		return ""
	}
	return ": " + lastLine(msg, nil)
}

// sanitizeLine keeps a line of engine output printable and short.
func sanitizeLine(s string) string {
	s, _ = clean(s)
	if len(s) > 200 {
		s = truncate(s, 200)
	}
	return s
}

// boundedBuffer keeps at most max bytes; past that it records the overflow
// and calls overflow (which stops the engine) instead of growing. The buffer
// is a field, not embedded, so that io.Copy cannot bypass Write through
// bytes.Buffer's ReadFrom.
type boundedBuffer struct {
	buf        bytes.Buffer
	max        int
	overflow   func()
	overflowed bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		if room > 0 {
			b.buf.Write(p[:room])
		}
		if !b.overflowed && b.overflow != nil {
			b.overflow()
		}
		b.overflowed = true
		return len(p), nil // keep draining so the engine is never blocked on a full pipe
	}
	return b.buf.Write(p)
}

// Bytes returns what was kept.
func (b *boundedBuffer) Bytes() []byte { return b.buf.Bytes() }

// String returns what was kept as text.
func (b *boundedBuffer) String() string { return b.buf.String() }

// Measure returns how long the script takes to say (synthesis only; no audio
// device is needed).
func Measure(ctx context.Context, s Script) (time.Duration, error) {
	_, info, err := Synthesize(ctx, s)
	return info.Duration, err
}
