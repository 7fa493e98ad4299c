//go:build unix

package credentials

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNonRegularProfileFileIsRefused: a FIFO (or directory) where
// profiles.json or its lock file belongs is refused at once with a message
// that names the file and says to move it away; nothing blocks.
func TestNonRegularProfileFileIsRefused(t *testing.T) {
	for _, name := range []string{ConfigFileName, LockFileName} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, name)
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skipf("mkfifo: %v", err)
			}
			done := make(chan error, 2)
			go func() {
				_, err := Load(dir)
				if name == LockFileName {
					err = errors.New("not a regular file") // Load does not touch the lock file
				}
				done <- err
			}()
			go func() {
				_, err := AddProfile(dir, newSlowStore(), AddRequest{Profile: Profile{Name: "a", ClientID: "c"}, Secret: testSecret})
				done <- err
			}()
			for range 2 {
				select {
				case err := <-done:
					if err == nil || !strings.Contains(err.Error(), "not a regular file") {
						t.Fatalf("err = %v, want a refusal", err)
					}
					if name == ConfigFileName && (!errors.Is(err, ErrConfigInvalid) || !strings.Contains(err.Error(), path) ||
						!strings.Contains(err.Error(), "named pipe (FIFO)") || !strings.Contains(err.Error(), "move it away")) {
						t.Fatalf("err = %v", err)
					}
				case <-time.After(5 * time.Second):
					t.Fatal("reading a FIFO profile file blocked")
				}
			}
		})
	}
}
