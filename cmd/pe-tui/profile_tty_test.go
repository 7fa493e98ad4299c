package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/credentials/daemontest"
)

// profileTmux drives a shell in a private tmux server.
type profileTmux struct {
	t      *testing.T
	tmux   string
	socket string
}

func profileStartTmux(t *testing.T, env []string, shell string) *profileTmux {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("tmux is not available on Windows")
	}
	path, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed (.ci/run installs it)")
	}
	m := &profileTmux{t: t, tmux: path, socket: filepath.Join(t.TempDir(), "tmux.sock")}
	cmd := exec.Command(path, "-S", m.socket, "-f", os.DevNull, "new-session", "-d", "-x", "160", "-y", "40", shell)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("starting tmux: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command(path, "-S", m.socket, "kill-server").Run() })
	return m
}

func (m *profileTmux) do(args ...string) string {
	m.t.Helper()
	out, err := exec.Command(m.tmux, append([]string{"-S", m.socket}, args...)...).CombinedOutput()
	if err != nil {
		m.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// typeLine types text literally, then Enter.
func (m *profileTmux) typeLine(text string) {
	m.do("send-keys", "-t", "0", "-l", text)
	m.do("send-keys", "-t", "0", "Enter")
}

func (m *profileTmux) screen() string { return m.do("capture-pane", "-p", "-t", "0", "-S", "-200") }

// waitFor polls the screen until it contains want (a liveness bound, not a
// speed assertion).
func (m *profileTmux) waitFor(want string) string {
	m.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		s := m.screen()
		if strings.Contains(s, want) {
			return s
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("the terminal never showed %q:\n%s", want, s)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// profileExitOf returns the value the shell printed after marker. Commands
// print it as `echo "ADD""=$?"` so that the typed line does not match.
func profileExitOf(screen, marker string) string {
	i := strings.LastIndex(screen, marker)
	if i < 0 {
		return ""
	}
	f := strings.Fields(screen[i+len(marker):])
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// profileKeyringShell is a shell command that runs sh inside a private D-Bus
// session with a freshly unlocked gnome-keyring, so a terminal test gets a
// real keyring of its own (and leaves the user's and CI's keyring alone).
func profileKeyringShell(t *testing.T) string {
	t.Helper()
	for _, tool := range []string{"dbus-run-session", "gnome-keyring-daemon", "secret-tool", "sha256sum"} {
		if _, err := exec.LookPath(tool); err != nil {
			if profileKeyringRequired() {
				t.Fatalf("%s is missing (install dbus, gnome-keyring and libsecret-tools): %v", tool, err)
			}
			t.Skipf("%s is not installed; the terminal test needs a private gnome-keyring (.ci/run installs it)", tool)
		}
	}
	return `dbus-run-session -- sh -c 'printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec sh'`
}

// TestProfileAddPromptsWithEchoOff runs `pe-tui profile add` in a real
// terminal (tmux) with a real, private keyring, types the secret at the
// prompt and checks that it never appears on the screen and that the keyring
// holds exactly what was typed. Then it interrupts a prompt with Ctrl-C and
// checks that the terminal echoes again.
func TestProfileAddPromptsWithEchoOff(t *testing.T) {
	shell := profileKeyringShell(t)
	bin := testBinary(t)
	home := t.TempDir()
	cfgDir := filepath.Join(home, "cfg")
	marker := daemontest.Marker(t)
	env := append(os.Environ(), marker, "HOME="+home, "PE_TUI_CONFIG_DIR="+cfgDir, "PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=")
	// Runs after the tmux server is killed (cleanups run last-in first-out):
	// the private session's dbus-daemon and gnome-keyring-daemon end with it.
	t.Cleanup(func() { daemontest.Stop(t, marker, 2*time.Second) })
	m := profileStartTmux(t, env, shell)
	m.typeLine("sleep 1; echo READY-$((1+1))") // let the keyring daemon claim its bus name
	m.waitFor("READY-2")

	name := "tty"
	secret := "TypedSecret" + strings.ReplaceAll(profileUniqueName("x"), "-", "")
	m.typeLine(bin + " profile add " + name + " --client-id cid-tty --region EU ; echo \"ADD\"\"=$?\"")
	m.waitFor(`Client secret for profile "tty" (input hidden):`)
	m.typeLine(secret)
	screen := m.waitFor("ADD=")
	if strings.Contains(screen, secret) || strings.Contains(screen, secret[:14]) {
		t.Fatalf("the typed secret is visible on the screen:\n%s", screen)
	}
	if got := profileExitOf(screen, "ADD="); got != "0" || !strings.Contains(screen, `Added profile "tty"`) {
		t.Fatalf("profile add at the prompt ended with exit %s:\n%s", got, screen)
	}
	// The keyring holds exactly what was typed: secret-tool, in the same
	// private session, prints its SHA-256; pe-tui itself says it is stored.
	m.typeLine("secret-tool lookup service pe-tui username tty | sha256sum; " + bin + " profile list")
	screen = m.waitFor("in keyring")
	if sum := fmt.Sprintf("%x", sha256.Sum256([]byte(secret))); !strings.Contains(screen, sum) {
		t.Fatalf("the keyring does not hold the typed secret (want SHA-256 %s):\n%s", sum, screen)
	}

	// Ctrl-C at the prompt: nothing saved, and the terminal echoes again.
	name2 := "ttyint"
	m.typeLine(bin + " profile add " + name2 + " --client-id cid-int ; echo \"INT\"\"=$?\"")
	m.waitFor(`Client secret for profile "ttyint" (input hidden):`)
	m.do("send-keys", "-t", "0", "-l", "partialSECRETxyz")
	m.do("send-keys", "-t", "0", "C-c")
	screen = m.waitFor("INT=")
	if got := profileExitOf(screen, "INT="); got != "130" {
		t.Fatalf("Ctrl-C at the prompt gave exit %s, want 130:\n%s", got, screen)
	}
	m.typeLine("echo visible-$((40+2))")
	screen = m.waitFor("visible-42")
	if !strings.Contains(screen, "echo visible-$((40+2))") {
		t.Fatalf("the terminal does not echo input after Ctrl-C at the prompt:\n%s", screen)
	}
	if strings.Contains(screen, "partialSECRETxyz") {
		t.Fatalf("the interrupted secret is visible:\n%s", screen)
	}
	cfg, err := credentials.Load(cfgDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Get(name2); err == nil {
		t.Fatal("an interrupted add saved the profile")
	}
	if data, err := os.ReadFile(cfg.Path()); err == nil && bytes.Contains(data, []byte(secret)) {
		t.Fatal("the config file contains the typed secret")
	}
}
