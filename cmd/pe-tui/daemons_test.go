package main

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

// testDaemonComms are the process names (as /proc/PID/comm shows them,
// truncated to 15 bytes) of a D-Bus session bus and a keyring daemon.
var testDaemonComms = []string{"dbus-daemon", "gnome-keyring-d"}

// testDaemonMarker returns an environment entry unique to this test; every
// process started with it (and every daemon those start) carries it, so the
// test finds its own daemons among other programs' by PID.
func testDaemonMarker(t *testing.T) string {
	t.Helper()
	return fmt.Sprintf("PE_TUI_TEST_SESSION=%s-%d-%d", strings.ReplaceAll(t.Name(), "/", "_"), os.Getpid(), time.Now().UnixNano())
}

// testDaemons returns the PIDs of running dbus-daemon and
// gnome-keyring-daemon processes; with marker != "" only those whose
// environment holds marker. It reads /proc, so it skips the test elsewhere.
func testDaemons(t *testing.T, marker string) []int {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("counting daemons reads /proc (Linux only)")
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
		if err != nil {
			continue
		}
		name := strings.TrimSpace(string(comm))
		found := false
		for _, c := range testDaemonComms {
			found = found || name == c
		}
		if !found {
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

// testStopDaemons stops (SIGTERM, then SIGKILL), by PID, every daemon that
// carries marker, and returns how many were still running after grace.
func testStopDaemons(t *testing.T, marker string, grace time.Duration) int {
	t.Helper()
	deadline := time.Now().Add(grace)
	for len(testDaemons(t, marker)) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	left := testDaemons(t, marker)
	for _, pid := range left {
		_ = syscall.Kill(pid, syscall.SIGTERM)
	}
	for i := 0; i < 40 && len(testDaemons(t, marker)) > 0; i++ {
		time.Sleep(50 * time.Millisecond)
	}
	for _, pid := range testDaemons(t, marker) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	return len(left)
}

// testEnvWithoutSessionBus is os.Environ() without any way to find a D-Bus
// session bus: no DBUS_SESSION_BUS_ADDRESS, and an empty XDG_RUNTIME_DIR.
func testEnvWithoutSessionBus(t *testing.T, extra ...string) []string {
	t.Helper()
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DBUS_SESSION_BUS_ADDRESS=") && !strings.HasPrefix(kv, "XDG_RUNTIME_DIR=") {
			env = append(env, kv)
		}
	}
	return append(append(env, "XDG_RUNTIME_DIR="+t.TempDir()), extra...)
}

// TestKeyringCommandsWithoutSessionBusStartNoDaemon runs the built binary's
// keyring-touching commands with no session bus: each says plainly that no
// keyring is reachable and names PE_TUI_CLIENT_ID/PE_TUI_CLIENT_SECRET, and
// no dbus-daemon or gnome-keyring-daemon started by them is left running.
func TestKeyringCommandsWithoutSessionBusStartNoDaemon(t *testing.T) {
	bin := testBinary(t)
	marker := testDaemonMarker(t)
	home := t.TempDir()
	env := testEnvWithoutSessionBus(t, marker, "HOME="+home, "PE_TUI_CONFIG_DIR="+filepath.Join(home, "cfg"),
		"PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=")
	before := len(testDaemons(t, ""))
	t.Cleanup(func() { testStopDaemons(t, marker, 0) })
	var all strings.Builder
	for _, args := range [][]string{
		{"profile", "add", "nobus", "--client-id", "cid-nobus", "--secret-stdin"},
		{"profile", "remove", "nobus"},
		{"profile", "list"},
	} {
		out, code := testRunBinary(t, bin, env, &all, "NoBusSecret123\n", args...)
		if args[1] == "add" && (code != exitUsage || !strings.Contains(out, "no D-Bus session bus") ||
			!strings.Contains(out, "PE_TUI_CLIENT_ID") || !strings.Contains(out, "PE_TUI_CLIENT_SECRET")) {
			t.Errorf("profile add without a session bus: exit %d:\n%s", code, out)
		}
	}
	if left := testStopDaemons(t, marker, time.Second); left != 0 {
		t.Fatalf("%d dbus-daemon/gnome-keyring-daemon processes started by pe-tui outlived it (stopped now)\n%s", left, all.String())
	}
	t.Logf("dbus-daemon/gnome-keyring-daemon processes on the machine: %d before, %d after", before, len(testDaemons(t, "")))
}
