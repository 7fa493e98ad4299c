package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/ui"
)

// The model Bubble Tea first renders already has the terminal's size, so its
// first frame is the full screen; without a terminal it is left to wait for
// the size message.
func TestTUISizedDrawsTheFullFirstFrame(t *testing.T) {
	opts, err := tuiOptions("", tuiTestEnv())
	if err != nil {
		t.Fatal(err)
	}
	m := ui.New(opts)
	frame := tuiSized(m, func() (int, int, error) { return 120, 40, nil }).View().Content
	frame = ansi.Strip(frame)
	for _, want := range []string{"Schemas", "WeatherAlert", "target sandbox"} {
		if !strings.Contains(frame, want) {
			t.Fatalf("first frame without %q:\n%s", want, frame)
		}
	}
	if got := tuiSized(m, func() (int, int, error) { return 0, 0, errors.New("not a terminal") }).View().Content; strings.Contains(ansi.Strip(got), "target sandbox") {
		t.Fatalf("no size known: the model must wait for the size message, got:\n%s", got)
	}
}
