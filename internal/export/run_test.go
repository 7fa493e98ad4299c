package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
)

// runtimeCmd returns the command that runs a program of lang written to
// dir, or skips the test when the runtime is missing (fails instead when
// PE_TUI_REQUIRE_RUNTIMES=1).
func runtimeCmd(t testing.TB, lang Lang, dir, file string) *exec.Cmd {
	t.Helper()
	var name string
	var args []string
	switch lang {
	case Node:
		name, args = "node", []string{file}
	case Python:
		name, args = "python3", []string{file}
	case Java:
		// Compile once so the run time measured below is the program's.
		javac, err := exec.LookPath("javac")
		if err != nil {
			skipOrFail(t, "javac")
		}
		if out, err := exec.Command(javac, "-d", dir, file).CombinedOutput(); err != nil {
			t.Fatalf("the exported Java program does not compile: %v\n%s", err, out)
		}
		name, args = "java", []string{"-cp", dir, "Sender"}
	case Go:
		// Build once per test so the run time measured below is the program's, not the compiler's.
		gobin, err := exec.LookPath("go")
		if err != nil {
			skipOrFail(t, "go")
		}
		bin := filepath.Join(dir, "sender")
		build := exec.Command(gobin, "build", "-o", bin, file)
		build.Dir = dir
		build.Env = append(os.Environ(), "GO111MODULE=off", "GOFLAGS=")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("the exported Go program does not build: %v\n%s", err, out)
		}
		return exec.Command(bin)
	case Curl:
		name, args = "sh", []string{file}
		if _, err := exec.LookPath("curl"); err != nil {
			skipOrFail(t, "curl")
		}
	}
	path, err := exec.LookPath(name)
	if err != nil {
		skipOrFail(t, name)
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = dir
	return cmd
}

func skipOrFail(t testing.TB, runtime string) {
	t.Helper()
	if os.Getenv("PE_TUI_REQUIRE_RUNTIMES") == "1" {
		t.Fatalf("%s is not installed and PE_TUI_REQUIRE_RUNTIMES=1", runtime)
	}
	t.Skipf("%s is not installed; this export cannot be run here (set PE_TUI_REQUIRE_RUNTIMES=1 to make that a failure)", runtime)
}

// recordingSandbox is the real sandbox behind a loopback server that keeps
// every event body it receives.
type recordingSandbox struct {
	srv    *sandbox.Server
	base   string
	mu     sync.Mutex
	bodies [][]byte
}

func startSandbox(t *testing.T) *recordingSandbox { return startSandboxTB(t) }

func startSandboxTB(t testing.TB) *recordingSandbox {
	t.Helper()
	cfg := sandbox.Config{ClientID: send.SandboxCredentials.ClientID, ClientSecret: send.SandboxCredentials.ClientSecret}
	rs := &recordingSandbox{srv: sandbox.New(cfg)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	inner := rs.srv.Handler()
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "proactiveEvents") {
			b, _ := io.ReadAll(r.Body)
			rs.mu.Lock()
			rs.bodies = append(rs.bodies, b)
			rs.mu.Unlock()
			r.Body = io.NopCloser(bytes.NewReader(b))
		}
		inner.ServeHTTP(w, r)
	})}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })
	rs.base = "http://" + ln.Addr().String()
	return rs
}

func (rs *recordingSandbox) last(t *testing.T) map[string]any {
	t.Helper()
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if len(rs.bodies) == 0 {
		t.Fatal("the sandbox received no event")
	}
	var m map[string]any
	if err := json.Unmarshal(rs.bodies[len(rs.bodies)-1], &m); err != nil {
		t.Fatalf("the program sent invalid JSON: %v\n%s", err, rs.bodies[len(rs.bodies)-1])
	}
	return m
}

// messageAlert returns a valid MessageAlert body whose sender name is name.
func messageAlert(name string) []byte {
	b, _ := json.Marshal(map[string]any{
		"timestamp":   "2024-03-01T09:00:00Z",
		"referenceId": "stale~ref",
		"expiryTime":  "2024-03-01T10:00:00Z",
		"event": map[string]any{"name": "AMAZON.MessageAlert.Activated", "payload": map[string]any{
			"state":        map[string]any{"status": "UNREAD", "freshness": "NEW"},
			"messageGroup": map[string]any{"creator": map[string]any{"name": name}, "count": 3},
		}},
		"localizedAttributes": []any{},
		"relevantAudience":    map[string]any{"type": "Multicast", "payload": map[string]any{}},
	})
	return b
}

type runResult struct {
	code           int
	stdout, stderr string
	took           time.Duration
}

