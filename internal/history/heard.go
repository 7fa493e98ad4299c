package history

import (
	"context"
	"fmt"
)

// Mark records whether the send of record id was heard on a device:
// heard true or false, or nil to clear the mark. It returns an error
// wrapping ErrNotFound when no record has the id.
func (s *Store) Mark(ctx context.Context, id int64, heard *bool) error {
	return s.execRecord(ctx, id, "marking", "UPDATE records SET heard = ? WHERE id = ?", heardColumn(heard), id)
}

// execRecord runs a statement that changes the record with the id ("what"
// names the change for errors); no such record is an error wrapping
// ErrNotFound.
func (s *Store) execRecord(ctx context.Context, id int64, what, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return s.wrap(fmt.Sprintf("%s record %d", what, id), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.wrap(fmt.Sprintf("%s record %d", what, id), err)
	}
	if n == 0 {
		return fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	return nil
}

// heardColumn is a heard mark as the heard column stores it.
func heardColumn(heard *bool) any {
	switch {
	case heard == nil:
		return nil
	case *heard:
		return 1
	}
	return 0
}
