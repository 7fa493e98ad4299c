package dialogs

import (
	"strings"
	"testing"
)

// TestDrawBoxMatchesLipgloss: the hand-drawn frame is what lipgloss draws
// for lines that fit, in both style sets.
func TestDrawBoxMatchesLipgloss(t *testing.T) {
	for name, st := range map[string]Styles{"dark": DefaultStyles(true), "light": DefaultStyles(false), "plain": PlainStyles()} {
		lines := []string{st.Title.Render("Title"), "", "plain text", st.Err.Render("✗ ✓ 日本 ok"), ""}
		for _, bw := range []int{24, 40, 76} {
			got := drawBox(st.Box, bw, lines)
			want := st.Box.Width(bw).Render(strings.Join(lines, "\n"))
			if got != want {
				t.Fatalf("%s, width %d:\ngot\n%s\nwant\n%s", name, bw, got, want)
			}
		}
	}
}
