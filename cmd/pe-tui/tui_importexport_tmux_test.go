package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/export"
)

// TestTUIImportExportJourney drives the built binary in tmux: a tutorial's
// curl command is pasted into alt+i (bracketed paste, CR line ends as a
// terminal sends them), opened in the form without errors, exported as a
// Node program with alt+e, and the program, run with node against the
// binary's own 'pe-tui sandbox' on loopback, gets 202; the sandbox then
// lists what its test user heard.
func TestTUIImportExportJourney(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("tmux is required in CI (.ci/run installs it)")
		}
		t.Skip("tmux is not installed")
	}
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("PE_TUI_REQUIRE_RUNTIMES") == "1" {
			t.Fatal("node is missing and PE_TUI_REQUIRE_RUNTIMES=1")
		}
		t.Skip("node is not installed; the exported program cannot be run here")
	}
	bin := testBinary(t)
	base := startBinarySandbox(t, "")
	dir := t.TempDir()
	paste := filepath.Join(dir, "paste.txt")
	// The curl command the UI's own import test pastes, posting to the sandbox.
	curl, err := os.ReadFile("../../internal/ui/testdata/import_curl.sh")
	if err != nil {
		t.Fatal(err)
	}
	curl = bytes.ReplaceAll(curl, []byte("BASE_URL"), []byte(base))
	if err := os.WriteFile(paste, curl, 0o600); err != nil {
		t.Fatal(err)
	}

	x := startTmux(t, 120, 40, []string{
		"PE_TUI_CONFIG_DIR=" + filepath.Join(dir, "config"),
		"PE_TUI_HISTORY=" + filepath.Join(dir, "history.db"),
	}, "cd "+shellQuoteTest(dir)+" && exec "+shellQuoteTest(bin))
	tm, waitFor, keys := x.tm, x.waitFor, x.keys
	waitFor("start", "Schemas", "target sandbox")
	keys("M-i")
	waitFor("import dialog", "Import an event")
	if out, err := tm("load-buffer", "-b", "journey", paste); err != nil {
		t.Fatalf("load-buffer: %v %s", err, out)
	}
	if out, err := tm("paste-buffer", "-p", "-b", "journey", "-t", "main"); err != nil {
		t.Fatalf("paste-buffer: %v %s", err, out)
	}
	waitFor("pasted", "11 lines")
	keys("C-s")
	waitFor("imported", "Format curl · 1 event(s)", "AMAZON.MessageAlert.Activated", "Authorization header was dropped", "0 error(s)")
	keys("Enter")
	waitFor("form", "Form · MessageAlert", "You have five new urgent messages from Andy.", "no findings", "Imported into the form")

	keys("M-e")
	waitFor("export dialog", "Export a sender program", "node", "send-event.mjs")
	keys("Enter")
	prog := filepath.Join(dir, export.FileName(export.Node))
	waitFor("written", "Wrote "+prog)

	cmd := exec.Command(node, prog)
	cmd.Env = append(os.Environ(), "ALEXA_CLIENT_ID=id", "ALEXA_CLIENT_SECRET=secret", "ALEXA_API_URL="+base, "LWA_TOKEN_URL="+base+"/auth/o2/token")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "accepted: 202") {
		t.Fatalf("node %s: %v\n%s", prog, err, out)
	}
	resp, err := http.Get(base + "/_emulator/notifications?user=amzn1.ask.account.SANDBOX")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	heard, _ := io.ReadAll(resp.Body)
	if !strings.Contains(string(heard), "You have five new urgent messages from Andy.") {
		t.Fatalf("the sandbox heard nothing: %s", heard)
	}
	keys("C-c")
}
