package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// BenchmarkKeyToFrame measures one key press that changes the draft, through
// the recompute (request, validation, sentence, JSON colouring), to the next
// frame (View) at 120×40.
func BenchmarkKeyToFrame(b *testing.B) {
	m, _ := loadEvent(b, weatherTwoLocales, 120, 40)
	benchEditLoop(b, m, benchEditKeys(b, m))
}

// benchEditLoop times key presses that change the draft, each through the
// recompute to the next frame (View).
func benchEditLoop(b *testing.B, m Model, keys []tea.KeyPressMsg) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		nm, _ := m.Update(keys[i%len(keys)])
		m = nm.(Model)
		_ = m.View()
	}
}

// BenchmarkRecompute measures the work done on every change and every tick.
func BenchmarkRecompute(b *testing.B) {
	m, _ := loadEvent(b, weatherTwoLocales, 120, 40)
	b.ReportAllocs()
	for b.Loop() {
		m.recompute()
	}
}

// BenchmarkView measures drawing one frame at 120×40 with nothing changed.
func BenchmarkView(b *testing.B) {
	m, _ := loadEvent(b, weatherTwoLocales, 120, 40)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkStartToFirstFrame measures New, the first WindowSizeMsg and the first View.
func BenchmarkStartToFirstFrame(b *testing.B) {
	c := &clock{t: testStart}
	opts := testOptions(b, c)
	b.ReportAllocs()
	for b.Loop() {
		m := New(opts)
		nm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = nm.View()
	}
}

// BenchmarkStartWithFileToFirstFrame is the same with an event opened by --file.
func BenchmarkStartWithFileToFirstFrame(b *testing.B) {
	c := &clock{t: testStart}
	opts := testOptions(b, c)
	opts.FileName, opts.FileData = "event.json", []byte(weatherTwoLocales)
	b.ReportAllocs()
	for b.Loop() {
		m := New(opts)
		nm, _ := m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		_ = nm.View()
	}
}

// benchEditKeys checks that the form opened on a text field (the source)
// and returns keys that change it and change it back (type a letter, delete it).
func benchEditKeys(b *testing.B, m Model) []tea.KeyPressMsg {
	b.Helper()
	if !m.form.Editing() || m.dv.Request.String("event.payload.weatherAlert.source") != "localizedattribute:source" {
		b.Fatal("the form should open on the source text field")
	}
	return []tea.KeyPressMsg{uitest.Key("x"), uitest.Key("backspace")}
}
