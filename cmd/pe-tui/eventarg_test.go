package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/template"
)

// eventArgRefs returns the referenceId of each record's body.
func eventArgRefs(t *testing.T, recs []*history.Record) []string {
	t.Helper()
	var refs []string
	for _, r := range recs {
		req, err := schemas.Decode(r.Request)
		if err != nil || req.String(schemas.FieldReferenceID) != r.ReferenceID {
			t.Fatalf("record %d: %v %s", r.ID, err, r.Request)
		}
		refs = append(refs, r.ReferenceID)
	}
	return refs
}

// TestSendLibraryEventTwice: an example saved into a real library folder is
// sent by @NAME twice (once located by --library, once by $PE_TUI_LIBRARY)
// to the in-process sandbox: two 202s, two records with different
// referenceIds, and notes naming the event's default profile and target.
func TestSendLibraryEventTwice(t *testing.T) {
	e := sendSetup(t)
	lib := filepath.Join(e.dir, "events")
	e.expect(0, "library", "save", filepath.Join("..", "..", "examples", "weather-alert.json"), "--name", "tornado", "--target", "sandbox", "--profile", "dev", "--library", lib)
	r := e.expect(0, "send", "@tornado", "--library", lib)
	if !strings.Contains(r.stdout, "202 Accepted") || !strings.Contains(r.stderr, "sending to sandbox, the default target of library event tornado") || !strings.Contains(r.stderr, "using profile dev") {
		t.Fatalf("first send:\n%s\n%s", r.stdout, r.stderr)
	}
	t.Setenv("PE_TUI_LIBRARY", lib)
	if r = e.expect(0, "send", "@tornado", "--profile", "other"); !strings.Contains(r.stdout, "202 Accepted") || strings.Contains(r.stderr, "using profile dev") {
		t.Fatalf("second send (explicit --profile):\n%s\n%s", r.stdout, r.stderr)
	}
	refs := eventArgRefs(t, e.records())
	if len(refs) != 2 || refs[0] == refs[1] || refs[0] == "example~weatheralert" || strings.Contains(refs[0]+refs[1], "{{") {
		t.Fatalf("referenceIds of the two sends: %q", refs)
	}
	if r = e.expect(exitUsage, "send", "@missing"); !strings.Contains(r.stderr, "library list") {
		t.Errorf("missing event: %s", r.stderr)
	}
}

// TestEventArgPlaceholders: an unknown placeholder, in a library event and
// in a plain file, is an error finding of validate (text and --json, with
// path and name), stops preview (exit 1) and refuses send (exit 1, nothing
// recorded); --set gives it a value in all three.
func TestEventArgPlaceholders(t *testing.T) {
	e := sendSetup(t)
	lib := filepath.Join(e.dir, "events")
	// A plain file with placeholders, as a user might write by hand.
	body := strings.NewReplacer(`"2026-01-01T00:00:00Z"`, `"{{now}}"`, `"abc"`, `"{{ref}}"`, `"2026-01-01T01:30:00Z"`, `"{{now+1h}}"`).Replace(libraryTestBody)
	file := libraryTestFile(t, body)
	e.expect(0, "library", "save", file, "--name", "msg", "--library", lib)
	const path = "event.payload.messageGroup.creator.name"
	for _, arg := range []string{"@msg", file} {
		r := e.expect(exitRejected, "validate", arg, "--library", lib)
		if !strings.Contains(r.stdout, template.FindingCode+" "+path) || !strings.Contains(r.stdout, "{{who}}") {
			t.Errorf("validate %s:\n%s", arg, r.stdout)
		}
		r = e.expect(exitRejected, "validate", "--json", arg, "--library", lib)
		var res []validateResult
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || len(res) != 1 || res[0].Valid || len(res[0].Findings) == 0 || res[0].Findings[0].Code != template.FindingCode || res[0].Findings[0].Path != path || !strings.Contains(res[0].Findings[0].Message, "{{who}}") {
			t.Errorf("validate --json %s: %v\n%s", arg, err, r.stdout)
		}
		if r = e.expect(exitRejected, "preview", arg, "--library", lib); r.stdout != "" || !strings.Contains(r.stderr, path+": {{who}}") {
			t.Errorf("preview %s: %q %q", arg, r.stdout, r.stderr)
		}
		if r = e.expect(exitRejected, "send", arg, "--library", lib); !strings.Contains(r.stderr, "not sent") || !strings.Contains(r.stderr, "{{who}}") {
			t.Errorf("send %s: %s", arg, r.stderr)
		}
		if recs := e.records(); len(recs) != 0 {
			t.Fatalf("send with an unknown placeholder recorded %d sends", len(recs))
		}
	}
	e.expect(0, "validate", "@msg", file, "--set", "who=Oslo", "--library", lib)
	if r := e.expect(0, "preview", "@msg", "--set", "who=Oslo", "--library", lib); !strings.Contains(r.stdout, "Oslo") {
		t.Errorf("preview --set: %s", r.stdout)
	}
	e.expect(0, "send", file, "--set", "who=Oslo")
	recs := e.records()
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	req, err := schemas.Decode(recs[0].Request)
	if err != nil || req.String(path) != "Oslo" || len(req.String(schemas.FieldReferenceID)) < 8 || strings.Contains(string(recs[0].Request), "{{") {
		t.Errorf("sent body: %v %s", err, recs[0].Request)
	}
	if r := e.expect(exitUsage, "send", file, "--set", "now=1"); !strings.Contains(r.stderr, "built-in") {
		t.Errorf("--set now: %s", r.stderr)
	}
}

