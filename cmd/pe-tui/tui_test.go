package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// tuiTestEnv is a fake environment for tuiOptions.
func tuiTestEnv(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestTUIOptionsFromEnvironment(t *testing.T) {
	opts, err := tuiOptions("", tuiTestEnv("NO_COLOR", "1", "EDITOR", "nano", "VISUAL", "code --wait"))
	if err != nil {
		t.Fatal(err)
	}
	if !opts.NoColor {
		t.Fatal("NO_COLOR=1 should turn colours off")
	}
	if opts.Editor != "code --wait" {
		t.Fatalf("VISUAL should win over EDITOR, got %q", opts.Editor)
	}
	if opts.Target.Name != tuiDefaultTarget || !opts.Target.IsSandbox() {
		t.Fatalf("target %+v", opts.Target)
	}
	if opts.Clipboard == nil {
		t.Fatal("the system clipboard should be wired")
	}

	opts, _ = tuiOptions("", tuiTestEnv("NO_COLOR", ""))
	if opts.NoColor {
		t.Fatal("an empty NO_COLOR does not disable colour (no-color.org)")
	}
	if opts.Editor != "vi" {
		t.Fatalf("default editor %q", opts.Editor)
	}
}

func TestTUIOptionsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "event.json")
	body := []byte("{ not json")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := tuiOptions(path, tuiTestEnv())
	if err != nil {
		t.Fatalf("invalid JSON must still open the TUI (the app shows the error): %v", err)
	}
	if string(opts.FileData) != string(body) || opts.FileName != path {
		t.Fatal("the file's text must reach the UI unchanged")
	}

	_, err = tuiOptions(filepath.Join(dir, "missing.json"), tuiTestEnv())
	if err == nil || !strings.Contains(err.Error(), "cannot open the event file") {
		t.Fatalf("a missing file: %v", err)
	}

	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, tuiMaxFileSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := tuiOptions(big, tuiTestEnv()); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("a huge file: %v", err)
	}
}

func TestTUIFileFlagIsOnTheRootCommand(t *testing.T) {
	root := newRootCmd()
	f := root.Flags().Lookup("file")
	if f == nil {
		t.Fatal("--file is missing on the root command")
	}
	if !strings.Contains(f.Usage, "composer") {
		t.Fatalf("--file usage: %q", f.Usage)
	}
	if code := run([]string{"--file", filepath.Join(t.TempDir(), "missing.json")}); code != exitUsage {
		t.Fatalf("a missing --file should exit %d, got %d", exitUsage, code)
	}
}

func TestTUIMemoryLimit(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	debug.SetMemoryLimit(math.MaxInt64)
	tuiLimitMemory(tuiTestEnv("GOMEMLIMIT", "1GiB"))
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("GOMEMLIMIT set by the user must win, limit %d", got)
	}
	tuiLimitMemory(tuiTestEnv())
	if got := debug.SetMemoryLimit(-1); got != tuiMemoryLimit {
		t.Fatalf("limit %d, want %d", got, tuiMemoryLimit)
	}
}
