package history

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
)

// EnvPath names the environment variable that overrides the history file path.
const EnvPath = "PE_TUI_HISTORY"

// FileName is the name of the history database inside the state directory.
const FileName = "history.db"

// DefaultPath returns where the history database lives when no path is given:
// $PE_TUI_HISTORY when set; on Linux and other Unix systems
// $XDG_STATE_HOME/pe-tui/history.db, or ~/.local/state/pe-tui/history.db when
// XDG_STATE_HOME is unset or not absolute; on macOS and Windows
// pe-tui/history.db under os.UserConfigDir.
func DefaultPath() (string, error) {
	if p := os.Getenv(EnvPath); p != "" {
		return p, nil
	}
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "plan9":
		dir, err := os.UserConfigDir()
		if err != nil {
			return "", errors.New("history: cannot find the user config directory (" + err.Error() + "); set " + EnvPath + " to the history file path")
		}
		return filepath.Join(dir, "pe-tui", FileName), nil
	}
	if dir := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(dir) {
		return filepath.Join(dir, "pe-tui", FileName), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", errors.New("history: cannot find the home directory (" + err.Error() + "); set " + EnvPath + " to the history file path")
	}
	return filepath.Join(home, ".local", "state", "pe-tui", FileName), nil
}
