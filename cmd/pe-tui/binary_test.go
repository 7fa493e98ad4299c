package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
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
