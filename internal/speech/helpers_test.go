package speech

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// requireEspeak skips a test that needs the real espeak-ng when it is not
// installed, unless PE_TUI_REQUIRE_ESPEAK=1 (set by .ci/run) makes that a failure.
func requireEspeak(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath(Binary); err == nil {
		return
	}
	if os.Getenv("PE_TUI_REQUIRE_ESPEAK") == "1" {
		t.Fatal("espeak-ng is not in PATH and PE_TUI_REQUIRE_ESPEAK=1; install it with apt-get install -y espeak-ng")
	}
	t.Skip("espeak-ng is not installed (apt-get install -y espeak-ng); set PE_TUI_REQUIRE_ESPEAK=1 to fail instead of skipping")
}

// golden decodes the schemas package's sample event of one schema.
func golden(t testing.TB, short string) *schemas.Request {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "schemas", "testdata", "golden", short+".json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := schemas.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fakeEngine puts an executable named espeak-ng running script first in PATH
// (for the bounds that the real engine never reaches).
func fakeEngine(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, Binary), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}

// noAudio makes espeak-ng's audio output fail the way it does on a machine
// without a sound device, whatever the test machine has.
func noAudio(t *testing.T) {
	t.Setenv("ALSA_CONFIG_PATH", os.DevNull)
	t.Setenv("PULSE_SERVER", "unix:"+filepath.Join(t.TempDir(), "no-pulse"))
}
