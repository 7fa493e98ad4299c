package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// fullToken matches a bearer token of the sandbox longer than the 8-character
// prefix pe-tui may show.
var fullToken = regexp.MustCompile(`Atc\|[A-Za-z0-9_~.-]{5,}`)

// TestProfileThenSendNeverLeaksSecret is the user's journey with the real
// binary and the real OS keyring: add a profile with its secret, send with it
// to a sandbox that demands exactly that secret, resend from history, and
// then look for the secret and for any full token in every file under the
// config and state directories and in everything the commands printed.
func TestProfileThenSendNeverLeaksSecret(t *testing.T) {
	bin := testBinary(t)
	home := t.TempDir()
	historyPath := filepath.Join(home, "xdg-state", "pe-tui", "history.db")
	env := append(os.Environ(),
		"HOME="+home,
		"PE_TUI_CONFIG_DIR="+filepath.Join(home, "config"),
		"XDG_CONFIG_HOME="+filepath.Join(home, "xdg-config"),
		"XDG_STATE_HOME="+filepath.Join(home, "xdg-state"),
		"PE_TUI_HISTORY="+historyPath,
		"PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=")
	name := profileUniqueName("journey")
	const clientID = "amzn1.application-oa2-client.journey"
	secret := "Journey" + strings.ReplaceAll(name, "-", "") + "Secret"

	srv := sandbox.New(sandbox.Config{ClientID: clientID, ClientSecret: secret})
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })

	var outputs strings.Builder
	run := func(stdin string, args ...string) (string, int) {
		t.Helper()
		return testRunBinary(t, bin, env, &outputs, stdin, args...)
	}
	t.Cleanup(func() { run("", "profile", "remove", name, "--force") })

	out, code := run(secret+"\n", "profile", "add", name, "--client-id", clientID, "--secret-stdin")
	if !profileKeyringOutcome(t, fmt.Sprint(code), out) {
		t.Skip("no usable OS keyring here; set PE_TUI_REQUIRE_KEYRING=1 to make this fail (run inside dbus-run-session with an unlocked gnome-keyring as .ci/run does)")
	}

	golden, err := os.ReadFile(filepath.Join("..", "..", "internal", "schemas", "testdata", "golden", "WeatherAlert.json"))
	if err != nil {
		t.Fatal(err)
	}
	req, err := schemas.Decode(golden)
	if err != nil {
		t.Fatal(err)
	}
	event := filepath.Join(t.TempDir(), "weather.json")
	if err := os.WriteFile(event, schemas.Refresh(req, time.Now()).Encode(), 0o600); err != nil {
		t.Fatal(err)
	}

	// A wrong secret would be refused with 401, so exit 0 proves the keyring's
	// secret reached the token endpoint.
	if out, code := run("", "send", event, "--target", base, "--profile", name); code != 0 {
		t.Fatalf("send --profile exited %d:\n%s", code, out)
	}
	if out, code := run("", "send", event, "--target", base, "--profile", name, "--json"); code != 1 || !strings.Contains(out, "409") {
		t.Fatalf("second send of the same referenceId: exit %d, want 1 with a 409:\n%s", code, out)
	}
	if out, code := run("", "history", "resend", "1", "--as-new", "--target", base, "--profile", name); code != 0 {
		t.Fatalf("history resend --as-new exited %d:\n%s", code, out)
	}
	if got := len(srv.Notifications("")); got != 2 {
		t.Fatalf("the sandbox delivered %d notifications, want 2 (send and resend)", got)
	}

	if n := profileScanTree(t, home, secret); n < 2 {
		t.Fatalf("the scan read %d files; the config file and the history database should both be there", n)
	}
	found, err := history.ScanForSecrets(historyPath, secret)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 0 {
		t.Errorf("history files hold the client secret: %v", found)
	}
	err = filepath.WalkDir(home, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err == nil && fullToken.Match(data) {
			t.Errorf("%s holds an access token", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	all := outputs.String()
	if strings.Contains(all, secret) {
		t.Errorf("a command printed the client secret:\n%s", all)
	}
	if m := fullToken.FindString(all); m != "" {
		t.Errorf("a command printed a full access token (%.8s…)", m)
	}
}
