package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/credentials/daemontest"
)

// TestKeyringCommandsWithoutSessionBusStartNoDaemon runs the built binary's
// keyring-touching commands with no session bus: each says plainly that no
// keyring is reachable and names PE_TUI_CLIENT_ID/PE_TUI_CLIENT_SECRET, and
// no dbus-daemon or gnome-keyring-daemon started by them is left running.
func TestKeyringCommandsWithoutSessionBusStartNoDaemon(t *testing.T) {
	bin := testBinary(t)
	marker := daemontest.Marker(t)
	home := t.TempDir()
	env := daemontest.EnvWithoutSessionBus(t, marker, "HOME="+home, "PE_TUI_CONFIG_DIR="+filepath.Join(home, "cfg"),
		"PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=")
	before := len(daemontest.PIDs(t, ""))
	t.Cleanup(func() { daemontest.Stop(t, marker, 0) })
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
	if left := daemontest.Stop(t, marker, time.Second); left != 0 {
		t.Fatalf("%d dbus-daemon/gnome-keyring-daemon processes started by pe-tui outlived it (stopped now)\n%s", left, all.String())
	}
	t.Logf("dbus-daemon/gnome-keyring-daemon processes on the machine: %d before, %d after", before, len(daemontest.PIDs(t, "")))
}
