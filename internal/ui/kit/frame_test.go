package kit

import (
	"regexp"
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// paneStyles are the pane frame styles the UI draws with: coloured for a
// dark and a light background, and NO_COLOR's bold, faint and reverse.
func paneStyles() map[string]*PaneStyles {
	n := lipgloss.NewStyle()
	out := map[string]*PaneStyles{
		"plain": {BorderFocused: n.Bold(true), BorderBlurred: n.Faint(true), TitleFocused: n.Bold(true).Reverse(true), TitleBlurred: n},
	}
	for name, dark := range map[string]bool{"dark": true, "light": false} {
		p := NewPalette(dark)
		out[name] = &PaneStyles{
			BorderFocused: n.Foreground(p.Accent), BorderBlurred: n.Foreground(p.Border),
			TitleFocused: n.Foreground(p.Accent).Bold(true), TitleBlurred: n.Foreground(p.Muted),
		}
	}
	return out
}

// dialogStyles are the dialog box styles the UI draws with.
func dialogStyles() map[string]DialogStyles {
	n := lipgloss.NewStyle()
	out := map[string]DialogStyles{
		"plain": {Box: n.Border(lipgloss.NormalBorder()).Padding(0, 1), Title: n.Bold(true), Muted: n.Faint(true)},
	}
	for name, dark := range map[string]bool{"dark": true, "light": false} {
		p := NewPalette(dark)
		out[name] = DialogStyles{
			Box:   n.Border(lipgloss.RoundedBorder()).BorderForeground(p.Accent).Padding(0, 1),
			Title: n.Foreground(p.Accent).Bold(true),
			Muted: n.Foreground(p.Muted),
		}
	}
	return out
}

// checkBlock fails unless s has exactly h rows of exactly w cells each.
func checkBlock(t *testing.T, what, s string, w, h int) {
	t.Helper()
	rows := strings.Split(s, "\n")
	if len(rows) != h {
		t.Fatalf("%s: %d rows, want %d:\n%s", what, len(rows), h, s)
	}
	for i, r := range rows {
		if got := ansi.StringWidth(r); got != w {
			t.Fatalf("%s: row %d is %d cells, want %d: %q", what, i, got, w, r)
		}
	}
}

// Lines that stress the cutting: wide characters at odd widths, escape
// sequences, tabs' neighbours, embedded newlines and a huge line.
var contentLines = []string{
	"plain",
	"日本語のテキストが続く",
	"\x1b[1mbold\x1b[m and ✓ ✗ → …",
	"two\nrows",
	strings.Repeat("x", 5000),
	"",
}

// TestPaneFrameRowWidths: every row of a pane frame is exactly w cells and
// there are exactly h rows, for every style set, padding and title, down
// to the smallest frame.
func TestPaneFrameRowWidths(t *testing.T) {
	titles := []string{"Form", "Form · weatherAlertActivity", "日本語のタイトル", ""}
	for name, st := range paneStyles() {
		for pad := 0; pad <= 1; pad++ {
			for w := 2 + 2*pad; w <= 40; w++ {
				for h := 2; h <= 8; h++ {
					content := FitBlock(contentLines, w-2-2*pad, h-2)
					for _, title := range titles {
						for _, focused := range []bool{true, false} {
							got := PaneFrame(st, title, content, w, h, pad, focused)
							checkBlock(t, name+" "+title, got, w, h)
						}
					}
				}
			}
		}
	}
}

// TestPaneFrameExact pins the drawing itself with unstyled styles: corners,
// title in the top edge, padding, content rows and blank rows for missing
// content; nothing but the frame's characters and the content.
func TestPaneFrameExact(t *testing.T) {
	want := "╭─ Form ───╮\n" +
		"│ ab       │\n" +
		"│ cd       │\n" +
		"│          │\n" +
		"╰──────────╯"
	got := PaneFrame(&PaneStyles{}, "Form", FitBlock([]string{"ab", "cd"}, 8, 2), 12, 5, 1, true)
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// Too narrow for a title (fewer than 4 inner cells): an unbroken edge.
	if got, want := PaneFrame(&PaneStyles{}, "Form", "ab", 4, 3, 0, true), "╭──╮\n│ab│\n╰──╯"; got != want {
		t.Fatalf("narrow frame:\n%s\nwant\n%s", got, want)
	}
}

// TestPaneFrameTitleCut: a title longer than the top edge is cut with "…"
// and the edge keeps its corners and width; a title that fits is whole.
func TestPaneFrameTitleCut(t *testing.T) {
	st := &PaneStyles{}
	top := func(title string, w int) string {
		return strings.SplitN(PaneFrame(st, title, "", w, 3, 0, false), "\n", 2)[0]
	}
	if got, want := top("abcdefghij", 10), "╭─ abcde…╮"; got != want {
		t.Errorf("long title: %q, want %q", got, want)
	}
	if got, want := top("日本語のタイトル", 12), "╭─ 日本語…─╮"; got != want {
		t.Errorf("wide title: %q, want %q", got, want)
	}
	if got, want := top("abc", 10), "╭─ abc ──╮"; got != want {
		t.Errorf("short title: %q, want %q", got, want)
	}
	for w := 6; w < 30; w++ {
		got := top(strings.Repeat("t", 40), w)
		if !strings.HasSuffix(got, "…╮") || ansi.StringWidth(got) != w {
			t.Fatalf("width %d: %q", w, got)
		}
	}
}

// TestPaneFrameDegenerate: sizes that leave no room for the frame draw the
// content alone, fitted to w×h by FitBlock.
func TestPaneFrameDegenerate(t *testing.T) {
	content := "first line\nsecond"
	for _, c := range []struct{ w, h, pad int }{
		{1, 5, 0}, // narrower than two edges
		{3, 5, 1}, // narrower than two edges and the padding
		{20, 1, 0},
		{20, 0, 1},
		{0, 5, 0},
	} {
		got := PaneFrame(paneStyles()["dark"], "Title", content, c.w, c.h, c.pad, true)
		want := FitBlock([]string{content}, c.w, c.h)
		if got != want {
			t.Errorf("%+v: %q, want FitBlock's %q", c, got, want)
		}
		if strings.ContainsAny(got, "╭╰│") {
			t.Errorf("%+v: a frame was drawn: %q", c, got)
		}
	}
	if got, want := PaneFrame(&PaneStyles{}, "T", content, 5, 1, 0, true), "firs…"; got != want {
		t.Errorf("one row: %q, want %q", got, want)
	}
}

// TestPaneFrameFocus: the focused styles draw the focused pane's border and
// title, the blurred styles the others'.
func TestPaneFrameFocus(t *testing.T) {
	n := lipgloss.NewStyle()
	st := &PaneStyles{
		BorderFocused: n.Bold(true), BorderBlurred: n.Faint(true),
		TitleFocused: n.Underline(true), TitleBlurred: n.Italic(true),
	}
	frame := func(focused bool) string { return PaneFrame(st, "T", "ab", 8, 3, 0, focused) }
	for _, c := range []struct {
		focused       bool
		border, title lipgloss.Style
	}{
		{true, st.BorderFocused, st.TitleFocused},
		{false, st.BorderBlurred, st.TitleBlurred},
	} {
		want := c.border.Render("╭─") + c.title.Render(" T ") + c.border.Render("──╮") + "\n" +
			c.border.Render("│") + "ab    " + c.border.Render("│") + "\n" +
			c.border.Render("╰──────╯")
		if got := PaneFrame(st, "T", "ab    ", 8, 3, 0, c.focused); got != want {
			t.Errorf("focused=%v:\n%q\nwant\n%q", c.focused, got, want)
		}
	}
	if frame(true) == frame(false) {
		t.Error("focused and blurred frames are the same")
	}
}

// sgrColour matches an SGR sequence that sets a colour (foreground,
// background or underline colour, 16/256/true colour).
var sgrColour = regexp.MustCompile(`\x1b\[[0-9;:]*(3[0-9]|4[0-9]|9[0-7]|10[0-7]|58)[;:m]`)

// TestFramesNoColor: under NO_COLOR the frames carry no colour. Unstyled
// styles give no escape sequence at all; NO_COLOR's own styles (bold,
// faint, reverse) give attributes only, never a colour.
func TestFramesNoColor(t *testing.T) {
	content := FitBlock(contentLines, 16, 6)
	for _, focused := range []bool{true, false} {
		if got := PaneFrame(&PaneStyles{}, "Title", content, 20, 8, 1, focused); strings.Contains(got, "\x1b") != strings.Contains(content, "\x1b") ||
			strings.Count(got, "\x1b") != strings.Count(content, "\x1b") {
			t.Errorf("unstyled pane frame added escape sequences: %q", got)
		}
		plain := PaneFrame(paneStyles()["plain"], "Title", content, 20, 8, 1, focused)
		if sgrColour.MatchString(plain) {
			t.Errorf("NO_COLOR pane frame has a colour: %q", plain)
		}
	}
	body := []string{"one", "two"}
	if got := DialogFrame(DialogStyles{Box: lipgloss.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 1)}, 20, 0, "Title", body, nil, "esc closes"); strings.Contains(got, "\x1b") {
		t.Errorf("unstyled dialog frame has escape sequences: %q", got)
	}
	if got := DialogFrame(dialogStyles()["plain"], 20, 0, "Title", body, nil, "esc closes"); sgrColour.MatchString(got) {
		t.Errorf("NO_COLOR dialog frame has a colour: %q", got)
	}
	// The pattern does find the colours of the coloured styles.
	if !sgrColour.MatchString(PaneFrame(paneStyles()["dark"], "Title", content, 20, 8, 1, true)) {
		t.Error("the colour pattern finds no colour in a coloured frame")
	}
}

