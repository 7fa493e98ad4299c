package historypane

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/history"
)

// TestDetailView: enter opens the request, the response and the findings
// of the selected record; it scrolls; esc goes back.
func TestDetailView(t *testing.T) {
	m := newPane(t, newStore(t, 30), 100, 30)
	m, _ = press(t, m, "down", "enter") // #29: fixture 28, Occasion, 400
	if !m.InDetail() {
		t.Fatal("enter did not open the detail view")
	}
	// The whole content, not just the first screen.
	all := strings.Join(detailLines(m.detailRec, m.styles, m.loc, m.width), "\n")
	all = stripANSI(all)
	for _, want := range []string{
		"Sent", "AMAZON.Occasion.Updated", "2025-03-01 09:00:28.000 UTC", "skill-a", "na-dev · development", "Multicast", "ref000028",
		"Response", "400 Bad Request", "Bad request:", "expiryTime invalid 28", "req-28", "latency", "128ms · 2 attempts",
		"Content-Type: application/json", `"errorCode": "INVALID_EXPIRY"`,
		"Findings at send time", "⚠ EXP_TOO_SOON expiryTime expires in 4 minutes",
		"Request", `"referenceId": "ref000028",`, `"name": "AMAZON.Occasion.Updated",`,
	} {
		if !strings.Contains(all, want) {
			t.Errorf("detail lacks %q:\n%s", want, all)
		}
	}
	s := screen(m)
	if !strings.HasPrefix(s, "#29 · Occasion · 400 Bad Request") {
		t.Fatalf("detail title:\n%s", s)
	}
	y := m.vp.YOffset()
	m, _ = press(t, m, "down", "down", "pgdown")
	if m.vp.YOffset() <= y {
		t.Fatal("the detail view does not scroll")
	}
	m, _ = press(t, m, "esc")
	if m.InDetail() || !strings.Contains(screen(m), "› #29") {
		t.Fatalf("esc did not return to the list at #29:\n%s", screen(m))
	}

	// A network failure shows its error; no findings says none.
	m = newPane(t, newStore(t, 4), 100, 40)
	m, _ = press(t, m, "enter") // #4: fixture 3, status 0
	s = screen(m)
	for _, want := range []string{"no response", "network error", "connection refused", "No response: the request did not reach", "none"} {
		if !strings.Contains(s, want) {
			t.Errorf("network detail lacks %q:\n%s", want, s)
		}
	}
}

// TestActions: r resends exactly, R and n resend as new, e and l load into
// the composer — from the list (through a Get command) and from the detail
// view — each with the whole record.
func TestActions(t *testing.T) {
	s := newStore(t, 10)
	m := newPane(t, s, 100, 20)
	m, _ = press(t, m, "down") // #9
	want, err := s.Get(context.Background(), 9)
	if err != nil {
		t.Fatal(err)
	}
	check := func(from string, msgs []tea.Msg, wantMsg string, asNew bool) {
		t.Helper()
		if len(msgs) != 1 {
			t.Fatalf("%s %s: %d messages %v", from, wantMsg, len(msgs), msgs)
		}
		var rec *history.Record
		switch msg := msgs[0].(type) {
		case ResendMsg:
			if wantMsg != "resend" || msg.AsNew != asNew {
				t.Fatalf("%s: got %+v, want %s asNew=%v", from, msg, wantMsg, asNew)
			}
			rec = msg.Record
		case LoadMsg:
			if wantMsg != "load" {
				t.Fatalf("%s: got a LoadMsg, want %s", from, wantMsg)
			}
			rec = msg.Record
		default:
			t.Fatalf("%s: unexpected %T", from, msg)
		}
		if rec == nil || rec.ID != 9 || string(rec.Request) != string(want.Request) || rec.Status != want.Status {
			t.Fatalf("%s: the message carries %+v, want record #9 in full", from, rec)
		}
	}
	for _, from := range []string{"list", "detail"} {
		if from == "detail" {
			m, _ = press(t, m, "enter")
			if m.detailRec == nil {
				t.Fatal("detail not loaded")
			}
		}
		var msgs []tea.Msg
		m, msgs = press(t, m, "r")
		check(from, msgs, "resend", false)
		m, msgs = press(t, m, "R")
		check(from, msgs, "resend", true)
		m, msgs = press(t, m, "n")
		check(from, msgs, "resend", true)
		m, msgs = press(t, m, "e")
		check(from, msgs, "load", false)
		m, msgs = press(t, m, "l")
		check(from, msgs, "load", false)
	}
}

// TestActionOnVanishedRecord: a record deleted by another process cannot
// be resent; the footer says so.
func TestActionOnVanishedRecord(t *testing.T) {
	s := newStore(t, 3)
	m := newPane(t, s, 100, 20)
	if err := s.Delete(context.Background(), 3); err != nil {
		t.Fatal(err)
	}
	m, msgs := press(t, m, "r")
	if len(msgs) != 0 {
		t.Fatalf("a vanished record was resent: %v", msgs)
	}
	if sc := screen(m); !strings.Contains(sc, "Could not resend #3") || !strings.Contains(sc, "no such record") {
		t.Fatalf("no explanation:\n%s", sc)
	}
}

