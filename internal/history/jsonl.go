package history

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// maxImportLine bounds one line of an import file.
const maxImportLine = 64 << 20

// Export writes the records that q selects to w as JSON lines, one Record
// per line (bodies base64, as encoding/json writes []byte), oldest first so
// that Import replays them in order. q.Limit > 0 keeps the newest q.Limit
// records; 0 exports all. It streams: memory does not grow with the number
// of records. It returns how many records it wrote.
func (s *Store) Export(ctx context.Context, w io.Writer, q Query) (int, error) {
	p, err := q.compile()
	if err != nil {
		return 0, err
	}
	stmt, args := p.sql(recordColumns, "ASC", q.Before, 0)
	if q.Limit > 0 {
		// The newest Limit records, written oldest first (column 2 is sent_at).
		stmt, args = p.sql(recordColumns, "DESC", q.Before, q.Limit)
		stmt = "SELECT * FROM (" + stmt + ") ORDER BY 2 ASC"
	}
	rows, err := s.db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return 0, s.wrap("exporting records", err)
	}
	defer rows.Close()
	bw := bufio.NewWriter(w)
	n := 0
	for rows.Next() {
		var r Record
		if err := scanRecord(rows, &r); err != nil {
			return n, s.wrap("exporting records", err)
		}
		line, err := json.Marshal(&r)
		if err != nil {
			return n, fmt.Errorf("history: exporting record %d: %w", r.ID, err)
		}
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return n, fmt.Errorf("history: writing the export: %w", err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return n, s.wrap("exporting records", err)
	}
	if err := bw.Flush(); err != nil {
		return n, fmt.Errorf("history: writing the export: %w", err)
	}
	return n, nil
}

// ImportResult says what Import did.
type ImportResult struct {
	Added   int // records stored
	Skipped int // records already in the history (same SentAt and request), not stored again
}

// Import reads JSON lines as Export writes them and stores every record in
// one transaction: either all lines are imported or, on an error, none. The
// error names the line. Blank lines are skipped. Imported records get new
// ids; an originId that names an earlier record of the same input is mapped
// to that record's new id, any other originId becomes 0. A record already
// present (same request bytes, sent at the same instant) is skipped, so importing a file
// twice adds nothing the second time. Headers are redacted as in Append.
func (s *Store) Import(ctx context.Context, r io.Reader) (ImportResult, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return ImportResult{}, s.wrap("importing records", err)
	}
	defer tx.Rollback()
	res, err := s.importTx(ctx, tx, r)
	if err != nil {
		return ImportResult{}, err
	}
	if err := tx.Commit(); err != nil {
		return ImportResult{}, s.wrap("importing records", err)
	}
	return res, nil
}

// importTx adds the records of r within tx (see Import); the caller commits.
func (s *Store) importTx(ctx context.Context, tx *sql.Tx, r io.Reader) (ImportResult, error) {
	var res ImportResult
	ins, err := newInserter(ctx, tx)
	if err != nil {
		return res, s.wrap("importing records", err)
	}
	defer ins.close()
	// A copy already here has the same request and the same instant, or one
	// a few nanoseconds later if Append had to move it past another record.
	dup, err := tx.PrepareContext(ctx, "SELECT id FROM records WHERE sent_at >= ? AND sent_at < ? AND request = ? LIMIT 1")
	if err != nil {
		return res, s.wrap("importing records", err)
	}
	defer dup.Close()

	ids := map[int64]int64{} // id in the input → id here
	err = readRecords(r, func(line int, rec *Record) error {
		var have int64
		at := rec.SentAt.UnixNano()
		until := at + 1000
		if until < at {
			until = math.MaxInt64
		}
		err := dup.QueryRowContext(ctx, at, until, nonNil(rec.Request)).Scan(&have)
		switch {
		case err == nil:
			if rec.ID != 0 {
				ids[rec.ID] = have
			}
			res.Skipped++
			return nil
		case !errors.Is(err, sql.ErrNoRows):
			return s.wrap(fmt.Sprintf("import line %d", line), err)
		}
		if rec.OriginID != 0 {
			rec.OriginID = ids[rec.OriginID] // 0 when the origin is not in this input
		}
		stored, err := ins.insert(ctx, rec)
		if err != nil {
			return s.wrap(fmt.Sprintf("import line %d", line), err)
		}
		if rec.ID != 0 {
			ids[rec.ID] = stored.ID
		}
		res.Added++
		return nil
	})
	if err != nil {
		return ImportResult{}, err
	}
	return res, nil
}

