package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
)

// sendTestEnv is one test's isolated config dir, history file and keyring.
type sendTestEnv struct {
	t         *testing.T
	dir       string
	configDir string
	history   string
	secrets   *sendMemStore
	outputs   strings.Builder // everything printed, for leak scans
}

// sendMemStore is an in-memory SecretStore for the command tests.
type sendMemStore struct {
	mu sync.Mutex
	m  map[string]string
}

func (s *sendMemStore) Get(p string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.m[p]
	if !ok {
		return "", fmt.Errorf("profile %q: %w", p, credentials.ErrSecretNotFound)
	}
	return v, nil
}

func (s *sendMemStore) Set(p, v string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[p] = v
	return nil
}

func (s *sendMemStore) Delete(p string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, p)
	return nil
}

func sendSetup(t *testing.T) *sendTestEnv {
	t.Helper()
	dir := t.TempDir()
	e := &sendTestEnv{t: t, dir: dir, configDir: filepath.Join(dir, "config"), history: filepath.Join(dir, "state", "history.db"), secrets: &sendMemStore{m: map[string]string{}}}
	t.Setenv(credentials.EnvClientID, "")
	t.Setenv(credentials.EnvClientSecret, "")
	t.Setenv("PE_TUI_CONFIG_DIR", e.configDir)
	t.Setenv(history.EnvPath, e.history)
	saved := sendNewStore
	sendNewStore = func() credentials.SecretStore { return e.secrets }
	t.Cleanup(func() { sendNewStore = saved })
	return e
}

type sendTestResult struct {
	code           int
	stdout, stderr string
}

// run executes pe-tui like main does, capturing output.
func (e *sendTestEnv) run(args ...string) sendTestResult {
	e.t.Helper()
	return e.runIn("", args...)
}

// runIn is run with stdin.
func (e *sendTestEnv) runIn(stdin string, args ...string) sendTestResult {
	e.t.Helper()
	var out, errb bytes.Buffer
	code := execute(args, strings.NewReader(stdin), &out, &errb)
	r := sendTestResult{code, out.String(), errb.String()}
	e.outputs.WriteString(r.stdout + r.stderr)
	return r
}

