package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/history"
)

// BenchmarkTUIResidentMemory measures the resident memory (VmRSS) of the
// real binary in tmux at 120×40 with a history of 100,000 records: at the
// first frame, after opening the history pane (F2), and after walking to
// the oldest record (G, every page read in turn). Budget (design §5):
// ≤ 40 MB, not growing with the record count. Run with
// go test -run '^$' -bench TUIResidentMemory ./cmd/pe-tui/.
func BenchmarkTUIResidentMemory(b *testing.B) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		b.Skip("tmux is not installed")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		b.Skip("no /proc: VmRSS cannot be read here")
	}
	const records = 100_000
	dir := b.TempDir()
	bin := filepath.Join(dir, "pe-tui")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	histPath := filepath.Join(dir, "history.db")
	tuiBuildHistory(b, histPath, records)

	for i := 0; i < b.N; i++ {
		sock := fmt.Sprintf("pe-tui-rss-%d-%d", os.Getpid(), time.Now().UnixNano())
		tm := func(args ...string) (string, error) {
			out, err := exec.Command(tmux, append([]string{"-L", sock}, args...)...).CombinedOutput()
			return string(out), err
		}
		if _, err := tm("new-session", "-d", "-s", "main", "-x", "120", "-y", "40",
			"-e", "PE_TUI_CONFIG_DIR="+filepath.Join(dir, "config"),
			"-e", "PE_TUI_HISTORY="+histPath,
			"-e", "TERM=xterm-256color",
			"sh", "-c", "exec "+shellQuoteTest(bin)); err != nil {
			b.Fatalf("tmux new-session: %v", err)
		}
		waitFor := func(want ...string) {
			b.Helper()
			var last string
			for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
				last, _ = tm("capture-pane", "-p", "-t", "main")
				ok := true
				for _, w := range want {
					ok = ok && strings.Contains(last, w)
				}
				if ok {
					return
				}
			}
			_, _ = tm("kill-server")
			b.Fatalf("screen never showed %q:\n%s", want, last)
		}
		out, err := tm("display-message", "-p", "-t", "main", "#{pane_pid}")
		if err != nil {
			b.Fatal(err)
		}
		pid := strings.TrimSpace(out)
		waitFor("Schemas", "target sandbox")
		start := tuiVmRSS(b, pid)
		_, _ = tm("send-keys", "-t", "main", "F2")
		waitFor("History", "1/100,000")
		open := tuiVmRSS(b, pid)
		_, _ = tm("send-keys", "-t", "main", "G")
		waitFor("100,000/100,000")
		walked := tuiVmRSS(b, pid)
		_, _ = tm("kill-server")
		b.ReportMetric(start, "MB-rss-start")
		b.ReportMetric(open, "MB-rss-history-open")
		b.ReportMetric(walked, "MB-rss-after-walk")
	}
}

// tuiVmRSS reads the resident set size of a process in MB from /proc.
func tuiVmRSS(b *testing.B, pid string) float64 {
	b.Helper()
	f, err := os.Open("/proc/" + pid + "/status")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			if err != nil {
				b.Fatal(err)
			}
			return kb / 1024
		}
	}
	b.Fatal("no VmRSS in /proc/" + pid + "/status")
	return 0
}

// tuiBuildHistory writes a history of n WeatherAlert sends at path (one
// import transaction, the JSON lines streamed through a pipe).
func tuiBuildHistory(b *testing.B, path string, n int) {
	b.Helper()
	st, err := history.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	body := []byte(`{"timestamp":"2026-03-01T09:00:00Z","referenceId":"pe~bench","expiryTime":"2026-03-02T08:00:00Z","event":{"name":"AMAZON.WeatherAlert.Activated","payload":{"weatherAlert":{"source":"Example Weather Corp","alertType":"TORNADO"}}},"localizedAttributes":[],"relevantAudience":{"type":"Multicast","payload":{}}}`)
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		t0 := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
		for i := range n {
			r := &history.Record{
				SentAt: t0.Add(time.Duration(i) * time.Second), Target: "sandbox", Stage: "development",
				EventName: "AMAZON.WeatherAlert.Activated", ReferenceID: fmt.Sprintf("pe~bench%08d", i),
				Audience: "Multicast", Request: body, Status: []int{202, 202, 202, 400, 429}[i%5],
				Latency: time.Millisecond, Attempts: 1,
			}
			if err := enc.Encode(r); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	res, err := st.Import(context.Background(), pr)
	if err != nil || res.Added != n {
		b.Fatalf("import: %+v, %v", res, err)
	}
}