// runExport writes the program of lang for body and runs it against base.
func runExport(t *testing.T, lang Lang, body []byte, env ...string) func(base string, extra ...string) runResult {
	return runExportTB(t, lang, body, env...)
}

func naDev() alexa.Target {
	t, _ := alexa.ParseTarget("na-dev")
	return t
}

func runExportTB(t testing.TB, lang Lang, body []byte, env ...string) func(base string, extra ...string) runResult {
	t.Helper()
	prog, err := Generate(lang, body, naDev())
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, FileName(lang))
	if err := os.WriteFile(file, prog, 0o600); err != nil {
		t.Fatal(err)
	}
	proto := runtimeCmd(t, lang, dir, file)
	return func(base string, extra ...string) runResult {
		cmd := exec.Command(proto.Path, proto.Args[1:]...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(),
			EnvClientID+"="+send.SandboxCredentials.ClientID,
			EnvClientSecret+"="+send.SandboxCredentials.ClientSecret,
			EnvAPIURL+"="+base)
		cmd.Env = append(cmd.Env, env...)
		cmd.Env = append(cmd.Env, extra...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		start := time.Now()
		err := cmd.Run()
		took := time.Since(start)
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return runResult{code, out.String(), errb.String(), took}
	}
}

// TestExportRunsAgainstSandbox runs every exported program against a real
// sandbox on loopback: a fresh send is accepted (202) with a run-time
// timestamp, expiry and referenceId; a second send pinned to the same
// referenceId gets the 409 answer, exit status 1 and Amazon's message on
// standard error.
func TestExportRunsAgainstSandbox(t *testing.T) {
	for _, lang := range Langs {
		t.Run(string(lang), func(t *testing.T) {
			sb := startSandbox(t)
			run := runExport(t, lang, messageAlert("Jane Doe"))
			first := run(sb.base)
			if first.code != 0 || !strings.Contains(first.stdout, "accepted: 202") {
				t.Fatalf("first send: exit %d\nstdout: %s\nstderr: %s", first.code, first.stdout, first.stderr)
			}
			sent := sb.last(t)
			ref, _ := sent["referenceId"].(string)
			if ref == "stale~ref" || !strings.HasPrefix(ref, "pe~") || len(ref) != 23 {
				t.Errorf("referenceId %q is not a fresh run-time id", ref)
			}
			ts, _ := time.Parse(time.RFC3339, sent["timestamp"].(string))
			exp, _ := time.Parse(time.RFC3339, sent["expiryTime"].(string))
			if d := time.Since(ts); d < -time.Minute || d > time.Minute {
				t.Errorf("timestamp %v is not the run time", ts)
			}
			if d := exp.Sub(ts); d != time.Hour {
				t.Errorf("expiry distance %v, want the draft's 1h", d)
			}
			if len(send.Heard(sb.srv, ref)) == 0 {
				t.Errorf("the sandbox delivered nothing for %s", ref)
			}
			pinned := run(sb.base, EnvReferenceID+"=pinned~"+string(lang))
			if pinned.code != 0 {
				t.Fatalf("pinned send: exit %d: %s", pinned.code, pinned.stderr)
			}
			dup := run(sb.base, EnvReferenceID+"=pinned~"+string(lang))
			if dup.code != ExitRejected || !strings.Contains(dup.stderr, "409") || !strings.Contains(dup.stderr, "Duplicate referenceId pinned~"+string(lang)) {
				t.Fatalf("duplicate send: exit %d\nstdout: %s\nstderr: %s", dup.code, dup.stdout, dup.stderr)
			}
			t.Logf("%s: accepted run %v, duplicate run %v", lang, first.took.Round(time.Millisecond), dup.took.Round(time.Millisecond))
		})
	}
}

// TestExportMissingConfigurationAndNoAnswer checks the contract's other exit
// statuses: 2 without credentials, 3 when nothing listens.
func TestExportMissingConfigurationAndNoAnswer(t *testing.T) {
	for _, lang := range Langs {
		t.Run(string(lang), func(t *testing.T) {
			run := runExport(t, lang, messageAlert("x"))
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			dead := "http://" + ln.Addr().String()
			ln.Close()
			if r := run(dead, EnvClientID+"="); r.code != ExitConfig || !strings.Contains(r.stderr, "ALEXA_CLIENT_ID") {
				t.Errorf("without a client id: exit %d, stderr %q", r.code, r.stderr)
			}
			if r := run(dead); r.code != ExitNetwork || !strings.Contains(r.stderr, "no answer") {
				t.Errorf("nothing listening: exit %d, stderr %q", r.code, r.stderr)
			}
		})
	}
}

