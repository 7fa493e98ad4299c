package historypane

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// applyTyped focuses the filter, replaces its text and presses enter.
func applyTyped(t *testing.T, m Model, text string) Model {
	t.Helper()
	m, _ = press(t, m, "/")
	m, _ = m.Update(uitest.Key("ctrl+u")) // its debounce tick is not run
	m, _ = typeText(m, text)
	m, _ = press(t, m, "enter")
	return m
}

// allRows pages through the whole list with the down key and returns
// every row's summary.
func allRows(t *testing.T, m Model) (Model, []history.Summary) {
	t.Helper()
	var out []history.Summary
	for {
		r, ok := m.Selected()
		if !ok {
			break
		}
		out = append(out, r)
		before := m.sel
		m, _ = press(t, m, "down")
		if m.sel == before {
			break
		}
	}
	return m, out
}

// TestFilterTokens: schema, status, target, profile and text filters list
// exactly the records the store selects for them, and the count matches.
func TestFilterTokens(t *testing.T) {
	s := newStore(t, 240)
	m := newPane(t, s, 120, 30)
	cases := []struct {
		filter string
		check  func(history.Summary) bool
	}{
		{"schema:weather", func(r history.Summary) bool { return r.EventName == "AMAZON.WeatherAlert.Activated" }},
		{"status:4xx", func(r history.Summary) bool { return r.Status >= 400 && r.Status < 500 }},
		{"status:net", func(r history.Summary) bool { return r.Status == 0 }},
		{"schema:Sports status:5", func(r history.Summary) bool {
			return r.EventName == "AMAZON.SportsEvent.Updated" && r.Status >= 500
		}},
		{"target:eu-l", func(r history.Summary) bool { return r.Target == "eu-live" }},
		{"profile:skill-b status:2", func(r history.Summary) bool { return r.Profile == "skill-b" && r.Status == 202 }},
		{"Seattle", func(r history.Summary) bool { return (r.ID-1)%4 == 0 }},
		{"Lyon schema:order", func(r history.Summary) bool {
			return (r.ID-1)%4 == 3 && r.EventName == "AMAZON.OrderStatus.Updated"
		}},
	}
	for _, c := range cases {
		m = applyTyped(t, m, c.filter)
		if m.Filter() != c.filter {
			t.Fatalf("applied filter %q, want %q", m.Filter(), c.filter)
		}
		q, err := ParseFilter(c.filter, time.Now(), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s.Count(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		if want == 0 {
			t.Fatalf("%q: the fixtures have no match; the case proves nothing", c.filter)
		}
		var rows []history.Summary
		m, rows = allRows(t, m)
		if len(rows) != want || m.totalShown() != want {
			t.Errorf("%q: %d rows, count %d; want %d", c.filter, len(rows), m.totalShown(), want)
		}
		for i, r := range rows {
			if !c.check(r) {
				t.Errorf("%q: row %+v does not match", c.filter, r)
				break
			}
			if i > 0 && r.ID >= rows[i-1].ID {
				t.Errorf("%q: rows not newest first at %d", c.filter, i)
				break
			}
		}
		if !strings.Contains(screen(m), "/ "+c.filter) {
			t.Errorf("%q: the filter bar does not show the filter:\n%s", c.filter, screen(m))
		}
		m, _ = press(t, m, "g")
	}

	// esc in the list clears the filter: all 240 again.
	m, _ = press(t, m, "esc")
	if m.Filter() != "" || m.totalShown() != 240 {
		t.Fatalf("after esc: filter %q, count %d", m.Filter(), m.totalShown())
	}

	// A filter that matches nothing says so.
	m = applyTyped(t, m, "zyzzyva")
	if s := screen(m); !strings.Contains(s, "No records match the filter") {
		t.Fatalf("empty result screen:\n%s", s)
	}
}

// TestFilterBadTokenKeepsRows: a token the pane cannot use is explained
// next to the filter and the previous rows stay.
func TestFilterBadTokenKeepsRows(t *testing.T) {
	m := newPane(t, newStore(t, 40), 120, 20)
	m = applyTyped(t, m, "status:2xx")
	gen := m.gen
	m = applyTyped(t, m, "status:7xx")
	if m.gen != gen || m.want != gen {
		t.Fatal("an invalid filter started a query")
	}
	s := screen(m)
	lines := strings.Split(s, "\n")
	// On the line right under the filter.
	if len(lines) < 2 || !strings.Contains(lines[0], "status:7xx") || !strings.Contains(lines[1], "✗ status:7xx is not a status; use a code (409)") {
		t.Fatalf("no explanation of the bad token next to the filter:\n%s", s)
	}
	if r, _ := m.Selected(); r.Status != 202 {
		t.Fatalf("the rows changed: %+v", r)
	}
}

// TestFilterDebounceAndStale: typing queries only after a pause (the tick
// of the last key), and the page of an older filter that arrives after a
// newer one's is dropped.
func TestFilterDebounceAndStale(t *testing.T) {
	s := newStore(t, 90)
	m := newPane(t, s, 120, 20)
	m, _ = press(t, m, "/")
	want := m.want
	var cmd tea.Cmd
	m, cmd = typeText(m, "status:5xx")
	if cmd == nil {
		t.Fatal("typing returned no debounce tick")
	}
	if m.want != want {
		t.Fatal("a key press queried at once instead of after the pause")
	}
	// A tick of an earlier key does nothing.
	m, stale := m.Update(filterTickMsg{seq: m.editSeq - 1})
	if stale != nil || m.want != want {
		t.Fatal("the tick of an earlier key queried")
	}
	// The tick of the last key queries: this is filter A, held back.
	m, cmdA := m.Update(filterTickMsg{seq: m.editSeq})
	if cmdA == nil || m.want != want+1 {
		t.Fatal("the last key's tick did not query")
	}
	// Filter B replaces it before A's results arrive.
	m, _ = m.Update(uitest.Key("ctrl+u"))
	m, _ = typeText(m, "status:2xx")
	m, cmdB := m.Update(filterTickMsg{seq: m.editSeq})
	m, _ = drain(t, m, cmdB)
	count2xx := m.totalShown()
	check := func(when string) {
		t.Helper()
		for i := range m.known() {
			if r := m.row(i); r == nil || r.Status != 202 {
				t.Fatalf("%s: row %d is %+v, want only 202s", when, i, r)
			}
		}
	}
	check("after B")
	// A's page and count arrive late: dropped.
	m, _ = drain(t, m, cmdA)
	check("after late A")
	if m.totalShown() != count2xx {
		t.Fatalf("late count of A replaced B's: %d, want %d", m.totalShown(), count2xx)
	}
	if m.Filter() != "status:2xx" {
		t.Fatalf("filter %q", m.Filter())
	}
}

// TestFilterTickRealTime runs the real debounce: typing, then waiting.
func TestFilterTickRealTime(t *testing.T) {
	m := newPane(t, newStore(t, 40), 120, 20)
	m, _ = press(t, m, "/")
	start := time.Now()
	m, cmd := typeText(m, "schema:trash")
	m, _ = drain(t, m, cmd) // runs the 120 ms tick, then the query
	if time.Since(start) < filterDelay {
		t.Fatal("the query did not wait for the pause")
	}
	if !m.Editing() {
		t.Fatal("the filter input lost focus while typing")
	}
	if m.totalShown() != 5 {
		t.Fatalf("schema:trash lists %d records, want 5", m.totalShown())
	}
	if r, _ := m.Selected(); r.EventName != "AMAZON.TrashCollectionAlert.Activated" {
		t.Fatalf("first row %+v", r)
	}
}

// TestFilterExactStatusAndOutcomes: status:409 lists the 409 only;
// status:cancelled and status:token list those sends, each labelled by its
// own class rather than "net"; date:today lists today's sends.
func TestFilterExactStatusAndOutcomes(t *testing.T) {
	s := openStore(t)
	ctx := context.Background()
	add := func(i, status int, netErr string, at time.Time) {
		r := fixture(i)
		r.SentAt, r.Status, r.NetworkErr = at, status, netErr
		if _, err := s.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	old := testNow.Add(-72 * time.Hour)
	add(0, 409, "", testNow.Add(-time.Minute))
	add(1, 400, "", old)
	add(2, 0, "cancelled while fetching the access token: the event was not sent", old.Add(time.Second))
	add(3, 0, "token request refused (401 invalid_client): the client id or client secret is wrong", old.Add(2*time.Second))
	add(4, 0, "no response from http://127.0.0.1:9: connection refused", old.Add(3*time.Second))
	m := newPane(t, s, 120, 20)
	for _, c := range []struct {
		filter string
		refs   []string
		label  string
	}{
		{"status:409", []string{"ref000000"}, "409"},
		{"status:cancelled", []string{"ref000002"}, "cancel"},
		{"status:token", []string{"ref000003"}, "token"},
		{"status:net", []string{"ref000004"}, "net"},
		{"status:4xx", []string{"ref000000", "ref000001"}, "400"},
		{"date:today", []string{"ref000000"}, "409"},
		{"since:2h", []string{"ref000000"}, "409"},
	} {
		m = applyTyped(t, m, c.filter)
		var rows []history.Summary
		m, rows = allRows(t, m)
		var got []string
		for _, r := range rows {
			got = append(got, r.ReferenceID)
		}
		if strings.Join(got, ",") != strings.Join(c.refs, ",") {
			t.Errorf("%s: rows %v, want %v", c.filter, got, c.refs)
		}
		if !strings.Contains(screen(m), " "+c.label+" ") {
			t.Errorf("%s: no %q label:\n%s", c.filter, c.label, screen(m))
		}
	}
}

// TestColumnsPutWhereBeforeReference: the target and the audience come
// before the reference id.
func TestColumnsPutWhereBeforeReference(t *testing.T) {
	m := newPane(t, newStore(t, 3), 120, 12)
	for _, l := range strings.Split(screen(m), "\n") {
		if strings.Contains(l, "Reference") {
			if !(strings.Index(l, "Target") < strings.Index(l, "Audience") && strings.Index(l, "Audience") < strings.Index(l, "Reference")) {
				t.Fatalf("titles %q", l)
			}
			return
		}
	}
	t.Fatalf("no titles:\n%s", screen(m))
}
