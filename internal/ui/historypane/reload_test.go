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

// These tests deliver the messages of a reload in the orders a real
// program can produce (a key press between RecordAddedMsg and the page it
// asks for), by holding back the reload's command and running it later.

// addRecord appends fixture i to s as a new send and returns its id.
func addRecord(t *testing.T, s *history.Store, i int) int64 {
	t.Helper()
	r := fixture(i)
	r.SentAt = time.Time{}
	id, err := s.Append(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// resendOf returns the record id and mode of the one ResendMsg in msgs.
func resendOf(t *testing.T, what string, msgs []tea.Msg) (int64, bool) {
	t.Helper()
	if len(msgs) != 1 {
		t.Fatalf("%s: %d messages %v, want one ResendMsg", what, len(msgs), msgs)
	}
	r, ok := msgs[0].(ResendMsg)
	if !ok || r.Record == nil {
		t.Fatalf("%s: got %T %+v, want a ResendMsg with its record", what, msgs[0], msgs[0])
	}
	return r.Record.ID, r.AsNew
}

// TestKeyWhileFirstRowsLoad is the integrator's report: the history was
// empty, a send was recorded, and n came before the reload's page. The
// key must not vanish: the pane says why nothing was resent, and once the
// row shows, n resends it.
func TestKeyWhileFirstRowsLoad(t *testing.T) {
	s := openStore(t)
	m := newPane(t, s, 100, 20)
	id := addRecord(t, s, 0)
	m, reload := m.Update(RecordAddedMsg{ID: id})
	if reload == nil {
		t.Fatal("RecordAddedMsg at the top must reload")
	}
	for _, k := range []string{"n", "r", "e", "enter", "d"} {
		var msgs []tea.Msg
		m, msgs = press(t, m, k)
		if len(msgs) != 0 || m.InDetail() || m.Editing() {
			t.Fatalf("%s acted on a row nobody saw: %v", k, msgs)
		}
		if sc := screen(m); !strings.Contains(sc, "still loading") {
			t.Fatalf("%s while the list loads: no word in the pane:\n%s", k, sc)
		}
	}
	m, _ = drain(t, m, reload)
	_, msgs := press(t, m, "n")
	if got, asNew := resendOf(t, "n after the reload", msgs); got != id || !asNew {
		t.Fatalf("n resent #%d asNew=%v, want #%d as new", got, asNew, id)
	}
}

// TestKeyOnEmptyHistory: with nothing recorded, the action keys say so.
func TestKeyOnEmptyHistory(t *testing.T) {
	m := newPane(t, openStore(t), 100, 20)
	m, msgs := press(t, m, "r")
	if len(msgs) != 0 || !strings.Contains(screen(m), "No record to resend: the history is empty") {
		t.Fatalf("r on an empty history: %v\n%s", msgs, screen(m))
	}
	m = applyTyped(t, newPane(t, newStore(t, 3), 100, 20), "status:net")
	m, _ = press(t, m, "l")
	if !strings.Contains(screen(m), "No record to load: no records match the filter") {
		t.Fatalf("l with an empty filter result:\n%s", screen(m))
	}
}

// TestSelectionMovedDuringReload: the user moves the selection after a
// record was added and before the reload's page arrives. The page must
// not move the selection to another record: the next key acts on the row
// the user moved to, whichever way they moved.
func TestSelectionMovedDuringReload(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start []string // keys before the record is added
		moves []string // keys while the reload is in flight
		want  int64    // the record the user ends on (fixtures: #10 newest)
	}{
		{"down from the newest", nil, []string{"down"}, 9},
		{"up to the newest", []string{"down"}, []string{"up"}, 10},
		{"down and back up", nil, []string{"down", "up"}, 10},
		{"further down", []string{"down"}, []string{"down", "down"}, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t, 10)
			m := newPane(t, s, 100, 20)
			m, _ = press(t, m, tc.start...)
			id := addRecord(t, s, 100)
			m, reload := m.Update(RecordAddedMsg{ID: id})
			m, _ = press(t, m, tc.moves...)
			if r, _ := m.Selected(); r.ID != tc.want {
				t.Fatalf("before the page: #%d selected, want #%d", r.ID, tc.want)
			}
			m, _ = drain(t, m, reload)
			if m.row(0) == nil || m.row(0).ID != id {
				t.Fatal("the reload did not show the new record on top")
			}
			if r, _ := m.Selected(); r.ID != tc.want {
				t.Fatalf("the page moved the selection to #%d, want #%d", r.ID, tc.want)
			}
			m, msgs := press(t, m, "r")
			if got, asNew := resendOf(t, "r", msgs); got != tc.want || asNew {
				t.Fatalf("r resent #%d asNew=%v, want #%d exactly", got, asNew, tc.want)
			}
		})
	}
}