// TestDelete: d asks; n (or esc) keeps the record; y deletes it from the
// store and the row disappears, the next one selected.
func TestDelete(t *testing.T) {
	s := newStore(t, 10)
	m := newPane(t, s, 100, 20)
	m, _ = press(t, m, "down") // #9
	m, _ = press(t, m, "d")
	if !strings.Contains(screen(m), "Delete #9? y/n") {
		t.Fatalf("no question:\n%s", screen(m))
	}
	m, msgs := press(t, m, "n")
	if len(msgs) != 0 || !strings.Contains(screen(m), "Kept #9") {
		t.Fatalf("n: %v\n%s", msgs, screen(m))
	}
	m, _ = press(t, m, "d", "esc")
	if _, err := s.Get(context.Background(), 9); err != nil {
		t.Fatalf("n/esc deleted the record: %v", err)
	}
	if r, _ := m.Selected(); r.ID != 9 {
		t.Fatal("the row moved after n")
	}

	m, _ = press(t, m, "d")
	m, msgs = press(t, m, "y")
	if len(msgs) != 1 || msgs[0] != (DeletedMsg{ID: 9}) {
		t.Fatalf("y: messages %v, want DeletedMsg{9}", msgs)
	}
	if _, err := s.Get(context.Background(), 9); !errors.Is(err, history.ErrNotFound) {
		t.Fatalf("record 9 still in the store: %v", err)
	}
	if r, _ := m.Selected(); r.ID != 8 {
		t.Fatalf("after delete the selection is #%d, want #8", r.ID)
	}
	for _, id := range shownIDs(m) {
		if id == 9 {
			t.Fatal("row #9 still shown")
		}
	}
	if m.totalShown() != 9 || !strings.Contains(screen(m), "Deleted #9") || !strings.Contains(screen(m), "2/9") {
		t.Fatalf("count %d after delete:\n%s", m.totalShown(), screen(m))
	}

	// From the detail view: back to the list after the delete.
	m, _ = press(t, m, "enter", "d", "y")
	if m.InDetail() {
		t.Fatal("still in the detail view of a deleted record")
	}
	if _, err := s.Get(context.Background(), 8); !errors.Is(err, history.ErrNotFound) {
		t.Fatal("record 8 not deleted from the detail view")
	}
}

// TestRecordAdded: a new send shows at once when the view is at the top
// (selected when the newest row was); further down a notice offers g.
func TestRecordAdded(t *testing.T) {
	s := newStore(t, 200)
	m := newPane(t, s, 100, 20)
	add := func(i int) int64 {
		t.Helper()
		r := fixture(i)
		r.SentAt = time.Time{}
		id, err := s.Append(context.Background(), r)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	id := add(1000)
	m, _ = drain(t, m, func() tea.Msg { return RecordAddedMsg{ID: id} })
	if r, _ := m.Selected(); r.ID != id || m.sel != 0 {
		t.Fatalf("the new record #%d is not at the top and selected: %+v", id, r)
	}
	if m.totalShown() != 201 {
		t.Fatalf("count %d, want 201", m.totalShown())
	}

	// Selection on the second row stays on its record.
	m, _ = press(t, m, "down")
	keep, _ := m.Selected()
	id = add(1001)
	m, _ = drain(t, m, func() tea.Msg { return RecordAddedMsg{ID: id} })
	if r, _ := m.Selected(); r.ID != keep.ID || m.row(0).ID != id {
		t.Fatalf("selected #%d (want #%d), top row #%d (want #%d)", r.ID, keep.ID, m.row(0).ID, id)
	}

	// Far down: a notice, no reload; g shows it.
	m, _ = press(t, m, "pgdown", "pgdown", "pgdown")
	gen := m.want
	id = add(1002)
	m, _ = drain(t, m, func() tea.Msg { return RecordAddedMsg{ID: id} })
	if m.want != gen {
		t.Fatal("the list reloaded while scrolled down")
	}
	if !strings.Contains(screen(m), "1 new — press g to go to top") {
		t.Fatalf("no notice:\n%s", screen(m))
	}
	m, _ = press(t, m, "g")
	if r, _ := m.Selected(); r.ID != id || strings.Contains(screen(m), "new — press g") {
		t.Fatalf("after g the top row is #%d, want #%d:\n%s", r.ID, id, screen(m))
	}

	// Under a filter the new record shows only if it matches.
	m = applyTyped(t, m, "status:net")
	r := fixture(1003) // status 202
	r.SentAt = time.Time{}
	if _, err := s.Append(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	before, _ := m.Selected()
	m, _ = drain(t, m, func() tea.Msg { return RecordAddedMsg{ID: r.ID} })
	if got, _ := m.Selected(); got.ID != before.ID || got.Status != 0 {
		t.Fatalf("a 202 appeared under status:net: %+v", got)
	}
}

// TestDetailSubMillisecondLatency: a loopback answer in 420µs shows as such,
// not as "0s".
func TestDetailSubMillisecondLatency(t *testing.T) {
	m := newPane(t, newStore(t, 1), 100, 30)
	m, _ = press(t, m, "enter")
	if !m.InDetail() {
		t.Fatal("enter did not open the detail view")
	}
	rec := *m.detailRec
	rec.Latency = 420 * time.Microsecond
	all := stripANSI(strings.Join(detailLines(&rec, m.styles, m.loc, m.width), "\n"))
	if !strings.Contains(all, "420µs") || strings.Contains(all, "latency     0s") {
		t.Errorf("latency not shown to the microsecond:\n%s", all)
	}
}
