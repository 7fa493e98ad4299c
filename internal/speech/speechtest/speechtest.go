// Package speechtest holds the test helpers shared by the tests that run the
// real espeak-ng.
package speechtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// Require skips a test that needs the real espeak-ng when it is not
// installed, unless PE_TUI_REQUIRE_ESPEAK=1 (set by .ci/run) makes that a failure.
func Require(tb testing.TB) {
	tb.Helper()
	if _, err := exec.LookPath("espeak-ng"); err == nil {
		return
	}
	if os.Getenv("PE_TUI_REQUIRE_ESPEAK") == "1" {
		tb.Fatal("espeak-ng is not in PATH and PE_TUI_REQUIRE_ESPEAK=1; install it with apt-get install -y espeak-ng")
	}
	tb.Skip("espeak-ng is not installed (apt-get install -y espeak-ng); set PE_TUI_REQUIRE_ESPEAK=1 to fail instead of skipping")
}

// NoAudio makes espeak-ng's audio output fail the way it does on a machine
// without a sound device, whatever the test machine has, so that no test
// ever plays sound.
func NoAudio(tb testing.TB) {
	tb.Setenv("ALSA_CONFIG_PATH", os.DevNull)
	tb.Setenv("PULSE_SERVER", "unix:"+filepath.Join(tb.TempDir(), "no-pulse"))
}
