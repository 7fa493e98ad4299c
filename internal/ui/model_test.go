package ui

import (
	"image/color"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// weatherTwoLocales has the source in en-US and de-DE, and a fr-FR entry without it.
const weatherTwoLocales = `{
  "timestamp": "2026-03-01T09:00:00Z",
  "referenceId": "pe~locales1",
  "expiryTime": "2026-03-01T20:00:00Z",
  "event": {
    "name": "AMAZON.WeatherAlert.Activated",
    "payload": {"weatherAlert": {"source": "localizedattribute:source", "alertType": "SNOW_STORM"}}
  },
  "localizedAttributes": [
    {"locale": "en-US", "source": "Example Weather Corp"},
    {"locale": "de-DE", "source": "Wetterdienst Nord"},
    {"locale": "fr-FR"}
  ],
  "relevantAudience": {"type": "Multicast", "payload": {}}
}`

func TestStartShowsPickerAndSample(t *testing.T) {
	m, _ := newTestModel(t, 200, 60)
	if m.focus != focusPicker || m.hasDraft {
		t.Fatalf("start: focus %v, hasDraft %v; want the picker and no draft", m.focus, m.hasDraft)
	}
	for _, s := range schemas.All() {
		requireScreen(t, m, s.Short)
	}
	// The highlighted schema's description, template and sample sentence show at once.
	requireScreen(t, m, "Weather alert for the customer's area", "There is a {alertType} alert for your area.",
		"There is a tornado alert for your area. Provided by Example Weather Corp.")
	// Keys that need a draft are not offered.
	rejectScreen(t, m, "copy JSON", "save JSON")
}

func TestPickSchemaOpensFormWithSample(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "down", "down") // MessageAlert
	requireScreen(t, m, "Reminder of unread or flagged messages", "You have three new messages from Jane Doe.")
	m = press(t, m, "enter")
	if !m.hasDraft || m.focus != focusForm {
		t.Fatalf("after enter: hasDraft %v focus %v; want a draft and the form focused", m.hasDraft, m.focus)
	}
	if got := m.form.Draft().Schema.Name; got != "AMAZON.MessageAlert.Activated" {
		t.Fatalf("draft schema %q", got)
	}
	requireScreen(t, m, "AMAZON.MessageAlert.Activated", "Alexa says · en-US",
		"You have three new messages from Jane Doe.", `"referenceId": "`+testRefID+`"`,
		"expires in 23h 0m ✓", "no findings", "profile test-skill", "target NA development")
}

func TestPickerFilterCapturesQ(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "/")
	if !m.textFocused() {
		t.Fatal("the filter should capture keys after /")
	}
	if quits(t, m, "q") {
		t.Fatal("q typed into the filter quit the app")
	}
	m = typeText(t, m, "trash")
	requireScreen(t, m, "/trash", "TrashCollectionAlert")
	rejectScreen(t, m, "WeatherAlert", "SportsEvent")
	m = press(t, m, "enter")
	if !m.hasDraft || m.form.Draft().Schema.Short != "TrashCollectionAlert" {
		t.Fatalf("enter in the filter should open the match; hasDraft %v", m.hasDraft)
	}
	requireScreen(t, m, "This coming Tuesday is glass collection day.")
}

func TestQuitKeys(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	if !quits(t, m, "q") {
		t.Fatal("q should quit when no text field has focus")
	}
	if !quits(t, m, "ctrl+c") {
		t.Fatal("ctrl+c should quit")
	}
	m = press(t, m, "/")
	if !quits(t, m, "ctrl+c") {
		t.Fatal("ctrl+c should quit from a text field too")
	}
	m = press(t, m, "?")
	if !quits(t, m, "ctrl+c") {
		t.Fatal("ctrl+c should quit from a dialog too")
	}
}

