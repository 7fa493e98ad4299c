package kit

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Overlay draws box centred on top of screen (both already styled).
func Overlay(screen, box string, w, h int) string {
	lines := strings.Split(screen, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	boxLines := strings.Split(box, "\n")
	bw := 0
	for _, l := range boxLines {
		bw = max(bw, ansi.StringWidth(l))
	}
	bw = min(bw, w)
	if len(boxLines) > h {
		boxLines = boxLines[:h]
	}
	x := max((w-bw)/2, 0)
	y := max((h-len(boxLines))/2, 0)
	for i, bl := range boxLines {
		row := y + i
		base := lines[row]
		left := ansi.Truncate(base, x, "")
		left = PadRight(left, x)
		right := ""
		if ansi.StringWidth(base) > x+bw {
			right = ansi.Cut(base, x+bw, ansi.StringWidth(base))
		}
		lines[row] = left + ansi.Truncate(PadRight(bl, bw), bw, "") + right
	}
	return strings.Join(lines, "\n")
}