func (e *sendTestEnv) expect(code int, args ...string) sendTestResult {
	e.t.Helper()
	r := e.run(args...)
	if r.code != code {
		e.t.Fatalf("pe-tui %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
	return r
}

// records returns every record in the history file (opening it afresh).
func (e *sendTestEnv) records() []*history.Record {
	e.t.Helper()
	if _, err := os.Stat(e.history); err != nil {
		return nil
	}
	st, err := history.Open(e.history)
	if err != nil {
		e.t.Fatal(err)
	}
	defer st.Close()
	var out []*history.Record
	for id := int64(1); id < 100; id++ {
		r, err := st.Get(context.Background(), id)
		if errors.Is(err, history.ErrNotFound) {
			continue
		}
		if err != nil {
			e.t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

var sendTestRefs struct {
	sync.Mutex
	n int
}

// sendTestEvent writes a MessageAlert body (Multicast) that expires expiryIn
// after now and returns its path and referenceId.
func (e *sendTestEnv) event(expiryIn time.Duration) (string, string) {
	e.t.Helper()
	sendTestRefs.Lock()
	sendTestRefs.n++
	ref := fmt.Sprintf("cmdSend~%d~%d", time.Now().UnixNano(), sendTestRefs.n)
	sendTestRefs.Unlock()
	now := time.Now().UTC()
	b, _ := json.MarshalIndent(map[string]any{
		"timestamp":   now.Format(time.RFC3339),
		"referenceId": ref,
		"expiryTime":  now.Add(expiryIn).Format(time.RFC3339),
		"event": map[string]any{"name": "AMAZON.MessageAlert.Activated", "payload": map[string]any{
			"state":        map[string]any{"status": "UNREAD", "freshness": "NEW"},
			"messageGroup": map[string]any{"creator": map[string]any{"name": "Jane Doe"}, "count": 3},
		}},
		"localizedAttributes": []any{},
		"relevantAudience":    map[string]any{"type": "Multicast", "payload": map[string]any{}},
	}, "", "  ")
	path := filepath.Join(e.dir, ref+".json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		e.t.Fatal(err)
	}
	return path, ref
}

// standalone starts a sandbox as `pe-tui sandbox` would, with the given credentials.
func sendStandalone(t *testing.T, cfg sandbox.Config) (*sandbox.Server, string) {
	t.Helper()
	srv := sandbox.New(cfg)
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv, base
}

func TestSendToInProcessSandbox(t *testing.T) {
	e := sendSetup(t)
	file, ref := e.event(23 * time.Hour)
	r := e.expect(exitOK, "send", file, "--history", e.history)
	for _, want := range []string{"202 Accepted: Accepted: Alexa will deliver", "request id: ", "target:     sandbox http://127.0.0.1:", "latency:    ", "1 attempt)", "history:    record 1",
		`heard by amzn1.ask.account.SANDBOX (en-US): "`, "Jane Doe"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, r.stdout)
		}
	}
	recs := e.records()
	if len(recs) != 1 || recs[0].Status != 202 || recs[0].ReferenceID != ref || recs[0].Target != "sandbox" || recs[0].Profile != "" {
		t.Fatalf("records %+v", recs)
	}

	// --json: the Response's fields at the top level, plus the record and who heard it.
	file, _ = e.event(time.Hour)
	r = e.expect(exitOK, "send", file, "--json")
	var m struct {
		Status    int    `json:"status"`
		Accepted  bool   `json:"accepted"`
		RequestID string `json:"requestId"`
		RecordID  int64  `json:"recordId"`
		Attempts  []struct {
			Status int `json:"status"`
		} `json:"attempts"`
		Heard []struct{ UserID, Text string } `json:"heard"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &m); err != nil {
		t.Fatalf("--json output is not JSON: %v\n%s", err, r.stdout)
	}
	if m.Status != 202 || !m.Accepted || m.RequestID == "" || m.RecordID != 2 || len(m.Attempts) != 1 || len(m.Heard) != 1 || m.Heard[0].Text == "" {
		t.Errorf("--json: %+v", m)
	}
}

func TestSendExitCodes(t *testing.T) {
	e := sendSetup(t)
	expired, _ := e.event(-time.Hour)

	// 1: validation refusal, nothing sent or recorded.
	r := e.expect(exitRejected, "send", expired)
	if !strings.Contains(r.stderr, "EXP_IN_PAST") || !strings.Contains(r.stderr, "--force") {
		t.Errorf("refusal stderr:\n%s", r.stderr)
	}
	if n := len(e.records()); n != 0 {
		t.Fatalf("a refused send left %d records", n)
	}
	r = e.expect(exitRejected, "send", expired, "--json")
	if !strings.Contains(r.stdout, `"sent": false`) || !strings.Contains(r.stdout, "EXP_IN_PAST") {
		t.Errorf("refusal --json:\n%s", r.stdout)
	}

	// 1: forced, the sandbox answers 400.
	r = e.expect(exitRejected, "send", expired, "--force")
	if !strings.Contains(r.stdout, "400 Bad Request") || !strings.Contains(r.stdout, "expiryTime should be at least 5 minutes in the future") {
		t.Errorf("400 stdout:\n%s", r.stdout)
	}
	if recs := e.records(); len(recs) != 1 || recs[0].Status != 400 {
		t.Errorf("forced record %+v", recs)
	}

	// 2: usage and I/O.
	ok, _ := e.event(time.Hour)
	for _, args := range [][]string{
		{"send"},
		{"send", ok, ok},
		{"send", filepath.Join(e.dir, "missing.json")},
		{"send", ok, "--target", "mars-dev"},
		{"send", ok, "--target", "na-dev", "--stage", "live"},
		{"send", ok, "--stage", "prod"},
		{"send", ok, "--auth-url", "ftp://x"},
		{"send", ok, "--timeout", "0s"},
		{"send", ok, "--target", "na-dev"}, // no credentials anywhere
		{"send", ok, "--stage", "live"},    // live without --yes-live and no terminal
		{"send", ok, "--bogus"},
	} {
		r := e.expect(exitUsage, args...)
		if !strings.Contains(r.stderr, "pe-tui:") {
			t.Errorf("%v: no message:\n%s", args, r.stderr)
		}
	}
	r = e.expect(exitUsage, "send", ok, "--target", "na-dev")
	if !strings.Contains(r.stderr, "no credentials") || !strings.Contains(r.stderr, credentials.EnvClientID) {
		t.Errorf("no-credentials message:\n%s", r.stderr)
	}
	r = e.expect(exitUsage, "send", ok, "--stage", "live")
	if !strings.Contains(r.stderr, "--yes-live") {
		t.Errorf("live refusal message:\n%s", r.stderr)
	}
	if n := len(e.records()); n != 1 {
		t.Errorf("usage errors left records: %d", n)
	}

	// 1: live with --yes-live reaches the (uncertified) sandbox: 403.
	r = e.expect(exitRejected, "send", ok, "--stage", "live", "--yes-live")
	if !strings.Contains(r.stdout, "403 Forbidden") || !strings.Contains(r.stdout, "not certified") {
		t.Errorf("live stdout:\n%s", r.stdout)
	}

	// 3: nothing listens on the target.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + ln.Addr().String()
	ln.Close()
	r = e.expect(exitNetwork, "send", ok, "--target", closed)
	if !strings.Contains(r.stderr, "connection refused") || !strings.Contains(r.stdout, "No response: ") || strings.Contains(r.stdout, "connection refused") {
		t.Errorf("network output:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
	recs := e.records()
	if last := recs[len(recs)-1]; last.Status != 0 || last.Target != closed || last.NetworkErr == "" {
		t.Errorf("network record %+v", last)
	}
}

func TestSendFaultsExitCodes(t *testing.T) {
	e := sendSetup(t)
	srv, base := sendStandalone(t, sandbox.Config{})
	file, _ := e.event(time.Hour)

	// 500 then success: exit 0, the retry shown.
	srv.SetFaults(sandbox.Faults{ForceStatus: 500, ForceStatusCount: 1, RetryAfter: "0"})
	r := e.expect(exitOK, "send", file, "--target", base)
	if !strings.Contains(r.stderr, "attempt 1/4: 500") || !strings.Contains(r.stdout, "2 attempts)") {
		t.Errorf("500 then 202:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
	// Dropped connection: 3.
	file, _ = e.event(time.Hour)
	srv.SetFaults(sandbox.Faults{DropConnection: true, DropCount: 1})
	e.expect(exitNetwork, "send", file, "--target", base)
	// Slow server: 3 after the timeout.
	srv.SetFaults(sandbox.Faults{Latency: 5 * time.Second})
	start := time.Now()
	r = e.expect(exitNetwork, "send", file, "--target", base, "--timeout", "200ms")
	if time.Since(start) > 3*time.Second || !strings.Contains(r.stderr, "within 200ms") {
		t.Errorf("timeout: %v\n%s", time.Since(start), r.stderr)
	}
	srv.SetFaults(sandbox.Faults{})
	// Duplicate: 409 is 1.
	file, _ = e.event(time.Hour)
	e.expect(exitOK, "send", file, "--target", base)
	r = e.expect(exitRejected, "send", file, "--target", base)
	if !strings.Contains(r.stdout, "409 Conflict") {
		t.Errorf("409:\n%s", r.stdout)
	}
}

// TestSendCredentialsAndSecrets: environment and profile credentials against
// a standalone sandbox that checks them; the secret never shows in output or
// in the history file.
func TestSendCredentialsAndSecrets(t *testing.T) {
	const id = "amzn1.application-oa2-client.cmdtest"
	const secret = "CmdSecret-5e8f1a2b3c4d5e6f7a8b9c0d"
	e := sendSetup(t)
	_, base := sendStandalone(t, sandbox.Config{ClientID: id, ClientSecret: secret})

	// No credentials at all: the sandbox test credentials are refused (401) → 1.
	file, _ := e.event(time.Hour)
	r := e.expect(exitRejected, "send", file, "--target", base)
	if !strings.Contains(r.stderr, "client secret is wrong") || !strings.Contains(r.stderr, "sandbox test credentials") {
		t.Errorf("401 stderr:\n%s", r.stderr)
	}

	// Environment credentials.
	t.Setenv(credentials.EnvClientID, id)
	t.Setenv(credentials.EnvClientSecret, secret)
	e.expect(exitOK, "send", file, "--target", base, "--json")
	t.Setenv(credentials.EnvClientSecret, secret+"-wrong")
	file2, _ := e.event(time.Hour)
	e.expect(exitRejected, "send", file2, "--target", base)
	t.Setenv(credentials.EnvClientID, "")
	t.Setenv(credentials.EnvClientSecret, "")

	// A profile: the record carries its name.
	cfg, err := credentials.Load(e.configDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Add(credentials.Profile{Name: "skill1", ClientID: id}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	e.secrets.Set("skill1", secret)
	e.expect(exitOK, "send", file2, "--target", base, "--profile", "skill1")
	e.expect(exitUsage, "send", file2, "--target", base, "--profile", "nope")
	recs := e.records()
	if last := recs[len(recs)-1]; last.Profile != "skill1" || last.Status != 202 {
		t.Errorf("profile record %+v", last)
	}

	if strings.Contains(e.outputs.String(), secret) {
		t.Error("the client secret was printed")
	}
	found, err := history.ScanForSecrets(e.history, secret)
	if err != nil {
		t.Fatal(err)
	}
	if len(found) != 0 {
		t.Errorf("the client secret is in the history files: %v", found)
	}
}

// TestSendLiveConfirmation: with a terminal, sending to live needs the event
// name typed; a wrong answer sends nothing.
func TestSendLiveConfirmation(t *testing.T) {
	e := sendSetup(t)
	srv, base := sendStandalone(t, sandbox.Config{Certified: true})
	saved := sendStdinIsTerminal
	sendStdinIsTerminal = func(io.Reader) bool { return true }
	t.Cleanup(func() { sendStdinIsTerminal = saved })
	file, ref := e.event(time.Hour)

	r := e.runIn("AMAZON.WeatherAlert.Activated\n", "send", file, "--target", base, "--stage", "live")
	if r.code != exitUsage || !strings.Contains(r.stderr, "Type the event name (AMAZON.MessageAlert.Activated)") || !strings.Contains(r.stderr, "did not match") {
		t.Fatalf("wrong confirmation: %d\n%s", r.code, r.stderr)
	}
	r = e.runIn("", "send", file, "--target", base, "--stage", "live")
	if r.code != exitUsage || !strings.Contains(r.stderr, "no confirmation") {
		t.Fatalf("no confirmation: %d\n%s", r.code, r.stderr)
	}
	if len(srv.Requests()) != 0 {
		t.Fatalf("an unconfirmed live send reached the sandbox: %+v", srv.Requests())
	}
	r = e.runIn("AMAZON.MessageAlert.Activated\n", "send", file, "--target", base, "--stage", "live")
	if r.code != exitOK || !strings.Contains(r.stdout, "202 Accepted") || !strings.Contains(r.stdout, "/v1/proactiveEvents\n") {
		t.Fatalf("confirmed: %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	if notes := srv.Notifications(""); len(notes) != 1 || notes[0].Stage != "live" || notes[0].ReferenceID != ref {
		t.Errorf("live notifications %+v", notes)
	}
	// Invalid events are refused before any question is asked.
	expired, _ := e.event(-time.Hour)
	r = e.runIn("AMAZON.MessageAlert.Activated\n", "send", expired, "--target", base, "--stage", "live")
	if r.code != exitRejected || strings.Contains(r.stderr, "Type the event name") {
		t.Errorf("invalid live event: %d\n%s", r.code, r.stderr)
	}
}

func TestSendHelp(t *testing.T) {
	e := sendSetup(t)
	r := e.expect(exitOK, "send", "--help")
	for _, want := range []string{"--target", "--stage", "--auth-url", "--profile", "--force", "--yes-live", "--json", "Exit status"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// Keep the send package's sandbox credentials in sync with what this file assumes.
var _ = send.SandboxCredentials

// TestSendKeyringUnavailableSaysWhatToDoOnce: when the keyring cannot be
// used, the error says how to fix it and names the environment variables
// once (the keyring's own hint), not twice.
func TestSendKeyringUnavailableSaysWhatToDoOnce(t *testing.T) {
	e := sendSetup(t)
	cfg, err := credentials.Load(e.configDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Add(credentials.Profile{Name: "skill1", ClientID: "amzn1.application-oa2-client.x"}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	keyring.MockInitWithError(errProfileNoSecretService)
	t.Cleanup(keyring.MockInit)
	sendNewStore = func() credentials.SecretStore { return credentials.NewKeyringStore(time.Second) }
	file, _ := e.event(time.Hour)
	r := e.expect(exitUsage, "send", file, "--target", "na-dev")
	if !strings.Contains(r.stderr, "OS keyring is unavailable") || strings.Count(r.stderr, credentials.EnvClientSecret) != 1 {
		t.Errorf("stderr names %s %d times, want once with the keyring hint:\n%s", credentials.EnvClientSecret, strings.Count(r.stderr, credentials.EnvClientSecret), r.stderr)
	}
}

// TestSendLiveWithStdinFromDevNull: /dev/null is a character device but not
// a terminal, so a live send refuses with the --yes-live advice instead of
// prompting and reading end-of-file.
func TestSendLiveWithStdinFromDevNull(t *testing.T) {
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if sendStdinIsTerminal(null) {
		t.Fatalf("%s was taken for a terminal", os.DevNull)
	}
}
