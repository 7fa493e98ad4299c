package historypane

import (
	"time"

	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/history"
)

// TestListNewestFirst: the rows come newest first, with id, time, short
// event name, status, target, reference and audience.
func TestListNewestFirst(t *testing.T) {
	m := newPane(t, newStore(t, 30), 120, 20)
	for i := range 30 {
		r := m.row(i)
		if r == nil || r.ID != int64(30-i) {
			t.Fatalf("row %d = %v, want id %d", i, r, 30-i)
		}
	}
	lines := strings.Split(screen(m), "\n")
	if len(lines) != 20 {
		t.Fatalf("view has %d lines, want 20", len(lines))
	}
	// Line 0 is the filter bar, line 1 the column titles, line 2 the newest record.
	if !strings.Contains(lines[0], "1/30") {
		t.Errorf("filter bar lacks the position: %q", lines[0])
	}
	for _, title := range []string{"Sent", "Event", "Code", "Target", "Reference", "Audience"} {
		if !strings.Contains(lines[1], title) {
			t.Errorf("header lacks %q: %q", title, lines[1])
		}
	}
	// fixture 29: TrashCollectionAlert, 500, eu-live, 09:00:29 the day before testNow.
	first := lines[2]
	for _, want := range []string{"› ", "#30", "Mar 01 09:00", "TrashCollectionAlert", "500", "eu-live", "ref000029", "Multicast"} {
		if !strings.Contains(first, want) {
			t.Errorf("first row lacks %q: %q", want, first)
		}
	}
	if !strings.Contains(lines[3], "#29") || !strings.Contains(lines[3], "Occasion") {
		t.Errorf("second row is not #29: %q", lines[3])
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > 120 {
			t.Errorf("line %d is %d cells wide", i, w)
		}
	}
}

// TestStatusColours: each status class has its own style, and a row draws
// its status cell in it.
func TestStatusColours(t *testing.T) {
	st := DefaultStyles(true)
	cases := []struct {
		class string
		want  string
	}{
		{"2xx", "Status2xx"}, {"4xx", "Status4xx"}, {"5xx", "Status5xx"}, {"network", "StatusNetwork"}, {"other", "StatusOther"},
	}
	byName := map[string]any{
		"Status2xx": st.Status2xx.GetForeground(), "Status4xx": st.Status4xx.GetForeground(), "Status5xx": st.Status5xx.GetForeground(),
		"StatusNetwork": st.StatusNetwork.GetForeground(), "StatusOther": st.StatusOther.GetForeground(),
	}
	seen := map[string]bool{}
	for _, c := range cases {
		got := st.ForClass(c.class).GetForeground()
		if got != byName[c.want] {
			t.Errorf("ForClass(%q) is not %s", c.class, c.want)
		}
		key := fmt.Sprint(got)
		if seen[key] {
			t.Errorf("class %s shares its colour with another class", c.class)
		}
		seen[key] = true
	}

	// In the list: fixtures 0..8 have 202, 400, 500, 0, 403, 202, 429, 503, 202.
	m := newPane(t, newStore(t, 9), 120, 20)
	m.sel = 8 // the oldest row, so the rows checked are not selected
	view := m.View()
	for _, c := range []struct {
		text  string
		style string
	}{{"400", "Status4xx"}, {"500", "Status5xx"}, {"net", "StatusNetwork"}, {"429", "Status4xx"}, {"503", "Status5xx"}} {
		var want string
		switch c.style {
		case "Status4xx":
			want = st.Status4xx.Render(c.text)
		case "Status5xx":
			want = st.Status5xx.Render(c.text)
		case "StatusNetwork":
			want = st.StatusNetwork.Render(c.text)
		}
		if !strings.Contains(view, want) {
			t.Errorf("the %q cell is not drawn in %s", strings.TrimSpace(c.text), c.style)
		}
	}
	if strings.Contains(view, st.Status4xx.Render("500")) || strings.Contains(view, st.Status2xx.Render("400")) {
		t.Error("a status cell is drawn in another class's style")
	}
	if !strings.Contains(view, st.Status2xx.Render("202")) {
		t.Error("a 202 cell is not drawn in Status2xx")
	}
}

