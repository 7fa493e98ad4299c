package history

import (
	"context"
	"fmt"
)

// Mark records whether the send of record id was heard on a device:
// heard true or false, or nil to clear the mark. It returns an error
// wrapping ErrNotFound when no record has the id.
func (s *Store) Mark(ctx context.Context, id int64, heard *bool) error {
	res, err := s.db.ExecContext(ctx, "UPDATE records SET heard = ? WHERE id = ?", heardColumn(heard), id)
	if err != nil {
		return s.wrap(fmt.Sprintf("marking record %d", id), err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return s.wrap(fmt.Sprintf("marking record %d", id), err)
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
