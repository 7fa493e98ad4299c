package dialogs

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

func errFinding(i int) schemas.Finding {
	return schemas.Finding{Code: fmt.Sprintf("CODE_%d", i), Severity: schemas.SeverityError, Path: fmt.Sprintf("event.payload.f%d", i), Message: fmt.Sprintf("problem number %d", i)}
}

func TestSendAnywayListsErrorsOnly(t *testing.T) {
	findings := []schemas.Finding{
		errFinding(1),
		{Code: "WARN_ONE", Severity: schemas.SeverityWarning, Path: "x", Message: "just a warning"},
		errFinding(2),
		errFinding(3),
	}
	c := NewSendAnyway(findings)
	c.SetSize(100, 40)
	if c.ID() != IDSendAnyway {
		t.Fatalf("id %q", c.ID())
	}
	requireText(t, c, "3 errors in the draft. Send anyway?", "CODE_1 at event.payload.f1: problem number 1", "CODE_3", "[ Send anyway ]", "[ Cancel ]")
	rejectText(t, c, "WARN_ONE", "more")

	one := NewSendAnyway([]schemas.Finding{errFinding(1)})
	one.SetSize(100, 40)
	requireText(t, one, "1 error in the draft. Send anyway?")

	var many []schemas.Finding
	for i := 1; i <= 6; i++ {
		many = append(many, errFinding(i))
	}
	m := NewSendAnyway(many)
	m.SetSize(100, 40)
	requireText(t, m, "6 errors in the draft", "CODE_4", "…and 2 more")
	rejectText(t, m, "CODE_5")
}

func TestConfirmAnswers(t *testing.T) {
	cases := []struct {
		keys []string
		yes  bool
	}{
		{[]string{"y"}, true},
		{[]string{"Y"}, true},
		{[]string{"n"}, false},
		{[]string{"esc"}, false},
		{[]string{"enter"}, false}, // "No" is selected at first: a stray enter never sends
		{[]string{"right", "enter"}, true},
		{[]string{"tab", "tab", "enter"}, false},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.keys, ","), func(t *testing.T) {
			c := NewSendAnyway([]schemas.Finding{errFinding(1)})
			var out []any
			for _, k := range tc.keys {
				var msgs []any
				c2, got := press(t, c, k)
				c = c2
				for _, m := range got {
					msgs = append(msgs, m)
				}
				out = append(out, msgs...)
			}
			if len(out) != 1 {
				t.Fatalf("messages %#v, want one ConfirmedMsg", out)
			}
			got, ok := out[0].(ConfirmedMsg)
			if !ok || got.ID != IDSendAnyway || got.Yes != tc.yes {
				t.Fatalf("got %#v, want ConfirmedMsg{%q, %v}", out[0], IDSendAnyway, tc.yes)
			}
		})
	}
}

func TestConfirmIgnoresOtherKeys(t *testing.T) {
	c := NewConfirm("remove", "Remove?", "Remove it?", nil)
	c, out := press(t, c, "x", "q", "ctrl+s", "space")
	if len(out) != 0 {
		t.Fatalf("other keys answered: %#v", out)
	}
	requireText(t, c, "Remove it?", "[ Yes ]", "[ No ]")
}

func liveTarget(t *testing.T, name string) alexa.Target {
	t.Helper()
	tg, err := alexa.ParseTarget(name)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestTypedConfirmAcceptsOnlyTheExactText(t *testing.T) {
	const event = "AMAZON.WeatherAlert.Activated"
	newDialog := func() TypedConfirm {
		d := NewLiveConfirm(liveTarget(t, "na-live"), event, "weather")
		d.SetSize(90, 30)
		d.Focus()
		return d
	}
	d := newDialog()
	requireText(t, d, "Send to the LIVE stage?", "Target: NA LIVE", "https://api.amazonalexa.com/v1/proactiveEvents", "real customers", "Type the event name to confirm:", event)

	for _, wrong := range []string{"", "amazon.weatheralert.activated", "AMAZON.WeatherAlert", event + "X", "weather"} {
		d := newDialog()
		d, _ = typeText(t, d, wrong)
		d, out := press(t, d, "enter")
		if len(out) != 0 {
			t.Fatalf("%q confirmed: %#v", wrong, out)
		}
		if wrong == "" {
			requireText(t, d, "Type "+event+" to send")
		} else {
			requireText(t, d, "That is not "+event+" (case matters); nothing was sent.")
		}
	}

	d = newDialog()
	d, _ = typeText(t, d, event)
	_, out := press(t, d, "enter")
	if got, ok := find[ConfirmedMsg](out); !ok || !got.Yes || got.ID != IDLiveSend {
		t.Fatalf("exact text: %#v", out)
	}

	d = newDialog()
	d, _ = typeText(t, d, event)
	_, out = press(t, d, "esc")
	if got, ok := find[ConfirmedMsg](out); !ok || got.Yes {
		t.Fatalf("esc: %#v", out)
	}
}

func TestTypedConfirmFallbacksAndWarningColour(t *testing.T) {
	tg := liveTarget(t, "eu-live")
	if d := NewLiveConfirm(tg, "", "weather"); d.Want() != "weather" {
		t.Fatalf("without an event name the profile name confirms, got %q", d.Want())
	}
	if d := NewLiveConfirm(tg, "", ""); d.Want() != "live" {
		t.Fatalf("without names the word live confirms, got %q", d.Want())
	}
	d := NewLiveConfirm(tg, "", "weather")
	d.SetSize(90, 30)
	d.Focus()
	requireText(t, d, "Type the profile name to confirm:", "Target: EU LIVE")
	// The target line is drawn in the warning (live) style.
	st := DefaultStyles(true)
	if !strings.Contains(d.View(), st.Live.Render("Target: EU LIVE")) {
		t.Fatal("the live target is not drawn in the Live style")
	}
	d, _ = typeText(t, d, "  weather ")
	_, out := press(t, d, "enter")
	if got, ok := find[ConfirmedMsg](out); !ok || !got.Yes {
		t.Fatalf("surrounding spaces should not matter: %#v", out)
	}
}
