package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// benchHistory returns a temporary SQLite history holding n records of a
// WeatherAlert send (imported in one transaction).
func benchHistory(b *testing.B, n int) *history.Store {
	b.Helper()
	st, err := history.Open(filepath.Join(b.TempDir(), "history.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	d := draft.NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), testStart)
	req, _ := d.Request(testStart)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	for i := range n {
		at := testStart.Add(time.Duration(i) * time.Second)
		r := &history.Record{
			SentAt: at, Target: "sandbox", Stage: "development", EventName: req.EventName(),
			ReferenceID: fmt.Sprintf("pe~bench%08d", i), Audience: "Multicast", Request: req.EncodeCompact(),
			Status: []int{202, 202, 202, 400, 429}[i%5], Latency: time.Millisecond, Attempts: 1,
		}
		if err := enc.Encode(r); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := st.Import(context.Background(), &buf); err != nil {
		b.Fatal(err)
	}
	return st
}

// BenchmarkKeyToFrameHistory10k measures one key press → new frame (root
// Update + View) at 120×40 with 10,000 records in the history (budget
// ≤ 2 ms, design §5): moving in the history pane, and editing the form
// while the history pane holds its page.
func BenchmarkKeyToFrameHistory10k(b *testing.B) {
	st := benchHistory(b, 10_000)
	open := func(b *testing.B) Model {
		c := &clock{t: testStart}
		opts := testOptions(b, c)
		opts.FileName, opts.FileData = "event.json", []byte(weatherTwoLocales)
		opts.History = st
		m := New(opts)
		m = update(b, m, tea.WindowSizeMsg{Width: 120, Height: 40})
		return update(b, m, m.history.Init()())
	}
	b.Run("history-down-up", func(b *testing.B) {
		m := open(b)
		m = press(b, m, "f2")
		for range 250 { // into the list: pages on both sides are in memory
			m = press(b, m, "down")
		}
		if sel, ok := m.history.Selected(); !ok || sel.ID == 0 {
			b.Fatal("no row selected")
		}
		keys := []tea.KeyPressMsg{uitest.Key("down"), uitest.Key("up")}
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; b.Loop(); i++ {
			nm, _ := m.Update(keys[i%2])
			m = nm.(Model)
			_ = m.View()
		}
	})
	b.Run("form-edit", func(b *testing.B) {
		m := open(b)
		benchEditLoop(b, m, benchEditKeys(b, m))
	})
}
