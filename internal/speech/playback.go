package speech

import (
	"context"
	"sync"
	"time"
)

// Playback is one sentence being spoken aloud. Speak returns it at once;
// Measured is closed when the spoken duration is known (synthesis takes tens
// of milliseconds), Done when playback has ended. Stop ends it early.
type Playback struct {
	voice    Voice
	cancel   context.CancelFunc
	measured chan struct{}
	done     chan struct{}

	mu       sync.Mutex
	duration time.Duration
	err      error
	stopped  bool
}

// Speak starts speaking the script through the audio output without
// blocking: it measures the sentence (Synthesize, no device needed) and then
// plays it (Play). It fails at once only when espeak-ng is not installed
// (ErrNotInstalled) or there is nothing to say; any later failure, such as
// ErrNoAudio, is reported by Err after Done.
func Speak(ctx context.Context, s Script) (*Playback, error) {
	if err := Available(); err != nil {
		return nil, err
	}
	if err := checkText(s); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	p := &Playback{voice: s.Voice, cancel: cancel, measured: make(chan struct{}), done: make(chan struct{})}
	go p.run(ctx, s)
	return p, nil
}

func (p *Playback) run(ctx context.Context, s Script) {
	defer close(p.done)
	defer p.cancel()
	_, info, err := Synthesize(ctx, s)
	p.mu.Lock()
	p.duration = info.Duration
	p.mu.Unlock()
	close(p.measured)
	if err == nil {
		err = Play(ctx, s, info.Duration)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.stopped {
		p.err = err
	}
}

// Stop ends playback; it is safe to call more than once and after Done.
func (p *Playback) Stop() {
	p.mu.Lock()
	p.stopped = true
	p.mu.Unlock()
	p.cancel()
}

// Voice is the espeak-ng voice speaking.
func (p *Playback) Voice() Voice { return p.voice }

// Measured is closed once Duration is known (or synthesis failed).
func (p *Playback) Measured() <-chan struct{} { return p.measured }

// Done is closed when playback has ended, stopped or failed.
func (p *Playback) Done() <-chan struct{} { return p.done }

// Duration is the spoken length; 0 before Measured is closed or when synthesis failed.
func (p *Playback) Duration() time.Duration {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.duration
}

// Err is why playback failed, read after Done; nil when it finished or was stopped.
func (p *Playback) Err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.err
}