// TestFitBlock: every row exactly w cells, exactly h rows; long lines cut
// with "…", short ones padded, missing rows blank, embedded newlines split.
func TestFitBlock(t *testing.T) {
	for w := 1; w <= 30; w++ {
		for h := 1; h <= 9; h++ {
			checkBlock(t, "FitBlock", FitBlock(contentLines, w, h), w, h)
		}
	}
	got := FitBlock([]string{"abcdefgh", "ab\ncd", "日本語"}, 5, 5)
	want := "abcd…\nab   \ncd   \n日本…\n     "
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := FitBlock([]string{"x"}, 0, 3) + FitBlock([]string{"x"}, 3, 0); got != "" {
		t.Errorf("empty size: %q", got)
	}
}

// TestDialogFrame: every row of a dialog box is exactly bw cells; the
// title, body, footer and hint are cut with "…" to the inner width; with a
// height the body is cut from the bottom (its last row "…") and the footer
// and hint stay.
func TestDialogFrame(t *testing.T) {
	body := []string{"a body line that is longer than most boxes are wide", "日本語のテキストが続く", "two\nrows", "", "last"}
	for name, st := range dialogStyles() {
		for bw := 8; bw <= 60; bw++ {
			got := DialogFrame(st, bw, 0, "A title longer than the narrow boxes", body, []string{"[ OK ]"}, "enter ok · esc cancels")
			checkBlock(t, name, got, bw, 2+2+6+1+2)
		}
		got := DialogFrame(st, 20, 9, "T", body, []string{"footer"}, "hint")
		checkBlock(t, name+" cut", got, 20, 9)
		rows := strings.Split(ansi.Strip(got), "\n")
		for i, want := range []string{"T", "", "a body line tha…", "…", "footer", "", "hint"} {
			if r := strings.TrimRight(strings.Trim(rows[i+1], "│| "), " "); r != want {
				t.Errorf("%s: row %d is %q, want %q", name, i+1, r, want)
			}
		}
	}
	st := DialogStyles{Box: lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).Padding(0, 1)}
	got := DialogFrame(st, 12, 0, "A long title", []string{"body"}, nil, "")
	want := "╭──────────╮\n" +
		"│ A long … │\n" +
		"│          │\n" +
		"│ body     │\n" +
		"╰──────────╯"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if iw := DialogInnerWidth(st.Box, 12); iw != 8 {
		t.Errorf("inner width %d, want 8", iw)
	}
}

// TestDrawBoxMatchesLipgloss: the hand-drawn box is what lipgloss draws for
// lines that fit, in every style set.
func TestDrawBoxMatchesLipgloss(t *testing.T) {
	for name, st := range dialogStyles() {
		lines := []string{st.Title.Render("Title"), "", "plain text", st.Muted.Render("✗ ✓ 日本 ok"), ""}
		for _, bw := range []int{24, 40, 76} {
			got := drawBox(&st.Box, bw, lines)
			want := st.Box.Width(bw).Render(strings.Join(lines, "\n"))
			if got != want {
				t.Fatalf("%s, width %d:\ngot\n%s\nwant\n%s", name, bw, got, want)
			}
		}
	}
}
