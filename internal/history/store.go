package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "modernc.org/sqlite" // registers the pure-Go "sqlite" database/sql driver
)

// ApplicationID is the SQLite application_id ("peTu") stamped into every
// pe-tui history database; a database with another id is never touched.
const ApplicationID = 0x70655475

// busyTimeoutMS is how long a connection waits for another writer (another
// pe-tui process, or this one) before giving up with "database is locked".
const busyTimeoutMS = 10000

// Store is an open history database. It is safe for concurrent use by
// several goroutines, and several processes may open the same file at once.
type Store struct {
	db         *sql.DB
	path       string
	recovered  int      // kept records Open added (see Keep)
	pending    int      // kept records still waiting in the spool file
	unreadable []string // spool files set aside, with the reason
}

// Open opens the history database at path, creating it (and its directory,
// mode 0700; the file gets mode 0600) when missing, and migrating it to the
// current schema. A file that is not an SQLite database, another program's
// database, a damaged history or one written by a newer pe-tui is refused
// with a *FileError and left byte-for-byte unchanged.
//
// The database uses write-ahead logging with synchronous=FULL, so a record is
// on disk when Append returns; foreign keys are enforced; writers from other
// processes are waited for up to 10 seconds (BusyWait). Records kept in the
// spool file because the database could not take them (see Keep) are added
// now when the write lock is free (Recovered says how many), else left for
// the next Open (Pending).
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("history: no database path given")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("history: cannot create the directory of %s: %w", abs, err)
	}
	if err := preflight(abs); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn(abs))
	if err != nil {
		return nil, fmt.Errorf("history: %s: %w", abs, err)
	}
	db.SetMaxOpenConns(4)
	db.SetMaxIdleConns(2)
	s := &Store{db: db, path: abs}
	ctx := context.Background()
	if err := s.setup(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if spoolExists(s.SpoolPath()) {
		s.recoverSpool(ctx)
	}
	return s, nil
}

// setup checks that the database is a pe-tui history (or empty), switches it
// to write-ahead logging and applies pending migrations. Until the identity
// check has passed, nothing is written.
func (s *Store) setup(ctx context.Context) error {
	version, err := s.identify(ctx)
	if err != nil {
		return err
	}
	if version > 0 {
		if err := s.probe(ctx); err != nil {
			return err
		}
	}
	if err := s.enableWAL(ctx); err != nil {
		return err
	}
	if version < int64(len(migrations)) {
		return s.migrate(ctx)
	}
	return nil
}

// dsn builds the driver's data source name: an SQLite URI that never creates
// the file (preflight did) and per-connection settings that write nothing to
// the file, so that opening a foreign file cannot change it.
func dsn(abs string) string {
	p := filepath.ToSlash(abs)
	if runtime.GOOS == "windows" && !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	u := url.URL{Scheme: "file", Path: p}
	q := []string{
		"mode=rw",
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeoutMS),
		"_pragma=foreign_keys(1)",
		// FULL: in WAL mode the log is synced at every commit, so an Append
		// that returned survives a power cut, not only a process crash. A
		// send takes far longer than one fsync, so the cost is invisible.
		"_pragma=synchronous(FULL)",
		// After a big import the log is cut back to 64 MiB once checkpointed.
		"_pragma=journal_size_limit(67108864)",
		// Write transactions take the write lock at BEGIN, so two processes
		// never deadlock upgrading a read lock; the busy timeout applies.
		"_txlock=immediate",
	}
	return u.String() + "?" + strings.Join(q, "&")
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }
