package historypane

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/history"
)

// Source is what the pane reads, marks and deletes records through;
// *history.Store satisfies it. Every call runs in a tea.Cmd, never in
// Update or View.
type Source interface {
	List(ctx context.Context, q history.Query) (history.Page, error)
	Get(ctx context.Context, id int64) (*history.Record, error)
	Delete(ctx context.Context, id int64) error
	Count(ctx context.Context, q history.Query) (int, error)
	Marker
}

var _ Source = (*history.Store)(nil)

// storeTimeout bounds every store call of the pane.
const storeTimeout = 10 * time.Second

// listCmd loads one page of a generation's query.
func listCmd(src Source, gen, slot int, q history.Query, reload bool) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		p, err := src.List(ctx, q)
		return pageMsg{gen: gen, slot: slot, reload: reload, page: p, err: err}
	}
}

// countCmd counts the records of a generation's query.
func countCmd(src Source, gen int, q history.Query) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		n, err := src.Count(ctx, q)
		return countMsg{gen: gen, n: n, err: err}
	}
}

// detailCmd reads the whole record for the detail view.
func detailCmd(src Source, id int64) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		rec, err := src.Get(ctx, id)
		return detailMsg{id: id, rec: rec, err: err}
	}
}

// actionCmd reads the whole record and wraps it in the message make returns.
func actionCmd(src Source, id int64, op string, wrap func(*history.Record) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		rec, err := src.Get(ctx, id)
		if err != nil {
			return errMsg{op: op, err: err}
		}
		return wrap(rec)
	}
}

// deleteCmd deletes a record. A record that is already gone (another
// pe-tui deleted it) counts as deleted.
func deleteCmd(src Source, id int64) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
		defer cancel()
		if err := src.Delete(ctx, id); err != nil && !errors.Is(err, history.ErrNotFound) {
			return errMsg{op: "delete #" + itoa(id), err: err}
		}
		return DeletedMsg{ID: id}
	}
}
