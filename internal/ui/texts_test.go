package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// lowerAfterStop finds a full stop followed by a lower-case word: a
// sentence that starts without its capital.
var lowerAfterStop = regexp.MustCompile(`\. +[a-z]`)

// The status line reports a removed profile in the one sentence
// credentials.RemoveResult.Sentence writes, as `pe-tui profile remove` does;
// it said "Removed profile alpha. its client secret was deleted…", a
// lower-case sentence after a full stop (issue 14 point 20d).
func TestProfileRemovedStatusIsOneSentence(t *testing.T) {
	m, _ := newTestModel(t, 160, 40)
	for _, note := range []string{"its client secret was deleted from the OS keyring", "the OS keyring held no secret for it"} {
		res := credentials.RemoveResult{SecretNote: note}
		m = update(t, m, dialogs.ProfileRemovedMsg{Name: "alpha", Text: res.Sentence("alpha")})
		got := ansi.Strip(m.statusView())
		requireScreen(t, m, "Removed profile alpha; "+note[:20])
		if lowerAfterStop.MatchString(got) {
			t.Fatalf("status %q has a lower-case sentence after a full stop", got)
		}
	}
}

// A send's outcome in the status line judges the draft as sent: the next
// edit clears it, so "Sent: 202 Accepted" never sits beside a draft that
// was not sent (issue 14 point 20c); the response pane keeps the outcome.
// A message that announces a lasting state stays through an edit.
func TestSentStatusClearsOnEdit(t *testing.T) {
	m, _ := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter", "ctrl+s")
	requireScreen(t, m, "Sent: 202 Accepted · record #1")
	m.focus = focusForm
	m = typeText(t, m, "x")
	if !m.dirty {
		t.Fatalf("typing x did not change the draft:\n%s", screen(m))
	}
	if got := ansi.Strip(m.statusView()); strings.Contains(got, "Sent: 202") {
		t.Fatalf("the status line still says the edited draft was sent: %q", got)
	}
	requireScreen(t, m, "202 Accepted") // the response pane still shows what happened

	m = update(t, m, statusMsg{kind: statusInfo, text: "Marked #1: press c on another record to compare them"})
	m = typeText(t, m, "y")
	if got := ansi.Strip(m.statusView()); !strings.Contains(got, "Marked #1") {
		t.Fatalf("an edit cleared a message about a lasting state: %q", got)
	}
}
