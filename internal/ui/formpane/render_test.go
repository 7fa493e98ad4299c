package formpane

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// The rows kept from earlier renders always equal a fresh render of every
// row: a long random walk of keys, clock ticks and derived states over every
// schema compares them after each step.
func TestCachedRowsMatchFreshRender(t *testing.T) {
	keys := []tea.Msg{keyUp, keyDown, keyDown, keyDown, keyLeft, keyRight, keyEnter, keySpace, keyEsc, keyCtrlU, keyCtrlR,
		keyRune('a'), keyRune('7'), keyRune('x'), keyRune('+'), keyRune('d'), keyRune('f'), tea.PasteMsg{Content: "+2m"}}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, s := range schemas.All() {
		h := newHarness(t, s.Name)
		for step := range 400 {
			switch rng.IntN(20) {
			case 0:
				h.setNow(h.now.Add(time.Duration(rng.IntN(90)) * time.Second))
			case 1:
				h.m.SetSize(40+rng.IntN(80), 0)
			case 2:
				h.m.Blur()
			case 3:
				h.m.Focus()
			default:
				h.press(keys[rng.IntN(len(keys))])
			}
			fresh := h.m
			fresh.staleAll()
			fresh.layout()
			if !slices.Equal(fresh.lines, h.m.lines) {
				t.Fatalf("%s step %d: kept rows differ from a fresh render:\nkept:\n%s\nfresh:\n%s",
					s.Short, step, h.screen(), fresh.View())
			}
		}
	}
}
