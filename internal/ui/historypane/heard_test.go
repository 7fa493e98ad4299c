package historypane

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestMarkHeardCyclesAndFilters: h on the selected record cycles heard →
// not heard → unmarked in the real store, the row shows the mark, and the
// filter heard:yes|no|unmarked lists the marked records only.
func TestMarkHeardCyclesAndFilters(t *testing.T) {
	s := newStore(t, 5)
	m := newPane(t, s, 100, 20)
	m, _ = press(t, m, "h") // #5: heard
	rec, err := s.Get(context.Background(), 5)
	if err != nil || rec.Heard == nil || !*rec.Heard {
		t.Fatalf("after h the store has heard %v (%v), want true", rec.Heard, err)
	}
	if s := screen(m); !strings.Contains(s, "›✓") || !strings.Contains(s, "#5 marked heard") {
		t.Fatalf("the row does not show the heard mark:\n%s", s)
	}
	m, _ = press(t, m, "down", "h", "h") // #4: heard, then not heard
	if rec, _ := s.Get(context.Background(), 4); rec.Heard == nil || *rec.Heard {
		t.Fatalf("after h h #4 has heard %v, want false", rec.Heard)
	}
	if s := screen(m); !strings.Contains(s, "›✗") {
		t.Fatalf("the row does not show the not-heard mark:\n%s", s)
	}

	for _, c := range []struct {
		filter string
		want   []int64
	}{
		{"heard:yes", []int64{5}},
		{"heard:n", []int64{4}},
		{"heard:unmarked", []int64{3, 2, 1}},
	} {
		f := applyTyped(t, m, c.filter)
		got := shownIDs(f)
		if len(got) != len(c.want) {
			t.Fatalf("%s lists %v, want %v", c.filter, got, c.want)
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Fatalf("%s lists %v, want %v", c.filter, got, c.want)
			}
		}
	}
	if _, err := ParseFilter("heard:maybe", time.Now(), time.UTC); err == nil || !strings.Contains(err.Error(), "heard:yes, heard:no or heard:unmarked") {
		t.Fatalf("heard:maybe: %v", err)
	}

	_, _ = press(t, m, "h") // #4: cleared
	if rec, _ := s.Get(context.Background(), 4); rec.Heard != nil {
		t.Fatalf("third h left the mark %v", *rec.Heard)
	}
}
