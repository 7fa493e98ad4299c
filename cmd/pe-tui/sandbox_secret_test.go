package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestSandboxSecretNeverInArgv: the built binary takes the sandbox's client
// secret from a pipe (--secret-stdin), its process arguments (what ps shows
// every user) do not hold it, and the token route accepts exactly it.
// --client-secret is refused with a message saying what to do instead.
func TestSandboxSecretNeverInArgv(t *testing.T) {
	bin := testBinary(t)
	const secret = "argv-test-secret-0123456789"
	cmd := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:0", "--client-id", "argv-id", "--secret-stdin")
	cmd.Env = append(os.Environ(), sandboxSecretEnv+"=")
	cmd.Stdin = strings.NewReader(secret + "\n")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr sandboxLockedBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			first <- sc.Text()
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	var base string
	select {
	case l := <-first:
		base = strings.TrimPrefix(l, "pe-tui sandbox listening on ")
	case <-time.After(30 * time.Second):
		t.Fatalf("no URL printed; stderr: %s", stderr.String())
	}

	argv, err := os.ReadFile("/proc/" + strconv.Itoa(cmd.Process.Pid) + "/cmdline")
	if err != nil {
		t.Skipf("cannot read the process arguments: %v", err)
	}
	if bytes.Contains(argv, []byte(secret)) || !bytes.Contains(argv, []byte("--secret-stdin")) {
		t.Fatalf("process arguments %q", bytes.ReplaceAll(argv, []byte{0}, []byte{' '}))
	}

	c := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{}}
	token := func(sec string) int {
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"argv-id"}, "client_secret": {sec}, "scope": {"alexa::proactive_events"}}
		resp, err := c.PostForm(base+"/auth/o2/token", form)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := token(secret); got != http.StatusOK {
		t.Errorf("the piped secret: %d", got)
	}
	if got := token("something-else"); got != http.StatusUnauthorized {
		t.Errorf("another secret: %d", got)
	}

	refused := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:0", "--client-secret", secret)
	var errOut bytes.Buffer
	refused.Stderr = &errOut
	err = refused.Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitUsage || !strings.Contains(errOut.String(), "--secret-stdin") ||
		strings.Contains(errOut.String(), secret) {
		t.Errorf("--client-secret: %v, stderr %q", err, errOut.String())
	}
}
