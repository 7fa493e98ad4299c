package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/autosave"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
	"github.com/pe-tui/pe-tui/internal/ui/response"
)

// newKeepModel returns a 120×40 model that keeps its draft in a temporary
// state directory; kept is the draft a previous run kept (nil for none).
func newKeepModel(t *testing.T, dir string, kept *autosave.Draft) Model {
	t.Helper()
	c := &clock{t: testStart}
	opts := testOptions(t, c)
	opts.Autosave = &autosave.Store{Path: filepath.Join(dir, autosave.FileName)}
	opts.Kept = kept
	m := New(opts)
	return update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
}

func TestDraftIsKeptAndRestored(t *testing.T) {
	dir := t.TempDir()
	m := newKeepModel(t, dir, nil)
	m = press(t, m, "enter", "down", "right") // WeatherAlert, alert type: HURRICANE
	if !quits(t, m, "q") {
		t.Fatal("q should quit")
	}
	if !m.UnsavedDraft() {
		t.Fatal("a changed draft should count as unsaved")
	}
	path, err := m.Flush() // what the CLI does when the UI ends
	if err != nil || path != filepath.Join(dir, autosave.FileName) {
		t.Fatalf("Flush: %q, %v", path, err)
	}
	kept, ok, err := (&autosave.Store{Path: path}).Load()
	if err != nil || !ok || !strings.Contains(string(kept.Text), `"alertType": "HURRICANE"`) {
		t.Fatalf("kept draft: ok %v err %v\n%s", ok, err, kept.Text)
	}
	m2 := newKeepModel(t, dir, &kept)
	if !m2.hasDraft || m2.focus != focusForm {
		t.Fatal("a kept draft should open in the form")
	}
	if v, _ := m2.form.Draft().Text("weatherAlert.alertType"); v != "HURRICANE" {
		t.Fatalf("restored alert type %q", v)
	}
	requireScreen(t, m2, "Restored your unsent draft from "+kept.SavedAt.Format("15:04"))
	if !m2.dirty {
		t.Fatal("a restored draft counts as unsaved: replacing it must ask")
	}
	if !kept.Meta.Unsaved {
		t.Fatal("the kept draft should be marked unsaved")
	}
	// A kept draft that was sent or saved as it is reopens without a question.
	kept.Meta.Unsaved = false
	m3 := newKeepModel(t, dir, &kept)
	requireScreen(t, m3, "Reopened your last draft (from "+kept.SavedAt.Format("15:04")+")")
	if m3.dirty || !m3.hasDraft {
		t.Fatal("a reopened saved draft is unchanged")
	}
}

func TestInvalidTextIsKeptAndRestoredAsText(t *testing.T) {
	dir := t.TempDir()
	kept := &autosave.Draft{Text: []byte(`{"event": {"name": `)}
	m := newKeepModel(t, dir, kept)
	if m.hasDraft || string(m.pending) != string(kept.Text) {
		t.Fatal("invalid kept text should wait for the editor, not be dropped")
	}
	requireScreen(t, m, "Restored your unsent text", "ctrl+o")
	path, err := m.Flush()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), `{\"event\": {\"name\": `) {
		t.Fatalf("the invalid text must stay kept: %v\n%s", err, data)
	}
}

func TestUnchangedDraftDoesNotAskAndContentDecides(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	m = typeText(t, m, "x")
	m = press(t, m, "backspace")
	if m.dirty {
		t.Fatal("typing a letter and deleting it leaves the draft unchanged")
	}
	m = press(t, m, "ctrl+n", "down", "enter")
	if len(m.stack) != 0 || m.form.Draft().Schema.Short != "SportsEvent" {
		t.Fatal("an unchanged draft is replaced without a question")
	}
}

func TestLoadingARecordOverChangesAsks(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	m = typeText(t, m, " Ltd")
	rec := &history.Record{ID: 7, Request: eventJSON(t, testStart, nil)}
	m = update(t, m, historypane.LoadMsg{Record: rec})
	if !topIs[*unsavedDialog](m) {
		t.Fatalf("loading a record over changes must ask:\n%s", screen(m))
	}
	m = press(t, m, "esc")
	if src, _ := m.form.Draft().Text("weatherAlert.source"); src != "Example Weather Corp Ltd" {
		t.Fatalf("esc must keep the draft, source %q", src)
	}
	requireScreen(t, m, "Kept your draft")
	m = update(t, m, historypane.LoadMsg{Record: rec})
	m = press(t, m, "d")
	if src, _ := m.form.Draft().Text("weatherAlert.source"); src == "Example Weather Corp Ltd" || m.dirty {
		t.Fatalf("d must load the record, source %q", src)
	}
	requireScreen(t, m, "Loaded record #7")
}

