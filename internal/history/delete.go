package history

import (
	"context"
	"time"
)

// Delete removes the record with the id; records that resend it keep
// existing with OriginID 0. It returns an error wrapping ErrNotFound when no
// record has the id.
func (s *Store) Delete(ctx context.Context, id int64) error {
	return s.execRecord(ctx, id, "deleting", "DELETE FROM records WHERE id = ?", id)
}

// DeleteOlderThan removes every record sent before t and returns how many
// it removed.
func (s *Store) DeleteOlderThan(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, "DELETE FROM records WHERE sent_at < ?", clampNano(t))
	if err != nil {
		return 0, s.wrap("deleting old records", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, s.wrap("deleting old records", err)
	}
	return n, nil
}
