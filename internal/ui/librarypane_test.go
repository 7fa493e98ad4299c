package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/ui/librarypane"
)

// newLibraryModel returns a 120×40 model with a real library folder holding
// storm.json (a valid event) and broken.json (not JSON).
func newLibraryModel(t *testing.T) (Model, string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "storm.json"), eventJSON(t, testStart, nil), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "broken.json"), []byte("{\n  \"event\": {\n    \"name\": ,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: testStart}
	opts := testOptions(t, c)
	opts.Library = &library.Library{Dir: dir, Source: library.SourceFlag}
	m := New(opts)
	return update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40}), dir
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

func TestLibraryPaneSaveOpenAndInvalidFile(t *testing.T) {
	m, dir := newLibraryModel(t)
	m = press(t, m, "enter")
	m = typeText(t, m, " Ltd")
	m = press(t, m, "alt+l")
	if !topIs[*librarypane.Model](m) {
		t.Fatal("F7 opens the library pane")
	}
	requireScreen(t, m, "Library · 2 events", "broken", "✗", "not valid JSON at 3:", "storm", "WeatherAlert.Activated")
	// a saves the draft under a new name, with placeholders.
	m = press(t, m, "a")
	requireScreen(t, m, "Save to the library", "name: weatheralert")
	m = press(t, m, "ctrl+u")
	m = typeText(t, m, "mine")
	m = press(t, m, "enter")
	data, err := os.ReadFile(filepath.Join(dir, "mine.json"))
	if err != nil || !bytes.Contains(data, []byte(`"referenceId": "{{ref}}"`)) || !bytes.Contains(data, []byte(`"timestamp": "{{now}}"`)) ||
		!bytes.Contains(data, []byte("Example Weather Corp Ltd")) {
		t.Fatalf("mine.json: %v\n%s", err, data)
	}
	requireScreen(t, m, "Saved to the library as mine", "library mine · saved")
	if m.dirty {
		t.Fatal("a saved draft is unchanged")
	}
	m = typeText(t, m, "!")
	requireScreen(t, m, "library mine · edited")

	// Opening broken.json over changes asks; s saves mine first, then opens
	// broken's text for the editor, leaving the file as it is.
	before, _ := os.ReadFile(filepath.Join(dir, "broken.json"))
	m = press(t, m, "alt+l", "enter")
	if !topIs[*unsavedDialog](m) {
		t.Fatalf("opening over changes must ask:\n%s", screen(m))
	}
	m = press(t, m, "s")
	if data, _ := os.ReadFile(filepath.Join(dir, "mine.json")); !bytes.Contains(data, []byte("Ltd!")) {
		t.Fatalf("s should save over mine first:\n%s", data)
	}
	if string(m.pending) != string(before) || !strings.Contains(m.loadErr, "3:") {
		t.Fatalf("broken.json should open as text with line:column; pending %q err %q", m.pending, m.loadErr)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "broken.json")); !bytes.Equal(before, after) {
		t.Fatal("broken.json must never be rewritten")
	}

	// A name that is taken offers save as.
	m = press(t, m, "alt+l", "a", "ctrl+u")
	m = typeText(t, m, "storm")
	m = press(t, m, "enter")
	requireScreen(t, m, "Save as: storm is taken", "already exists")
	m = press(t, m, "esc")

	// Opening storm (no changes now) needs no question.
	m = press(t, m, "alt+l", "down", "down", "enter")
	requireScreen(t, m, "Opened storm from the library", "library storm · saved")
}

func TestLibraryPaneRenameDuplicateDeleteUndo(t *testing.T) {
	m, dir := newLibraryModel(t)
	m = press(t, m, "alt+l", "down") // storm
	m = press(t, m, "r", "ctrl+u")
	m = typeText(t, m, "gale")
	m = press(t, m, "enter")
	if exists(filepath.Join(dir, "storm.json")) || !exists(filepath.Join(dir, "gale.json")) {
		t.Fatal("r should rename storm to gale")
	}
	requireScreen(t, m, "Renamed storm to gale")
	m = press(t, m, "c", "enter")
	if !exists(filepath.Join(dir, "gale-copy.json")) {
		t.Fatal("c should duplicate gale as gale-copy")
	}
	m = press(t, m, "/")
	m = typeText(t, m, "copy")
	m = press(t, m, "enter")
	if es := topOf[*librarypane.Model](m).Entries(); len(es) != 1 || es[0].Name != "gale-copy" {
		t.Fatalf("filter copy: %d entries", len(es))
	}
	body, _ := os.ReadFile(filepath.Join(dir, "gale-copy.json"))
	m = press(t, m, "d")
	requireScreen(t, m, "Delete gale-copy?")
	m = press(t, m, "n")
	if !exists(filepath.Join(dir, "gale-copy.json")) {
		t.Fatal("n keeps the file")
	}
	m = press(t, m, "d", "y")
	if exists(filepath.Join(dir, "gale-copy.json")) {
		t.Fatal("y deletes")
	}
	requireScreen(t, m, "Deleted gale-copy · u undoes")
	m = press(t, m, "u")
	if got, _ := os.ReadFile(filepath.Join(dir, "gale-copy.json")); !bytes.Equal(got, body) {
		t.Fatalf("u should restore the file as it was:\n%s", got)
	}
	// The invalid file can be deleted and restored byte for byte too.
	m = press(t, m, "/", "ctrl+u", "enter", "up", "up")
	broken, _ := os.ReadFile(filepath.Join(dir, "broken.json"))
	m = press(t, m, "d", "y")
	if exists(filepath.Join(dir, "broken.json")) {
		t.Fatalf("d y should delete broken.json too:\n%s", screen(m))
	}
	m = press(t, m, "u")
	if got, _ := os.ReadFile(filepath.Join(dir, "broken.json")); !bytes.Equal(got, broken) {
		t.Fatalf("undo of an invalid file: %q", got)
	}
	m = press(t, m, "esc")
	if len(m.stack) != 0 {
		t.Fatal("esc closes the pane")
	}
}
