package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// startupRuns is how many times each program starts per benchmark
// iteration; the runs interleave so that load on a shared machine hits
// both alike, and medians are reported.
const startupRuns = 15

// startupContender is one program BenchmarkStartToFirstFrame starts: its
// binary, and texts that are all on the screen once its first full frame is.
type startupContender struct {
	name string
	bin  string
	want []string
}

// BenchmarkStartToFirstFrame measures, in a real terminal (tmux), the time
// from asking tmux to start a program to its first full frame on the
// screen, for the built pe-tui and for the smallest Bubble Tea v2 program
// (testdata/teaminimal), started alternately startupRuns times each. It
// reports the medians (ms) and their ratio (design goal: ≤ 1.2). With
// PE_TUI_STARTUP_BEFORE set to another pe-tui binary, that binary runs in
// the same interleaving too (before/after comparisons in one run).
//
//	go test ./cmd/pe-tui -run '^$' -bench StartToFirstFrame -benchtime 1x
func BenchmarkStartToFirstFrame(b *testing.B) {
	if _, err := exec.LookPath("tmux"); err != nil {
		b.Skip("tmux is not installed")
	}
	dir := b.TempDir()
	build := func(out, pkg string) string {
		bin := filepath.Join(dir, out)
		if o, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			b.Fatalf("go build %s: %v\n%s", pkg, err, o)
		}
		return bin
	}
	peWant := []string{"Schemas", "WeatherAlert", "target sandbox"}
	cs := []startupContender{
		{"tea", build("teaminimal", "./testdata/teaminimal"), []string{"teaminimal first frame", "ready"}},
		{"pe-tui", build("pe-tui", "."), peWant},
	}
	if before := os.Getenv("PE_TUI_STARTUP_BEFORE"); before != "" {
		cs = append(cs, startupContender{"before", before, peWant})
	}

	sock := fmt.Sprintf("pe-tui-startup-%d-%d", os.Getpid(), time.Now().UnixNano())
	tm := func(args ...string) (string, error) {
		out, err := exec.Command("tmux", append([]string{"-L", sock}, args...)...).CombinedOutput()
		return string(out), err
	}
	home := filepath.Join(dir, "home")
	env := []string{
		"HOME=" + home,
		"XDG_CONFIG_HOME=" + filepath.Join(home, ".config"),
		"XDG_STATE_HOME=" + filepath.Join(home, ".state"),
		"PE_TUI_CONFIG_DIR=" + filepath.Join(dir, "config"),
		"PE_TUI_HISTORY=" + filepath.Join(dir, "history.db"),
		"PE_TUI_STATE_DIR=" + filepath.Join(dir, "state"),
		"PE_TUI_LIBRARY=" + filepath.Join(dir, "library"),
		"TERM=xterm-256color",
	}
	// The server runs for the whole benchmark, so that its start is in no run.
	if out, err := tm("new-session", "-d", "-s", "keep", "-x", "120", "-y", "40", "sleep", "3600"); err != nil {
		b.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	b.Cleanup(func() { _, _ = tm("kill-server") })

	run := func(c startupContender, i int) time.Duration {
		s := fmt.Sprintf("r%d", i)
		args := []string{"new-session", "-d", "-s", s, "-x", "120", "-y", "40"}
		for _, e := range env {
			args = append(args, "-e", e)
		}
		start := time.Now()
		if out, err := tm(append(args, c.bin)...); err != nil {
			b.Fatalf("tmux new-session %s: %v\n%s", c.name, err, out)
		}
		defer func() { _, _ = tm("kill-session", "-t", s) }()
		var screen string
		for time.Since(start) < 20*time.Second {
			screen, _ = tm("capture-pane", "-p", "-t", s)
			ok := true
			for _, w := range c.want {
				ok = ok && strings.Contains(screen, w)
			}
			if ok {
				return time.Since(start)
			}
			time.Sleep(time.Millisecond)
		}
		b.Fatalf("%s: no first frame in 20 s; the screen:\n%s", c.name, screen)
		return 0
	}

	n := 0
	times := make([][]time.Duration, len(cs))
	// One warm-up start each: the page cache holds the binaries and pe-tui's
	// history file exists, as on any start but the very first.
	for _, c := range cs {
		run(c, n)
		n++
	}
	b.ResetTimer()
	for range b.N {
		for range startupRuns {
			for i, c := range cs {
				times[i] = append(times[i], run(c, n))
				n++
			}
		}
	}
	b.StopTimer()
	med := make([]float64, len(cs))
	for i, c := range cs {
		slices.Sort(times[i])
		med[i] = float64(times[i][len(times[i])/2].Microseconds()) / 1000
		b.ReportMetric(med[i], c.name+"-median-ms")
		b.Logf("%s: median %.1f ms, min %v, max %v over %d starts", c.name, med[i], times[i][0], times[i][len(times[i])-1], len(times[i]))
	}
	b.ReportMetric(med[1]/med[0], "pe-tui/tea")
	if len(cs) > 2 {
		b.ReportMetric(med[2]/med[0], "before/tea")
	}
}
