package dialogs

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
)

// TestTypedConfirmPlaceholderIsAHint: the empty input shows a hint, never
// the word to type (which would look pre-filled).
func TestTypedConfirmPlaceholderIsAHint(t *testing.T) {
	tg, err := alexa.ParseTarget("na-live")
	if err != nil {
		t.Fatal(err)
	}
	c := NewTypedConfirm(IDLiveSend, tg, "the event name", "WeatherAlert")
	c.SetSize(80, 24)
	c.Focus()
	v := ansi.Strip(c.View())
	if !strings.Contains(v, "> type it here") {
		t.Fatalf("no hint in the empty input:\n%s", v)
	}
	if strings.Contains(v, "> WeatherAlert") {
		t.Fatalf("the input looks pre-filled:\n%s", v)
	}
}
