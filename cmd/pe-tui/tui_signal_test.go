//go:build unix

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestTUIRestoresTerminalOnSignals: SIGHUP and SIGTERM end the TUI (run in
// a real terminal, tmux) with status 0 and the terminal back in its normal
// (canonical) mode; SIGHUP used to kill it in raw mode.
func TestTUIRestoresTerminalOnSignals(t *testing.T) {
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	bin := testBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGHUP, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			sock := fmt.Sprintf("pe-tui-sig-%d-%d", os.Getpid(), time.Now().UnixNano())
			tm := func(args ...string) (string, error) {
				out, err := exec.Command(tmux, append([]string{"-L", sock}, args...)...).CombinedOutput()
				return string(out), err
			}
			result := filepath.Join(dir, "result")
			// After pe-tui: its status, then whether the terminal is canonical again.
			script := fmt.Sprintf("%s; echo \"exit=$?\" > %s; stty -a | tr ' ;' '\\n\\n' | grep -x -- '-\\{0,1\\}icanon' >> %s; sleep 30",
				shellQuoteTest(bin), shellQuoteTest(result), shellQuoteTest(result))
			if _, err := tm("new-session", "-d", "-s", "main", "-x", "120", "-y", "40",
				"-e", "PE_TUI_CONFIG_DIR="+filepath.Join(dir, "config"),
				"-e", "PE_TUI_HISTORY="+filepath.Join(dir, "history.db"),
				"-e", "TERM=xterm-256color",
				"sh", "-c", script); err != nil {
				t.Fatalf("tmux new-session: %v", err)
			}
			t.Cleanup(func() { _, _ = tm("kill-server") })
			deadline := time.Now().Add(15 * time.Second)
			for {
				out, _ := tm("capture-pane", "-p", "-t", "main")
				if strings.Contains(out, "WeatherAlert") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatalf("the TUI never showed; screen:\n%s", out)
				}
				time.Sleep(50 * time.Millisecond)
			}
			shPid, err := tm("display", "-p", "-t", "main", "#{pane_pid}")
			if err != nil {
				t.Fatal(err)
			}
			shPid = strings.TrimSpace(shPid)
			children, err := os.ReadFile("/proc/" + shPid + "/task/" + shPid + "/children")
			if err != nil {
				t.Skip("cannot find the child process here:", err)
			}
			pid, err := strconv.Atoi(strings.Fields(string(children))[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := syscall.Kill(pid, sig); err != nil {
				t.Fatal(err)
			}
			deadline = time.Now().Add(15 * time.Second)
			for {
				data, _ := os.ReadFile(result)
				if lines := strings.Fields(string(data)); len(lines) == 2 {
					if lines[0] != "exit=0" || lines[1] != "icanon" {
						t.Fatalf("after %v: %q, want exit=0 and icanon (terminal restored)", sig, lines)
					}
					return
				}
				if time.Now().After(deadline) {
					t.Fatalf("no result after %v: %q", sig, data)
				}
				time.Sleep(50 * time.Millisecond)
			}
		})
	}
}
