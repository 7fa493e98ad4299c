package historypane

import (
	"testing"
)

// maxHeld is the bound on rows in memory: the pages that overlap the view
// and one page of look-ahead on each side.
func maxHeld(m Model) int { return m.pageSize * (3 + (m.rowsH+m.pageSize-1)/m.pageSize) }

// TestPagingThousand scrolls through 1,000 records one row at a time, to
// the end and back: every id is seen once, in order, and the rows in
// memory stay bounded (far pages are dropped and reloaded on the way back).
func TestPagingThousand(t *testing.T) {
	for _, pageSize := range []int{DefaultPageSize, 30} {
		m := New(newStore(t, 1000), DefaultStyles(true))
		m.pageSize = pageSize
		m.SetSize(120, 40)
		m.Focus()
		m, _ = drain(t, m, m.Init())
		bound := maxHeld(m)
		if bound >= 1000 {
			t.Fatalf("bound %d proves nothing", bound)
		}
		peak := 0
		step := func(key string) int64 {
			t.Helper()
			m, _ = press(t, m, key)
			peak = max(peak, m.HeldRows())
			if m.HeldRows() > bound {
				t.Fatalf("page size %d: %d rows held at row %d, bound %d", pageSize, m.HeldRows(), m.sel, bound)
			}
			r, ok := m.Selected()
			if !ok {
				t.Fatalf("page size %d: row %d under the cursor is not in memory", pageSize, m.sel)
			}
			return r.ID
		}
		first, _ := m.Selected()
		down := []int64{first.ID}
		for range 1100 { // more presses than rows: the last ones do nothing
			if id := step("down"); id != down[len(down)-1] {
				down = append(down, id)
			}
		}
		if len(down) != 1000 {
			t.Fatalf("page size %d: saw %d distinct rows going down, want 1000", pageSize, len(down))
		}
		for i, id := range down {
			if id != int64(1000-i) {
				t.Fatalf("page size %d: row %d is #%d, want #%d", pageSize, i, id, 1000-i)
			}
		}
		if m.more() {
			t.Fatal("the list still expects more rows at the end")
		}
		if n := len(m.slots); n != (1000+pageSize-1)/pageSize {
			t.Fatalf("page size %d: %d pages, want %d", pageSize, n, (1000+pageSize-1)/pageSize)
		}
		up := []int64{down[len(down)-1]}
		for range 1100 {
			if id := step("up"); id != up[len(up)-1] {
				up = append(up, id)
			}
		}
		if len(up) != 1000 {
			t.Fatalf("page size %d: saw %d distinct rows going up, want 1000", pageSize, len(up))
		}
		for i, id := range up {
			if id != int64(i+1) {
				t.Fatalf("page size %d: going up, row %d is #%d, want #%d", pageSize, i, id, i+1)
			}
		}
		t.Logf("page size %d: at most %d rows held (bound %d) while scrolling 1,000", pageSize, peak, bound)
	}
}

// TestPageKeysAndEnds: page down/up move by a screen, G walks to the
// oldest record and g returns to the newest, all with bounded memory.
func TestPageKeysAndEnds(t *testing.T) {
	m := newPane(t, newStore(t, 1000), 120, 40)
	m, _ = press(t, m, "pgdown")
	if r, _ := m.Selected(); r.ID != 1000-int64(m.rowsH-1) {
		t.Fatalf("after pgdown the selection is #%d", r.ID)
	}
	m, _ = press(t, m, "pgup")
	if m.sel != 0 {
		t.Fatalf("after pgup the selection is row %d", m.sel)
	}
	m, _ = press(t, m, "G")
	if r, ok := m.Selected(); !ok || r.ID != 1 {
		t.Fatalf("G selects %+v, want #1", r)
	}
	if m.jumping || m.HeldRows() > maxHeld(m) {
		t.Fatalf("after G: jumping %v, %d rows held", m.jumping, m.HeldRows())
	}
	if s := screen(m); !containsLine(s, "#1 ") || !containsLine(s, "1,000/1,000") {
		t.Fatalf("the last screen does not show #1 and the position:\n%s", s)
	}
	m, _ = press(t, m, "g")
	if r, _ := m.Selected(); r.ID != 1000 || m.top != 0 {
		t.Fatalf("g selects #%d at top %d", r.ID, m.top)
	}
	ids := shownIDs(m)
	if len(ids) == 0 || ids[0] != 1000 {
		t.Fatalf("rows in memory after g start at %v", ids[:min(len(ids), 3)])
	}
}
