package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
)

// lazyHistory is the TUI's history store, opened in the background so that
// the first frame does not wait for SQLite (BenchmarkStartToFirstFrame).
// Every call waits until the open has finished (or its context ends) and
// then goes to the store; when the open failed, every call returns that
// error, and a record to append is kept in the spool file next to the
// database instead (history.KeepAt), which the next successful open adds.
type lazyHistory struct {
	path  string
	ready chan struct{} // closed when the open has finished
	st    *history.Store
	err   error
	note  string // what the open recovered or set aside, for the status line
}

var (
	_ historypane.Source = (*lazyHistory)(nil)
	_ send.Keeper        = (*lazyHistory)(nil)
)

// historyOpener opens the history database; tests hold it back to model a
// slow open.
var historyOpener = history.Open

// historyOpenLazily starts opening the history of g (historyPath) in the
// background. Notes about the spool go to Opened, not to stderr, because
// the terminal belongs to the UI by then.
func historyOpenLazily(g *globalFlags) (*lazyHistory, error) {
	path, err := historyPath(g)
	if err != nil {
		return nil, err
	}
	h := &lazyHistory{path: path, ready: make(chan struct{})}
	go func() {
		defer close(h.ready)
		st, err := historyOpener(path)
		if err != nil {
			h.err = err
			return
		}
		var b strings.Builder
		historyNoteSpool(&b, st)
		h.st, h.note = st, strings.TrimSpace(strings.ReplaceAll(b.String(), "\n", "; "))
	}()
	return h, nil
}

// Opened waits until the open has finished and returns its notes or error
// (ui.Options.HistoryOpened).
func (h *lazyHistory) Opened() (note string, err error) {
	<-h.ready
	if h.err != nil {
		return "", fmt.Errorf("the history is not available: %w", h.err)
	}
	return h.note, nil
}

// store waits for the open, or for ctx.
func (h *lazyHistory) store(ctx context.Context) (*history.Store, error) {
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

// Close waits for the open and closes the store.
func (h *lazyHistory) Close() error {
	<-h.ready
	if h.st == nil {
		return nil
	}
	return h.st.Close()
}
