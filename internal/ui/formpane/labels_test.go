package formpane

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// TestLabelsAreWholeWhenThereIsRoom: at the form width of an 80-column
// terminal no label of any schema is cut.
func TestLabelsAreWholeWhenThereIsRoom(t *testing.T) {
	for _, s := range schemas.All() {
		m := New(draft.NewDraft(&s, fixedNow), PlainStyles(), fixedNow)
		m.SetSize(42, 0)
		view := ansi.Strip(m.View())
		for _, r := range m.rows {
			if r.kind == kindHeader || r.kind == kindNote {
				continue
			}
			if !strings.Contains(view, strings.Repeat("  ", r.indent)+r.label+" ") {
				t.Errorf("%s: label %q is cut:\n%s", s.Short, r.label, view)
			}
		}
	}
}
