package history

import (
	"context"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
)

// ErrNotFound is returned (wrapped) by Get and Delete when no record has the id.
var ErrNotFound = errors.New("history: no such record")

// Problem says why a file cannot be used as the history database.
type Problem int

// The problems a history file can have.
const (
	NotSQLite Problem = iota + 1 // the file is not an SQLite database at all
	Foreign                      // an SQLite database of another program
	Damaged                      // a pe-tui history that SQLite reports as corrupt or truncated
	TooNew                       // a pe-tui history written by a newer pe-tui
)

// FileError reports a history file that pe-tui refuses to use. pe-tui never
// writes to such a file; the message names the file and says what to do.
type FileError struct {
	Path    string  // the database file
	Problem Problem // what is wrong with it
	Detail  string  // the specific finding, e.g. SQLite's message
}

func (e *FileError) Error() string {
	var what string
	switch e.Problem {
	case NotSQLite:
		what = "is not a pe-tui history database (it is not an SQLite file at all)"
	case Foreign:
		what = "is an SQLite database of another program, not a pe-tui history"
	case Damaged:
		what = "is a damaged pe-tui history database"
	case TooNew:
		what = "was written by a newer pe-tui"
	default:
		what = "cannot be used as the pe-tui history"
	}
	msg := "history file " + e.Path + " " + what
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	if e.Problem == TooNew {
		return msg + ". pe-tui has not changed it: upgrade pe-tui, or use another file with --history PATH or " + EnvPath + "."
	}
	return msg + ". pe-tui has not changed it: move it aside (pe-tui then starts a new history at that path), or use another file with --history PATH or " + EnvPath + "."
}

// sqliteCode returns the primary SQLite result code of err, or 0.
func sqliteCode(err error) int {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() & 0xff
	}
	return 0
}

// SQLite primary result codes used here.
const (
	codeBusy     = 5
	codeReadOnly = 8
	codeIOErr    = 10
	codeCorrupt  = 11
	codeFull     = 13
	codeCantOpen = 14
	codeNotADB   = 26
)

// BusyWait is how long pe-tui waits for another process's write to the
// history (an import, a delete) before it gives up.
const BusyWait = busyTimeoutMS * time.Millisecond

// storageProblem explains, in words that say what to do, the storage errors
// whose SQLite text ("disk I/O error (4874)", "database is locked",
// "context deadline exceeded") does not; "" for any other error.
func storageProblem(err error) string {
	switch sqliteCode(err) {
	case codeBusy:
		return fmt.Sprintf("another pe-tui process (an import or a delete?) held the history locked for more than %s; try again when it has finished", BusyWait)
	case codeReadOnly:
		return "the history file or its directory is read-only; make it writable, or use another file with --history PATH"
	case codeFull:
		return "the disk is full; free some space"
	case codeIOErr:
		return "the disk could not be written: it may be full, read-only or failing; free some space or check the disk"
	case codeCantOpen:
		return "the file or its directory cannot be opened; check that it exists and is readable and writable"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Sprintf("the history stayed locked by another process for more than %s; try again when it has finished", BusyWait)
	}
	return ""
}

// IsStorageProblem reports whether err is a failure to reach or write the
// history file (locked, read-only, disk full, I/O error) rather than a
// problem with the file's content.
func IsStorageProblem(err error) bool { return storageProblem(err) != "" }

// wrap turns a storage error into the package's errors: corruption becomes
// a *FileError naming the file, anything else gets the operation as context.
func (s *Store) wrap(op string, err error) error {
	if err == nil {
		return nil
	}
	switch sqliteCode(err) {
	case codeCorrupt, codeNotADB:
		return &FileError{Path: s.path, Problem: Damaged, Detail: err.Error()}
	}
	if why := storageProblem(err); why != "" {
		return fmt.Errorf("history: %s (%s): %s (%w)", op, s.path, why, err)
	}
	return fmt.Errorf("history: %s (%s): %w", op, s.path, err)
}
