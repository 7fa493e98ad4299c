package library

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// EnvDir names the environment variable that chooses the library folder.
const EnvDir = "PE_TUI_LIBRARY"

// ProjectDir is the folder that marks a project with a shared library; its
// events live in ProjectDir/EventsDir.
const (
	ProjectDir = ".pe-tui"
	EventsDir  = "events"
)

// Source says why a library folder was chosen.
type Source string

// The sources of Locate, in the order they are tried.
const (
	SourceFlag    Source = "--library"
	SourceEnv     Source = "$" + EnvDir
	SourceProject Source = "project"
	SourceUser    Source = "user"
)

// Locate returns the library folder and why it was chosen: flagDir when it
// is not empty (--library), else $PE_TUI_LIBRARY, else ProjectDir/EventsDir
// in cwd or its nearest parent that has a ProjectDir folder (a team commits
// it with the project), else the user data directory: on Linux and other
// Unix systems $XDG_DATA_HOME/pe-tui/events or ~/.local/share/pe-tui/events,
// on macOS and Windows pe-tui/events under os.UserConfigDir. The folder need
// not exist yet; saving creates it.
func Locate(flagDir, cwd string) (string, Source, error) {
	if flagDir != "" {
		return flagDir, SourceFlag, nil
	}
	if d := os.Getenv(EnvDir); d != "" {
		return d, SourceEnv, nil
	}
	if cwd != "" {
		for d := filepath.Clean(cwd); ; {
			if fi, err := os.Stat(filepath.Join(d, ProjectDir)); err == nil && fi.IsDir() {
				return filepath.Join(d, ProjectDir, EventsDir), SourceProject, nil
			}
			up := filepath.Dir(d)
			if up == d {
				break
			}
			d = up
		}
	}
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "plan9":
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", "", errors.New("library: cannot find the user config directory (" + err.Error() + "); give --library DIR or set " + EnvDir)
		}
		return filepath.Join(dir, "pe-tui", EventsDir), SourceUser, nil
	}
	if dir := os.Getenv("XDG_DATA_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "pe-tui", EventsDir), SourceUser, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", "", errors.New("library: cannot find the home directory (" + err.Error() + "); give --library DIR or set " + EnvDir)
	}
	return filepath.Join(home, ".local", "share", "pe-tui", EventsDir), SourceUser, nil
}