// TestNewestFollowedWhenUntouched: when the newest row was selected and
// the user did not move, the new record becomes the selection (the send
// they just made), as the tmux journey expects ("1/2" after a resend).
func TestNewestFollowedWhenUntouched(t *testing.T) {
	s := newStore(t, 10)
	m := newPane(t, s, 100, 20)
	id := addRecord(t, s, 100)
	m, reload := m.Update(RecordAddedMsg{ID: id})
	// A key that acts on the row shown while the page is on its way.
	m, msgs := press(t, m, "n")
	if got, _ := resendOf(t, "n before the page", msgs); got != 10 {
		t.Fatalf("n before the page resent #%d, want #10 (the row shown)", got)
	}
	m, _ = drain(t, m, reload)
	if r, _ := m.Selected(); r.ID != id || m.sel != 0 {
		t.Fatalf("selected #%d, want the new #%d", r.ID, id)
	}
}

// TestMovedPastFirstPageDuringReload: the user walked beyond the rows the
// reload brings. The old rows stay, the selection with them, and the
// footer offers g for the new record — instead of the list jumping to the
// top under the user's next key.
func TestMovedPastFirstPageDuringReload(t *testing.T) {
	s := newStore(t, 50)
	m := New(s, DefaultStyles(true))
	m.now = func() time.Time { return testNow }
	m.loc = time.UTC
	m.pageSize = 10
	m.SetSize(100, 20)
	m.Focus()
	m, _ = drain(t, m, m.Init())
	if m.known() < 20 {
		t.Fatalf("the look-ahead page is not in: %d rows known", m.known())
	}
	id := addRecord(t, s, 100)
	m, reload := m.Update(RecordAddedMsg{ID: id})
	m, _ = press(t, m, "pgdown") // 16 rows down: #34, beyond the reload's 10 rows
	want, ok := m.Selected()
	if !ok || want.ID != 34 {
		t.Fatalf("selected %+v, want #34", want)
	}
	m, _ = drain(t, m, reload)
	if r, _ := m.Selected(); r.ID != want.ID {
		t.Fatalf("the page moved the selection to #%d, want #%d", r.ID, want.ID)
	}
	if !strings.Contains(screen(m), "1 new — press g to go to top") {
		t.Fatalf("no notice of the new record:\n%s", screen(m))
	}
	m, msgs := press(t, m, "n")
	if got, _ := resendOf(t, "n", msgs); got != want.ID {
		t.Fatalf("n resent #%d, want #%d", got, want.ID)
	}
	// Paging goes on from the kept rows, and g shows the new record.
	m, _ = press(t, m, "pgdown", "pgdown")
	if r, ok := m.Selected(); !ok || r.ID >= want.ID-16 {
		t.Fatalf("paging after the kept reload: %+v, want a row below #%d", r, want.ID-16)
	}
	m, _ = press(t, m, "g")
	if r, _ := m.Selected(); r.ID != id || strings.Contains(screen(m), "new — press g") {
		t.Fatalf("g: #%d, want #%d:\n%s", r.ID, id, screen(m))
	}
	if m.totalShown() != 51 {
		t.Fatalf("count %d after g, want 51", m.totalShown())
	}
}

// TestFilterReloadNotKeptByNewRecord: a record added while a new filter's
// page is on its way does not turn that reload into one that keeps the
// old rows: the filter's rows arrive and show from the top.
func TestFilterReloadNotKeptByNewRecord(t *testing.T) {
	s := newStore(t, 30)
	m := newPane(t, s, 100, 20)
	m, _ = press(t, m, "down", "down")
	m, _ = press(t, m, "/")
	m, _ = typeText(m, "status:net")
	m, query := m.Update(uitest.Key("enter"))
	id := addRecord(t, s, 102) // status 0: matches
	m, reload := m.Update(RecordAddedMsg{ID: id})
	m, _ = drain(t, m, query)
	m, _ = drain(t, m, reload)
	r, _ := m.Selected()
	if r.ID != id || m.sel != 0 {
		t.Fatalf("after the filter: #%d selected at row %d, want the new #%d at the top", r.ID, m.sel, id)
	}
	for i := range m.known() {
		if r := m.row(i); r == nil || r.Status != 0 {
			t.Fatalf("row %d under status:net: %+v", i, r)
		}
	}
	if strings.Contains(screen(m), "new — press g") {
		t.Fatalf("a notice although the new record shows:\n%s", screen(m))
	}
}

