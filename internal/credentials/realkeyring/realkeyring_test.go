// Package realkeyring tests internal/credentials against the real OS keyring
// (a Secret Service such as gnome-keyring on Linux). It is a package of its
// own because the unit tests install go-keyring's process-wide mock.
//
// With PE_TUI_REQUIRE_KEYRING=1 (set by .ci/run) an unreachable keyring fails
// the tests; otherwise they skip and say why.
package realkeyring

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/credentials/daemontest"
)

// requireKeyring returns a store over the real keyring, or skips (fails under
// PE_TUI_REQUIRE_KEYRING) when no keyring answers.
func requireKeyring(t *testing.T) credentials.SecretStore {
	t.Helper()
	store := credentials.NewKeyringStore(10 * time.Second)
	_, err := store.Get(uniqueName(t, "probe"))
	if err == nil || errors.Is(err, credentials.ErrSecretNotFound) {
		return store
	}
	if os.Getenv("PE_TUI_REQUIRE_KEYRING") != "" {
		t.Fatalf("PE_TUI_REQUIRE_KEYRING is set but no OS keyring is reachable: %v", err)
	}
	t.Skipf("no OS keyring reachable, skipping the real-keyring test (set PE_TUI_REQUIRE_KEYRING=1 to make this fail; "+
		"run inside dbus-run-session with an unlocked gnome-keyring as .ci/run does): %v", err)
	return nil
}

// uniqueName is a profile name no other test or run uses in the shared keyring.
func uniqueName(t *testing.T, tag string) string {
	t.Helper()
	name := fmt.Sprintf("it-%s-%d-%d", tag, os.Getpid(), time.Now().UnixNano())
	if err := credentials.ValidateName(name); err != nil {
		t.Fatal(err)
	}
	return name
}

// secretTool runs libsecret's secret-tool, to look at the keyring from outside
// pe-tui. Missing tool: skip, or fail when the keyring is required.
func secretTool(t *testing.T, args ...string) (string, error) {
	t.Helper()
	path, err := exec.LookPath("secret-tool")
	if err != nil {
		if os.Getenv("PE_TUI_REQUIRE_KEYRING") != "" {
			t.Fatalf("secret-tool is missing (install libsecret-tools): %v", err)
		}
		t.Skip("secret-tool (libsecret-tools) is not installed")
	}
	out, err := exec.Command(path, args...).Output()
	return string(out), err
}

func TestRealKeyringSetGetReplaceDelete(t *testing.T) {
	store := requireKeyring(t)
	name := uniqueName(t, "rt")
	secret := "real-" + name + "-Zq9"
	t.Cleanup(func() { store.Delete(name) })

	if err := store.Set(name, secret); err != nil {
		t.Fatal(err)
	}
	got, err := store.Get(name)
	if err != nil || got != secret {
		t.Fatalf("Get = %q, %v; want the stored secret", got, err)
	}
	if runtime.GOOS == "linux" {
		// Another Secret Service client finds it under service pe-tui, account = profile name.
		out, err := secretTool(t, "lookup", "service", credentials.KeyringService, "username", name)
		if err != nil || out != secret {
			t.Fatalf("secret-tool lookup = %q, %v; want the secret", out, err)
		}
	}

	if err := store.Set(name, secret+"-v2"); err != nil {
		t.Fatal(err)
	}
	if got, _ := store.Get(name); got != secret+"-v2" {
		t.Fatalf("after replacing, Get = %q", got)
	}

	if err := store.Delete(name); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Get(name); !errors.Is(err, credentials.ErrSecretNotFound) {
		t.Fatalf("Get after Delete = %v, want ErrSecretNotFound", err)
	}
	if err := store.Delete(name); !errors.Is(err, credentials.ErrSecretNotFound) {
		t.Fatalf("Delete twice = %v, want ErrSecretNotFound", err)
	}
	if runtime.GOOS == "linux" {
		if out, _ := secretTool(t, "search", "--all", "service", credentials.KeyringService, "username", name); strings.Contains(out, name) {
			t.Fatalf("the entry is still in the keyring after Delete:\n%s", out)
		}
	}
}