// TestEmptyAndTiny: an empty history says so; any size, down to 0×0, draws
// without panicking and within the width.
func TestEmptyAndTiny(t *testing.T) {
	m := newPane(t, newStore(t, 0), 80, 10)
	if s := screen(m); !strings.Contains(s, "No sends recorded yet") || !strings.Contains(s, "0 records") {
		t.Fatalf("empty history screen:\n%s", s)
	}
	m = newPane(t, newStore(t, 12), 80, 10)
	for _, sz := range [][2]int{{0, 0}, {1, 1}, {2, 1}, {5, 2}, {10, 3}, {24, 4}, {40, 6}, {200, 60}} {
		m.SetSize(sz[0], sz[1])
		m, _ = press(t, m, "down", "enter")
		view := m.View()
		lines := strings.Split(view, "\n")
		if sz[1] == 0 {
			if view != "" {
				t.Errorf("%v: view %q, want empty", sz, view)
			}
		} else if len(lines) > sz[1] {
			t.Errorf("%v: %d lines", sz, len(lines))
		}
		for _, l := range lines {
			if w := ansi.StringWidth(l); w > sz[0] {
				t.Errorf("%v: line %q is %d wide", sz, ansi.Strip(l), w)
			}
		}
		m, _ = press(t, m, "esc")
	}
}

