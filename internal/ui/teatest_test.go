package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"
)

// waitForText waits until the program's output (its diff stream, colours
// stripped) has shown every text.
func waitForText(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		s := ansi.Strip(string(b))
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// TestFlowPickAndEdit runs the real program: pick WeatherAlert, replace the
// source, change the alert type, quit. The final screen is a golden file
// (fixed clock and reference id), reviewed by eye.
func TestFlowPickAndEdit(t *testing.T) {
	c := &clock{t: testStart}
	tm := teatest.NewTestModel(t, New(testOptions(t, c)), teatest.WithInitialTermSize(120, 40))
	waitForText(t, tm, "Schemas", "SocialGameInvite")

	tm.Send(keyMsg("enter"))
	waitForText(t, tm, "Form · WeatherAlert")

	// The form opens on the source field; clear it and paste a new source.
	tm.Send(keyMsg("ctrl+u"))
	tm.Send(tea.PasteMsg{Content: "Qzj Meteo"})
	waitForText(t, tm, "Qzj Meteo")

	tm.Send(keyMsg("down"))
	tm.Send(keyMsg("right"))
	waitForText(t, tm, "HURRICANE")

	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
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
	tm := teatest.NewTestModel(t, New(testOptions(t, c)), teatest.WithInitialTermSize(80, 24))
	waitForText(t, tm, "Schemas")
	tm.Send(keyMsg("/"))
	tm.Type("social")
	tm.Send(keyMsg("enter"))
	waitForText(t, tm, "AMAZON.SocialGameInvite.Available")
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if !fm.hasDraft || fm.form.Draft().Schema.Short != "SocialGameInvite" {
		t.Fatal("the filter did not open SocialGameInvite")
	}
}