// hostile holds strings that would end a string literal or run code in one
// of the languages if they were pasted into the program unescaped.
var hostile = []string{
	`"); process.exit(7); ("`,
	`'); import os; os._exit(7) #`,
	"\"\"\"; import os; os._exit(7); \"\"\"",
	"`; os.Exit(7); `",
	`\u0022); System.exit(7); //`,
	`\"; System.exit(7); //`,
	"${process.exit(7)} $(exit 7) `exit 7`",
	"'; exit 7; '",
	"*/ System.exit(7); /*",
	"line\nbreak\r\u2028\u2029 tab\t nul\x00 esc\x1b[31m",
	"emoji 😀 and é and \\ backslash and \\\\u0041",
}

// hostileEvent returns a MessageAlert whose sender name is hostile[0] and
// whose localizedAttributes entry has every hostile string as a key and a value
// (unused keys are a warning the sandbox accepts).
func hostileEvent() []byte {
	var m map[string]any
	_ = json.Unmarshal(messageAlert(hostile[0]), &m)
	entry := map[string]any{"locale": "en-US"}
	for i, h := range hostile {
		entry[h] = h
		entry[fmt.Sprintf("k%d", i)] = h
	}
	m["localizedAttributes"] = []any{entry}
	b, _ := json.Marshal(m)
	return b
}

// TestExportEscapesHostileEventStrings exports an event whose keys and
// values are hostile strings, runs each program against the sandbox, and
// checks that it exits 0 and sends exactly the original event: nothing of
// the event became code.
func TestExportEscapesHostileEventStrings(t *testing.T) {
	body := hostileEvent()
	var want map[string]any
	_ = json.Unmarshal(body, &want)
	for _, lang := range Langs {
		t.Run(string(lang), func(t *testing.T) {
			sb := startSandbox(t)
			r := runExport(t, lang, body)(sb.base)
			if r.code != 0 {
				t.Fatalf("exit %d\nstderr: %s", r.code, r.stderr)
			}
			got := sb.last(t)
			for _, k := range []string{"event", "localizedAttributes", "relevantAudience"} {
				if !reflect.DeepEqual(got[k], want[k]) {
					t.Errorf("%s sent as %v\nwant %v", k, got[k], want[k])
				}
			}
		})
	}
}

// TestExportRetriesAsSpecSays checks the §8.3 handling of every program
// against sandbox faults: 429 twice (Retry-After: 0) is retried and then
// accepted; a 403 saying the token is not valid renews the token once and
// succeeds; 500 on every attempt gives up after 3 retries (4 requests) with
// exit status 1 and the message (its escape sequence neutralised); 409 is
// not retried.
func TestExportRetriesAsSpecSays(t *testing.T) {
	for _, lang := range Langs {
		t.Run(string(lang), func(t *testing.T) {
			sb := startSandbox(t)
			run := runExport(t, lang, messageAlert("Retry"))
			try := func(f sandbox.Faults, wantCode, wantRequests int, wantErr string) {
				t.Helper()
				if err := sb.srv.SetFaults(f); err != nil {
					t.Fatal(err)
				}
				sb.mu.Lock()
				before := len(sb.bodies)
				sb.mu.Unlock()
				r := run(sb.base)
				sb.mu.Lock()
				got := len(sb.bodies) - before
				sb.mu.Unlock()
				if strings.ContainsAny(r.stderr+r.stdout, "\x1b\u009b") {
					t.Errorf("a server's escape sequence reached the terminal: %q", r.stderr)
				}
				if r.code != wantCode || got != wantRequests || !strings.Contains(r.stderr, wantErr) {
					t.Errorf("faults %+v: exit %d after %d requests (want %d after %d)\nstderr: %s", f, r.code, got, wantCode, wantRequests, r.stderr)
				}
				sb.srv.SetFaults(sandbox.Faults{})
			}
			try(sandbox.Faults{ForceStatus: 429, ForceStatusCount: 2, RetryAfter: "0"}, 0, 3, "")
			try(sandbox.Faults{ForceStatus: 403, ForceStatusCount: 1, Message: "Token in the request is not valid"}, 0, 2, "")
			try(sandbox.Faults{ForceStatus: 500, RetryAfter: "0", Message: "boom \x1b[31m"}, ExitRejected, 4, "500 Amazon's internal error: boom")
			try(sandbox.Faults{ForceStatus: 409, Message: "dup"}, ExitRejected, 1, "409")
		})
	}
}