func TestHelpToggle(t *testing.T) {
	m, _ := newTestModel(t, 100, 30)
	m = press(t, m, "enter") // WeatherAlert: the form opens on the source text field
	m = press(t, m, "?")
	rejectScreen(t, m, "esc, ? or F1 closes this help")
	if src, _ := m.form.Draft().Text("weatherAlert.source"); !strings.HasSuffix(src, "?") {
		t.Fatalf("? on a text field should be typed, source is %q", src)
	}
	m = press(t, m, "down") // the alert type: not a text field
	m = press(t, m, "?")
	requireScreen(t, m, "Keys", "next pane", "previous pane", "esc, ? or F1 closes this help")
	m = press(t, m, "pgdown") // the help scrolls when it does not fit
	requireScreen(t, m, "edit JSON in $EDITOR", "copy JSON", "esc, ? or F1 closes this help")
	if quits(t, m, "tab") {
		t.Fatal("tab in the help dialog must not quit")
	}
	m = press(t, m, "tab")
	if m.focus != focusForm {
		t.Fatal("keys must not reach the panes while the help is open")
	}
	m = press(t, m, "?")
	rejectScreen(t, m, "esc, ? or F1 closes this help")
	m = press(t, m, "?", "esc")
	rejectScreen(t, m, "esc, ? or F1 closes this help")
}

func TestTabCyclesPanes(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "tab")
	if m.focus != focusPicker {
		t.Fatal("without a draft tab stays on the picker")
	}
	m = press(t, m, "enter")
	want := []focus{focusPreview, focusResponse, focusPicker, focusForm}
	for _, w := range want {
		m = press(t, m, "tab")
		if m.focus != w {
			t.Fatalf("tab: focus %v, want %v", m.focus, w)
		}
	}
	m = press(t, m, "shift+tab")
	if m.focus != focusPicker {
		t.Fatalf("shift+tab: focus %v, want picker", m.focus)
	}
	// At 120 columns the picker and the form share the left column.
	requireScreen(t, m, "Schemas")
	rejectScreen(t, m, "Form · WeatherAlert")
	m = press(t, m, "tab")
	requireScreen(t, m, "Form · WeatherAlert")
}

func TestPreviewLocaleSwitch(t *testing.T) {
	m, _ := loadEvent(t, weatherTwoLocales, 200, 60)
	if !m.hasDraft {
		t.Fatalf("the file did not open: %s", m.loadErr)
	}
	requireScreen(t, m, "Alexa says · en-US", "(3 locales)", "There is a snow storm alert for your area. Provided by Example Weather Corp.")
	rejectScreen(t, m, "[approximate]", "[fallback]")

	m = press(t, m, "ctrl+l")
	requireScreen(t, m, "Alexa says · de-DE", "[approximate]", "Provided by Wetterdienst Nord.")
	rejectScreen(t, m, "[fallback]")

	m = press(t, m, "ctrl+l")
	requireScreen(t, m, "Alexa says · fr-FR", "[approximate]", "[fallback]", "Provided by Example Weather Corp.",
		"[approximate] English wording stands in: Alexa's fr-FR sentence differs",
		"[fallback] a value is missing here and was taken from another locale")

	m = press(t, m, "ctrl+l")
	requireScreen(t, m, "Alexa says · en-US")
}

func TestExpiryCountsDownOverTicks(t *testing.T) {
	body := strings.Replace(weatherTwoLocales, `"expiryTime": "2026-03-01T20:00:00Z"`, `"expiryTime": "2026-03-01T09:06:00Z"`, 1)
	m, c := loadEvent(t, body, 120, 40)
	requireScreen(t, m, "expires in 6m 0s ⚠ soon")

	c.Advance(30 * time.Second)
	nm, cmd := m.Update(tickMsg{at: c.Now()})
	m = nm.(Model)
	if cmd == nil {
		t.Fatal("a tick must schedule the next tick")
	}
	requireScreen(t, m, "expires in 5m 30s ⚠ soon")

	c.Advance(40 * time.Second) // 4m50s left: below the 5-minute minimum
	nm, _ = m.Update(tickMsg{at: c.Now()})
	m = nm.(Model)
	requireScreen(t, m, "expires in 4m 50s ✗", "[EXP_TOO_SOON]")
	if m.dv.Expiry.OK {
		t.Fatal("the expiry should be out of the window")
	}
	// The expiry error is counted with the findings, recomputed by the tick.
	if m.dv.Errors == 0 {
		t.Fatal("EXP_TOO_SOON should count as an error after the tick")
	}
}

