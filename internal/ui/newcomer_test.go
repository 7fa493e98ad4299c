package ui

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"

	"github.com/pe-tui/pe-tui/internal/ui/formpane"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
	"github.com/pe-tui/pe-tui/internal/ui/response"
)

// TestF1OpensHelpWhileTyping: the form opens on a text field, where ? is
// typed; F1 opens the help from there, and the hint line says so.
func TestF1OpensHelpWhileTyping(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	if !m.textFocused() {
		t.Fatal("the form should open on a text field")
	}
	before, _ := m.form.Draft().Text("weatherAlert.source")
	if h := helpText(m); !strings.Contains(h, "F1 help") {
		t.Fatalf("the hint line on a text field does not say how to get help: %q", h)
	}
	m = press(t, m, "f1")
	if !topIs[*helpDialog](m) {
		t.Fatal("F1 on a text field should open the help")
	}
	if after, _ := m.form.Draft().Text("weatherAlert.source"); after != before {
		t.Fatalf("F1 changed the field: %q → %q", before, after)
	}
	m = press(t, m, "f1")
	if m.top() != nil {
		t.Fatal("F1 should close the help again")
	}
	// From the history filter too, which takes every other key.
	m2, _ := newSendModel(t, 80, 24, nil)
	m2 = press(t, m2, "f2", "/")
	if !m2.textFocused() {
		t.Fatal("/ should focus the history filter")
	}
	m2 = press(t, m2, "f1")
	if !topIs[*helpDialog](m2) {
		t.Fatal("F1 in the history filter should open the help")
	}
}

// TestHelpLineNeverCutsAWord checks the hint line at many widths and
// states: every hint shown is whole, F1 help always shows, and on an enum
// row "change value" shows at every width from 80 up.
func TestHelpLineNeverCutsAWord(t *testing.T) {
	states := map[string][]string{
		"text":    {"enter"},
		"enum":    {"enter", "down"},
		"picker":  {},
		"preview": {"enter", "tab"},
		"open":    {"enter", "down", "enter"},
	}
	for name, keys := range states {
		for _, w := range []int{64, 70, 80, 90, 100, 119, 120, 140, 160, 200} {
			for _, h := range []int{12, 24, 40} {
				m, _ := newTestModel(t, w, h)
				m = press(t, m, keys...)
				var whole []string
				for _, b := range enabled(m.shortHelp()) {
					whole = append(whole, b.Help().Key+" "+b.Help().Desc)
				}
				lines := strings.Split(screen(m), "\n")
				got := lines[len(lines)-m.lay.helpRows:]
				all := ""
				for _, l := range got {
					l = strings.TrimSpace(l)
					if l == "" {
						continue
					}
					for _, item := range strings.Split(l, " • ") {
						if !slices.Contains(whole, item) {
							t.Errorf("%s at %dx%d: %q is not a whole hint (line %q)", name, w, h, item, l)
						}
					}
					all += l + " "
				}
				if name != "open" && !strings.Contains(all, "F1") {
					t.Errorf("%s at %dx%d: no F1 help in %q", name, w, h, all)
				}
				if name == "enum" && w >= 80 && !strings.Contains(all, "←/→ change value") {
					t.Errorf("enum at %dx%d: no change value in %q", w, h, all)
				}
			}
		}
	}
}

// bindingsOf returns every key.Binding field of a key map struct, by name.
func bindingsOf(km any) map[string]key.Binding {
	out := map[string]key.Binding{}
	v := reflect.ValueOf(km)
	for i := range v.NumField() {
		if b, ok := v.Field(i).Interface().(key.Binding); ok {
			out[v.Type().Name()+"."+v.Type().Field(i).Name] = b
		}
	}
	return out
}

// TestHelpOverlayListsEveryBinding: the full help is generated from the key
// maps; a binding added to any of them and missing from the help fails
// here, in every pane's context.
func TestHelpOverlayListsEveryBinding(t *testing.T) {
	all := map[string]key.Binding{}
	for _, km := range []any{DefaultKeyMap(), formpane.DefaultKeyMap(), historypane.DefaultKeyMap(), response.DefaultKeyMap()} {
		for n, b := range bindingsOf(km) {
			all[n] = b
		}
	}
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	for _, f := range []focus{focusPicker, focusForm, focusPreview, focusResponse, focusHistory} {
		m.focus = f
		var entries []helpEntry
		for _, s := range m.helpSections() {
			entries = append(entries, s.entries...)
		}
		for n, b := range all {
			if !slices.Contains(entries, entryOf(b)) {
				t.Errorf("focus %v: the help lacks %s (%v %q)", f, n, b.Keys(), b.Help().Desc)
			}
		}
	}
	// The keys the issue found missing, and the time formats.
	m.focus = focusForm
	text := strings.Join(helpLinesFor(m.helpSections(), 200, m.styles), "\n")
	for _, want := range []string{"ctrl+l", "space", "x/delete", "R/n", "resend exactly", "+1h30m", "tomorrow 19:00"} {
		if !strings.Contains(text, want) {
			t.Errorf("the help lacks %q", want)
		}
	}
}