func TestUndoRedoForm(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	m = typeText(t, m, " Ltd")       // one step: typing in one field
	m = press(t, m, "down", "right") // alert type HURRICANE: a second step
	alert := func() string { v, _ := m.form.Draft().Text("weatherAlert.alertType"); return v }
	src := func() string { v, _ := m.form.Draft().Text("weatherAlert.source"); return v }
	if alert() != "HURRICANE" || src() != "Example Weather Corp Ltd" {
		t.Fatalf("setup: %q %q", alert(), src())
	}
	m = press(t, m, "ctrl+z")
	if alert() == "HURRICANE" || src() != "Example Weather Corp Ltd" {
		t.Fatalf("ctrl+z undoes the enum change only: %q %q", alert(), src())
	}
	m = press(t, m, "ctrl+z")
	if src() != "Example Weather Corp" || m.dirty {
		t.Fatalf("the second ctrl+z undoes the typing at once: %q dirty %v", src(), m.dirty)
	}
	requireScreen(t, m, "Undone")
	m = press(t, m, "alt+y", "alt+y")
	if alert() != "HURRICANE" || src() != "Example Weather Corp Ltd" {
		t.Fatalf("alt+y redoes both: %q %q", alert(), src())
	}
	m = press(t, m, "alt+y")
	requireScreen(t, m, "Nothing to redo")
	// At least 100 steps: 120 enum changes, all undone.
	m = press(t, m, "ctrl+z", "ctrl+z")
	first := alert()
	for range 120 {
		m = press(t, m, "right")
	}
	for range 120 {
		m = press(t, m, "ctrl+z")
	}
	if alert() != first {
		t.Fatalf("after 120 undos the alert type is %q, want %q", alert(), first)
	}
	// The help overlay lists both keys (it scrolls: read all of it).
	var all []string
	for _, sec := range m.helpSections() {
		for _, e := range sec.entries {
			all = append(all, e.keys+" "+e.desc)
		}
	}
	help := strings.Join(all, "\n")
	for _, want := range []string{"ctrl+z", "undo", "alt+y", "redo"} {
		if !strings.Contains(help, want) {
			t.Errorf("the help lacks %q:\n%s", want, help)
		}
	}
}

func TestRenewAfterAcceptedSendAvoids409(t *testing.T) {
	m, _ := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter", "ctrl+s")
	requireScreen(t, m, "Sent: 202 Accepted", "alt+n renews timestamp, expiry and referenceId")
	if m.dirty {
		t.Fatal("a draft equal to what was just sent counts as unchanged")
	}
	ref := m.form.Draft().ReferenceID
	// The same reference id again is a 409 …
	m = press(t, m, "ctrl+s")
	requireScreen(t, m, "409")
	// … and alt+n renews it.
	m = press(t, m, "alt+n")
	if m.form.Draft().ReferenceID == ref {
		t.Fatal("alt+n should make a new reference id")
	}
	m = press(t, m, "ctrl+s")
	if m.response.State() != response.StateResult {
		t.Fatal("no result")
	}
	requireScreen(t, m, "Sent: 202 Accepted · record #3")
}

func TestRestoredDraftKeepsItsLibraryEvent(t *testing.T) {
	m, dir := newLibraryModel(t)
	m = press(t, m, "alt+l", "down", "enter") // storm
	m = press(t, m, "down", "right")          // changed
	path := filepath.Join(t.TempDir(), autosave.FileName)
	store := &autosave.Store{Path: path}
	if err := store.Save(m.rawBody(), autosave.Meta{Library: "storm", Unsaved: true}); err != nil {
		t.Fatal(err)
	}
	kept, _, err := store.Load()
	if err != nil {
		t.Fatal(err)
	}
	lib := &library.Library{Dir: dir, Source: library.SourceFlag}
	e, err := lib.Get("storm")
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: testStart}
	opts := testOptions(t, c)
	opts.Library, opts.Kept, opts.KeptEntry = lib, &kept, e
	m2 := update(t, New(opts), tea.WindowSizeMsg{Width: 160, Height: 40})
	if got := m2.libraryStatus(); got != "library storm · edited" {
		t.Fatalf("library segment %q", got)
	}
}

func TestUndoBringsBackARemovedLocale(t *testing.T) {
	m, _ := loadEvent(t, weatherTwoLocales, 120, 40)
	locs := m.form.Draft().Locales
	n := len(locs)
	if n < 2 {
		t.Fatalf("locales %v", locs)
	}
	second := locs[1]
	before, _ := m.form.Draft().LocalizedText(second, "source")
	if !m.form.FocusPath("localizedAttributes[1]") {
		t.Fatal("no row for the second locale")
	}
	m = press(t, m, "x")
	if len(m.form.Draft().Locales) != n-1 {
		t.Fatalf("x should remove %s: %v", second, m.form.Draft().Locales)
	}
	m = press(t, m, "ctrl+z")
	if got, _ := m.form.Draft().LocalizedText(second, "source"); len(m.form.Draft().Locales) != n || got != before {
		t.Fatalf("ctrl+z should bring %s back with its text %q: %v %q", second, before, m.form.Draft().Locales, got)
	}
	if m.dirty {
		t.Fatal("after the undo the draft equals the file")
	}
}

func TestKeptDraftWriteErrorIsShown(t *testing.T) {
	file := filepath.Join(t.TempDir(), "not-a-dir")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	m := newKeepModel(t, file, nil) // the state "directory" is a file: writes fail
	m = press(t, m, "enter", "down", "right")
	time.Sleep(autosave.DefaultDelay + 300*time.Millisecond) // the background write runs and fails
	m = update(t, m, tickMsg{})
	requireScreen(t, m, "draft not kept")
	if _, err := m.Flush(); err == nil {
		t.Fatal("Flush should report the failed write too")
	}
}
