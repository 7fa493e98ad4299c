package ui

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// screenModel wraps the root model for teatest and keeps the text of the
// last frame drawn, so tests wait for what is on screen rather than for
// fragments of the renderer's diff stream (which skips unchanged cells).
type screenModel struct {
	Model
	last *atomic.Value // string: the last frame, colours stripped
}

func newScreenModel(m Model) screenModel {
	v := &atomic.Value{}
	v.Store("")
	return screenModel{Model: m, last: v}
}

func (s screenModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m, cmd := s.Model.Update(msg)
	s.Model = m.(Model)
	return s, cmd
}

func (s screenModel) View() tea.View {
	v := s.Model.View()
	s.last.Store(ansi.Strip(v.Content))
	return v
}

// waitForText waits until the drawn screen shows every text; on time-out
// it fails with the screen.
func waitForText(t *testing.T, _ *teatest.TestModel, sm screenModel, texts ...string) {
	t.Helper()
	ok := func() bool {
		s := sm.last.Load().(string)
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	}
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if ok() {
			return
		}
	}
	t.Fatalf("after 10s the screen still lacks one of %q:\n%s", texts, sm.last.Load().(string))
}

// TestFlowPickAndEdit runs the real program: pick WeatherAlert, replace the
// source, change the alert type, quit. The final screen is a golden file
// (fixed clock and reference id), reviewed by eye.
func TestFlowPickAndEdit(t *testing.T) {
	c := &clock{t: testStart}
	sm := newScreenModel(New(testOptions(t, c)))
	tm := teatest.NewTestModel(t, sm, teatest.WithInitialTermSize(120, 40))
	waitForText(t, tm, sm, "Schemas", "SocialGameInvite")

	tm.Send(uitest.Key("enter"))
	waitForText(t, tm, sm, "Form · WeatherAlert")

	// The form opens on the source field; clear it and paste a new source.
	tm.Send(uitest.Key("ctrl+u"))
	tm.Send(tea.PasteMsg{Content: "Qzj Meteo"})
	// The JSON changes only after the form's change reached the root.
	waitForText(t, tm, sm, `"source": "Qzj Meteo"`)

	tm.Send(uitest.Key("down"))
	tm.Send(uitest.Key("right"))
	waitForText(t, tm, sm, `"alertType": "HURRICANE"`, "There is a hurricane alert")

	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(screenModel).Model
	if s := fm.preview.utter.Text; s != "There is a hurricane alert for your area. Provided by Qzj Meteo." {
		t.Fatalf("final sentence %q", s)
	}
	got := ansi.Strip(fm.View().Content)
	for _, want := range []string{"There is a hurricane alert for your area.", "Qzj", `"alertType": "HURRICANE"`, "‹ HURRICANE ›"} {
		if !strings.Contains(got, want) {
			t.Fatalf("final screen lacks %q:\n%s", want, got)
		}
	}
	golden.RequireEqual(t, []byte(got))
}

// TestFlowPickByFilter picks a schema through the picker's filter.
func TestFlowPickByFilter(t *testing.T) {
	c := &clock{t: testStart}
	sm := newScreenModel(New(testOptions(t, c)))
	tm := teatest.NewTestModel(t, sm, teatest.WithInitialTermSize(80, 24))
	waitForText(t, tm, sm, "Schemas")
	tm.Send(uitest.Key("/"))
	tm.Type("social")
	tm.Send(uitest.Key("enter"))
	// The picker's details name the event too; the form title shows only
	// once the draft is open.
	waitForText(t, tm, sm, "Form · SocialGameInvite")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(screenModel).Model
	if !fm.hasDraft || fm.form.Draft().Schema.Short != "SocialGameInvite" {
		t.Fatal("the filter did not open SocialGameInvite")
	}
}
