package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/credentials/daemontest"
)

// profileRaceScript runs inside a private D-Bus session with an unlocked
// gnome-keyring: eight parallel first adds of different profiles, then six
// parallel replaces of one profile, each `pe-tui profile add` a process of
// its own; every process's output and exit code go to files in $OUT, and
// secret-tool reads back what the keyring holds.
const profileRaceScript = `
printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1
sleep 1
i=0; while [ $i -lt 8 ]; do
  (printf 'secret-%s' $i | "$BIN" profile add p$i --client-id cid-$i --secret-stdin >"$OUT/add$i" 2>&1; echo $? >"$OUT/add$i.code") &
  i=$((i+1))
done
wait
i=0; while [ $i -lt 8 ]; do secret-tool lookup service pe-tui username p$i >"$OUT/secret$i"; i=$((i+1)); done
secret-tool search --all service pe-tui 2>&1 | grep -c '^attribute.username = ' >"$OUT/entries"
i=0; while [ $i -lt 6 ]; do
  (printf 'new-secret-%s' $i | "$BIN" profile add p0 --client-id new-cid-$i --replace --secret-stdin >"$OUT/rep$i" 2>&1; echo $? >"$OUT/rep$i.code") &
  i=$((i+1))
done
wait
secret-tool lookup service pe-tui username p0 >"$OUT/secret-p0"
`

// TestConcurrentProfileAddsAgainstRealKeyring runs parallel `pe-tui profile
// add` processes of the built binary against a real gnome-keyring: all eight
// first adds report success and are all kept, each paired with its own secret
// and no secret orphaned; after six parallel --replace the stored client id
// is paired with the secret given with it.
func TestConcurrentProfileAddsAgainstRealKeyring(t *testing.T) {
	profileKeyringShell(t) // skips (or fails under PE_TUI_REQUIRE_KEYRING) without the tools
	bin := testBinary(t)
	home, out := t.TempDir(), t.TempDir()
	cfgDir := filepath.Join(home, "cfg")
	marker := daemontest.Marker(t)
	cmd := exec.Command("dbus-run-session", "--", "sh", "-c", profileRaceScript)
	cmd.Env = append(os.Environ(), marker, "HOME="+home, "PE_TUI_CONFIG_DIR="+cfgDir, "BIN="+bin, "OUT="+out,
		"PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=", "DISPLAY=")
	timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	combined, err := cmd.CombinedOutput()
	timer.Stop()
	daemontest.Stop(t, marker, 2*time.Second)
	if err != nil {
		t.Fatalf("dbus-run-session: %v\n%s", err, combined)
	}
	read := func(name string) string {
		data, _ := os.ReadFile(filepath.Join(out, name))
		return strings.TrimSpace(string(data))
	}
	cfg, err := credentials.Load(cfgDir)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		if code := read(fmt.Sprintf("add%d.code", i)); code != "0" || !strings.Contains(read(fmt.Sprintf("add%d", i)), "Added profile") {
			t.Errorf("add p%d: exit %s:\n%s", i, code, read(fmt.Sprintf("add%d", i)))
		}
		if got := read(fmt.Sprintf("secret%d", i)); got != fmt.Sprintf("secret-%d", i) {
			t.Errorf("keyring entry of p%d is %q", i, got)
		}
	}
	if n, _ := strconv.Atoi(read("entries")); len(cfg.Names()) != 8 || n != 8 {
		t.Fatalf("after 8 parallel adds: profiles %v, %d keyring entries; want 8 and 8", cfg.Names(), n)
	}
	for i := range 6 {
		if code := read(fmt.Sprintf("rep%d.code", i)); code != "0" {
			t.Errorf("replace %d: exit %s:\n%s", i, code, read(fmt.Sprintf("rep%d", i)))
		}
	}
	p, _ := cfg.Get("p0")
	if want := "new-secret-" + strings.TrimPrefix(p.ClientID, "new-cid-"); read("secret-p0") != want {
		t.Fatalf("after 6 parallel replaces client id %s is paired with keyring secret %q, want %q", p.ClientID, read("secret-p0"), want)
	}
}
