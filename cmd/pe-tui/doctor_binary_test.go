package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// TestDoctorBinaryWithEnvironmentCredentials: the built binary, as a
// process without any keyring or profile, checks the PE_TUI_CLIENT_ID /
// PE_TUI_CLIENT_SECRET credentials against a real sandbox: right ones exit
// 0, a wrong secret exits 1 naming invalid_client and the variables to
// set, and the secret never appears in the output.
func TestDoctorBinaryWithEnvironmentCredentials(t *testing.T) {
	bin := testBinary(t)
	srv := sandbox.New(sandbox.Config{ClientID: "amzn1.application-oa2-client.env", ClientSecret: "env-secret-0123456789abcdef"})
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	home := t.TempDir()
	env := func(secret string) []string {
		return []string{"HOME=" + home, "PATH=/usr/bin:/bin", "PE_TUI_CONFIG_DIR=" + filepath.Join(home, "cfg"),
			"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(home, "no-bus"), "XDG_RUNTIME_DIR=" + home,
			"PE_TUI_CLIENT_ID=amzn1.application-oa2-client.env", "PE_TUI_CLIENT_SECRET=" + secret}
	}
	var all strings.Builder
	out, code := testRunBinary(t, bin, env("env-secret-0123456789abcdef"), &all, "", "doctor", "--target", base)
	if code != 0 || !strings.Contains(out, "[environment NA]") || !strings.Contains(out, "All good.") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	out, code = testRunBinary(t, bin, env("wrong-secret-9876543210zyxw"), &all, "", "doctor", "--target", base)
	if code != 1 || !strings.Contains(out, "invalid_client") || !strings.Contains(out, "PE_TUI_CLIENT_SECRET") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if strings.Contains(all.String(), "secret-0123456789abcdef") || strings.Contains(all.String(), "9876543210zyxw") {
		t.Fatal("a secret was printed")
	}
}