func TestFindingsCountInStatusLine(t *testing.T) {
	body := `{
  "timestamp": "2026-03-01T09:00:00Z",
  "referenceId": "pe~findings",
  "expiryTime": "2026-03-01T20:00:00Z",
  "event": {"name": "AMAZON.WeatherAlert.Activated", "payload": {"weatherAlert": {"source": "Example Weather Corp"}}},
  "localizedAttributes": [],
  "relevantAudience": {"type": "Multicast", "payload": {}},
  "priority": "high"
}`
	m, c := loadEvent(t, body, 120, 40)
	if !m.hasDraft {
		t.Fatalf("the file did not open: %s", m.loadErr)
	}
	fs := schemas.Validate(m.dv.Request, c.Now(), schemas.ValidateOptions{})
	var e, w int
	for _, f := range fs {
		switch f.Severity {
		case schemas.SeverityError:
			e++
		case schemas.SeverityWarning:
			w++
		}
	}
	if e == 0 || w == 0 {
		t.Fatalf("test event should have errors and warnings, got %+v", fs)
	}
	requireScreen(t, m, draft.Summary(e, w))
	if draft.Summary(2, 1) != "2 errors, 1 warning" || draft.Summary(1, 0) != "1 error" || draft.Summary(0, 0) != "no findings" {
		t.Fatal("findingsText wording")
	}
}

func TestInvalidFileKeepsTextAndShowsPosition(t *testing.T) {
	body := "{\n  \"timestamp\": \"2026-03-01T09:00:00Z\",\n  \"event\": }\n"
	m, _ := loadEvent(t, body, 100, 30)
	if m.hasDraft || m.focus != focusPicker {
		t.Fatalf("invalid JSON should open the picker; hasDraft %v focus %v", m.hasDraft, m.focus)
	}
	requireScreen(t, m, "event.json", "line 3, column 12")
	if string(m.pending) != body {
		t.Fatal("the file's text was not kept")
	}
	// ctrl+e hands the kept text to the editor.
	_, cmd := m.Update(uitest.Key("ctrl+o"))
	ready, ok := runCmd(cmd).(editorReadyMsg)
	if !ok {
		t.Fatalf("ctrl+e should write the kept text for the editor, got %T", runCmd(cmd))
	}
	got, err := os.ReadFile(ready.path)
	if err != nil || string(got) != body {
		t.Fatalf("editor file %q (%v), want the original text", got, err)
	}
	// The user fixes the JSON in the editor.
	fixed := strings.Replace(weatherTwoLocales, "SNOW_STORM", "HURRICANE", 1)
	if err := os.WriteFile(ready.path, []byte(fixed), 0o600); err != nil {
		t.Fatal(err)
	}
	m = update(t, m, editorClosedMsg{path: ready.path})
	if !m.hasDraft || m.focus != focusForm {
		t.Fatalf("fixed JSON should open in the form; loadErr %q", m.loadErr)
	}
	requireScreen(t, m, "There is a hurricane alert for your area.")
	if _, err := os.Stat(ready.path); !os.IsNotExist(err) {
		t.Fatal("the temporary file should be removed")
	}
}

