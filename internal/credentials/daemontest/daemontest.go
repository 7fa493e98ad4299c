// Package daemontest finds and stops, by PID, the D-Bus session buses and
// keyring daemons a test started, so that keyring tests leave no daemon
// behind. It is for tests only.
package daemontest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Comms are the process names (as /proc/PID/comm shows them, truncated to 15
// bytes) of a D-Bus session bus and of gnome-keyring-daemon.
var Comms = []string{"dbus-daemon", "gnome-keyring-d"}

// Marker returns an environment entry unique to this test. Every process
// started with it in its environment, and every daemon those start, carries
// it, so the test can tell its own daemons from other programs'.
func Marker(t testing.TB) string {
	t.Helper()
	return fmt.Sprintf("PE_TUI_TEST_SESSION=%s-%d-%d", strings.ReplaceAll(t.Name(), "/", "_"), os.Getpid(), time.Now().UnixNano())
}

// PIDs returns the PIDs of running dbus-daemon and gnome-keyring-daemon
// processes; with marker != "" only those whose environment holds marker.
// It reads /proc, so it skips the test on other systems.
func PIDs(t testing.TB, marker string) []int {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("finding daemons reads /proc (Linux only)")
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, err := os.ReadFile(filepath.Join("/proc", e.Name(), "comm"))
		if err != nil || !isDaemon(strings.TrimSpace(string(comm))) {
			continue
		}
		if marker != "" {
			env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
			if err != nil || !bytes.Contains(append([]byte{0}, env...), []byte("\x00"+marker+"\x00")) {
				continue
			}
		}
		pids = append(pids, pid)
	}
	return pids
}

func isDaemon(comm string) bool {
	for _, c := range Comms {
		if comm == c {
			return true
		}
	}
	return false
}

// Stop waits up to grace for the daemons carrying marker to end on their
// own, then stops the rest by PID (SIGTERM, then SIGKILL). It returns how
// many had to be stopped.
func Stop(t testing.TB, marker string, grace time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(grace)
	for len(PIDs(t, marker)) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	left := PIDs(t, marker)
	for _, pid := range left {
		signal(pid, syscall.SIGTERM)
	}
	for i := 0; i < 40 && len(PIDs(t, marker)) > 0; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	for _, pid := range PIDs(t, marker) {
		signal(pid, os.Kill)
	}
	return len(left)
}

// EnvWithoutSessionBus is os.Environ() without any way to find a D-Bus
// session bus (no DBUS_SESSION_BUS_ADDRESS, an empty XDG_RUNTIME_DIR), plus
// extra.
func EnvWithoutSessionBus(t testing.TB, extra ...string) []string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "XDG_RUNTIME_DIR=") {
			env = append(env, kv)
		}
	}
	return append(append(env, "XDG_RUNTIME_DIR="+t.TempDir()), extra...)
}

// signal sends sig to the process pid, if it still exists.
func signal(pid int, sig os.Signal) {
	if p, err := os.FindProcess(pid); err == nil {
		_ = p.Signal(sig)
	}
}