// TestHostileText: escape sequences in recorded text are not passed to the
// terminal.
func TestHostileText(t *testing.T) {
	s := openStore(t)
	r := fixture(0)
	r.Target = "evil\x1b]0;pwned\x07"
	r.Message = "bad\x1b[2Jthing"
	r.Status = 400
	if _, err := s.Append(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	m := newPane(t, s, 120, 20)
	if v := m.View(); strings.Contains(v, "\x1b]0;pwned") {
		t.Fatal("the list passes an OSC sequence from the record to the terminal")
	}
	m, _ = press(t, m, "enter")
	v := m.View()
	if strings.Contains(v, "\x1b]0;pwned") || strings.Contains(v, "\x1b[2J") {
		t.Fatal("the detail view passes escape sequences from the record to the terminal")
	}
	if !strings.Contains(ansi.Strip(v), `bad\x1b[2Jthing`) {
		t.Fatalf("the message is not shown with the escape made visible:\n%s", ansi.Strip(v))
	}
}

// TestKeyMapByState: the help lists only the keys that work now, and keys
// reach the pane only while it has focus.
func TestKeyMapByState(t *testing.T) {
	m := newPane(t, newStore(t, 5), 100, 20)
	k := m.KeyMap()
	if !k.Resend.Enabled() || !k.Delete.Enabled() || k.Yes.Enabled() || k.Clear.Enabled() {
		t.Fatal("list keymap: resend/delete should be on, yes/clear off")
	}
	m, _ = press(t, m, "d")
	if !m.Editing() {
		t.Fatal("Editing is false while the delete waits for y/n")
	}
	k = m.KeyMap()
	if !k.Yes.Enabled() || !k.No.Enabled() || k.Resend.Enabled() || k.Up.Enabled() {
		t.Fatal("confirm keymap: only y and n should be on")
	}
	if len(k.ShortHelp()) != 2 {
		t.Fatalf("confirm short help has %d bindings, want 2", len(k.ShortHelp()))
	}
	m, _ = press(t, m, "n", "/")
	if !m.Editing() || !m.KeyMap().Apply.Enabled() || m.KeyMap().Resend.Enabled() {
		t.Fatal("filter keymap: apply should be the only key")
	}
	m, _ = press(t, m, "esc")
	if m.Editing() {
		t.Fatal("esc did not leave the filter input")
	}

	m.Blur()
	before := m.sel
	m, _ = press(t, m, "down", "down")
	if m.sel != before {
		t.Fatal("a blurred pane moved on key presses")
	}
}

// filterNow is the clock of TestParseFilter.
var filterNow = time.Date(2026, 12, 5, 14, 30, 0, 0, time.UTC)

// TestParseFilter covers the filter syntax.
func TestParseFilter(t *testing.T) {
	cases := []struct {
		in      string
		want    history.Query
		wantErr string
	}{
		{in: "", want: history.Query{}},
		{in: "north wind", want: history.Query{Text: "north wind"}},
		{in: "schema:Weather", want: history.Query{EventName: "AMAZON.WeatherAlert.Activated"}},
		{in: "schema:weatheralert", want: history.Query{EventName: "AMAZON.WeatherAlert.Activated"}},
		{in: "schema:AMAZON.Occasion.Updated", want: history.Query{EventName: "AMAZON.Occasion.Updated"}},
		{in: "schema:amazon.occ", want: history.Query{EventName: "AMAZON.Occasion.Updated"}},
		{in: "schema:AMAZON.Custom.Thing", want: history.Query{EventName: "AMAZON.Custom.Thing"}},
		{in: "schema:M", wantErr: "could be MessageAlert, MediaContent"},
		{in: "schema:zebra", wantErr: "matches no schema"},
		{in: "status:4xx", want: history.Query{StatusClass: "4xx"}},
		{in: "STATUS:5", want: history.Query{StatusClass: "5xx"}},
		{in: "status:net", want: history.Query{StatusClass: "network"}},
		{in: "status:404", want: history.Query{Status: 404}},
		{in: "status:409 status:4xx", want: history.Query{StatusClass: "4xx"}}, // a later status: replaces the earlier
		{in: "status:999", wantErr: "not an HTTP status"},
		{in: "status:7xx", wantErr: "not a status; use a code (409) or one of 2xx, 4xx, 5xx, token, cancelled, network, other"},
		{in: "status:cancelled", want: history.Query{StatusClass: "cancelled"}},
		{in: "status:c", want: history.Query{StatusClass: "cancelled"}},
		{in: "status:token", want: history.Query{StatusClass: "token"}},
		{in: "date:today", want: history.Query{Since: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)}},
		{in: "date:yesterday", want: history.Query{Since: time.Date(2026, 12, 4, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)}},
		{in: "date:2026-11-30", want: history.Query{Since: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC), Until: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)}},
		{in: "date:soon", wantErr: "date:soon is not a day"},
		{in: "since:2h", want: history.Query{Since: filterNow.Add(-2 * time.Hour)}},
		{in: "since:90m", want: history.Query{Since: filterNow.Add(-90 * time.Minute)}},
		{in: "since:today", want: history.Query{Since: time.Date(2026, 12, 5, 0, 0, 0, 0, time.UTC)}},
		{in: "since:2026-12-01T09:00Z", want: history.Query{Since: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)}},
		{in: "since:later", wantErr: "since:later is not a time"},
		{in: "status:", want: history.Query{}},
		{in: "target:sand", want: history.Query{Target: "sandbox"}},
		{in: "target:na", wantErr: "could be na-dev, na-live"},
		{in: "target:http://127.0.0.1:8080", want: history.Query{Target: "http://127.0.0.1:8080"}},
		{in: "profile:skill-a order", want: history.Query{Profile: "skill-a", Text: "order"}},
		{in: "status:2 schema:sports Berlin status:4", want: history.Query{StatusClass: "4xx", EventName: "AMAZON.SportsEvent.Updated", Text: "Berlin"}},
		{in: "http://x/y a:b", want: history.Query{Text: "http://x/y a:b"}},
	}
	for _, c := range cases {
		got, err := ParseFilter(c.in, filterNow, time.UTC)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("ParseFilter(%q) error %v, want %q", c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseFilter(%q) = %+v, %v; want %+v", c.in, got, err, c.want)
		}
	}
}

// TestPlainStylesAndWheel: NO_COLOR styles draw no colour at all (the
// selection in reverse video), and the mouse wheel moves by three rows.
func TestPlainStylesAndWheel(t *testing.T) {
	m := newPane(t, newStore(t, 20), 120, 20)
	m.SetStyles(PlainStyles())
	v := m.View()
	if strings.Contains(v, "38;") || strings.Contains(v, "48;") {
		t.Fatalf("plain styles draw colours: %q", v)
	}
	if !strings.Contains(v, "\x1b[7m› ") {
		t.Fatalf("the selected row is not in reverse video: %q", strings.Split(v, "\n")[2])
	}
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if r, _ := m.Selected(); r.ID != 17 {
		t.Fatalf("wheel down selects #%d, want #17", r.ID)
	}
	m, _ = m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if r, _ := m.Selected(); r.ID != 20 {
		t.Fatalf("wheel up selects #%d, want #20", r.ID)
	}
}
