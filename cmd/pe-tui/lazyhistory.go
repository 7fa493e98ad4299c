package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
)

// lazyHistory is the TUI's history store, opened in the background on its
// first use, so that neither the first frame nor the work that draws it
// waits for or competes with SQLite (BenchmarkStartToFirstFrame): the UI
// first uses it after the first frame (ui.Model.startDeferred). Every call
// starts the open if it has not started, waits until it has finished (or
// its context ends) and then goes to the store; when the open failed,
// every call returns that error, and a record to append is kept in the
// spool file next to the database instead (history.KeepAt), which the next
// successful open adds.
type lazyHistory struct {
	path  string
	ready chan struct{} // closed when the open has finished

	mu      sync.Mutex
	started bool // the open has started (start)
	closed  bool // Close was called: no open starts any more

	st   *history.Store
	err  error
	note string // what the open recovered or set aside, for the status line
}

var (
	_ historypane.Source = (*lazyHistory)(nil)
	_ send.Keeper        = (*lazyHistory)(nil)
)

// historyOpener opens the history database; tests hold it back to model a
// slow open.
var historyOpener = history.Open

// historyOpenLazily returns the history of g (historyPath), opened in the
// background on first use. Notes about the spool go to Opened, not to
// stderr, because the terminal belongs to the UI by then.
func historyOpenLazily(g *globalFlags) (*lazyHistory, error) {
	path, err := historyPath(g)
	if err != nil {
		return nil, err
	}
	return &lazyHistory{path: path, ready: make(chan struct{})}, nil
}

// errHistoryClosed is the answer of a history used after Close.
var errHistoryClosed = errors.New("the history is closed")

// start starts the open unless it has started.
func (h *lazyHistory) start() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.started {
		return
	}
	h.started = true
	if h.closed {
		h.err = errHistoryClosed
		close(h.ready)
		return
	}
	go func() {
		defer close(h.ready)
		st, err := historyOpener(h.path)
		if err != nil {
			h.err = err
			return
		}
		var b strings.Builder
		historyNoteSpool(&b, st)
		h.st, h.note = st, strings.TrimSpace(strings.ReplaceAll(b.String(), "\n", "; "))
	}()
}

// Opened waits until the open has finished and returns its notes or error
// (ui.Options.HistoryOpened).
func (h *lazyHistory) Opened() (note string, err error) {
	h.start()
	<-h.ready
	if h.err != nil {
		return "", fmt.Errorf("the history is not available: %w", h.err)
	}
	return h.note, nil
}

// store waits for the open, or for ctx.
func (h *lazyHistory) store(ctx context.Context) (*history.Store, error) {
	h.start()
	select {
	case <-h.ready:
	case <-ctx.Done():
		return nil, fmt.Errorf("the history is still opening: %w", ctx.Err())
	}
	if h.err != nil {
		return nil, h.err
	}
	return h.st, nil
}

// Append records r (send.Recorder).
func (h *lazyHistory) Append(ctx context.Context, r *history.Record) (int64, error) {
	st, err := h.store(ctx)
	if err != nil {
		return 0, err
	}
	return st.Append(ctx, r)
}

// Keep keeps r in the spool file when Append failed (send.Keeper); it needs
// no open database.
func (h *lazyHistory) Keep(r *history.Record) error { return history.KeepAt(h.path, r) }

// SpoolPath is the spool file next to the database (send.Keeper).
func (h *lazyHistory) SpoolPath() string { return history.SpoolPath(h.path) }

// List returns one page of records (historypane.Source).
func (h *lazyHistory) List(ctx context.Context, q history.Query) (history.Page, error) {
	st, err := h.store(ctx)
	if err != nil {
		return history.Page{}, err
	}
	return st.List(ctx, q)
}

// Get returns one record (historypane.Source).
func (h *lazyHistory) Get(ctx context.Context, id int64) (*history.Record, error) {
	st, err := h.store(ctx)
	if err != nil {
		return nil, err
	}
	return st.Get(ctx, id)
}

// Delete deletes one record (historypane.Source).
func (h *lazyHistory) Delete(ctx context.Context, id int64) error {
	st, err := h.store(ctx)
	if err != nil {
		return err
	}
	return st.Delete(ctx, id)
}

// Count counts the records of q (historypane.Source).
func (h *lazyHistory) Count(ctx context.Context, q history.Query) (int, error) {
	st, err := h.store(ctx)
	if err != nil {
		return 0, err
	}
	return st.Count(ctx, q)
}

// Mark marks a record heard or not (historypane.Marker).
func (h *lazyHistory) Mark(ctx context.Context, id int64, heard *bool) error {
	st, err := h.store(ctx)
	if err != nil {
		return err
	}
	return st.Mark(ctx, id, heard)
}

// Path is the history database's path.
func (h *lazyHistory) Path() string { return h.path }

// Close waits for an open in progress and closes the store; a history
// that was never used was never opened.
func (h *lazyHistory) Close() error {
	h.mu.Lock()
	h.closed = true
	started := h.started
	h.mu.Unlock()
	if !started {
		return nil
	}
	<-h.ready
	if h.st == nil {
		return nil
	}
	return h.st.Close()
}
