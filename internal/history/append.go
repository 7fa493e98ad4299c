package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"
)

// The instants a record's SentAt can hold: the range of Unix nanoseconds.
var (
	minSentAt = time.Unix(0, math.MinInt64+1)
	maxSentAt = time.Unix(0, math.MaxInt64-1)
)

// Append stores r as a new record and returns its id. When it returns
// without error the record is on disk (write-ahead log, synchronous=FULL):
// a crash or a kill of the process afterwards does not lose it.
//
// Append sets r.ID; replaces r.Headers by the stored copy, from which
// RedactHeaders has removed every header that may carry a secret; sets a
// zero r.SentAt to now; and moves r.SentAt on by a nanosecond or more when
// another record already has that instant (SentAt is unique: it orders the
// history). r.OriginID names the record this one resends; it is set to 0
// when that record no longer exists.
func (s *Store) Append(ctx context.Context, r *Record) (int64, error) {
	if r == nil {
		return 0, errors.New("history: Append of a nil record")
	}
	if r.SentAt.IsZero() {
		r.SentAt = time.Now()
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.wrap("appending a record", err)
	}
	defer tx.Rollback()
	ins, err := newInserter(ctx, tx)
	if err != nil {
		return 0, s.wrap("appending a record", err)
	}
	defer ins.close()
	stored, err := ins.insert(ctx, r)
	if err != nil {
		return 0, s.wrap("appending a record", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, s.wrap("appending a record", err)
	}
	*r = stored
	return r.ID, nil
}

// inserter inserts records within one transaction.
type inserter struct {
	taken, add *sql.Stmt
}

func newInserter(ctx context.Context, tx *sql.Tx) (*inserter, error) {
	taken, err := tx.PrepareContext(ctx, `SELECT 1 FROM records WHERE sent_at = ?`)
	if err != nil {
		return nil, err
	}
	add, err := tx.PrepareContext(ctx, `INSERT INTO records (
		sent_at, profile, target, stage, event_name, reference_id, audience, request, findings,
		status, headers, body, message, request_id, latency_ns, attempts, network_error, origin_id, group_id, heard)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM records WHERE id = ?), ?, ?)
		RETURNING id, origin_id`)
	if err != nil {
		taken.Close()
		return nil, err
	}
	return &inserter{taken: taken, add: add}, nil
}

func (in *inserter) close() {
	in.taken.Close()
	in.add.Close()
}

// insert stores r and returns the record as stored: its id, its possibly
// moved SentAt (UTC), redacted headers and the origin that exists.
func (in *inserter) insert(ctx context.Context, r *Record) (Record, error) {
	out := *r
	if r.SentAt.Before(minSentAt) || r.SentAt.After(maxSentAt) {
		return out, fmt.Errorf("sentAt %s is outside the years 1678–2262", r.SentAt.Format(time.RFC3339))
	}
	at := r.SentAt.UnixNano()
	for {
		var one int
		err := in.taken.QueryRowContext(ctx, at).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			break
		}
		if err != nil {
			return out, err
		}
		at++
	}
	out.SentAt = time.Unix(0, at).UTC()
	out.Headers = RedactHeaders(r.Headers)
	var findings, headers []byte
	var err error
	if len(r.Findings) > 0 {
		if findings, err = json.Marshal(r.Findings); err != nil {
			return out, err
		}
	}
	if len(out.Headers) > 0 {
		if headers, err = json.Marshal(out.Headers); err != nil {
			return out, err
		}
	}
	request := r.Request
	if request == nil {
		request = []byte{}
	}
	var origin sql.NullInt64
	err = in.add.QueryRowContext(ctx,
		at, r.Profile, r.Target, r.Stage, r.EventName, r.ReferenceID, r.Audience, request, nullText(findings),
		r.Status, nullText(headers), nullBlob(r.Body), r.Message, r.RequestID, int64(r.Latency), r.Attempts, r.NetworkErr, r.OriginID,
		nullText([]byte(r.GroupID)), heardColumn(r.Heard),
	).Scan(&out.ID, &origin)
	if err != nil {
		return out, err
	}
	out.OriginID = origin.Int64
	return out, nil
}

// nullText stores JSON text, or NULL when there is none.
func nullText(b []byte) any {
	if len(b) == 0 {
		return nil
	}
	return string(b)
}

// nullBlob stores bytes, or NULL when there are none.
func nullBlob(b []byte) any {
	if b == nil {
		return nil
	}
	return b
}
