package history

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// SpoolSuffix names the file, next to the database, that keeps records the
// database could not take (locked past BusyWait, read-only, disk full). The
// next Open adds them to the history.
const SpoolSuffix = ".unrecorded.jsonl"

// recoverSuffix marks a spool file taken by one process for recovery.
const recoverSuffix = ".recovering"

// recoverBusyMS is how long Open waits for the write lock when adding kept
// records: Open must not stall behind a long import; the records wait for
// the next run instead.
const recoverBusyMS = 200

// SpoolPath returns the spool file of the history database at dbPath.
func SpoolPath(dbPath string) string { return dbPath + SpoolSuffix }

// SpoolPath returns the spool file of this store's database.
func (s *Store) SpoolPath() string { return SpoolPath(s.path) }

// Keep writes r, as one line in the export format, to the spool file next
// to the database (created with mode 0600, appended to, synced to disk), for
// when Append failed. Headers are redacted as Append redacts them. The next
// Open of the history adds the kept records and reports them (Recovered).
func (s *Store) Keep(r *Record) error { return KeepAt(s.path, r) }

// KeepAt is Keep for the history database at dbPath, for when the database
// itself could not be opened: the next Open that succeeds adds the record.
func KeepAt(dbPath string, r *Record) error {
	if r == nil {
		return errors.New("history: Keep of a nil record")
	}
	c := *r
	c.ID = 0
	if c.SentAt.IsZero() {
		c.SentAt = time.Now()
	}
	c.SentAt = c.SentAt.UTC()
	c.Headers = RedactHeaders(c.Headers)
	line, err := json.Marshal(&c)
	if err != nil {
		return fmt.Errorf("history: keeping the record: %w", err)
	}
	path := SpoolPath(dbPath)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("history: cannot keep the record in %s: %w", path, err)
	}
	_, werr := f.Write(append(line, '\n'))
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		return fmt.Errorf("history: cannot keep the record in %s: %w", path, err)
	}
	return nil
}

// Recovered returns how many kept records (see Keep) Open added to the history.
func (s *Store) Recovered() int { return s.recovered }

// Unreadable lists spool files Open set aside because a line in them could
// not be read back (each with the reason); their records are not in the history.
func (s *Store) Unreadable() []string { return s.unreadable }

// Pending returns how many kept records still wait in the spool file
// because Open could not add them (the history was busy); 0 when none.
func (s *Store) Pending() int { return s.pending }

// recoverSpool adds the records of the spool file (and of spool files a
// crashed recovery left) to the history. Each file is first renamed to a
// name of this process, so two processes never add the same file and a
// process keeping a record meanwhile starts a new spool file. A file whose
// records cannot be added now goes back to the spool for the next run.
// Import skips records already present, so a file added twice (a crash
// between commit and removal) adds nothing the second time.
func (s *Store) recoverSpool(ctx context.Context) {
	spool := s.SpoolPath()
	var files []string
	mine := spool + "." + strconv.Itoa(os.Getpid()) + "." + strconv.FormatInt(time.Now().UnixNano(), 36) + recoverSuffix
	if err := os.Rename(spool, mine); err == nil {
		files = append(files, mine)
	}
	for _, f := range leftRecoveries(spool) {
		if f != mine && !recoveringAlive(f) {
			files = append(files, f)
		}
	}
	for _, f := range files {
		n, err := s.recoverFile(ctx, f)
		if err != nil && !IsStorageProblem(err) && sqliteCode(err) == 0 {
			// A line that cannot be imported (cut short by a crash while it
			// was written): set the file aside, whole, for the user to see.
			bad := spool + ".unreadable-" + strconv.FormatInt(time.Now().UnixNano(), 36)
			if os.Rename(f, bad) == nil {
				s.unreadable = append(s.unreadable, fmt.Sprintf("%s (%v)", bad, err))
				continue
			}
		}
		if err != nil {
			s.pending += s.returnToSpool(f)
			continue
		}
		s.recovered += n
		_ = os.Remove(f)
	}
}

// recoveringAlive reports whether the process named in a recovery file's
// name is still running (then it is that process's file).
func recoveringAlive(file string) bool {
	rest := file[:len(file)-len(recoverSuffix)]
	ext := filepath.Ext(rest) // .<time>
	rest = rest[:len(rest)-len(ext)]
	pid, err := strconv.Atoi(filepath.Ext(rest)[1:])
	if err != nil || pid == os.Getpid() {
		return false
	}
	return processAlive(pid)
}

// recoverFile imports one spool file on a connection that waits only
// recoverBusyMS for the write lock.
func (s *Store) recoverFile(ctx context.Context, file string) (int, error) {
	f, err := os.Open(file)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", recoverBusyMS)); err != nil {
		return 0, err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA busy_timeout = %d", busyTimeoutMS))
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := s.importTx(ctx, tx, f)
	if err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return res.Added + res.Skipped, nil
}

// returnToSpool appends a recovery file back to the spool file and removes
// it; it returns how many records it holds. When that fails the file stays,
// and a later Open picks it up.
func (s *Store) returnToSpool(file string) int {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0
	}
	n := bytes.Count(data, []byte{'\n'})
	out, err := os.OpenFile(s.SpoolPath(), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return n
	}
	_, werr := out.Write(data)
	serr := out.Sync()
	if errors.Join(werr, serr, out.Close()) == nil {
		_ = os.Remove(file)
	}
	return n
}

// leftRecoveries lists the recovery files of spool (spool.<pid>.<time>.recovering).
func leftRecoveries(spool string) []string {
	dir, base := filepath.Split(spool)
	entries, err := os.ReadDir(filepath.Clean(dir))
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		n := e.Name()
		if strings.HasPrefix(n, base+".") && strings.HasSuffix(n, recoverSuffix) {
			out = append(out, filepath.Join(dir, n))
		}
	}
	return out
}

// spoolExists reports whether a spool or recovery file may be waiting.
func spoolExists(spool string) bool {
	if _, err := os.Stat(spool); !errors.Is(err, fs.ErrNotExist) {
		return true
	}
	return len(leftRecoveries(spool)) > 0
}

// processAlive reports whether process pid runs (on Windows: assumed so).
func processAlive(pid int) bool {
	if runtime.GOOS == "windows" {
		return true
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	err = p.Signal(syscall.Signal(0))
	return err == nil || errors.Is(err, syscall.EPERM)
}
