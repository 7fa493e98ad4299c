package main

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
)

// BenchmarkSendProcessVsCurl compares one whole `pe-tui send` process
// (start, validate, token, event, history record, exit) with two curl
// processes doing the same token and event requests, both against a running
// `pe-tui sandbox`. The design budget is send ≤ 1.5 × the two curls; the
// ratio is reported as the "ratio" metric.
func BenchmarkSendProcessVsCurl(b *testing.B) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		b.Skip("curl is not installed; the comparison needs it")
	}
	bin := testBinary(b)
	base := benchStartSandbox(b, bin)
	dir := b.TempDir()

	golden, err := os.ReadFile(filepath.Join("..", "..", "internal", "schemas", "testdata", "golden", "WeatherAlert.json"))
	if err != nil {
		b.Fatal(err)
	}
	req, err := schemas.Decode(golden)
	if err != nil {
		b.Fatal(err)
	}
	body := schemas.Refresh(req, time.Now()).EncodeCompact()
	event := filepath.Join(dir, "event.json")
	if err := os.WriteFile(event, body, 0o600); err != nil {
		b.Fatal(err)
	}
	env := append(os.Environ(), "PE_TUI_CONFIG_DIR="+filepath.Join(dir, "config"), "PE_TUI_HISTORY="+filepath.Join(dir, "history.db"),
		"PE_TUI_CLIENT_ID=", "PE_TUI_CLIENT_SECRET=")
	cr := send.SandboxCredentials

	var sendTotal, curlTotal time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		// The same referenceId each time: the first send gets 202, later ones
		// 409; both tools make the same two requests either way.
		start := time.Now()
		cmd := exec.Command(bin, "send", event, "--target", base)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil && i == 0 {
			b.Fatalf("pe-tui send: %v\n%s", err, out)
		}
		sendTotal += time.Since(start)

		start = time.Now()
		out, err := exec.Command(curl, "-s", "--fail", base+"/auth/o2/token",
			"--data-urlencode", "grant_type=client_credentials",
			"--data-urlencode", "client_id="+cr.ClientID,
			"--data-urlencode", "client_secret="+cr.ClientSecret,
			"--data-urlencode", "scope=alexa::proactive_events").Output()
		if err != nil {
			b.Fatalf("curl token: %v", err)
		}
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(out, &tok) != nil || tok.AccessToken == "" {
			b.Fatalf("curl token answer: %q", out)
		}
		if err := exec.Command(curl, "-s", "-o", "/dev/null", "-X", "POST",
			"-H", "Authorization: Bearer "+tok.AccessToken, "-H", "Content-Type: application/json",
			"--data-binary", "@"+event, base+"/v1/proactiveEvents/stages/development").Run(); err != nil {
			b.Fatalf("curl event: %v", err)
		}
		curlTotal += time.Since(start)
	}
	b.ReportMetric(float64(sendTotal.Nanoseconds())/float64(b.N), "send-ns/op")
	b.ReportMetric(float64(curlTotal.Nanoseconds())/float64(b.N), "2curl-ns/op")
	b.ReportMetric(float64(sendTotal)/float64(curlTotal), "ratio")
}

// benchStartSandbox runs `pe-tui sandbox` on a free loopback port and waits
// until it answers; it is stopped when the benchmark ends.
func benchStartSandbox(b *testing.B, bin string) string {
	b.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	cmd := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:"+strconv.Itoa(port))
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(base + "/_emulator/notifications"); err == nil {
			resp.Body.Close()
			return base
		}
	}
	b.Fatal("pe-tui sandbox did not answer within 10 s")
	return ""
}