// TestKeyWhileDetailLoads: in the detail view the record's id is known
// before its text arrives; r acts on it instead of doing nothing.
func TestKeyWhileDetailLoads(t *testing.T) {
	s := newStore(t, 10)
	m := newPane(t, s, 100, 20)
	m, _ = press(t, m, "down") // #9
	m, detail := m.Update(uitest.Key("enter"))
	if !m.InDetail() || detail == nil {
		t.Fatal("enter did not open the detail view")
	}
	m, msgs := press(t, m, "R")
	if got, asNew := resendOf(t, "R while the detail loads", msgs); got != 9 || !asNew {
		t.Fatalf("R resent #%d asNew=%v, want #9 as new", got, asNew)
	}
	m, _ = press(t, m, "d")
	if !strings.Contains(screen(m), "Delete #9? y/n") {
		t.Fatalf("d while the detail loads:\n%s", screen(m))
	}
	m, _ = press(t, m, "n")
	m, _ = drain(t, m, detail)
	if m.detailRec == nil || m.detailRec.ID != 9 {
		t.Fatal("the detail did not load after the keys")
	}
}

// collect runs cmd (and the commands of a batch) and returns its messages
// without delivering them.
func collect(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, collect(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

// TestShownPageDuringReloadIsKept: the look-ahead page of the shown rows
// arrives after a record was added and before the reload's page. It is
// stored (the user can move into it), and when the reload is dropped
// because the user went past its rows, paging goes on from there instead
// of waiting for a page that was thrown away.
func TestShownPageDuringReloadIsKept(t *testing.T) {
	s := newStore(t, 50)
	m := New(s, DefaultStyles(true))
	m.now = func() time.Time { return testNow }
	m.loc = time.UTC
	m.pageSize = 10
	m.SetSize(100, 20)
	m.Focus()
	var lookAhead tea.Cmd
	for _, msg := range collect(m.Init()) {
		var cmd tea.Cmd
		m, cmd = m.Update(msg)
		if cmd != nil {
			lookAhead = cmd
		}
	}
	if m.known() != 10 || lookAhead == nil {
		t.Fatalf("first page: %d rows known, look-ahead %v", m.known(), lookAhead != nil)
	}
	id := addRecord(t, s, 100)
	m, reload := m.Update(RecordAddedMsg{ID: id})
	m, _ = drain(t, m, lookAhead)
	if m.known() != 20 {
		t.Fatalf("the look-ahead page of the shown rows was dropped: %d rows known, want 20", m.known())
	}
	m, _ = press(t, m, "pgdown") // #34, not in the reload's ten rows
	m, _ = drain(t, m, reload)
	if r, _ := m.Selected(); r.ID != 34 {
		t.Fatalf("selected #%d, want #34", r.ID)
	}
	m, _ = press(t, m, "pgdown", "pgdown", "pgdown")
	if r, ok := m.Selected(); !ok || r.ID != 1 {
		t.Fatalf("paging to the end after the dropped reload: %+v, want #1", r)
	}
}

// TestDroppedReloadStaysStale: the results of a reload the pane dropped
// never pass for a later one (generation numbers are not reused).
func TestDroppedReloadStaysStale(t *testing.T) {
	s := newStore(t, 50)
	m := New(s, DefaultStyles(true))
	m.now = func() time.Time { return testNow }
	m.loc = time.UTC
	m.pageSize = 10
	m.SetSize(100, 20)
	m.Focus()
	m, _ = drain(t, m, m.Init())
	id := addRecord(t, s, 100)
	m, reload := m.Update(RecordAddedMsg{ID: id})
	old := collect(reload) // the page and the count of the reload
	if len(old) != 2 {
		t.Fatalf("reload messages %v", old)
	}
	m, _ = press(t, m, "pgdown")
	for _, msg := range old {
		if _, ok := msg.(pageMsg); ok {
			m, _ = m.Update(msg) // dropped: #34 is not on it
		}
	}
	if m.want != m.gen {
		t.Fatal("the reload was not dropped")
	}
	id2 := addRecord(t, s, 101)
	m, top := m.Update(uitest.Key("g"))
	for _, msg := range old {
		m, _ = m.Update(msg) // late: the count, and the page once more
	}
	if m.want == m.gen || m.totalShown() == 51 {
		t.Fatalf("a dropped reload's results were taken for g's (count %d)", m.totalShown())
	}
	m, _ = drain(t, m, top)
	if r, _ := m.Selected(); r.ID != id2 || m.totalShown() != 52 {
		t.Fatalf("after g: #%d of %d, want #%d of 52", r.ID, m.totalShown(), id2)
	}
}