func TestEditorBadJSONOffersToEditAgain(t *testing.T) {
	m, _ := loadEvent(t, weatherTwoLocales, 100, 30)
	_, cmd := m.Update(uitest.Key("ctrl+o"))
	ready := runCmd(cmd).(editorReadyMsg)
	broken := "{\"timestamp\": 12,,}"
	if err := os.WriteFile(ready.path, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	m = update(t, m, editorClosedMsg{path: ready.path})
	if !topIs[*badJSONDialog](m) {
		t.Fatal("bad JSON from the editor should open the dialog")
	}
	requireScreen(t, m, "line 1, column 18", "edit it again")
	// The form still holds the event from before the edit.
	requireScreen(t, m, "snow storm")
	// Enter reopens the editor with the user's broken text.
	// (The dialog answers; the root then writes the text for the editor.)
	nm, cmd := m.Update(uitest.Key("enter"))
	_, cmd = nm.(Model).Update(runCmd(cmd))
	again, ok := runCmd(cmd).(editorReadyMsg)
	if !ok {
		t.Fatal("enter should reopen the editor")
	}
	got, _ := os.ReadFile(again.path)
	if string(got) != broken {
		t.Fatalf("reopened editor got %q, want the user's text", got)
	}
	// Esc discards it instead.
	m = press(t, m, "esc")
	if len(m.stack) != 0 || m.pending != nil {
		t.Fatal("esc should close the dialog and drop the text")
	}
	requireScreen(t, m, "Discarded the edited text", "snow storm")
}

func TestSaveNeverOverwritesWithoutConfirm(t *testing.T) {
	m, _ := loadEvent(t, weatherTwoLocales, 100, 30)
	path := filepath.Join(t.TempDir(), "out.json")
	save := func(m Model) Model {
		m = press(t, m, "ctrl+x")
		if !topIs[*saveDialog](m) {
			t.Fatal("ctrl+w should open the save dialog")
		}
		requireScreen(t, m, "Save the JSON body")
		// The opened file, with its full path.
		if got, want := topOf[*saveDialog](m).input.Value(), absPath("event.json"); got != want || !filepath.IsAbs(got) {
			t.Fatalf("save proposes %q, want %q", got, want)
		}
		topOf[*saveDialog](m).input.SetValue(path)
		return press(t, m, "enter")
	}
	m = save(m)
	data, err := os.ReadFile(path)
	if err != nil || !strings.Contains(string(data), `"alertType": "SNOW_STORM"`) {
		t.Fatalf("saved file %q (%v)", data, err)
	}
	// The status line keeps the target and cuts a long path with an ellipsis.
	requireScreen(t, m, "Saved to ", "target NA development")
	if m.status.text != "Saved to "+path {
		t.Fatalf("status %q", m.status.text)
	}

	if err := os.WriteFile(path, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	m = save(m)
	if !topIs[*questionDialog](m) {
		t.Fatal("an existing file should ask before overwriting")
	}
	requireScreen(t, m, "already exists. Overwrite it?")
	m = press(t, m, "n")
	if data, _ := os.ReadFile(path); string(data) != "keep me" {
		t.Fatal("n must keep the existing file")
	}
	m = save(m)
	m = press(t, m, "y")
	if data, _ := os.ReadFile(path); !strings.Contains(string(data), "SNOW_STORM") {
		t.Fatal("y should overwrite the file")
	}
}

func TestCopyJSONAndCurl(t *testing.T) {
	c := &clock{t: testStart}
	opts := testOptions(t, c)
	var copied []string
	opts.Clipboard = func(s string) error { copied = append(copied, s); return nil }
	opts.FileData = []byte(weatherTwoLocales)
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 100, Height: 30})

	m = press(t, m, "ctrl+y")
	if len(copied) != 1 || !strings.Contains(copied[0], `"name": "AMAZON.WeatherAlert.Activated"`) {
		t.Fatalf("copied %q", copied)
	}
	requireScreen(t, m, "Copied the JSON to the clipboard")

	m = press(t, m, "ctrl+t")
	if len(copied) != 2 {
		t.Fatalf("curl not copied: %q", copied)
	}
	curl := copied[1]
	for _, want := range []string{
		"curl ", "-X POST 'https://api.amazonalexa.com/v1/proactiveEvents/stages/development'",
		`-H "Authorization: Bearer $TOKEN"`, "-H 'Content-Type: application/json'",
		`--data-raw '{"timestamp":"2026-03-01T09:00:00Z"`,
		// The token step: the secret from the environment, never inlined.
		"TOKEN=$(curl -sS -X POST 'https://api.amazon.com/auth/o2/token'",
		`"client_secret=$PE_TUI_CLIENT_SECRET"`, `"client_id=$PE_TUI_CLIENT_ID"`, "'scope=alexa::proactive_events'",
	} {
		if !strings.Contains(curl, want) {
			t.Fatalf("curl command lacks %q:\n%s", want, curl)
		}
	}
	requireScreen(t, m, "Copied the curl commands")
	if strings.Contains(curl, "sandbox") {
		t.Fatal("an Amazon target's curl has no sandbox note")
	}
	if got := shellQuote("it's"); got != `'it'\''s'` {
		t.Fatalf("shellQuote: %s", got)
	}
}

