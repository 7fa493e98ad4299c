package main

import (
	"runtime/debug"
	"strings"
)

// version is pe-tui's module version as the Go build info records it (e.g.
// v1.2.0 for `go install …@v1.2.0`, a pseudo-version for a build in a git
// checkout, "(devel)" when the build recorded none).
var version, versionLine = buildVersion(debug.ReadBuildInfo)

// buildVersion reads the build info: the module version, and the line
// `pe-tui --version` prints after "pe-tui version ": the module version and,
// when the build recorded them, the VCS revision, its time and whether the
// tree had uncommitted changes.
func buildVersion(read func() (*debug.BuildInfo, bool)) (module, line string) {
	info, ok := read()
	if !ok {
		return "unknown", "unknown (no build information in this binary)"
	}
	module = info.Main.Version
	if module == "" {
		module = "(devel)"
	}
	var vcs []string
	var revision, when string
	modified := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision != "" {
		vcs = append(vcs, "revision "+revision)
	}
	if when != "" {
		vcs = append(vcs, when)
	}
	if modified {
		vcs = append(vcs, "with uncommitted changes")
	}
	line = module
	if len(vcs) > 0 {
		line += " (" + strings.Join(vcs, ", ") + ")"
	}
	return module, line
}
