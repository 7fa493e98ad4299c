package historypane

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// testEvents are the event names the fixtures cycle through.
var testEvents = []string{
	"AMAZON.WeatherAlert.Activated", "AMAZON.SportsEvent.Updated", "AMAZON.MessageAlert.Activated",
	"AMAZON.OrderStatus.Updated", "AMAZON.Occasion.Updated", "AMAZON.TrashCollectionAlert.Activated",
	"AMAZON.MediaContent.Available", "AMAZON.SocialGameInvite.Available",
}

// testStatuses are the statuses the fixtures cycle through (0: no response).
var testStatuses = []int{202, 400, 500, 0, 403, 202, 429, 503, 202}

var testTargets = []string{"sandbox", "na-dev", "eu-live"}
var testProfiles = []string{"", "skill-a", "skill-b"}

// fixtureBase is the SentAt of fixture record 0; record i is i seconds later.
var fixtureBase = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// testNow is the clock of the pane in tests: the day after the fixtures.
var testNow = time.Date(2025, 3, 2, 12, 0, 0, 0, time.UTC)

// fixture returns the i-th synthetic record (id i+1 once imported).
func fixture(i int) *history.Record {
	ev := testEvents[i%len(testEvents)]
	status := testStatuses[i%len(testStatuses)]
	at := fixtureBase.Add(time.Duration(i) * time.Second)
	ref := fmt.Sprintf("ref%06d", i)
	city := []string{"Seattle", "Berlin", "Tokyo", "Lyon"}[i%4]
	body := fmt.Sprintf(`{"timestamp":%q,"referenceId":%q,"expiryTime":%q,"event":{"name":%q,"payload":{"note":"%s %d"}},"relevantAudience":{"type":"Multicast","payload":{}}}`,
		at.Format(time.RFC3339), ref, at.Add(23*time.Hour).Format(time.RFC3339), ev, city, i)
	r := &history.Record{
		SentAt:      at,
		Profile:     testProfiles[i%len(testProfiles)],
		Target:      testTargets[i%len(testTargets)],
		Stage:       "development",
		EventName:   ev,
		ReferenceID: ref,
		Audience:    "Multicast",
		Request:     []byte(body),
		Status:      status,
		Latency:     time.Duration(100+i%50) * time.Millisecond,
		Attempts:    1 + i%3,
	}
	switch {
	case status == 0:
		r.NetworkErr = "dial tcp 127.0.0.1:9: connect: connection refused"
	case status >= 400:
		r.Message = fmt.Sprintf("expiryTime invalid %d", i)
		r.Body = []byte(`{"message":"` + r.Message + `","errorCode":"INVALID_EXPIRY"}`)
		r.Findings = []schemas.Finding{{Code: "EXP_TOO_SOON", Severity: schemas.SeverityWarning, Path: "expiryTime", Message: "expires in 4 minutes"}}
	}
	if status != 0 {
		r.Headers = http.Header{"Content-Type": {"application/json"}}
		r.RequestID = fmt.Sprintf("req-%d", i)
	}
	return r
}

// openStore opens a new history database in a temporary directory.
func openStore(t testing.TB) *history.Store {
	t.Helper()
	s, err := history.Open(filepath.Join(t.TempDir(), "history.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fill imports fixture records 0..n-1 in one transaction (ids 1..n, record
// n-1 the newest), streaming the lines.
func fill(t testing.TB, s *history.Store, n int) {
	t.Helper()
	pr, pw := io.Pipe()
	go func() {
		enc := json.NewEncoder(pw)
		for i := range n {
			if err := enc.Encode(fixture(i)); err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.Close()
	}()
	res, err := s.Import(context.Background(), pr)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != n {
		t.Fatalf("imported %d records, want %d", res.Added, n)
	}
}

// newStore returns a store holding n fixture records.
func newStore(t testing.TB, n int) *history.Store {
	t.Helper()
	s := openStore(t)
	if n > 0 {
		fill(t, s, n)
	}
	return s
}

// newPane returns a focused pane of w×h over src with the test clock, its
// first page loaded.
func newPane(t testing.TB, src Source, w, h int) Model {
	t.Helper()
	m := New(src, DefaultStyles(true))
	m.now = func() time.Time { return testNow }
	m.loc = time.UTC
	m.SetSize(w, h)
	m.Focus()
	m, _ = drain(t, m, m.Init())
	return m
}

// isOwn reports whether msg is for the pane (its store results, and what
// the root forwards to it).
func isOwn(msg tea.Msg) bool {
	switch msg.(type) {
	case pageMsg, countMsg, detailMsg, errMsg, filterTickMsg, DeletedMsg, RecordAddedMsg, MarkedMsg:
		return true
	}
	return false
}

// drain runs cmd and every command that follows, feeding the pane's own
// messages back into Update, and returns the other messages (requests for
// the root) in the order they arrived. Ticks run in real time.
func drain(t testing.TB, m Model, cmd tea.Cmd) (Model, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100_000 {
			t.Fatal("commands do not settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		msg := c()
		if batch, ok := msg.(tea.BatchMsg); ok {
			queue = append(queue, batch...)
			continue
		}
		if msg == nil {
			continue
		}
		if !isOwn(msg) {
			out = append(out, msg)
			continue
		}
		if d, ok := msg.(DeletedMsg); ok {
			out = append(out, d)
		}
		var next tea.Cmd
		m, next = m.Update(msg)
		queue = append(queue, next)
	}
	return m, out
}

// press sends keys one after another, running the commands each returns.
func press(t testing.TB, m Model, keys ...string) (Model, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(uitest.Key(k))
		var msgs []tea.Msg
		m, msgs = drain(t, m, cmd)
		out = append(out, msgs...)
	}
	return m, out
}

// typeText types s into the pane, one key per character, without running
// the commands (the debounce ticks) each key returns; it returns the last
// key's command.
func typeText(m Model, s string) (Model, tea.Cmd) {
	var cmd tea.Cmd
	for _, r := range s {
		m, cmd = m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m, cmd
}

// screen returns the pane's text without colours.
func screen(m Model) string { return ansi.Strip(m.View()) }

// shownIDs returns the ids of the rows in memory, in list order.
func shownIDs(m Model) []int64 {
	var ids []int64
	for i := range m.slots {
		for _, s := range m.slots[i].items {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// containsLine reports whether any line of s contains sub.
func containsLine(s, sub string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			return true
		}
	}
	return false
}

// stripANSI removes colours from s.
func stripANSI(s string) string { return ansi.Strip(s) }
