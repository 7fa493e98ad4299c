package historypane

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// harness runs the pane as a program, as the root will: it sizes the pane
// on WindowSizeMsg and forwards every other message.
type harness struct{ pane Model }

func (h harness) Init() tea.Cmd { return h.pane.Init() }

func (h harness) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		h.pane.SetSize(ws.Width, ws.Height)
		return h, nil
	}
	var cmd tea.Cmd
	h.pane, cmd = h.pane.Update(msg)
	return h, cmd
}

func (h harness) View() tea.View { return tea.NewView(h.pane.View()) }

// TestFlowFilter runs the real program: the list shows, typing a filter
// narrows it after the pause, enter keeps it.
func TestFlowFilter(t *testing.T) {
	p := New(newStore(t, 40), DefaultStyles(true))
	p.now = func() time.Time { return testNow }
	p.loc = time.UTC
	p.Focus()
	tm := teatest.NewTestModel(t, harness{pane: p}, teatest.WithInitialTermSize(120, 30))
	waitFor(t, tm, "#40", "1/40")

	tm.Send(uitest.Key("/"))
	tm.Type("schema:weather")
	waitFor(t, tm, "1/5") // fixtures 0, 8, 16, 24, 32
	tm.Send(uitest.Key("enter"))

	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(harness).pane
	if fm.Editing() || fm.Filter() != "schema:weather" {
		t.Fatalf("final: editing %v, filter %q", fm.Editing(), fm.Filter())
	}
	got := ansi.Strip(fm.View())
	rows := 0
	for _, l := range strings.Split(got, "\n") {
		if rowLine.MatchString(l) {
			rows++
			if !strings.Contains(l, "WeatherAlert") {
				t.Errorf("a row that is not a WeatherAlert: %q", l)
			}
		}
	}
	if rows != 5 || !strings.Contains(got, "#33 ") || !strings.Contains(got, "#1 ") {
		t.Fatalf("want the 5 WeatherAlert rows #33…#1:\n%s", got)
	}
}

// rowLine matches a record row of the list.
var rowLine = regexp.MustCompile(`^[ ›]+#\d+ `)

// waitFor waits until the program's output (colours stripped) has shown
// every text.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
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
