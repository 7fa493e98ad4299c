package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// sandboxLockedBuffer collects a process's output while it runs.
type sandboxLockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *sandboxLockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *sandboxLockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestSandboxCommandServesAndStopsOnSIGINT(t *testing.T) {
	bin := testBinary(t)
	const secret = "cmd-test-secret-do-not-print"
	cmd := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:0", "--client-id", "cmd-test-id")
	cmd.Env = append(os.Environ(), sandboxSecretEnv+"="+secret)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	stderr := &sandboxLockedBuffer{}
	cmd.Stderr = stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })

	// The first line carries the URL.
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	var base string
	select {
	case first := <-lines:
		const prefix = "pe-tui sandbox listening on "
		if !strings.HasPrefix(first, prefix) {
			t.Fatalf("first line %q", first)
		}
		base = strings.TrimPrefix(first, prefix)
	case <-time.After(30 * time.Second):
		t.Fatalf("no URL printed; stderr: %s", stderr.String())
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") {
		t.Fatalf("URL %q", base)
	}

	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}
	post := func(id, sec string) (int, string) {
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {sec}, "scope": {"alexa::proactive_events"}}
		resp, err := c.Post(base+"/auth/o2/token", "application/x-www-form-urlencoded;charset=UTF-8", strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := post("cmd-test-id", "wrong"); code != 401 {
		t.Fatalf("wrong secret: %d %s", code, body)
	}
	code, body := post("cmd-test-id", secret)
	if code != 200 {
		t.Fatalf("token: %d %s", code, body)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.Unmarshal([]byte(body), &tok)
	if !strings.HasPrefix(tok.AccessToken, "Atc|") {
		t.Fatalf("token body %s", body)
	}

	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() {
		var rest strings.Builder
		for l := range lines {
			rest.WriteString(l + "\n")
		}
		if !strings.Contains(rest.String(), "pe-tui sandbox: stopped") {
			waited <- errors.New("no stop message in: " + rest.String())
			return
		}
		waited <- cmd.Wait()
	}()
	select {
	case err := <-waited:
		if err != nil {
			t.Fatalf("after SIGINT: %v\nstderr: %s", err, stderr.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("still running 15 s after SIGINT")
	}
	if cmd.ProcessState.ExitCode() != exitOK {
		t.Fatalf("exit code %d", cmd.ProcessState.ExitCode())
	}
	logs := stderr.String()
	for _, want := range []string{`verdict="token issued"`, `verdict="token refused: wrong client id or secret"`, "status=401", "token=Atc|"} {
		if !strings.Contains(logs, want) {
			t.Errorf("stderr lacks %s:\n%s", want, logs)
		}
	}
	if strings.Contains(logs, secret) || strings.Contains(logs, tok.AccessToken[:9]) {
		t.Errorf("stderr leaks the secret or the token:\n%s", logs)
	}
	// The port is free again.
	if _, err := c.Get(base + "/_emulator/notifications"); err == nil {
		t.Fatal("the sandbox still answers after it stopped")
	}
}

func TestSandboxCommandSIGTERMAndBanner(t *testing.T) {
	bin := testBinary(t)
	cfgPath := filepath.Join(t.TempDir(), "sandbox.json")
	cfg := `{"skillId":"amzn1.ask.skill.CMD","subscribers":[{"userId":"amzn1.ask.account.CMD","locale":"de-DE","stage":"development","eventNames":["AMAZON.WeatherAlert.Activated"]}]}`
	if err := os.WriteFile(cfgPath, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:0", "--config", cfgPath, "--certified")
	var stdout sandboxLockedBuffer
	cmd.Stdout = &stdout
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(stdout.String(), "Press Ctrl+C"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no banner: %q", stdout.String())
		}
	}
	_ = cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("after SIGTERM: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("still running 15 s after SIGTERM")
	}
	out := stdout.String()
	for _, want := range []string{"(allowed)", "subscriber:    amzn1.ask.account.CMD (de-DE, development): AMAZON.WeatherAlert.Activated", "pe-tui sandbox: stopped"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
}

func TestSandboxCommandUsageErrors(t *testing.T) {
	bin := testBinary(t)
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte(`{"rateLimit": "fast"}`), 0o600)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"sandbox", "--addr", "0.0.0.0:8787"}, "not on loopback"},
		{[]string{"sandbox", "--config", filepath.Join(t.TempDir(), "missing.json")}, "cannot read the sandbox config file"},
		{[]string{"sandbox", "--addr", "127.0.0.1:0", "--config", bad}, `"rateLimit" must be a int`},
		{[]string{"sandbox", "extra"}, "unknown command"},
	}
	for _, c := range cases {
		cmd := exec.Command(bin, c.args...)
		var errOut bytes.Buffer
		cmd.Stderr = &errOut
		err := cmd.Run()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != exitUsage || !strings.Contains(errOut.String(), c.want) {
			t.Errorf("%v: %v, stderr %q; want exit %d and %q", c.args, err, errOut.String(), exitUsage, c.want)
		}
	}
	// A port in use is a clear error too.
	first := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:0")
	var out sandboxLockedBuffer
	first.Stdout = &out
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = first.Process.Kill(); _ = first.Wait() })
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(out.String(), "\n"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("first sandbox did not start")
		}
	}
	addr := strings.TrimPrefix(strings.SplitN(out.String(), "\n", 2)[0], "pe-tui sandbox listening on http://")
	second := exec.Command(bin, "sandbox", "--addr", addr)
	var errOut bytes.Buffer
	second.Stderr = &errOut
	err := second.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitUsage || !strings.Contains(errOut.String(), "cannot listen on "+addr) {
		t.Fatalf("port in use: %v %q", err, errOut.String())
	}
}

func TestSandboxHelpDocumentsControlRoutes(t *testing.T) {
	cmd := newSandboxCmd(&globalFlags{})
	for _, want := range []string{"/_emulator/faults", "/_emulator/notifications", "/_emulator/subscribers", "/_emulator/certified",
		"--client-id", "/auth/O2/token", "subscriptionEndpoint", sandboxSecretEnv} {
		if !strings.Contains(cmd.Long, want) && cmd.Flags().Lookup(strings.TrimPrefix(want, "--")) == nil {
			t.Errorf("help lacks %s", want)
		}
	}
}