// TestHelpOverlayScrollsAndKeepsItsHint: at 80×24 from the history pane the
// help fits the screen, keeps its closing hint, and scrolls to its end.
func TestHelpOverlayScrollsAndKeepsItsHint(t *testing.T) {
	m, _ := newSendModel(t, 80, 24, nil)
	m = press(t, m, "f2", "?")
	if !topIs[*helpDialog](m) {
		t.Fatal("? in the history pane should open the help")
	}
	requireScreen(t, m, "This pane: History", "esc, ? or F1 closes this help", "scroll · lines 1–")
	checkFits(t, "help", m, 80, 24)
	m = press(t, m, "G")
	requireScreen(t, m, "Dates and times", "esc, ? or F1 closes this help")
	rejectScreen(t, m, "This pane: History")
	m = press(t, m, "g")
	requireScreen(t, m, "This pane: History")
}

// TestTypingAndDeletingLeavesNothingToDiscard: the discard question
// compares content, not key presses.
func TestTypingAndDeletingLeavesNothingToDiscard(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter") // WeatherAlert, on the source field
	m = typeText(t, m, "x")
	m = press(t, m, "backspace")
	m = press(t, m, "ctrl+n", "down", "enter")
	if topIs[*unsavedDialog](m) {
		t.Fatal("typing and deleting a character should not ask to discard")
	}
	if m.form.Draft().Schema.Short != "SportsEvent" {
		t.Fatalf("the new schema should open: %s", m.form.Draft().Schema.Short)
	}
	// A real change (a new reference id) still asks.
	m = press(t, m, "ctrl+r")
	m = press(t, m, "ctrl+n", "up", "enter")
	if !topIs[*unsavedDialog](m) {
		t.Fatal("a change should ask before it is discarded")
	}
}

// TestUnicastOffersTheSandboxTestUser: with the sandbox as target the
// audience's user id picker offers the sandbox's test user.
func TestUnicastOffersTheSandboxTestUser(t *testing.T) {
	m, _ := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter")
	if !m.form.FocusPath("relevantAudience.type") {
		t.Fatal("no audience row")
	}
	m = press(t, m, "right") // Unicast
	if !m.form.FocusPath("relevantAudience.payload.user") {
		t.Fatalf("no user id row:\n%s", screen(m))
	}
	m = press(t, m, "enter")
	requireScreen(t, m, "amzn1.ask.account.SANDBOX", "sandbox test user")
	m = press(t, m, "enter")
	if got := m.dv.Request.String("relevantAudience.payload.user"); got != "amzn1.ask.account.SANDBOX" {
		t.Fatalf("user %q", got)
	}
}

// TestJSONWrapsAtTokenBoundaries: a long value breaks after a space or a
// punctuation mark, not inside a word, at every width.
func TestJSONWrapsAtTokenBoundaries(t *testing.T) {
	plain := []string{`  "message": "Violations for metadata expiryTime should be at least five minutes in the future",`}
	for w := 24; w <= 60; w++ {
		got := wrapJSON(plain, plain, w)
		var words []string
		for _, l := range got {
			if kit.Width(l) > w {
				t.Fatalf("width %d: line wider: %q", w, l)
			}
			words = append(words, strings.Fields(l)...)
		}
		for _, word := range words {
			if strings.Trim(word, `",:`) != "" && !strings.Contains(plain[0], " "+word) && !strings.Contains(plain[0], `"`+word) {
				t.Errorf("width %d: %q is a broken word (%q)", w, word, got)
			}
		}
	}
}

// TestJSONFollowsTheFieldBeingEdited: moving to a field scrolls the JSON
// to its line when it is out of view.
func TestJSONFollowsTheFieldBeingEdited(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	m = press(t, m, "enter") // the source field
	rejectScreen(t, m, `"alertType"`)
	m = press(t, m, "down") // the alert type
	requireScreen(t, m, `"alertType": "TORNADO"`)
	m = press(t, m, "up", "up", "up", "up") // back to the envelope
	requireScreen(t, m, `"timestamp"`)
}
