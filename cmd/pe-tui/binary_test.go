package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

var (
	testBinOnce sync.Once
	testBinPath string
	testBinErr  error
)

// testBinary builds the pe-tui binary once per test run, for the tests and
// benchmarks that run it as users do: as a process, in a terminal, against the
// real keyring.
func testBinary(tb testing.TB) string {
	tb.Helper()
	testBinOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			testBinErr = errors.New("the go tool is not in PATH: " + err.Error())
			return
		}
		dir, err := os.MkdirTemp("", "pe-tui-test-bin")
		if err != nil {
			testBinErr = err
			return
		}
		testBinPath = filepath.Join(dir, "pe-tui")
		if out, err := exec.Command(goTool, "build", "-o", testBinPath, ".").CombinedOutput(); err != nil {
			testBinErr = errors.New("go build: " + err.Error() + "\n" + string(out))
		}
	})
	if testBinErr != nil {
		tb.Fatalf("building pe-tui: %v", testBinErr)
	}
	return testBinPath
}

// testRunBinary runs the binary with env and stdin, appends its combined
// output to all, and returns that output and the exit code.
func testRunBinary(t *testing.T, bin string, env []string, all *strings.Builder, stdin string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	all.Write(out)
	return string(out), testExitCode(t, err)
}

// testExitCode is the exit status of a finished process from its Wait or
// Run error; any other error fails the test.
func testExitCode(t *testing.T, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return 0
}