func TestCopyWithoutNativeClipboardSaysOSC52(t *testing.T) {
	m, _ := loadEvent(t, weatherTwoLocales, 100, 30)
	m = press(t, m, "ctrl+y")
	requireScreen(t, m, "to the terminal (OSC 52, not confirmed)")
}

func TestStatusMessageExpires(t *testing.T) {
	m, c := loadEvent(t, weatherTwoLocales, 100, 30)
	m = press(t, m, "ctrl+y")
	requireScreen(t, m, "OSC 52")
	c.Advance(defaultStatusTTL + time.Second)
	nm, _ := m.Update(tickMsg{at: c.Now()})
	rejectScreen(t, nm.(Model), "OSC 52")
}

// TestResizeNeverOverflows checks every size, state and dialog for lines
// wider than the terminal or more lines than its height.
func TestResizeNeverOverflows(t *testing.T) {
	sizes := [][2]int{{1, 1}, {2, 2}, {10, 5}, {23, 6}, {24, 6}, {40, 10}, {63, 20}, {64, 20}, {80, 24}, {120, 40}, {139, 30}, {140, 30}, {200, 60}}
	states := map[string]func(Model) Model{
		"picker": func(m Model) Model { return m },
		"form":   func(m Model) Model { return press(t, m, "enter") },
		"preview": func(m Model) Model {
			return press(t, m, "enter", "tab")
		},
		"help":   func(m Model) Model { return press(t, m, "enter", "?") },
		"save":   func(m Model) Model { return press(t, m, "enter", "ctrl+x") },
		"filter": func(m Model) Model { return typeText(t, press(t, m, "/"), "zzzz") },
	}
	for name, st := range states {
		m, _ := newTestModel(t, 80, 24)
		m = st(m)
		for _, sz := range sizes {
			m = update(t, m, tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
			checkFits(t, name, m, sz[0], sz[1])
		}
	}
}

func checkFits(t *testing.T, name string, m Model, w, h int) {
	t.Helper()
	lines := strings.Split(m.View().Content, "\n")
	if len(lines) > h {
		t.Fatalf("%s at %dx%d: %d lines", name, w, h, len(lines))
	}
	for i, l := range lines {
		if lw := ansi.StringWidth(l); lw > w {
			t.Fatalf("%s at %dx%d: line %d is %d wide: %q", name, w, h, i, lw, ansi.Strip(l))
		}
	}
	if w >= 80 && h >= 24 && len(lines) != h {
		t.Fatalf("%s at %dx%d: %d lines, want the full height", name, w, h, len(lines))
	}
}

func TestViewIsAltScreen(t *testing.T) {
	m, _ := newTestModel(t, 80, 24)
	if !m.View().AltScreen {
		t.Fatal("the TUI must draw in the alternate screen")
	}
}

func TestNoColorHasNoColours(t *testing.T) {
	c := &clock{t: testStart}
	opts := testOptions(t, c)
	opts.NoColor = true
	opts.FileData = []byte(weatherTwoLocales)
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = update(t, m, tea.BackgroundColorMsg{Color: color.White})
	out := m.View().Content
	for _, sgr := range []string{"[38;", "[48;", "[31m", "[32m", "[33m", "[34m", "[35m", "[36m"} {
		if strings.Contains(out, sgr) {
			t.Fatalf("NO_COLOR output has colour sequence %q", sgr)
		}
	}
	if !strings.Contains(out, "\x1b[") {
		t.Fatal("NO_COLOR should still use bold/reverse for focus and selection")
	}
}

func TestBackgroundColourRebuildsStyles(t *testing.T) {
	m, _ := loadEvent(t, weatherTwoLocales, 100, 30)
	dark := m.View().Content
	m = update(t, m, tea.BackgroundColorMsg{Color: color.White})
	if m.isDark {
		t.Fatal("a white background is light")
	}
	light := m.View().Content
	if dark == light {
		t.Fatal("light and dark styles should differ")
	}
	if ansi.Strip(dark) != ansi.Strip(light) {
		t.Fatal("only colours should change with the background")
	}
}

func TestColorJSONKeepsText(t *testing.T) {
	st := NewStyles(true)
	src := "{\n  \"a\": \"x\\\"y: z\",\n  \"n\": -1.5e3,\n  \"b\": [true, null],\n  \"é\": \"ü\"\n}\n"
	out := colorJSON(st, src)
	if got := ansi.Strip(strings.Join(out, "\n")); got != strings.TrimRight(src, "\n") {
		t.Fatalf("colouring changed the text:\n%s", got)
	}
	if !strings.Contains(out[1], st.JSONKey.Render(`"a"`)) || !strings.Contains(out[1], st.JSONString.Render(`"x\"y: z"`)) {
		t.Fatalf("key/string styles: %q", out[1])
	}
	wrapped := wrapJSON(jsonLines(src), out, 10)
	for _, l := range wrapped {
		if ansi.StringWidth(l) > 10 {
			t.Fatalf("wrapped line too wide: %q", ansi.Strip(l))
		}
	}
}

func TestTestHelperRecognisesTimers(t *testing.T) {
	if !uitest.IsTimer(tick()) {
		t.Fatal("tick() should be recognised as a timer")
	}
	p := newPicker(NewStyles(true))
	p.filter.SetStyles(textinputBlinkingStyles())
	if c := p.filter.Focus(); c == nil || !uitest.IsTimer(c) {
		t.Fatal("a cursor blink should be recognised as a timer")
	}
	if uitest.IsTimer(func() tea.Msg { return nil }) {
		t.Fatal("a plain command is not a timer")
	}
}

func TestPickerBackAndDiscardConfirm(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter") // WeatherAlert, focus on the source field
	m = typeText(t, m, " Ltd")
	if !m.dirty {
		t.Fatal("typing should mark the draft changed")
	}
	m = press(t, m, "ctrl+n")
	if m.focus != focusPicker {
		t.Fatal("ctrl+n should open the picker")
	}
	requireScreen(t, m, "esc back to the form")
	m = press(t, m, "esc")
	if m.focus != focusForm {
		t.Fatal("esc in the picker should go back to the form")
	}
	// Choosing the open schema goes back to the same draft.
	m = press(t, m, "ctrl+n", "enter")
	if src, _ := m.form.Draft().Text("weatherAlert.source"); src != "Example Weather Corp Ltd" || m.focus != focusForm {
		t.Fatalf("choosing the open schema should keep the draft; source %q", src)
	}
	// Another schema asks first; n keeps the draft.
	m = press(t, m, "ctrl+n", "down", "enter")
	if !topIs[*unsavedDialog](m) {
		t.Fatal("choosing another schema with changes should ask")
	}
	requireScreen(t, m, "The WeatherAlert event has changes that are not saved", "d discards · esc keeps editing")
	m = press(t, m, "n")
	if m.form.Draft().Schema.Short != "WeatherAlert" || m.focus != focusForm {
		t.Fatal("n should keep the draft and return to the form")
	}
	// d discards it and opens the other schema.
	m = press(t, m, "ctrl+n", "down", "enter", "d")
	if m.form.Draft().Schema.Short != "SportsEvent" || m.dirty {
		t.Fatal("d should open a fresh SportsEvent draft")
	}
	requireScreen(t, m, "TreeFruit League match update")
}

func TestHelpLineKeepsGlobalKeys(t *testing.T) {
	for _, w := range []int{64, 80, 120} {
		m, _ := newTestModel(t, w, 24)
		m = press(t, m, "enter", "down") // alert type row
		last := helpText(m)
		for _, want := range []string{"tab next pane", "F1/? help", "q quit"} {
			if !strings.Contains(last, want) {
				t.Fatalf("at %d columns the help line lacks %q: %q", w, want, last)
			}
		}
	}
	// On a text field q and ? are typed, so the line offers ctrl+c instead.
	m, _ := newTestModel(t, 80, 24)
	m = press(t, m, "enter")
	if last := helpText(m); !strings.Contains(last, "ctrl+c quit") || strings.Contains(last, "q quit") {
		t.Fatalf("help line on a text field: %q", last)
	}
}

func TestEditorCommandTakesArgumentsAndQuotes(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	path := filepath.Join(t.TempDir(), "it's here.json")
	if err := os.WriteFile(path, []byte("tornado"), 0o600); err != nil {
		t.Fatal(err)
	}
	// An $EDITOR with arguments and quotes, and a path with a quote and a space.
	if err := editorCommand(`sed -i 's/tornado/hurricane storm/'`, path).Run(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "hurricane storm" {
		t.Fatalf("edited file %q", got)
	}
	if c := editorCommand("", path); !strings.Contains(strings.Join(c.Args, " "), "vi") {
		t.Fatalf("empty editor should mean vi: %v", c.Args)
	}
}

func TestInvalidFileOffersTheEditorInTheHelpLine(t *testing.T) {
	m, _ := loadEvent(t, "{", 100, 30)
	requireScreen(t, m, "Not opened", "ctrl+o fix the file in $EDITOR", "─ your text")
}

func TestPreviewFollowsEdits(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter") // WeatherAlert; the form opens on the source field
	before := m.preview.utter.Text
	m = press(t, m, "ctrl+u") // clear the field (text input key)
	m = typeText(t, m, "Owlcast")
	if got := m.preview.utter.Text; got != "There is a tornado alert for your area. Provided by Owlcast." {
		t.Fatalf("after typing the sentence is %q (was %q)", got, before)
	}
	requireScreen(t, m, `"source": "Owlcast"`, "Owlcast.”")
	m = press(t, m, "down", "right") // alert type: next value
	if got := m.preview.utter.Text; got != "There is a hurricane alert for your area. Provided by Owlcast." {
		t.Fatalf("after the enum change the sentence is %q", got)
	}
	requireScreen(t, m, `"alertType": "HURRICANE"`, "There is a hurricane alert")
}

func TestQOnTextFieldIsTyped(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter") // the source text field has focus
	if !m.textFocused() {
		t.Fatal("the source field should capture keys")
	}
	if quits(t, m, "q") {
		t.Fatal("q in a text field quit the app")
	}
	m = press(t, m, "q")
	if src, _ := m.form.Draft().Text("weatherAlert.source"); src != "Example Weather Corpq" {
		t.Fatalf("q should be typed into the field; source %q", src)
	}
	requireScreen(t, m, "Corpq.”", `"source": "Example Weather Corpq"`)
	m = press(t, m, "down") // alert type: not a text field
	if m.textFocused() {
		t.Fatal("an enum row does not capture letters")
	}
	if !quits(t, m, "q") {
		t.Fatal("q should quit outside text fields")
	}
}

func TestPreviewPaneScrolls(t *testing.T) {
	m, _ := loadEvent(t, weatherTwoLocales, 80, 24)
	m = press(t, m, "tab") // form → preview
	if m.focus != focusPreview {
		t.Fatalf("focus %v", m.focus)
	}
	requireScreen(t, m, `"timestamp"`)
	m = press(t, m, "pgdown")
	rejectScreen(t, m, `"timestamp"`)
	requireScreen(t, m, "%") // the scroll position
	m = press(t, m, "g")
	requireScreen(t, m, `"timestamp"`)
}

func TestTextWidthAgreesWithAnsi(t *testing.T) {
	samples := []string{
		"", "plain", "\x1b[1;38;2;1;2;3mbold\x1b[m", "│ ╭─ Title ─╮ ‹ TORNADO › ✓ ✗ … “x” · ↳ ▸ ●",
		"Grüße é ü ß", "日本語 wide", "e\u0301 combining", "⚠ warning", "emoji 🙂", "\x1b]8;;http://x\x07link\x1b]8;;\x07",
		"tab\there", "\x1b[", "soft\u00adhyphen",
	}
	m, _ := loadEvent(t, weatherTwoLocales, 120, 40)
	samples = append(samples, strings.Split(m.View().Content, "\n")...)
	m = press(t, m, "?")
	samples = append(samples, strings.Split(m.View().Content, "\n")...)
	for _, s := range samples {
		if got, want := kit.Width(s), ansi.StringWidth(s); got != want {
			t.Errorf("kit.Width(%q) = %d, ansi.StringWidth = %d", s, got, want)
		}
	}
}

func TestPasteGoesToTheOneFocusedInput(t *testing.T) {
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter") // source text field
	m = press(t, m, "ctrl+x")
	m = update(t, m, tea.PasteMsg{Content: "-pasted"})
	if got := topOf[*saveDialog](m).input.Value(); got != absPath("weatheralert.json")+"-pasted" {
		t.Fatalf("save dialog got %q", got)
	}
	if src, _ := m.form.Draft().Text("weatherAlert.source"); src != "Example Weather Corp" {
		t.Fatalf("the paste leaked into the form: %q", src)
	}
	m = press(t, m, "esc")
	m = update(t, m, tea.PasteMsg{Content: " Ltd"})
	if src, _ := m.form.Draft().Text("weatherAlert.source"); src != "Example Weather Corp Ltd" {
		t.Fatalf("paste into the form: %q", src)
	}
	requireScreen(t, m, `"source": "Example Weather Corp Ltd"`)

	m, _ = newTestModel(t, 120, 40)
	m = press(t, m, "/")
	m = update(t, m, tea.PasteMsg{Content: "social"})
	requireScreen(t, m, "Sample · en-US", "Your friend Max has challenged you")
}

func TestPreviewFlagsVisibleWhenNarrow(t *testing.T) {
	m, _ := loadEvent(t, weatherTwoLocales, 80, 24)
	m = press(t, m, "ctrl+l", "ctrl+l") // fr-FR: approximate and fallback
	requireScreen(t, m, "fr-FR", "[approximate]", "[fallback]")
}

// The schema filter's input follows the styles too: no colour under
// NO_COLOR, and the light input on a light background.
func TestPickerFilterInputFollowsStyles(t *testing.T) {
	opts := testOptions(t, &clock{t: testStart})
	opts.NoColor = true
	m := update(t, New(opts), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = typeText(t, press(t, m, "/"), "wea")
	out := m.View().Content
	for _, sgr := range []string{"[38;", "[48;", "[31m", "[32m", "[33m", "[34m", "[35m", "[36m", "[37m", "[90m", "[97m"} {
		if strings.Contains(out, sgr) {
			t.Fatalf("NO_COLOR: the filter input has colour sequence %q", sgr)
		}
	}

	m, _ = newTestModel(t, 120, 40)
	m = update(t, m, tea.BackgroundColorMsg{Color: color.White})
	if got, want := m.picker.filter.Styles(), kit.Input(false); !reflect.DeepEqual(got, want) {
		t.Fatal("on a light background the filter input must use the light input styles")
	}
}
