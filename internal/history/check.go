package history

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"
)

// sqliteMagic starts every SQLite database file.
const sqliteMagic = "SQLite format 3\x00"

// preflight looks at the file before SQLite does: it creates a missing file
// with mode 0600, and refuses a directory, a file that is not SQLite, another
// program's database (by application_id) and a visibly truncated database.
// It only reads an existing file.
func preflight(path string) error {
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		f, cerr := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
		if cerr == nil {
			return f.Close()
		}
		if !errors.Is(cerr, fs.ErrExist) { // another process may have just created it
			return fmt.Errorf("history: cannot create %s: %w", path, cerr)
		}
		fi, err = os.Stat(path)
	}
	if err != nil {
		return fmt.Errorf("history: cannot read %s: %w", path, err)
	}
	if fi.IsDir() {
		return fmt.Errorf("history: %s is a directory; give the path of the history file, e.g. %s", path, path+string(os.PathSeparator)+FileName)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("history: %s is not a regular file; give the path of the history file", path)
	}
	if fi.Size() == 0 {
		return nil // a new database
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("history: cannot read %s: %w", path, err)
	}
	defer f.Close()
	hdr := make([]byte, 100)
	n, err := io.ReadFull(f, hdr)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return fmt.Errorf("history: cannot read %s: %w", path, err)
	}
	hdr = hdr[:n]
	if !bytes.HasPrefix(hdr, []byte(sqliteMagic)) {
		if bytes.HasPrefix([]byte(sqliteMagic), hdr) {
			return &FileError{Path: path, Problem: Damaged, Detail: fmt.Sprintf("only %d bytes long", n)}
		}
		return &FileError{Path: path, Problem: NotSQLite}
	}
	if n < 100 {
		return &FileError{Path: path, Problem: Damaged, Detail: fmt.Sprintf("the file ends inside the header, after %d bytes", n)}
	}
	if id := binary.BigEndian.Uint32(hdr[68:]); id != 0 && id != ApplicationID {
		return &FileError{Path: path, Problem: Foreign, Detail: fmt.Sprintf("application id 0x%08x", id)}
	}
	pageSize := int64(binary.BigEndian.Uint16(hdr[16:]))
	if pageSize == 1 {
		pageSize = 65536
	}
	if pageSize < 512 || pageSize&(pageSize-1) != 0 {
		return &FileError{Path: path, Problem: Damaged, Detail: fmt.Sprintf("invalid page size %d in the header", pageSize)}
	}
	// The page count in the header is trustworthy when its "valid-for"
	// number equals the change counter. A file shorter than that was cut
	// off. With a non-empty write-ahead log the count may legitimately run
	// ahead of the file (an interrupted checkpoint that SQLite will redo),
	// so the check applies only without one.
	pages := int64(binary.BigEndian.Uint32(hdr[28:]))
	changes := binary.BigEndian.Uint32(hdr[24:])
	validFor := binary.BigEndian.Uint32(hdr[92:])
	if pages > 0 && validFor == changes && pages*pageSize > fi.Size() && !hasWAL(path) {
		return &FileError{Path: path, Problem: Damaged, Detail: fmt.Sprintf("the file is %d bytes but its header says %d: it was cut off", fi.Size(), pages*pageSize)}
	}
	return nil
}

// hasWAL reports whether a non-empty write-ahead log sits next to path.
func hasWAL(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err == nil && fi.Size() > 0
}

// identify reads the application id, schema version and table count of the
// database (reads only) and decides whether it is ours. It returns the
// schema version, 0 for an empty database that migrate will initialize.
func (s *Store) identify(ctx context.Context) (version int64, err error) {
	// One statement reads one snapshot: another process creating the
	// schema at this moment is seen either entirely or not at all.
	var appID, objects int64
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT application_id FROM pragma_application_id),
		(SELECT user_version FROM pragma_user_version),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&appID, &version, &objects)
	if err != nil {
		return 0, s.openError(err)
	}
	switch {
	case appID == ApplicationID && version > int64(len(migrations)):
		return 0, &FileError{Path: s.path, Problem: TooNew, Detail: fmt.Sprintf("schema version %d; this pe-tui knows up to %d", version, len(migrations))}
	case appID == ApplicationID && version == 0 && objects > 0:
		// pe-tui stamps the id and the version in one transaction, so its
		// own files never hold tables at version 0: these are another program's.
		return 0, &FileError{Path: s.path, Problem: Foreign, Detail: "it carries pe-tui's application id but schema version 0 and holds " + s.tableList(ctx)}
	case appID == ApplicationID:
		return version, nil
	case appID == 0 && objects == 0:
		return 0, nil
	case appID == 0:
		return 0, &FileError{Path: s.path, Problem: Foreign, Detail: "it holds " + s.tableList(ctx)}
	}
	return 0, &FileError{Path: s.path, Problem: Foreign, Detail: fmt.Sprintf("application id 0x%08x", appID)}
}

// tableList names up to three tables of a foreign database, for the error.
func (s *Store) tableList(ctx context.Context) string {
	rows, err := s.db.QueryContext(ctx, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name LIMIT 4")
	if err != nil {
		return "tables of its own"
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if rows.Scan(&n) == nil {
			names = append(names, n)
		}
	}
	switch {
	case len(names) == 0:
		return "objects of its own"
	case len(names) > 3:
		return "tables " + strings.Join(names[:3], ", ") + ", …"
	case len(names) == 1:
		return "table " + names[0]
	}
	return "tables " + strings.Join(names, ", ")
}

// openError classifies an error met while first reading the file.
func (s *Store) openError(err error) error {
	switch sqliteCode(err) {
	case codeNotADB:
		return &FileError{Path: s.path, Problem: NotSQLite, Detail: err.Error()}
	case codeCorrupt:
		return &FileError{Path: s.path, Problem: Damaged, Detail: err.Error()}
	}
	if why := storageProblem(err); why != "" {
		return fmt.Errorf("history: cannot open %s: %s (%w)", s.path, why, err)
	}
	return fmt.Errorf("history: cannot open %s: %w", s.path, err)
}

// enableWAL switches the database to write-ahead logging (a persistent
// setting), retrying while another process holds a lock.
func (s *Store) enableWAL(ctx context.Context) error {
	var mode string
	if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return s.openError(err)
	}
	if strings.EqualFold(mode, "wal") {
		return nil
	}
	deadline := time.Now().Add(busyTimeoutMS * time.Millisecond)
	for {
		err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode)
		if err == nil && strings.EqualFold(mode, "wal") {
			return nil
		}
		if err == nil {
			return fmt.Errorf("history: %s: SQLite refused write-ahead logging (journal mode stays %q)", s.path, mode)
		}
		if sqliteCode(err) != codeBusy || time.Now().After(deadline) {
			return s.openError(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// probe touches the root and rightmost pages of the table and its main
// index, so that common damage is reported at Open rather than mid-use.
func (s *Store) probe(ctx context.Context) error {
	var id, at *int64
	if err := s.db.QueryRowContext(ctx, "SELECT max(id) FROM records").Scan(&id); err != nil {
		if strings.Contains(err.Error(), "no such table") {
			return &FileError{Path: s.path, Problem: Damaged, Detail: "its records table is missing"}
		}
		return s.openError(err)
	}
	if err := s.db.QueryRowContext(ctx, "SELECT max(sent_at) FROM records").Scan(&at); err != nil {
		return s.openError(err)
	}
	return nil
}
