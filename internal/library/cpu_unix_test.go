//go:build unix

package library

import (
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time (user + system) this process has used, so a
// benchmark can report its cost apart from waiting on a busy machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
}