func TestRealKeyringProfilesAndResolve(t *testing.T) {
	store := requireKeyring(t)
	t.Setenv(credentials.EnvClientID, "")
	t.Setenv(credentials.EnvClientSecret, "")
	home := t.TempDir()
	dir := filepath.Join(home, "config")
	a, b := uniqueName(t, "a"), uniqueName(t, "b")
	secretA, secretB := "secret-A-"+a, "secret-B-"+b
	t.Cleanup(func() { store.Delete(a); store.Delete(b) })

	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ name, secret string }{{a, secretA}, {b, secretB}} {
		if err := store.Set(p.name, p.secret); err != nil {
			t.Fatal(err)
		}
		if err := cfg.Add(credentials.Profile{Name: p.name, ClientID: "cid-" + p.name, Region: "EU"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}

	creds, err := credentials.Resolve(cfg, store, "")
	if err != nil {
		t.Fatal(err)
	}
	if creds.ProfileName != a || creds.ClientSecret != secretA || creds.Region != "EU" {
		t.Fatalf("default profile resolved to %v (secret ok: %v)", creds, creds.ClientSecret == secretA)
	}
	creds, err = credentials.Resolve(cfg, store, b)
	if err != nil || creds.ClientSecret != secretB {
		t.Fatalf("explicit profile: %v, %v", creds, err)
	}

	// The secrets are in the keyring only, not in any file pe-tui wrote.
	filepath.WalkDir(home, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(path)
		if strings.Contains(string(data), secretA) || strings.Contains(string(data), secretB) {
			t.Errorf("%s contains a client secret", path)
		}
		return nil
	})
}

