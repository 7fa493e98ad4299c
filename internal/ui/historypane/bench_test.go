package historypane

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// BenchmarkKeyFrame measures one key press → new frame (Update + View) of
// the pane at 120×40 over a store of 10,000 records, with the pages around
// the view already loaded. Budget (design §5): ≤ 2 ms for the whole UI.
// A key press that starts a store query fails the benchmark: key handling
// must never wait for the store.
func BenchmarkKeyFrame(b *testing.B) {
	s := newStore(b, 10_000)
	setup := func(b *testing.B) Model {
		m := newPane(b, s, 120, 40)
		for range 250 { // into the list, so pages on both sides are in memory
			m, _ = press(b, m, "down")
		}
		return m
	}
	b.Run("list-down-up", func(b *testing.B) {
		m := setup(b)
		benchKeysNoQuery(b, m, "down", "up")
	})
	b.Run("list-page-down-up", func(b *testing.B) {
		m := setup(b)
		benchKeysNoQuery(b, m, "pgdown", "pgup")
	})
	b.Run("filter-keystroke", func(b *testing.B) {
		m := setup(b)
		m, _ = press(b, m, "/")
		keys := []tea.KeyPressMsg{uitest.Key("x"), uitest.Key("backspace")}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			m, _ = m.Update(keys[i%2]) // the debounce tick is returned, not run
			_ = m.View()
		}
	})
	b.Run("detail-scroll", func(b *testing.B) {
		m := setup(b)
		m, _ = press(b, m, "enter")
		keys := []tea.KeyPressMsg{uitest.Key("down"), uitest.Key("up")}
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			m, _ = m.Update(keys[i%2])
			_ = m.View()
		}
	})
}

// BenchmarkScrollMemory opens the pane on stores of 10,000 and 100,000
// records and walks to the oldest record (G: every page is read in turn),
// then reports the Go heap the pane holds (live heap after GC, minus the
// heap before the pane existed), the rows in memory, the pages it keeps a
// cursor for and how long the walk took. Rows held must not depend on the
// record count; the pages grow by a few words per 100 records scrolled.
func BenchmarkScrollMemory(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			s := newStore(b, n)
			var heap, held, pages float64
			for b.Loop() {
				runtime.GC()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				start := time.Now()
				m := newPane(b, s, 120, 40)
				m, _ = press(b, m, "G")
				walk := time.Since(start)
				if r, ok := m.Selected(); !ok || r.ID != 1 {
					b.Fatalf("G ended on %+v, want #1", r)
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap = float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / 1024
				held, pages = float64(m.HeldRows()), float64(len(m.slots))
				if m.HeldRows() > maxHeld(m) {
					b.Fatalf("%d rows held, bound %d", m.HeldRows(), maxHeld(m))
				}
				b.ReportMetric(float64(walk.Milliseconds()), "walk-ms")
				runtime.KeepAlive(m)
			}
			b.ReportMetric(heap, "pane-heap-KB")
			b.ReportMetric(held, "rows-held")
			b.ReportMetric(pages, "pages")
		})
	}
}

// benchKeysNoQuery times the pane alternating between keys, one frame each,
// and fails if a key press starts a command (a store query would).
func benchKeysNoQuery(b *testing.B, m Model, keys ...string) {
	msgs := make([]tea.KeyPressMsg, len(keys))
	for i, k := range keys {
		msgs[i] = uitest.Key(k)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		var cmd tea.Cmd
		m, cmd = m.Update(msgs[i%len(msgs)])
		if cmd != nil {
			b.Fatal("a key press started a command")
		}
		_ = m.View()
	}
}