// IsExport reports whether r starts with a record as Export writes it
// (after any blank lines); an empty r is an export of no records.
func IsExport(r io.Reader) bool {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		text, err := readLine(br)
		if len(bytes.TrimSpace(text)) > 0 {
			_, derr := decodeImportLine(text)
			return derr == nil
		}
		if err != nil {
			return errors.Is(err, io.EOF)
		}
	}
}

// readRecords decodes the JSON lines of r and calls fn with each record and
// its line number, stopping at the first error; decoding errors name the line.
func readRecords(r io.Reader, fn func(line int, rec *Record) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	for line := 1; ; line++ {
		text, rerr := readLine(br)
		if rerr != nil && !errors.Is(rerr, io.EOF) {
			return fmt.Errorf("history: import line %d: %w", line, rerr)
		}
		if len(bytes.TrimSpace(text)) > 0 {
			rec, err := decodeImportLine(text)
			if err != nil {
				return fmt.Errorf("history: import line %d: %w", line, err)
			}
			if err := fn(line, rec); err != nil {
				return err
			}
		}
		if rerr != nil { // io.EOF after the last line
			return nil
		}
	}
}

// readLine returns the next line without its line ending; io.EOF comes with
// the last (possibly empty) line.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxImportLine {
			return nil, fmt.Errorf("the line is longer than %d MiB; is this a pe-tui history export?", maxImportLine>>20)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimRight(line, "\r\n"), err
	}
}

// decodeImportLine decodes and checks one exported record.
func decodeImportLine(text []byte) (*Record, error) {
	var rec Record
	if err := json.Unmarshal(text, &rec); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("not a JSON record (column %d: %v); expected one record per line as 'pe-tui history export' writes", se.Offset, err)
		}
		return nil, fmt.Errorf("not a history record: %v; expected one record per line as 'pe-tui history export' writes", err)
	}
	if rec.SentAt.IsZero() {
		return nil, errors.New(`the record has no "sentAt"; expected one record per line as 'pe-tui history export' writes`)
	}
	if len(rec.Request) == 0 {
		return nil, errors.New(`the record has no "request"; expected one record per line as 'pe-tui history export' writes`)
	}
	if rec.SentAt.Before(minSentAt) || rec.SentAt.After(maxSentAt) {
		return nil, fmt.Errorf(`"sentAt" %s is outside the years 1678–2262`, rec.SentAt.Format("2006-01-02"))
	}
	if err := checkRanges(&rec); err != nil {
		return nil, fmt.Errorf("%v; expected a record as 'pe-tui history export' writes", err)
	}
	return &rec, nil
}

// Bounds of the numbers an imported record may hold.
const (
	maxImportLatency  = 24 * time.Hour // no send waits longer than its timeouts and retries
	maxImportAttempts = 100
)

// checkRanges refuses numbers and words no send can produce.
func checkRanges(rec *Record) error {
	switch {
	case rec.Status != 0 && (rec.Status < 100 || rec.Status > 599):
		return fmt.Errorf(`"status" %d is not an HTTP status (100–599, or 0 when no response arrived)`, rec.Status)
	case rec.Latency < 0 || rec.Latency > maxImportLatency:
		return fmt.Errorf(`"latency" %d ns is outside 0–%s`, int64(rec.Latency), maxImportLatency)
	case rec.Attempts < 0 || rec.Attempts > maxImportAttempts:
		return fmt.Errorf(`"attempts" %d is outside 0–%d`, rec.Attempts, maxImportAttempts)
	case rec.ID < 0:
		return fmt.Errorf(`"id" %d is negative`, rec.ID)
	case rec.OriginID < 0:
		return fmt.Errorf(`"originId" %d is negative`, rec.OriginID)
	case rec.Stage != "" && rec.Stage != "development" && rec.Stage != "live":
		return fmt.Errorf(`"stage" %q is neither "development" nor "live"`, rec.Stage)
	case strings.TrimSpace(rec.Target) == "":
		return errors.New(`the record has no "target"`)
	}
	return nil
}

// nonNil returns b, or an empty slice for nil (the store never holds NULL requests).
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