// TestRealKeyringNoSessionBus runs a child test process without a usable
// session bus — the headless-Linux case — and checks the error it reports:
// once with a D-Bus address that points nowhere, once with none at all (no
// DBUS_SESSION_BUS_ADDRESS, no $XDG_RUNTIME_DIR/bus), where the D-Bus library
// would autolaunch a bus. Either way no bus or keyring daemon is left running.
func TestRealKeyringNoSessionBus(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service over D-Bus is the Linux keyring")
	}
	if os.Getenv("PE_TUI_REALKEYRING_CHILD") == "nobus" {
		_, err := credentials.NewKeyringStore(5 * time.Second).Get("it-nobus")
		fmt.Printf("IS_UNAVAILABLE=%v\n%v\n", errors.Is(err, credentials.ErrKeyringUnavailable), err)
		return
	}
	for _, c := range []struct {
		name string
		env  func(extra ...string) []string
		want string
	}{
		{"address points nowhere", func(extra ...string) []string {
			return append(os.Environ(), append(extra, "DBUS_SESSION_BUS_ADDRESS=unix:path="+filepath.Join(t.TempDir(), "no-bus-here"))...)
		}, "gnome-keyring"},
		{"no bus at all", func(extra ...string) []string { return daemontest.EnvWithoutSessionBus(t, extra...) }, "no D-Bus session bus"},
	} {
		t.Run(c.name, func(t *testing.T) {
			marker := daemontest.Marker(t)
			cmd := exec.Command(os.Args[0], "-test.run=^TestRealKeyringNoSessionBus$", "-test.count=1")
			cmd.Env = c.env("PE_TUI_REALKEYRING_CHILD=nobus", marker, "HOME="+t.TempDir())
			out, err := cmd.CombinedOutput()
			if left := daemontest.Stop(t, marker, time.Second); left != 0 {
				t.Errorf("%d dbus-daemon/gnome-keyring-daemon processes were started and outlived the keyring call (stopped now)", left)
			}
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			for _, want := range []string{"IS_UNAVAILABLE=true", "OS keyring is unavailable", c.want, "dbus-run-session", "PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET"} {
				if !strings.Contains(string(out), want) {
					t.Errorf("child output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}

// runUnderPrivateBus runs this test binary's test `name` again, in child mode
// `mode`, inside its own dbus-run-session, so a test can shape the Secret
// Service it meets without touching the real keyring.
func runUnderPrivateBus(t *testing.T, name, mode string) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the Secret Service over D-Bus is the Linux keyring")
	}
	drs, err := exec.LookPath("dbus-run-session")
	if err != nil {
		if os.Getenv("PE_TUI_REQUIRE_KEYRING") != "" {
			t.Fatalf("dbus-run-session is missing (install dbus): %v", err)
		}
		t.Skip("dbus-run-session (package dbus) is not installed")
	}
	cmd := exec.Command(drs, "--", os.Args[0], "-test.run=^"+name+"$", "-test.count=1")
	marker := daemontest.Marker(t)
	cmd.Env = append(os.Environ(), "PE_TUI_REALKEYRING_CHILD="+mode, "HOME="+t.TempDir(), "DISPLAY=", marker)
	// The private bus and any keyring daemon it activated end before the test.
	defer daemontest.Stop(t, marker, 2*time.Second)
	timer := time.AfterFunc(2*time.Minute, func() { cmd.Process.Kill() })
	defer timer.Stop()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("child under dbus-run-session: %v\n%s", err, out)
	}
	return string(out)
}

// TestRealKeyringLockedKeyring meets a freshly activated gnome-keyring with no
// unlocked login collection — what a headless session or WSL usually has.
func TestRealKeyringLockedKeyring(t *testing.T) {
	if os.Getenv("PE_TUI_REALKEYRING_CHILD") == "locked" {
		err := credentials.NewKeyringStore(20*time.Second).Set("it-locked", "never-stored-Zq9")
		fmt.Printf("IS_UNAVAILABLE=%v\n%v\n", errors.Is(err, credentials.ErrKeyringUnavailable), err)
		return
	}
	if _, err := exec.LookPath("gnome-keyring-daemon"); err != nil {
		if os.Getenv("PE_TUI_REQUIRE_KEYRING") != "" {
			t.Fatalf("gnome-keyring-daemon is missing (install gnome-keyring): %v", err)
		}
		t.Skip("gnome-keyring is not installed")
	}
	out := runUnderPrivateBus(t, "TestRealKeyringLockedKeyring", "locked")
	for _, want := range []string{"IS_UNAVAILABLE=true", "storing the client secret", "gnome-keyring-daemon --unlock", "PE_TUI_CLIENT_SECRET"} {
		if !strings.Contains(out, want) {
			t.Errorf("child output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "never-stored-Zq9") {
		t.Errorf("the error shows the secret:\n%s", out)
	}
}

// TestRealKeyringHangingServiceTimesOut puts a Secret Service on a private bus
// that never answers (like one waiting on an unlock prompt nobody sees) and
// checks every store call gives up with ErrKeyringTimeout.
func TestRealKeyringHangingServiceTimesOut(t *testing.T) {
	if os.Getenv("PE_TUI_REALKEYRING_CHILD") == "hang" {
		hangingSecretService(t)
		store := credentials.NewKeyringStore(300 * time.Millisecond)
		_, errGet := store.Get("it-hang")
		errSet := store.Set("it-hang", "never-stored-Zq9")
		errDel := store.Delete("it-hang")
		for _, err := range []error{errGet, errSet, errDel} {
			fmt.Printf("IS_TIMEOUT=%v\n%v\n", errors.Is(err, credentials.ErrKeyringTimeout), err)
		}
		return
	}
	out := runUnderPrivateBus(t, "TestRealKeyringHangingServiceTimesOut", "hang")
	if n := strings.Count(out, "IS_TIMEOUT=true"); n != 3 {
		t.Fatalf("%d of 3 calls timed out, want all:\n%s", n, out)
	}
	for _, want := range []string{"did not answer in time", "PE_TUI_CLIENT_ID"} {
		if !strings.Contains(out, want) {
			t.Errorf("child output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "never-stored-Zq9") {
		t.Errorf("the error shows the secret:\n%s", out)
	}
}

// hangingSecretService owns org.freedesktop.secrets on the session bus and
// blocks every call go-keyring makes first, until the test ends.
func hangingSecretService(t *testing.T) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	block := make(chan struct{})
	t.Cleanup(func() { close(block); conn.Close() })
	hang := func() *dbus.Error { <-block; return dbus.MakeFailedError(errors.New("closed")) }
	methods := map[string]any{
		"OpenSession": func(string, dbus.Variant) (dbus.Variant, dbus.ObjectPath, *dbus.Error) {
			return dbus.MakeVariant(""), "/", hang()
		},
		"Unlock": func([]dbus.ObjectPath) ([]dbus.ObjectPath, dbus.ObjectPath, *dbus.Error) {
			return nil, "/", hang()
		},
	}
	if err := conn.ExportMethodTable(methods, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName("org.freedesktop.secrets", dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("owning org.freedesktop.secrets on the private bus: %v (reply %v)", err, reply)
	}
}

// BenchmarkRealKeyringGet measures one secret read from the real Secret
// Service (what a send with a profile pays once per process).
func BenchmarkRealKeyringGet(b *testing.B) {
	store := credentials.NewKeyringStore(10 * time.Second)
	name := fmt.Sprintf("it-bench-%d-%d", os.Getpid(), time.Now().UnixNano())
	if err := store.Set(name, "bench-secret-Zq9"); err != nil {
		b.Skipf("no usable OS keyring: %v", err)
	}
	b.Cleanup(func() { store.Delete(name) })
	for b.Loop() {
		if _, err := store.Get(name); err != nil {
			b.Fatal(err)
		}
	}
}
