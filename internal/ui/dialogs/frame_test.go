package dialogs

import (
	"strings"
	"testing"
)

// TestFrameMatchesLipgloss: Frame draws the dialogs' own Box as lipgloss
// draws it, in every style set, for lines that fit: the hand-drawn box of
// kit.DialogFrame agrees with the styles the dialogs are built with.
func TestFrameMatchesLipgloss(t *testing.T) {
	for name, st := range map[string]Styles{"dark": DefaultStyles(true), "light": DefaultStyles(false), "plain": PlainStyles()} {
		body := []string{"plain text", st.Err.Render("✗ ✓ 日本 ok"), ""}
		for _, bw := range []int{24, 40, 76} {
			got := Frame(st, bw, 0, "Title", body, nil, "esc closes")
			lines := append([]string{st.Title.Render("Title"), ""}, body...)
			lines = append(lines, "", st.Muted.Render("esc closes"))
			want := st.Box.Width(bw).Render(strings.Join(lines, "\n"))
			if got != want {
				t.Fatalf("%s, width %d:\ngot\n%s\nwant\n%s", name, bw, got, want)
			}
		}
	}
}
