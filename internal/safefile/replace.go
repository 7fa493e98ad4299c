package safefile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// ErrChanged is returned by ReplaceIf when the file is no longer the
// version the caller read: another process saved or removed it since.
var ErrChanged = errors.New("the file changed since it was read")

// Lock timing: how long ReplaceIf waits for another writer, and when a lock
// left by a crashed process is considered stale.
const (
	lockWait  = 3 * time.Second
	lockStale = 15 * time.Second
	lockPoll  = 5 * time.Millisecond
)

// ReplaceIf replaces path with data (as WriteAtomic) only when its current
// content is the version want describes. The check and the rename happen
// under a lock file (".NAME.lock" beside it), so of two processes that read
// the same version and both save, exactly one succeeds and the other gets an
// error matching ErrChanged; neither change is lost silently.
func ReplaceIf(path string, data []byte, perm fs.FileMode, want Stamp, limit int64) error {
	unlock, err := lock(path)
	if err != nil {
		return err
	}
	defer unlock()
	_, have, err := Read(path, limit)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%s was removed since it was read: %w", path, ErrChanged)
	}
	if err != nil {
		return err
	}
	if !have.Same(want) {
		return fmt.Errorf("%s was changed by someone else since it was read: %w", path, ErrChanged)
	}
	return WriteAtomic(path, data, perm)
}

// RemoveIf removes path only when its content is the version want
// describes, under the same lock as ReplaceIf.
func RemoveIf(path string, want Stamp, limit int64) error {
	unlock, err := lock(path)
	if err != nil {
		return err
	}
	defer unlock()
	_, have, err := Read(path, limit)
	if err != nil {
		return err
	}
	if !have.Same(want) {
		return fmt.Errorf("%s was changed by someone else since it was read: %w", path, ErrChanged)
	}
	return os.Remove(path)
}

// lock takes the lock file of path, waiting up to lockWait for another
// holder, and breaks a lock older than lockStale (its holder crashed).
func lock(path string) (func(), error) {
	name := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".lock")
	deadline := time.Now().Add(lockWait)
	for {
		f, err := os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			f.Close()
			return func() { os.Remove(name) }, nil
		}
		if !errors.Is(err, fs.ErrExist) {
			return nil, err
		}
		if fi, err := os.Stat(name); err == nil && time.Since(fi.ModTime()) > lockStale {
			os.Remove(name)
			continue
		}
		if time.Now().After(deadline) {
			return nil, fmt.Errorf("%s is being saved by another pe-tui (lock %s held for more than %s); try again, or remove the lock file if no pe-tui is running", path, name, lockWait)
		}
		time.Sleep(lockPoll)
	}
}