// TestSendRepeat: --repeat 3 --every 1s sends three times to the sandbox,
// one line each, three records with three referenceIds; out-of-bounds
// values are usage errors before anything is sent.
func TestSendRepeat(t *testing.T) {
	e := sendSetup(t)
	lib := filepath.Join(e.dir, "events")
	e.expect(0, "library", "save", filepath.Join("..", "..", "examples", "weather-alert.json"), "--name", "tornado", "--library", lib)
	start := time.Now()
	r := e.expect(0, "send", "--repeat", "3", "--every", "1s", "@tornado", "--library", lib)
	if d := time.Since(start); d < 2*time.Second {
		t.Errorf("three sends 1s apart took %s", d)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.Contains(lines[2], "send 3/3: 202 Accepted") || !strings.Contains(lines[0], "referenceId ") {
		t.Fatalf("output:\n%s\n%s", r.stdout, r.stderr)
	}
	refs := eventArgRefs(t, e.records())
	if len(refs) != 3 || refs[0] == refs[1] || refs[1] == refs[2] || refs[0] == refs[2] {
		t.Fatalf("referenceIds: %q", refs)
	}
	for _, bad := range [][]string{{"--repeat", "101"}, {"--repeat", "0"}, {"--repeat", "2", "--every", "500ms"}} {
		if r := e.expect(exitUsage, append([]string{"send", "@tornado", "--library", lib}, bad...)...); !strings.Contains(r.stderr, bad[len(bad)-1]) {
			t.Errorf("%v: %s", bad, r.stderr)
		}
	}
	if r := e.expect(exitUsage, "send", "@tornado", "--library", lib, "--repeat", "2", "--target", "na-live"); !strings.Contains(r.stderr, "--yes-live") {
		t.Errorf("repeat to live: %s", r.stderr)
	}
	if n := len(e.records()); n != 3 {
		t.Errorf("refused repeats recorded: %d records", n)
	}
}

// TestSendRepeatInterruptedWhileWaiting runs the built binary: SIGINT
// during the wait after the first of five sends ends it at once (exit 3,
// saying how many were sent) with that send recorded.
func TestSendRepeatInterruptedWhileWaiting(t *testing.T) {
	bin := testBinary(t)
	dir := t.TempDir()
	lib := filepath.Join(dir, "events")
	hist := filepath.Join(dir, "history.db")
	env := append(os.Environ(), "PE_TUI_CONFIG_DIR="+filepath.Join(dir, "config"), history.EnvPath+"="+hist, "PE_TUI_LIBRARY="+lib, "PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=")
	var all strings.Builder
	if out, code := testRunBinary(t, bin, env, &all, "", "library", "save", filepath.Join("..", "..", "examples", "weather-alert.json"), "--name", "tornado"); code != 0 {
		t.Fatal(out)
	}
	cmd := exec.Command(bin, "send", "@tornado", "--repeat", "5", "--every", "1m")
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	first, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || !strings.Contains(first, "send 1/5: 202") {
		cmd.Process.Kill()
		t.Fatalf("first line %q: %v", first, err)
	}
	sent := time.Now()
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 10s after SIGINT")
	}
	if code := testExitCode(t, err); code != exitNetwork || !strings.Contains(stderr.String(), "1 of 5") {
		t.Fatalf("exit %d after %s: %s", code, time.Since(sent), stderr.String())
	}
	st, err := history.Open(hist)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if r, err := st.Get(t.Context(), 1); err != nil || r.Status != 202 {
		t.Fatalf("record 1: %v %+v", err, r)
	}
	if _, err := st.Get(t.Context(), 2); err == nil {
		t.Fatal("a second send was recorded")
	}
}

// TestSendRepeatInterruptedDuringASend: SIGTERM while the first send of a
// --repeat series is at a stalling server cancels that send, records it
// (outcome unknown), makes no further send and exits 3.
func TestSendRepeatInterruptedDuringASend(t *testing.T) {
	e := sendSetup(t)
	ref, out, err := signalStalledSend(t, e, syscall.SIGTERM, "--repeat", "3", "--every", "1s")
	if code := testExitCode(t, err); code != exitNetwork {
		t.Errorf("exit %d, want 3\n%s", code, out)
	}
	recs := e.records()
	if len(recs) != 1 || recs[0].ReferenceID != ref || !strings.Contains(recs[0].NetworkErr, "outcome is unknown") {
		t.Fatalf("history holds %+v\n%s", recs, out)
	}
}
