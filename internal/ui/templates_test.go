package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/template"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

func TestFormShowsPlaceholderValuesAndValidatesExpanded(t *testing.T) {
	c := &clock{t: testStart}
	opts := testOptions(t, c)
	opts.Users = []draft.UserOption{{ID: "amzn1.ask.account.HOME", Label: "home"}}
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = press(t, m, "enter", "ctrl+u") // the source field, emptied
	m = typeText(t, m, "Storm {{user:home}} at {{now+1h}}")
	requireScreen(t, m, "{{user:home}} → amzn1.ask.account.HOME", "{{now+1h}} → 2026-03-01T10:00:00Z")
	if !strings.Contains(string(m.bodyBytes()), "Storm amzn1.ask.account.HOME at 2026-03-01T10:00:00Z") {
		t.Fatalf("the preview shows the expanded body:\n%s", m.bodyBytes())
	}
	if !strings.Contains(string(m.rawBody()), "Storm {{user:home}} at {{now+1h}}") {
		t.Fatal("the kept body keeps the placeholders")
	}
	if m.dv.Errors != 0 {
		t.Fatalf("expanded values are valid: %v", m.dv.Findings)
	}
	m = typeText(t, m, " {{user:nobody}}")
	if m.dv.Errors != 1 {
		t.Fatalf("an unknown placeholder is one error, got %d", m.dv.Errors)
	}
	requireScreen(t, m, "{{user:nobody}}:", template.FindingCode)
	// The preview's reference id stays put between frames.
	before := string(m.bodyBytes())
	c.Advance(0)
	m = update(t, m, tickMsg{})
	if string(m.bodyBytes()) != before {
		t.Fatal("the preview must not flicker")
	}
}

func TestLibraryEventWithPlaceholdersSendsAgainAndAgain(t *testing.T) {
	dir := t.TempDir()
	m, rig := newSendModel(t, 120, 40, func(o *Options, _ *sendRig) {
		o.Library = &library.Library{Dir: dir, Source: library.SourceFlag}
	})
	m = press(t, m, "enter", "alt+l", "a", "ctrl+u")
	m = typeText(t, m, "storm")
	m = press(t, m, "enter")
	requireScreen(t, m, "Saved to the library as storm")
	// Open it again (nothing changed, so no question): the form holds the placeholders.
	m = press(t, m, "alt+l", "enter")
	if d := m.form.Draft(); !strings.Contains(d.ReferenceID+d.Timestamp+d.Expiry, "{{") && !strings.Contains(string(m.rawBody()), "{{ref}}") {
		t.Fatalf("the opened event should keep its placeholders:\n%s", m.rawBody())
	}
	if m.dv.Errors != 0 || strings.Contains(string(m.bodyBytes()), "{{") {
		t.Fatalf("the preview is expanded and valid: %v\n%s", m.dv.Findings, m.bodyBytes())
	}
	m = press(t, m, "ctrl+s")
	m = press(t, m, "ctrl+s")
	recs := records(t, rig.store)
	if len(recs) != 2 || recs[0].Status != 202 || recs[1].Status != 202 {
		t.Fatalf("two sends of one library event: %+v", recs)
	}
	if recs[0].ReferenceID == recs[1].ReferenceID {
		t.Fatal("each send expands {{ref}} afresh")
	}
	// The hints that say what a placeholder stands for in the preview are
	// about the preview's {{ref}}, not the one sent: they are not recorded.
	for _, r := range recs {
		rec, err := rig.store.Get(t.Context(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rec.Findings {
			if f.Code == draft.CodeTemplateValue {
				t.Fatalf("record #%d keeps the preview's hint %q", r.ID, f.Message)
			}
		}
	}
}

// TestUnexpandablePlaceholderAsksBeforeSending: a placeholder that cannot
// be expanded is an error on the status line, so ctrl+s asks "send
// anyway?" with that one error, and declining sends nothing.
func TestUnexpandablePlaceholderAsksBeforeSending(t *testing.T) {
	m, rig := newSendModel(t, 120, 40, nil)
	m = press(t, m, "enter", "ctrl+u") // the source field, emptied
	m = typeText(t, m, "Storm {{user:nobody}}")
	if m.dv.Errors != 1 {
		t.Fatalf("an unknown placeholder is one error, got %d: %v", m.dv.Errors, m.dv.Findings)
	}
	requireScreen(t, m, "│ 1 error")
	m = press(t, m, "ctrl+s")
	if !topIs[*dialogs.Confirm](m) || topOf[*dialogs.Confirm](m).ID() != dialogs.IDSendAnyway {
		t.Fatalf("the error on the status line must ask first:\n%s", screen(m))
	}
	requireScreen(t, m, "1 error in the draft", template.FindingCode)
	m = press(t, m, "n")
	if n := len(records(t, rig.store)); n != 0 {
		t.Fatalf("declining sent it: %d records", n)
	}
}
