package credentials

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pe-tui/pe-tui/internal/safefile"
)

// LockFileName is the lock file beside the profile file. Every change to
// the profiles (and to their keyring entries) holds it, so that concurrent
// pe-tui processes change profiles one after the other.
const LockFileName = ConfigFileName + ".lock"

// LockTimeout is how long a profile change waits for another process's
// change to finish before giving up with ErrProfilesBusy.
var LockTimeout = 15 * time.Second

// ErrProfilesBusy: another process held the profile lock for longer than
// LockTimeout.
var ErrProfilesBusy = errors.New("another pe-tui is changing the profiles")

// errLockBusy is what tryLock returns when another process holds the lock.
var errLockBusy = errors.New("lock busy")

// lockProfiles takes the exclusive profile lock of dir, creating dir (0700)
// and the lock file (0600) as needed. It polls, so that it gives up after
// LockTimeout. The returned function releases the lock.
func lockProfiles(dir string) (unlock func(), err error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("creating config directory: %w", err)
	}
	path := filepath.Join(dir, LockFileName)
	if err := checkRegular(path); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("opening the profile lock file %s: %w", path, err)
	}
	deadline := time.Now().Add(LockTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		err := tryLock(f)
		if err == nil {
			return func() { unlockFile(f); f.Close() }, nil
		}
		if !errors.Is(err, errLockBusy) {
			f.Close()
			return nil, fmt.Errorf("locking the profile lock file %s: %w", path, err)
		}
		if time.Now().After(deadline) {
			f.Close()
			return nil, fmt.Errorf("%w: %s has been locked for %v; wait for the other pe-tui command to finish and try again", ErrProfilesBusy, path, LockTimeout)
		}
		time.Sleep(wait)
	}
}

// checkRegular refuses a path that exists and is not a regular file (a FIFO
// would block a read forever, a directory or device is not a profile file).
func checkRegular(path string) error {
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().IsRegular() {
		return nil // a missing file is created or read as empty; other errors surface on open
	}
	return notRegular(path, fi.Mode())
}

// notRegular is the error for a path that should be a regular file but is
// of mode m.
func notRegular(path string, m os.FileMode) error {
	return fmt.Errorf("%w: %s is %s, not a regular file; move it away: pe-tui needs a plain file there",
		ErrConfigInvalid, path, safefile.Kind(m))
}
