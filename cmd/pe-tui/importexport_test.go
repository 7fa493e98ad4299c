package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/export"
	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// startBinarySandbox runs the built binary's 'pe-tui sandbox' on a free
// loopback port (with config when not "") and returns its base URL.
func startBinarySandbox(t *testing.T, config string) string {
	t.Helper()
	args := []string{"sandbox", "--addr", "127.0.0.1:0"}
	if config != "" {
		args = append(args, "--config", config)
	}
	cmd := exec.Command(testBinary(t), args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if base, ok := strings.CutPrefix(sc.Text(), "pe-tui sandbox listening on "); ok {
				lines <- base
			}
		}
	}()
	select {
	case base := <-lines:
		return base
	case <-time.After(20 * time.Second):
		t.Fatal("pe-tui sandbox printed no URL within 20 s")
	}
	return ""
}

// TestImportCurlExportPythonRunsAgainstBinarySandbox is the whole journey:
// a tutorial's curl command (with a stale body and a bearer token) is
// imported, exported as a Python sender, and the program is run against the
// built binary's 'pe-tui sandbox': accepted, then 409 with a pinned referenceId.
func TestImportCurlExportPythonRunsAgainstBinarySandbox(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("PE_TUI_REQUIRE_RUNTIMES") == "1" {
			t.Fatal("python3 is missing and PE_TUI_REQUIRE_RUNTIMES=1")
		}
		t.Skip("python3 is not installed; the exported program cannot be run here")
	}
	dir := t.TempDir()
	event := filepath.Join(dir, "event.json")
	code, _, stderr := historyCLI(t, "", "import", "../../internal/importer/testdata/curl_tutorial.sh", "-o", event)
	if code != 0 || !strings.Contains(stderr, "target na-dev") || !strings.Contains(stderr, "Authorization header was dropped") {
		t.Fatalf("import: exit %d\n%s", code, stderr)
	}
	if code, _, stderr = historyCLI(t, "", "import", "../../internal/importer/testdata/curl_tutorial.sh", "-o", event); code != exitUsage || !strings.Contains(stderr, "--force") {
		t.Fatalf("import over an existing file: exit %d %s", code, stderr)
	}
	prog := filepath.Join(dir, export.FileName(export.Python))
	if code, _, stderr = historyCLI(t, "", "export", "--lang", "python", event, "-o", prog); code != 0 {
		t.Fatalf("export: exit %d\n%s", code, stderr)
	}
	base := startBinarySandbox(t, "")
	run := func(extra ...string) (int, string) {
		cmd := exec.Command(python, prog)
		cmd.Env = append(os.Environ(), "ALEXA_CLIENT_ID=id", "ALEXA_CLIENT_SECRET=secret", "ALEXA_API_URL="+base)
		cmd.Env = append(cmd.Env, extra...)
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		return 0, string(out)
	}
	if code, out := run(); code != 0 || !strings.Contains(out, "accepted: 202") {
		t.Fatalf("first run: exit %d %s", code, out)
	}
	run("ALEXA_REFERENCE_ID=journey~1")
	if code, out := run("ALEXA_REFERENCE_ID=journey~1"); code != 1 || !strings.Contains(out, "409") || !strings.Contains(out, "Duplicate referenceId journey~1") {
		t.Fatalf("duplicate run: exit %d %s", code, out)
	}
}

