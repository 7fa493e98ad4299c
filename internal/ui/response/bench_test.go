package response

import (
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// BenchmarkKeyAndView is one scroll key on a 429 answer with four attempts
// plus the frame it draws, in a 60×20 pane.
func BenchmarkKeyAndView(b *testing.B) {
	tg, _ := alexa.ParseTarget("na-dev")
	attempts := []alexa.Attempt{
		{Number: 1, Of: 4, Status: 429, Wait: time.Second, Retry: "rate limited (429)"},
		{Number: 2, Of: 4, Status: 429, Wait: 2 * time.Second, Retry: "rate limited (429)"},
		{Number: 3, Of: 4, Status: 429, Wait: 4 * time.Second, Retry: "rate limited (429)"},
		{Number: 4, Of: 4, Status: 429},
	}
	resp := answer(tg, 429, `{"type":"Too Many Requests","message":"Rate exceeded"}`, attempts...)
	m := New()
	m.SetSize(60, 20)
	m.SetResult(send.Result{Response: resp, Record: &history.Record{Audience: "Multicast"}}, tg)
	down, up := uitest.Key("down"), uitest.Key("k")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		k := down
		if i%2 == 1 {
			k = up
		}
		m, _ = m.Update(k)
		_ = m.View()
	}
}

// BenchmarkProgressAndView is one progress report while sending plus the frame.
func BenchmarkProgressAndView(b *testing.B) {
	tg, _ := alexa.ParseTarget("na-dev")
	m := New()
	m.SetSize(60, 20)
	m.StartSending(tg, nil)
	msg := ProgressMsg{Attempt: alexa.Attempt{Number: 1, Of: 4, Status: 429, Wait: time.Second, Retry: "rate limited (429)"}}
	b.ReportAllocs()
	for b.Loop() {
		m.attempts = m.attempts[:0]
		m, _ = m.Update(msg)
		_ = m.View()
	}
}
