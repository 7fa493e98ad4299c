package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/zalando/go-keyring"
)

// errNoSessionBus: the Secret Service is reached over the D-Bus session bus,
// and there is none. Without this check the D-Bus library would autolaunch
// a session bus (and, through it, a keyring daemon) that outlives pe-tui.
var errNoSessionBus = errors.New("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist, " +
	"so no Secret Service keyring is reachable (pe-tui does not start a bus or a keyring daemon of its own)")

// usesSessionBus reports whether go-keyring reaches the keyring over D-Bus
// on goos (the Secret Service platforms).
func usesSessionBus(goos string) bool {
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return true
	}
	return false
}

// SessionBusReachable reports whether a D-Bus session bus can be found the
// way the D-Bus library finds one, without autolaunching: a
// DBUS_SESSION_BUS_ADDRESS (other than "autolaunch:"), or the socket
// $XDG_RUNTIME_DIR/bus (/run/user/UID/bus when XDG_RUNTIME_DIR is unset).
// It says nothing about whether a keyring answers on that bus.
func SessionBusReachable() bool {
	if a := os.Getenv("DBUS_SESSION_BUS_ADDRESS"); a != "" && !strings.HasPrefix(a, "autolaunch:") {
		return true
	}
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		dir = filepath.Join("/run/user", strconv.Itoa(os.Getuid()))
	}
	fi, err := os.Stat(filepath.Join(dir, "bus"))
	return err == nil && fi.Mode()&os.ModeSocket != 0
}

// goKeyringIsReal reports whether go-keyring's real provider is installed
// (not the in-memory mock of keyring.MockInit). The real providers answer
// DeleteAll("") with ErrNotFound without reaching any keyring; the mock
// answers nil (or its injected error).
func goKeyringIsReal() bool {
	return errors.Is(keyring.DeleteAll(""), keyring.ErrNotFound)
}

// checkSessionBus returns errNoSessionBus when the real go-keyring would need
// a session bus and none is reachable, so that no call autolaunches one.
func checkSessionBus() error {
	if usesSessionBus(runtime.GOOS) && !SessionBusReachable() && goKeyringIsReal() {
		return errNoSessionBus
	}
	return nil
}