// TestExportRefusesInvalidAndPlaceholders: an event with errors is not
// exported without --allow-errors, one with placeholders never, and an
// existing output file is kept without --force.
func TestExportRefusesInvalidAndPlaceholders(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"timestamp":"x","referenceId":"a","expiryTime":"y","event":{"name":"AMAZON.Nope","payload":{}},"localizedAttributes":[],"relevantAudience":{"type":"Multicast","payload":{}}}`), 0o600)
	if code, _, stderr := historyCLI(t, "", "export", "--lang", "node", bad); code != exitRejected || !strings.Contains(stderr, "EVT_UNKNOWN") || !strings.Contains(stderr, "--allow-errors") {
		t.Errorf("invalid: exit %d %s", code, stderr)
	}
	if code, out, _ := historyCLI(t, "", "export", "--lang", "node", "--allow-errors", bad); code != 0 || !strings.Contains(out, "fetch(") {
		t.Errorf("--allow-errors: exit %d", code)
	}
	ph := filepath.Join(dir, "ph.json")
	os.WriteFile(ph, []byte(`{"timestamp":"{{now}}","referenceId":"{{ref}}","expiryTime":"{{now+1h}}","event":{"name":"AMAZON.MessageAlert.Activated","payload":{"state":{"status":"UNREAD"},"messageGroup":{"creator":{"name":"{{who}}"},"count":1}}},"localizedAttributes":[],"relevantAudience":{"type":"Multicast","payload":{}}}`), 0o600)
	if code, _, stderr := historyCLI(t, "", "export", "--lang", "go", ph); code != exitRejected || !strings.Contains(stderr, "{{who}}") {
		t.Errorf("placeholders: exit %d %s", code, stderr)
	}
	if code, _, stderr := historyCLI(t, "", "export", "--lang", "cobol", ph); code != exitUsage || !strings.Contains(stderr, "node, python, java, go or curl") {
		t.Errorf("unknown language: exit %d %s", code, stderr)
	}
}

// TestHistoryDiffAndFixture sends two events to the sandbox, compares the
// records, and writes the second as a fixture and a sandbox config that the
// built binary's sandbox loads.
func TestHistoryDiffAndFixture(t *testing.T) {
	e := sendSetup(t)
	f1, _ := e.event(time.Hour)
	f2, ref2 := e.event(2 * time.Hour)
	e.expect(0, "send", f1)
	e.expect(0, "send", f2)
	recs := e.records()
	if len(recs) != 2 {
		t.Fatalf("%d records", len(recs))
	}
	a, b := recs[0].ID, recs[1].ID
	if a > b {
		a, b = b, a
	}
	ids := []string{strconv.FormatInt(a, 10), strconv.FormatInt(b, 10)}
	r := e.run(append([]string{"history", "diff"}, ids...)...)
	if r.code != exitRejected || !strings.Contains(r.stdout, "~ referenceId:") || !strings.Contains(r.stdout, "~ expiryTime:") || strings.Contains(r.stdout, "~ event.") || !strings.Contains(r.stdout, "* record") {
		t.Errorf("diff: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = e.run("history", "diff", "--json", ids[1], ids[1])
	var d historyDiff
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &d) != nil || len(d.Body) != 0 {
		t.Errorf("self diff: exit %d %s", r.code, r.stdout)
	}
	fx, cfg := filepath.Join(e.dir, "fx.json"), filepath.Join(e.dir, "sb.json")
	e.expect(0, "history", "export-fixture", ids[1], "-o", fx, "--sandbox-config", cfg)
	data, _ := os.ReadFile(fx)
	if !strings.Contains(string(data), ref2) || !strings.Contains(string(data), `"status": 202`) {
		t.Errorf("fixture %s", data)
	}
	if _, err := sandbox.LoadConfig(cfg); err != nil {
		t.Errorf("sandbox config: %v", err)
	}
	if r := e.run("history", "export-fixture", ids[1], "-o", fx); r.code != exitUsage || !strings.Contains(r.stderr, "--force") {
		t.Errorf("overwrite: exit %d %s", r.code, r.stderr)
	}
	startBinarySandbox(t, cfg)
}

// TestImportCurlDataFileMustBeRegular: -d @FIFO in an imported curl command
// is refused at once (import never waits on a FIFO it did not choose).
func TestImportCurlDataFileMustBeRegular(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "body.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	src := filepath.Join(dir, "cmd.sh")
	os.WriteFile(src, []byte("curl https://api.amazonalexa.com/v1/proactiveEvents/stages/development --data-binary @body.fifo\n"), 0o600)
	done := make(chan struct{})
	var code int
	var stderr string
	go func() {
		code, _, stderr = historyCLI(t, "", "import", src)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("import waited on the FIFO")
	}
	if code != exitRejected || !strings.Contains(stderr, "not a regular file") {
		t.Errorf("exit %d\n%s", code, stderr)
	}
}

// TestImportToLibrary saves what import parsed as library events: one curl
// event under its name with the detected target and placeholders, a
// collection's events as NAME-1, NAME-2, and never over an existing name.
func TestImportToLibrary(t *testing.T) {
	lib := t.TempDir()
	code, out, stderr := historyCLI(t, "", "import", "--library", lib, "--to-library", "storm", filepath.Join("..", "..", "internal", "importer", "testdata", "curl_tutorial.sh"))
	if code != 0 || out != "" || !strings.Contains(stderr, "saved library event storm") {
		t.Fatalf("curl import: exit %d, stdout %q, stderr %s", code, out, stderr)
	}
	body, err := os.ReadFile(filepath.Join(lib, "storm.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"{{now}}"`, `"{{ref}}"`, `"expiryTime": "{{now+`} {
		if !strings.Contains(string(body), want) {
			t.Errorf("saved body lacks %s:\n%s", want, body)
		}
	}
	if meta, err := os.ReadFile(filepath.Join(lib, "storm.meta.json")); err != nil || !strings.Contains(string(meta), `"target": "`) {
		t.Errorf("the detected target is not the event's default: %s %v", meta, err)
	}
	code, _, stderr = historyCLI(t, "", "import", "--library", lib, "--to-library", "storm", filepath.Join("..", "..", "internal", "importer", "testdata", "curl_tutorial.sh"))
	if code != exitUsage || !strings.Contains(stderr, "already exists") {
		t.Errorf("a taken name: exit %d %s", code, stderr)
	}
	code, _, stderr = historyCLI(t, "", "import", "--library", lib, "--to-library", "shop", filepath.Join("..", "..", "internal", "importer", "testdata", "postman_v21.json"))
	if code != 0 || !strings.Contains(stderr, "saved library event shop-1") {
		t.Fatalf("collection import: exit %d %s", code, stderr)
	}
	if code, _, stderr := historyCLI(t, "", "import", "--to-library", "../x", filepath.Join("..", "..", "internal", "importer", "testdata", "weather.json")); code != exitUsage || !strings.Contains(stderr, "--to-library") {
		t.Errorf("a bad name: exit %d %s", code, stderr)
	}
}
