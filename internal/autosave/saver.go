package autosave

import (
	"sync"
	"time"
)

// DefaultDelay is how long after the last change a Saver writes.
const DefaultDelay = 500 * time.Millisecond

// Saver writes a draft a moment after the last change. Touch is meant for
// the key path: it only records the newest text and re-arms a timer (O(1),
// no I/O, no allocation); the write happens on the timer's goroutine. Call
// Flush before quitting. A Saver is safe for concurrent use.
type Saver struct {
	store *Store
	delay time.Duration
	onErr func(error)

	mu      sync.Mutex
	timer   *time.Timer
	text    []byte
	meta    Meta
	dirty   bool
	stopped bool

	saveMu sync.Mutex // one write at a time, in order
}

// NewSaver returns a Saver that writes to store delay after the last Touch
// (DefaultDelay when delay ≤ 0). onErr, when not nil, receives the error of
// a background write (on the timer's goroutine; a UI sends it to itself as
// a message); the draft stays pending and the next write retries.
func NewSaver(store *Store, delay time.Duration, onErr func(error)) *Saver {
	if delay <= 0 {
		delay = DefaultDelay
	}
	s := &Saver{store: store, delay: delay, onErr: onErr}
	s.timer = time.AfterFunc(time.Hour, s.fire)
	s.timer.Stop()
	return s
}

// Touch records the newest draft text and restarts the delay. The Saver
// keeps text as given: the caller must not modify it afterwards (pass a
// freshly encoded body, as the UI has for its preview anyway).
func (s *Saver) Touch(text []byte, meta Meta) {
	s.mu.Lock()
	if !s.stopped {
		s.text, s.meta, s.dirty = text, meta, true
		s.timer.Reset(s.delay)
	}
	s.mu.Unlock()
}

func (s *Saver) fire() {
	if err := s.save(); err != nil && s.onErr != nil {
		s.onErr(err)
	}
}

// save writes the pending draft, if any.
func (s *Saver) save() error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	if !s.dirty {
		s.mu.Unlock()
		return nil
	}
	text, meta := s.text, s.meta
	s.dirty = false
	s.mu.Unlock()
	err := s.store.Save(text, meta)
	if err != nil {
		s.mu.Lock()
		if !s.dirty { // nothing newer arrived: keep this one pending
			s.text, s.meta, s.dirty = text, meta, true
		}
		s.mu.Unlock()
	}
	return err
}

// Flush writes the pending draft now (on quit, or before sending).
func (s *Saver) Flush() error {
	s.timer.Stop()
	return s.save()
}

// Clear drops the pending draft and removes the kept one (after a
// successful send or an explicit discard). Later Touches save again.
func (s *Saver) Clear() error {
	s.timer.Stop()
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	s.mu.Lock()
	s.text, s.dirty = nil, false
	s.mu.Unlock()
	return s.store.Clear()
}

// Close flushes the pending draft and stops the Saver; later Touches are
// ignored.
func (s *Saver) Close() error {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	return s.Flush()
}
