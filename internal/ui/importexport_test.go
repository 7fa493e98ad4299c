package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/export"
	"github.com/pe-tui/pe-tui/internal/importer"
)

// curlTo is testdata/import_curl.sh (a curl command posting a MessageAlert,
// with the times and reference id as a tutorial writes them: shell
// expansions) with BASE_URL replaced by url.
func curlTo(t *testing.T, url string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/import_curl.sh")
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "BASE_URL", url)
}

// TestImportPastedCurl: alt+i, a pasted curl command and ctrl+s show what
// was found; enter opens the event in the form without switching the
// target; t offers the recognised target and switches only when chosen.
func TestImportPastedCurl(t *testing.T) {
	for _, switchTarget := range []bool{false, true} {
		m, _ := newTestModel(t, 120, 40)
		m = press(t, m, "alt+i")
		if !topIs[*importDialog](m) {
			t.Fatal("alt+i did not open the import dialog")
		}
		// A terminal pastes line ends as CR.
		m = update(t, m, tea.PasteMsg{Content: strings.ReplaceAll(curlTo(t, "http://127.0.0.1:8080"), "\n", "\r")})
		m = press(t, m, "ctrl+s")
		requireScreen(t, m, "Format curl", "target sandbox", "[ ] t switches the target to sandbox (now na-dev)", "the Authorization header was dropped")
		if switchTarget {
			m = press(t, m, "t")
			requireScreen(t, m, "[x] t switches the target to sandbox")
		}
		m = press(t, m, "enter")
		if len(m.stack) != 0 || !m.hasDraft {
			t.Fatalf("the event did not open: stack %d, loadErr %q", len(m.stack), m.loadErr)
		}
		if got := m.dv.Request.EventName(); got != "AMAZON.MessageAlert.Activated" {
			t.Fatalf("event %q", got)
		}
		if m.dv.Errors != 0 {
			t.Fatalf("the imported event has errors (the {{now}} and {{ref}} placeholders were not expanded?): %v", m.dv.Findings)
		}
		// It opens as a library event does: the draft keeps the
		// placeholders for what the snippet computed, the checks and the
		// preview see their values, and nothing is left to fill in.
		for _, field := range []string{"timestamp", "referenceId", "expiryTime"} {
			tmpl, sent := m.dv.Template.String(field), m.dv.Request.String(field)
			if !strings.HasPrefix(tmpl, "{{") || strings.Contains(sent, "{{") {
				t.Fatalf("%s: draft %q, as sent %q: want the placeholder kept and expanded for the checks", field, tmpl, sent)
			}
		}
		requireScreen(t, m, "Imported into the form")
		rejectScreen(t, m, "fill in the placeholders")
		if got := m.target.Name; (got == "sandbox") != switchTarget {
			t.Fatalf("switch %v: target %q", switchTarget, got)
		}
	}
}

// TestImportUnparseableKeepsText: a body that cannot be parsed is shown
// with its line and column, and enter keeps the text for the editor as
// invalid JSON from --file is kept.
func TestImportUnparseableKeepsText(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "alt+i")
	text := "{\n  \"timestamp\": \"x\",\n  \"event\": {\"name\": \n}"
	m = update(t, m, tea.PasteMsg{Content: text})
	m = press(t, m, "ctrl+s")
	requireScreen(t, m, "line 4, column")
	m = press(t, m, "enter")
	if !topIs[*badJSONDialog](m) {
		t.Fatal("the unparseable text did not go the invalid-JSON way")
	}
	if string(m.pending) != text {
		t.Fatalf("the text was not kept: %q", m.pending)
	}
}

// TestImportPasteCap: a paste that would pass importer.MaxInput is refused
// with a message and the text typed so far is kept.
func TestImportPasteCap(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "alt+i")
	m = typeText(t, m, "curl")
	m = update(t, m, tea.PasteMsg{Content: strings.Repeat("x", importer.MaxInput)})
	requireScreen(t, m, "Not added", "8 MiB")
	d := topOf[*importDialog](m)
	if string(d.text) != "curl" {
		t.Fatalf("text %q", d.text[:min(len(d.text), 20)])
	}
	// Just under the cap is taken, and the dialog shows its end.
	m = press(t, m, "ctrl+u")
	m = update(t, m, tea.PasteMsg{Content: strings.Repeat("y", importer.MaxInput-10) + "\nTHE END"})
	requireScreen(t, m, "THE END", "2 lines")
}

