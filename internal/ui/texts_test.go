package ui

import (
	"regexp"
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
