package main

import (
	"os/exec"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersionComesFromTheBuildInfo runs the built binary's --version and
// compares it with what `go version -m` reads from the same binary: the main
// module's version and the VCS revision.
func TestVersionComesFromTheBuildInfo(t *testing.T) {
	bin := testBinary(t)
	out, err := exec.Command(bin, "--version").CombinedOutput()
	if err != nil {
		t.Fatalf("--version: %v\n%s", err, out)
	}
	meta, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatalf("go version -m: %v", err)
	}
	var mod, rev string
	for _, line := range strings.Split(string(meta), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 3 && f[0] == "mod" && f[1] == "github.com/pe-tui/pe-tui":
			mod = f[2]
		case len(f) >= 2 && f[0] == "build" && strings.HasPrefix(f[1], "vcs.revision="):
			rev = strings.TrimPrefix(f[1], "vcs.revision=")
		}
	}
	got := string(out)
	if mod == "" || !strings.HasPrefix(got, "pe-tui version "+mod) {
		t.Errorf("--version printed %q; the build info says module version %q", got, mod)
	}
	if rev != "" && !strings.Contains(got, "revision "+rev) {
		t.Errorf("--version printed %q; the build info says VCS revision %s", got, rev)
	}
}

// TestBuildVersionWithoutVCS: a binary built without VCS information (a
// `go install …@version`) prints just the module version; one without build
// information says so.
func TestBuildVersionWithoutVCS(t *testing.T) {
	mod, line := buildVersion(func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}}, true
	})
	if mod != "v1.2.0" || line != "v1.2.0" {
		t.Fatalf("got %q, %q", mod, line)
	}
	mod, line = buildVersion(func() (*debug.BuildInfo, bool) {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.time", Value: "2026-12-05T00:00:00Z"}, {Key: "vcs.modified", Value: "true"}}}, true
	})
	if mod != "(devel)" || line != "(devel) (revision abc123, 2026-12-05T00:00:00Z, with uncommitted changes)" {
		t.Fatalf("got %q, %q", mod, line)
	}
	if _, line := buildVersion(func() (*debug.BuildInfo, bool) { return nil, false }); !strings.Contains(line, "no build information") {
		t.Fatalf("got %q", line)
	}
}