// BenchmarkImportPaste8MiB measures a paste just under the cap and the
// frame drawn after it.
func BenchmarkImportPaste8MiB(b *testing.B) {
	m, _ := newTestModel(b, 120, 40)
	m = press(b, m, "alt+i")
	text := strings.Repeat(strings.Repeat("z", 99)+"\n", importer.MaxInput/100-1)
	b.ResetTimer()
	for b.Loop() {
		d := newImportDialog(m.keys, "")
		d.SetSize(120, 40)
		d.SetStyles(m.styles.Dialogs)
		d.Handle(tea.PasteMsg{Content: text})
		_ = d.View()
	}
}

// TestExportNode: alt+e writes the Node program under its default name in
// the current directory, names the full path, and never replaces a file
// without asking.
func TestExportNode(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	m, c := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	m = press(t, m, "alt+e")
	want := filepath.Join(dir, export.FileName(export.Node))
	requireScreen(t, m, "Export a sender program", "node", "python", "java", "curl")
	m = press(t, m, "enter")
	requireScreen(t, m, "Wrote "+want)
	prog, err := os.ReadFile(want)
	if err != nil || !bytes.Contains(prog, []byte("ALEXA_CLIENT_ID")) {
		t.Fatalf("%s: %v", want, err)
	}
	// Again: the file exists; n keeps it, y replaces it.
	c.Advance(0)
	if err := os.WriteFile(want, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "alt+e", "enter")
	requireScreen(t, m, "already exists.", "Replace it?")
	m = press(t, m, "n")
	if b, _ := os.ReadFile(want); string(b) != "mine" {
		t.Fatal("the file was replaced without asking")
	}
	m = press(t, m, "enter", "y")
	if b, _ := os.ReadFile(want); string(b) == "mine" {
		t.Fatal("y did not replace the file")
	}
	requireScreen(t, m, "Wrote "+want)
	// ↓ picks python and its file name.
	m = press(t, m, "alt+e", "down")
	requireScreen(t, m, export.FileName(export.Python))
}

// TestExportRefusals: placeholders are refused outright; errors ask first.
func TestExportRefusals(t *testing.T) {
	t.Chdir(t.TempDir())
	body := string(eventJSON(t, testStart, nil))
	withPlaceholder := strings.Replace(body, `"timestamp"`, `"x": "{{NAME}}", "timestamp"`, 1)
	m, _ := loadEvent(t, withPlaceholder, 120, 40)
	m = press(t, m, "alt+e")
	requireScreen(t, m, "Cannot export", "placeholders ({{NAME}})")
	m = press(t, m, "enter")
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Fatal("a refused export wrote a file")
	}
	if m = press(t, m, "esc"); len(m.stack) != 0 {
		t.Fatal("esc did not close the refusal")
	}

	withError := strings.Replace(body, `"TORNADO"`, `"NOT_A_KIND"`, 1)
	if withError == body {
		t.Fatal("the sample has no TORNADO alert type to break")
	}
	m, _ = loadEvent(t, withError, 120, 40)
	m = press(t, m, "alt+e")
	requireScreen(t, m, "Export with errors?", "a exports anyway")
	m = press(t, m, "enter")
	requireScreen(t, m, "Export with errors?")
	m = press(t, m, "a", "enter")
	requireScreen(t, m, "Wrote ")
}

// TestImportLeavesUnknownPlaceholdersToFill: a placeholder nothing can
// expand stays in the draft as an error, and the status line says to fill
// it in.
func TestImportLeavesUnknownPlaceholdersToFill(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "alt+i")
	body := `{"timestamp": "{{now}}", "referenceId": "{{ref}}", "expiryTime": "{{now+2h}}",
	  "event": {"name": "AMAZON.MessageAlert.Activated", "payload": {"state": {"status": "UNREAD", "freshness": "NEW"}, "messageGroup": {"creator": {"name": "{{ANDY_NAME}}"}, "count": 5, "urgency": "URGENT"}}},
	  "localizedAttributes": [], "relevantAudience": {"type": "Multicast", "payload": {}}}`
	m = update(t, m, tea.PasteMsg{Content: body})
	m = press(t, m, "ctrl+s")
	m = press(t, m, "enter")
	if !m.hasDraft {
		t.Fatalf("the event did not open: %q", m.loadErr)
	}
	if m.dv.Unfilled() != 1 {
		t.Fatalf("unfilled placeholders %d, want 1 ({{ANDY_NAME}}): %v", m.dv.Unfilled(), m.dv.Findings)
	}
	requireScreen(t, m, "Imported into the form; fill in the placeholders left in it")
}
