package ui

import (
	"image/color"
	"testing"
	"unsafe"

	tea "charm.land/bubbletea/v2"
)

// Bubble Tea copies the root model on every message (value receivers, and
// the tea.Model it returns), and a method that returns the model reserves
// stack for each copy it may return. Held by value, the panes and their
// styles would make the model 82 KB and Update's stack frame 311 KB, paid
// at every start in stack growth and page faults; the root keeps its panes
// by pointer and the panes their styles, and it is 4 KB.
func TestRootModelStaysSmall(t *testing.T) {
	const limit = 8 << 10
	if n := unsafe.Sizeof(Model{}); n > limit {
		t.Fatalf("ui.Model is %d bytes, more than %d: keep large values (styles) behind pointers", n, limit)
	}
}

// The model is built before the terminal's size is known; the preview then
// wraps nothing (wrapping to a width of one cut every JSON line into
// one-cell pieces at each start) and wraps to the real width once sized.
func TestPreviewWrapsOnlyOnceSized(t *testing.T) {
	m := New(testOptions(t, &clock{t: testStart}))
	if m.preview.json == "" {
		t.Fatal("the sample's JSON is not in the preview")
	}
	if len(m.preview.wrapped) != 0 {
		t.Fatalf("the preview wrapped %d lines before it had a width", len(m.preview.wrapped))
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	if len(m.preview.wrapped) < len(m.preview.plain) {
		t.Fatalf("sized: %d wrapped lines for %d JSON lines", len(m.preview.wrapped), len(m.preview.plain))
	}
}

// Bubble Tea's first messages repeat what the model already has (the size
// tuiSized gave it; a dark background): they change nothing and cost
// nothing. A real change still applies.
func TestRepeatedSizeAndBackgroundChangeNothing(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	styles, lay := m.styles, m.lay
	m = update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	m = update(t, m, tea.BackgroundColorMsg{Color: color.Black})
	if m.styles != styles {
		t.Fatal("a dark background rebuilt the dark styles")
	}
	if &m.lay.cols[0] != &lay.cols[0] {
		t.Fatal("the same size laid the screen out again")
	}
	m = update(t, m, tea.BackgroundColorMsg{Color: color.White})
	if m.styles == styles || m.isDark {
		t.Fatal("a light background must switch to the light styles")
	}
	m = update(t, m, tea.WindowSizeMsg{Width: 100, Height: 30})
	if &m.lay.cols[0] == &lay.cols[0] || m.width != 100 {
		t.Fatal("a new size must lay the screen out again")
	}
}

// Options.Started is called once, when the work the first frame did not
// need starts.
func TestStartedIsCalledOnceAfterTheFirstFrame(t *testing.T) {
	opts := testOptions(t, &clock{t: testStart})
	opts.startAtOnce = false
	calls := 0
	opts.Started = func() { calls++ }
	m := New(opts)
	m = update(t, m, tea.WindowSizeMsg{Width: 120, Height: 40})
	_ = m.Init()
	if calls != 0 {
		t.Fatalf("Started called %d times before the deferred start", calls)
	}
	update(t, m, startDeferredMsg{})
	if calls != 1 {
		t.Fatalf("Started called %d times by the deferred start, want 1", calls)
	}
}
