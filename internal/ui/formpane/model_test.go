package formpane

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

var (
	keyEnter = tea.KeyPressMsg{Code: tea.KeyEnter}
	keyUp    = tea.KeyPressMsg{Code: tea.KeyUp}
	keyDown  = tea.KeyPressMsg{Code: tea.KeyDown}
	keyLeft  = tea.KeyPressMsg{Code: tea.KeyLeft}
	keyRight = tea.KeyPressMsg{Code: tea.KeyRight}
	keySpace = tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	keyEsc   = tea.KeyPressMsg{Code: tea.KeyEscape}
	keyCtrlU = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
	keyCtrlR = tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
)

func keyRune(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }

// fixedNow is Sunday 2026-11-22 14:00:00 UTC.
var fixedNow = time.Date(2026, 11, 22, 14, 0, 0, 0, time.UTC)

// compactJSON writes a value of a request as compact JSON.
func compactJSON(v any) string { return string((&schemas.Request{Root: v}).EncodeCompact()) }

// mustDecode decodes a JSON body or fails the test.
func mustDecode(t testing.TB, data []byte) *schemas.Request {
	t.Helper()
	r, err := schemas.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// harness drives a form model the way the root does: it counts changes
// and derives the draft's state again after every change.
type harness struct {
	t       *testing.T
	m       Model
	now     time.Time
	changes int
}

// newTestHarness wraps m, derives its state at fixedNow.
func newTestHarness(t *testing.T, m Model) *harness {
	h := &harness{t: t, m: m, now: fixedNow}
	h.derive()
	return h
}

// derive gives the form its derived state, as the root does after a change.
func (h *harness) derive() {
	dv := draft.Derive(h.m.Draft(), h.now, schemas.ValidateOptions{})
	h.m.SetDerived(&dv)
}

// setNow moves the clock and derives again, as the root's tick does.
func (h *harness) setNow(t time.Time) {
	h.now = t
	h.derive()
}

func newHarness(t *testing.T, event string) *harness {
	t.Helper()
	s := schemas.Lookup(event)
	if s == nil {
		t.Fatalf("no schema %s", event)
	}
	m := New(draft.NewDraft(s, fixedNow), DefaultStyles(true), fixedNow)
	m.SetSize(90, 0)
	m.Focus()
	return newTestHarness(t, m)
}

func (h *harness) press(msgs ...tea.Msg) {
	h.t.Helper()
	for _, msg := range msgs {
		h.m, _ = h.m.Update(msg)
		if h.m.Changed() {
			h.changes++
			h.derive()
		}
	}
}

func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		h.press(keyRune(r))
	}
}

// focus moves to the row with id using only ↑/↓.
func (h *harness) focus(id string) {
	h.t.Helper()
	for range 2 {
		for range 80 {
			if h.m.focusedID() == id {
				return
			}
			h.press(keyDown)
		}
		for range 80 {
			if h.m.focusedID() == id {
				return
			}
			h.press(keyUp)
		}
	}
	h.t.Fatalf("row %s not reachable with ↑/↓; focused %s\n%s", id, h.m.focusedID(), h.screen())
}

func (h *harness) screen() string { return ansi.Strip(h.m.View()) }

// rowText is the stripped text of one row's block of lines.
func (h *harness) rowText(id string) string {
	h.t.Helper()
	for i, r := range h.m.rows {
		if r.id == id {
			return ansi.Strip(strings.Join(h.m.lines[h.m.tops[i]:h.m.ends[i]], "\n"))
		}
	}
	return ""
}

func (h *harness) request() *schemas.Request {
	r, _ := h.m.Draft().Request(fixedNow)
	return r
}

func (h *harness) wantScreen(parts ...string) {
	h.t.Helper()
	s := h.screen()
	for _, p := range parts {
		if !strings.Contains(s, p) {
			h.t.Errorf("screen lacks %q:\n%s", p, s)
		}
	}
}

func (h *harness) wantNoScreen(parts ...string) {
	h.t.Helper()
	s := h.screen()
	for _, p := range parts {
		if strings.Contains(s, p) {
			h.t.Errorf("screen shows %q:\n%s", p, s)
		}
	}
}

func TestTextField(t *testing.T) {
	h := newHarness(t, "AMAZON.Occasion.Updated")
	h.focus("pl.occasion.subject")
	if !h.m.Editing() {
		t.Fatal("a focused text row must report Editing")
	}
	h.press(keyCtrlU)
	h.typeText("a jolly haircut")
	if got, _ := h.m.Draft().Text("occasion.subject"); got != "a jolly haircut" {
		t.Errorf("subject %q (j and k must be typed, not move)", got)
	}
	if h.m.focusedID() != "pl.occasion.subject" {
		t.Errorf("focus moved to %s while typing", h.m.focusedID())
	}
	if h.changes < len("a jolly haircut") {
		t.Errorf("%d changes for %d typed keys", h.changes, len("a jolly haircut"))
	}
	h.wantScreen("Subject", "a jolly haircut")
	if got := h.request().Get("event.payload.occasion.subject"); got != "a jolly haircut" {
		t.Errorf("JSON subject %v", got)
	}
	// q is text here too.
	h.typeText("q")
	if got, _ := h.m.Draft().Text("occasion.subject"); got != "a jolly haircutq" {
		t.Errorf("q not typed: %q", got)
	}
	// Enter moves on.
	h.press(keyEnter)
	if h.m.focusedID() == "pl.occasion.subject" {
		t.Errorf("enter did not move to the next field")
	}
}

func TestIntegerField(t *testing.T) {
	h := newHarness(t, "AMAZON.SportsEvent.Updated")
	h.focus("pl.sportsEvent.homeTeamStatistic.score")
	h.press(keyCtrlU)
	h.typeText("abc")
	if got := h.request().Get("event.payload.sportsEvent.homeTeamStatistic.score"); got != "abc" {
		t.Errorf("score %v, want the typed text kept as a string", got)
	}
	h.wantScreen("Home score", "abc")
	h.press(keyCtrlU)
	h.typeText("12")
	if got := h.request().Get("event.payload.sportsEvent.homeTeamStatistic.score"); got != json.Number("12") {
		t.Errorf("score %v (%T), want the number 12", got, got)
	}
}

func TestDateTimeField(t *testing.T) {
	h := newHarness(t, "AMAZON.Occasion.Updated")
	h.focus("pl.occasion.bookingTime")
	h.wantScreen("2026-11-25T14:00:00Z", "↳ Wed Nov 25 14:00 UTC (in 3d 0h)")

	h.press(keyCtrlU)
	h.typeText("+2h")
	if !strings.Contains(h.rowText("pl.occasion.bookingTime"), "↳ Sun Nov 22 16:00 UTC (in 2h 0m)") {
		t.Errorf("relative time echo missing:\n%s", h.rowText("pl.occasion.bookingTime"))
	}
	if got := h.request().Get("event.payload.occasion.bookingTime"); got != "2026-11-22T16:00:00Z" {
		t.Errorf("bookingTime %v", got)
	}

	h.press(keyCtrlU)
	h.typeText("tomorrow 19:00")
	h.wantScreen("↳ Mon Nov 23 19:00 UTC (in 29h 0m)")

	h.press(keyCtrlU)
	h.typeText("2026-11-24T08:30:00+01:00")
	h.wantScreen("↳ Tue Nov 24 08:30 +0100 (in 41h 30m)")
	if got := h.request().Get("event.payload.occasion.bookingTime"); got != "2026-11-24T08:30:00+01:00" {
		t.Errorf("ISO text rewritten to %v", got)
	}

	h.press(keyCtrlU)
	h.typeText("soonish")
	h.wantScreen(`↳ cannot read "soonish" as a time`)
	if got := h.request().Get("event.payload.occasion.bookingTime"); got != "soonish" {
		t.Errorf("unreadable time %v, want the typed text", got)
	}
}

func TestEnvelopeTimesAndExpiryWindow(t *testing.T) {
	h := newHarness(t, "AMAZON.WeatherAlert.Activated")
	h.wantScreen("Timestamp", "now", "↳ Sun Nov 22 14:00 UTC (now)", "↳ expires in 23h 0m ✓ · Mon Nov 23 13:00 UTC")

	h.focus("env.expiry")
	h.press(keyCtrlU)
	h.typeText("+4m")
	h.wantScreen("↳ expires in 4m 0s ✗", "[EXP_TOO_SOON]")

	h.press(keyCtrlU)
	h.typeText("+25h")
	h.wantScreen("↳ expires in 25h 0m ✗", "[EXP_TOO_LATE]")

	// An absolute expiry counts down as the UI advances the clock.
	h.press(keyCtrlU)
	h.typeText("2026-11-22T14:10:00Z")
	h.wantScreen("expires in 10m 0s ⚠ soon")
	h.setNow(fixedNow.Add(5*time.Minute + time.Second))
	h.wantScreen("expires in 4m 59s ✗")
	h.setNow(fixedNow.Add(11 * time.Minute))
	h.wantScreen("already expired 1m 0s ago ✗")

	// A relative expiry counts down from when it was typed, like an absolute one.
	h.setNow(fixedNow)
	h.press(keyCtrlU)
	h.typeText("+20m")
	h.wantScreen("expires in 20m 0s ✓")
	h.setNow(fixedNow.Add(5*time.Minute + 3*time.Second))
	h.wantScreen("expires in 14m 57s ⚠ soon")
	h.setNow(fixedNow.Add(11 * time.Minute))

	// Emptied: the default +23h applies, and the placeholder says so.
	h.press(keyCtrlU)
	h.setNow(fixedNow)
	h.wantScreen("+23h", "expires in 23h 0m ✓")
	if got := h.request().Get("expiryTime"); got != "2026-11-23T13:00:00Z" {
		t.Errorf("empty expiry wrote %v, want now+23h", got)
	}

	h.focus("env.timestamp")
	h.press(keyCtrlU)
	h.typeText("-10m")
	h.wantScreen("↳ Sun Nov 22 13:50 UTC (10m 0s ago)")
}

func TestReferenceIDRegenerate(t *testing.T) {
	h := newHarness(t, "AMAZON.WeatherAlert.Activated")
	before := h.m.Draft().ReferenceID
	h.press(keyCtrlR)
	after := h.m.Draft().ReferenceID
	if after == before || !strings.HasPrefix(after, "pe~") {
		t.Errorf("ctrl+r: %q → %q", before, after)
	}
	if h.changes != 1 {
		t.Errorf("ctrl+r made %d changes", h.changes)
	}
	h.wantScreen(after)
	// On the row itself, the input shows the new id too.
	h.focus("env.ref")
	h.press(keyCtrlR)
	h.wantScreen(h.m.Draft().ReferenceID)
	if !strings.Contains(h.rowText("env.ref"), "ctrl+r: new reference id") {
		t.Errorf("regenerate hint missing on the focused row")
	}
}

func TestEnumPicker(t *testing.T) {
	h := newHarness(t, "AMAZON.WeatherAlert.Activated")
	h.focus("pl.weatherAlert.alertType")
	if h.m.Editing() {
		t.Errorf("an enum row is not text input")
	}
	h.wantScreen("‹ TORNADO ›")
	h.press(keyRight)
	if got, _ := h.m.Draft().Text("weatherAlert.alertType"); got != "HURRICANE" {
		t.Errorf("→: %q", got)
	}
	h.press(keyRune('h'), keyRune('h'))
	if got, _ := h.m.Draft().Text("weatherAlert.alertType"); got != "THUNDER_STORM" {
		t.Errorf("h h from HURRICANE: %q, want the list to wrap", got)
	}
	// The picker: enter opens it, letters jump, enter chooses.
	h.press(keyEnter)
	if !h.m.Editing() {
		t.Errorf("an open picker must report Editing")
	}
	h.wantScreen("▸ THUNDER_STORM", "  TORNADO", "  SNOW_STORM")
	h.press(keyRune('s'))
	h.wantScreen("▸ SNOW_STORM")
	h.press(keyEnter)
	if got := h.request().Get("event.payload.weatherAlert.alertType"); got != "SNOW_STORM" {
		t.Errorf("picked %v", got)
	}
	h.wantNoScreen("▸ ")
	// Esc closes without a change.
	h.press(keyEnter, keyDown, keyEsc)
	if got, _ := h.m.Draft().Text("weatherAlert.alertType"); got != "SNOW_STORM" {
		t.Errorf("esc changed the value to %q", got)
	}
	// j and k move between rows on non-text rows.
	h.press(keyRune('k'))
	if h.m.focusedID() != "pl.weatherAlert.source" {
		t.Errorf("k on an enum row moved to %s", h.m.focusedID())
	}
}

func TestOptionalEnumNone(t *testing.T) {
	h := newHarness(t, "AMAZON.MessageAlert.Activated")
	h.focus("pl.state.freshness")
	h.press(keyLeft) // NEW → (none)
	h.wantScreen("(none)")
	if _, ok := schemas.Walk(h.request().Root, "event.payload.state.freshness"); ok {
		t.Errorf("(none) still writes freshness")
	}
	h.press(keyLeft) // (none) → OVERDUE
	if got := h.request().Get("event.payload.state.freshness"); got != "OVERDUE" {
		t.Errorf("freshness %v", got)
	}
}

func TestMultiSelectEnforcesOneToFive(t *testing.T) {
	h := newHarness(t, "AMAZON.TrashCollectionAlert.Activated")
	h.focus("pl.alert.garbageTypes")
	h.wantScreen("GLASS  (1/5)")
	h.press(keyEnter)
	h.wantScreen("▸ [1] GLASS", "[ ] GARDEN_WASTE", "[ ] HAZARDOUS", "1 of 1–5 selected")
	// The cursor starts on GLASS; unticking the last item is refused.
	h.press(keySpace)
	h.wantScreen("at least 1 must stay selected")
	if got := h.m.Draft().List("alert.garbageTypes"); !slices.Equal(got, []string{"GLASS"}) {
		t.Errorf("items %v", got)
	}
	// Tick four more: BOTTLES (jump), and the next ones.
	h.press(keyRune('b'), keySpace, keyDown, keySpace, keyDown, keySpace, keyDown, keySpace)
	want := []string{"GLASS", "BOTTLES", "BULKY", "BURNABLE", "CANS"}
	if got := h.m.Draft().List("alert.garbageTypes"); !slices.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
	// A sixth is refused.
	h.press(keyDown, keySpace)
	h.wantScreen("at most 5 can be selected")
	if got := h.m.Draft().List("alert.garbageTypes"); len(got) != 5 {
		t.Errorf("%d items after a sixth tick", len(got))
	}
	h.press(keyEnter)
	h.wantScreen("GLASS, BOTTLES, BULKY, BURNABLE, CANS  (5/5)")
	got := h.request().Get("event.payload.alert.garbageTypes").([]any)
	if len(got) != 5 || got[0] != "GLASS" || got[4] != "CANS" {
		t.Errorf("JSON garbageTypes %v", got)
	}
	// Space reopens the checklist on the first item; unticking works.
	h.press(keySpace, keySpace)
	h.wantScreen("▸ [ ] GLASS", "4 of 1–5 selected")
	if got := h.m.Draft().List("alert.garbageTypes"); !slices.Equal(got, want[1:]) {
		t.Errorf("after unticking GLASS: %v", got)
	}
}

func TestOptionalObjectSwitch(t *testing.T) {
	h := newHarness(t, "AMAZON.SportsEvent.Updated")
	h.focus("pl.update")
	h.wantScreen("Score update", "[ ] off")
	h.wantNoScreen("Points scored")
	h.press(keySpace)
	h.wantScreen("[x] on", "Points scored", "Scoring team")
	if got := compactJSON(h.request().Get("event.payload.update")); got != `{"scoreEarned":1,"teamName":"Apples"}` {
		t.Errorf("update %s", got)
	}
	h.press(keyEnter)
	h.wantNoScreen("Points scored")
	if _, ok := schemas.Walk(h.request().Root, "event.payload.update"); ok {
		t.Errorf("update written while off")
	}
	if h.changes != 2 {
		t.Errorf("%d changes for two toggles", h.changes)
	}
}

func TestOrderStatusDatesHidden(t *testing.T) {
	h := newHarness(t, "AMAZON.OrderStatus.Updated")
	h.wantScreen("Delivery details", "Expected arrival")
	h.wantNoScreen("Entered status at")
	h.focus("pl.state.status")
	h.press(keyRight) // ORDER_SHIPPED → ORDER_OUT_FOR_DELIVERY
	h.wantScreen("Expected arrival")
	h.press(keyRight) // → ORDER_DELIVERED
	h.wantScreen("‹ ORDER_DELIVERED ›", "Entered status at", "↳ Sun Nov 22 12:00 UTC (2h 0m ago)")
	h.wantNoScreen("Expected arrival", "Delivery details")
	r := h.request()
	if _, ok := schemas.Walk(r.Root, "event.payload.state.deliveryDetails"); ok {
		t.Errorf("hidden deliveryDetails written")
	}
	if r.Get("event.payload.state.enterTimestamp") != "2026-11-22T12:00:00Z" {
		t.Errorf("enterTimestamp %v", r.Get("event.payload.state.enterTimestamp"))
	}
	h.press(keyRight) // wraps to PREORDER_RECEIVED: both dates hidden
	h.wantNoScreen("Entered status at", "Expected arrival")
}

func TestLocaleEditor(t *testing.T) {
	h := newHarness(t, "AMAZON.WeatherAlert.Activated")
	h.wantScreen("Locales", "en-US", "✓ complete", "[ ] off")
	h.focus("loc.add")
	h.press(keyEnter)
	h.wantScreen("▸ ar-SA")
	h.press(keyRune('d'))
	h.wantScreen("▸ de-DE")
	h.press(keyEnter)
	if !slices.Equal(h.m.Draft().Locales, []string{"en-US", "de-DE"}) {
		t.Fatalf("locales %v", h.m.Draft().Locales)
	}
	if h.m.focusedID() != "loc.de-DE" {
		t.Errorf("focus %s after adding", h.m.focusedID())
	}
	h.wantScreen("⚠ missing source", "[x] on")
	grid := h.rowText("loc.grid")
	if !strings.Contains(grid, "en-US  de-DE") || !strings.Contains(grid, "source") || !strings.Contains(grid, "✓      ✗") {
		t.Errorf("grid:\n%s", grid)
	}
	r := h.request()
	if r.Get("event.payload.weatherAlert.source") != "localizedattribute:source" {
		t.Errorf("two locales must use a reference: %v", r.Get("event.payload.weatherAlert.source"))
	}
	// Edit the de-DE value.
	h.focus("cell.de-DE.source")
	h.typeText("Wetterdienst")
	if got, _ := h.m.Draft().LocalizedText("de-DE", "source"); got != "Wetterdienst" {
		t.Errorf("de-DE source %q", got)
	}
	if grid := h.rowText("loc.grid"); !strings.Contains(grid, "✓      ✓") {
		t.Errorf("grid after editing:\n%s", grid)
	}
	want := `[{"locale":"en-US","source":"Example Weather Corp"},{"locale":"de-DE","source":"Wetterdienst"}]`
	if got := compactJSON(h.request().Get("localizedAttributes")); got != want {
		t.Errorf("entries %s", got)
	}
	// The payload row edits the primary locale and says how it is written.
	if row := h.rowText("pl.weatherAlert.source"); !strings.Contains(row, "localizedattribute:source · en-US value") {
		t.Errorf("source row:\n%s", row)
	}
	// Clearing the primary value leaves the reference and says what is missing.
	h.focus("pl.weatherAlert.source")
	h.press(keyCtrlU)
	h.press(keyDown)
	if row := h.rowText("pl.weatherAlert.source"); !strings.Contains(row, "(missing in en-US)") {
		t.Errorf("source row:\n%s", row)
	}
	if grid := h.rowText("loc.grid"); !strings.Contains(grid, "✗      ✓") {
		t.Errorf("grid after clearing en-US:\n%s", grid)
	}
	h.focus("cell.en-US.source")
	h.typeText("Example Weather Corp")
	// Remove en-US: back to one locale, inline.
	h.focus("loc.en-US")
	h.press(keyRune('x'))
	if !slices.Equal(h.m.Draft().Locales, []string{"de-DE"}) {
		t.Errorf("locales %v", h.m.Draft().Locales)
	}
	r = h.request()
	if r.Get("event.payload.weatherAlert.source") != "Wetterdienst" || len(r.Get("localizedAttributes").([]any)) != 0 {
		t.Errorf("one locale must be inline with []: %s", r.Encode())
	}
	// The last locale stays.
	h.focus("loc.de-DE")
	h.press(keyRune('x'))
	h.wantScreen("de-DE is the only locale")
}

func TestLocaleEditorEnUSOnlyWarning(t *testing.T) {
	h := newHarness(t, "AMAZON.OrderStatus.Updated")
	h.focus("loc.add")
	h.press(keyEnter)
	// Before any other locale: one warning above the options, none per option.
	h.wantScreen("⚠ OrderStatus supports en-US only; any other locale draws", "LOCALE_UNSUPPORTED", "  de-DE\n")
	if n := strings.Count(h.screen(), "en-US only"); n != 1 {
		t.Errorf("the picker warns %d times:\n%s", n, h.screen())
	}
	h.press(keyRune('f'), keyRune('f')) // fr-CA, fr-FR
	h.press(keyEnter)
	h.wantScreen("⚠ OrderStatus supports en-US only; remove the fr-FR entry")
	if n := strings.Count(h.screen(), "en-US only"); n != 1 {
		t.Errorf("the warning shows %d times", n)
	}
	// With fr-FR's finding on screen the picker adds no second wording
	// (issue 14 point 20b: it said "⚠ en-US only schema" on every option).
	h.focus("loc.add")
	h.press(keyEnter)
	h.wantScreen("▸ ar-SA")
	if n := strings.Count(h.screen(), "en-US only"); n != 1 {
		t.Errorf("with the picker open the warning shows %d times:\n%s", n, h.screen())
	}
	h.press(keyEsc)
	if !strings.Contains(h.rowText("loc.fr-FR"), "supports en-US only") {
		t.Errorf("warning not beside the fr-FR row:\n%s", h.rowText("loc.fr-FR"))
	}
	if strings.Contains(h.rowText("loc.en-US"), "supports en-US only") {
		t.Errorf("en-US warned")
	}
}

func TestReferencesToggle(t *testing.T) {
	h := newHarness(t, "AMAZON.SocialGameInvite.Available")
	if h.request().Get("event.payload.game.name") != "Word Blitz" {
		t.Fatalf("inline by default: %v", h.request().Get("event.payload.game.name"))
	}
	h.focus("loc.refs")
	h.press(keySpace)
	h.wantScreen("[x] on", "on: values are written as localizedattribute:KEY")
	r := h.request()
	if r.Get("event.payload.game.name") != "localizedattribute:gameName" {
		t.Errorf("toggle on: %v", r.Get("event.payload.game.name"))
	}
	if got := compactJSON(r.Get("localizedAttributes")); got != `[{"gameName":"Word Blitz","locale":"en-US"}]` {
		t.Errorf("entries %s", got)
	}
	h.press(keySpace)
	if h.request().Get("event.payload.game.name") != "Word Blitz" {
		t.Errorf("toggle off: %v", h.request().Get("event.payload.game.name"))
	}
}

func TestFindingsBesideFields(t *testing.T) {
	h := newHarness(t, "AMAZON.TrashCollectionAlert.Activated")
	h.focus("env.audience")
	h.press(keyRight) // Unicast: the user id row appears
	h.m.SetDerived(&draft.Derived{Now: fixedNow, Findings: []schemas.Finding{
		{Code: "EXP_TOO_SOON", Severity: schemas.SeverityError, Path: "expiryTime", Message: "expiryTime is less than 5 minutes ahead"},
		{Code: "AUD_UNICAST_USER", Severity: schemas.SeverityError, Path: "relevantAudience.payload.user", Message: "Unicast needs a user id"},
		{Code: "TRASH_DUPLICATE", Severity: schemas.SeverityWarning, Path: "event.payload.alert.garbageTypes[1]", Message: "GLASS is listed twice"},
		{Code: "PL_UNKNOWN_FIELD", Severity: schemas.SeverityWarning, Path: "event.payload.alert.garbageType", Message: "garbageType is not a field"},
		{Code: "ENV_UNKNOWN_FIELD", Severity: schemas.SeverityWarning, Path: "note", Message: "note is not an envelope field"},
		{Code: "EVT_NOT_PUBLISHED", Severity: schemas.SeverityError, Path: "event.name", Message: "the manifest does not publish it"},
	}})
	for id, want := range map[string]string{
		"env.expiry":            "✗ expiryTime is less than 5 minutes ahead [EXP_TOO_SOON]",
		"env.user":              "✗ Unicast needs a user id [AUD_UNICAST_USER]",
		"pl.alert.garbageTypes": "⚠ GLASS is listed twice [TRASH_DUPLICATE]",
		"hdr.payload":           "⚠ garbageType is not a field [PL_UNKNOWN_FIELD]",
		"hdr.envelope":          "⚠ note is not an envelope field [ENV_UNKNOWN_FIELD]",
	} {
		if got := h.rowText(id); !strings.Contains(got, want) {
			t.Errorf("row %s lacks %q:\n%s", id, want, got)
		}
	}
	if got := h.rowText("hdr.payload"); !strings.Contains(got, "the manifest does not publish it") {
		t.Errorf("event.name finding not under the payload title:\n%s", got)
	}
	h.m.SetDerived(&draft.Derived{Now: fixedNow})
	h.wantNoScreen("EXP_TOO_SOON")
}

func TestLocaleFindingsPlaced(t *testing.T) {
	data := []byte(`{"timestamp":"2024-03-01T09:00:00Z","referenceId":"a","expiryTime":"2024-03-01T21:00:00Z",
		"event":{"name":"AMAZON.WeatherAlert.Activated","payload":{"weatherAlert":{"source":"localizedattribute:source","alertType":"TORNADO"}}},
		"localizedAttributes":["junk",{"locale":"en-US","source":"A"},{"locale":"de-DE"}],
		"relevantAudience":{"type":"Multicast","payload":{}}}`)
	d, err := draft.FromRequest(mustDecode(t, data))
	if err != nil {
		t.Fatal(err)
	}
	m := New(d, DefaultStyles(false), fixedNow)
	m.SetSize(100, 0)
	h := newTestHarness(t, m)
	r := h.request()
	fs := schemas.Validate(r, fixedNow, schemas.ValidateOptions{})
	for _, f := range fs {
		if f.Code == "L10N_ENTRY_SHAPE" && !strings.Contains(h.rowText("hdr.locales"), firstWords(f.Message)) {
			t.Errorf("entry-shape finding %q not under the Locales title:\n%s", f.Path, h.screen())
		}
		if f.Code == "L10N_KEY_MISSING_IN_LOCALE" && !strings.Contains(h.rowText("cell.de-DE.source"), firstWords(f.Message)) {
			t.Errorf("missing-key finding at %q not beside de-DE:\n%s", f.Path, h.screen())
		}
	}
	for _, code := range []string{"L10N_KEY_MISSING_IN_LOCALE", "L10N_ENTRY_SHAPE"} {
		if !slices.ContainsFunc(fs, func(f schemas.Finding) bool { return f.Code == code }) {
			t.Errorf("fixture should produce %s: %+v", code, fs)
		}
	}
	if got := h.m.rowForPath("localizedAttributes[2].source"); got != "cell.de-DE.source" {
		t.Errorf("localizedAttributes[2].source placed at %s", got)
	}
	if got := h.m.rowForPath("localizedAttributes[0]"); got != "hdr.locales" {
		t.Errorf("a kept element placed at %s", got)
	}
}

func TestUnicastSavedUsers(t *testing.T) {
	h := newHarness(t, "AMAZON.MessageAlert.Activated")
	h.m.SetUserOptions([]draft.UserOption{{ID: "amzn1.ask.account.AAA", Label: "kitchen Echo"}, {ID: "amzn1.ask.account.BBB", Label: "test phone"}})
	h.focus("env.audience")
	h.wantNoScreen("User ID")
	h.press(keyRight)
	h.wantScreen("‹ Unicast ›", "User ID")
	h.focus("env.user")
	h.wantScreen("enter: choose one of 2 saved user ids")
	h.press(keyEnter)
	h.wantScreen("▸ kitchen Echo  amzn1.ask.account.AAA", "  test phone  amzn1.ask.account.BBB")
	h.press(keyDown, keyEnter)
	if h.m.Draft().UserID != "amzn1.ask.account.BBB" {
		t.Errorf("user %q", h.m.Draft().UserID)
	}
	h.wantScreen("↳ test phone")
	if got := h.request().Get("relevantAudience.payload.user"); got != "amzn1.ask.account.BBB" {
		t.Errorf("JSON user %v", got)
	}
	// Typing a user id works too.
	h.press(keyCtrlU)
	h.typeText("amzn1.ask.account.CCC")
	if got := h.request().Get("relevantAudience.payload.user"); got != "amzn1.ask.account.CCC" {
		t.Errorf("typed user %v", got)
	}
}

func TestLoadedDraftInForm(t *testing.T) {
	data := []byte(`{"timestamp":"2024-03-01T09:00:00Z","referenceId":"x","expiryTime":"2024-03-01T21:00:00Z",
		"event":{"name":"AMAZON.OrderStatus.Updated","payload":{"state":{"status":"ORDER_SHIPPED","enterTimestamp":"2024-02-28T10:00:00Z"},
		"order":{"seller":{"name":"Amazon"}}}},"localizedAttributes":[],"relevantAudience":{"type":"Multicast","payload":{}}}`)
	d, err := draft.FromRequest(mustDecode(t, data))
	if err != nil {
		t.Fatal(err)
	}
	m := New(draft.NewDraft(nil, fixedNow), DefaultStyles(true), fixedNow)
	m.SetSize(100, 0)
	m.Focus()
	m.SetDraft(d)
	h := newTestHarness(t, m)
	h.wantScreen("Payload · AMAZON.OrderStatus.Updated", "Entered status at", "not spoken for state.status ORDER_SHIPPED", "Amazon")
	if !h.m.focused || h.m.focusedID() != "pl.state.status" {
		t.Errorf("after SetDraft: focused %v on %s", h.m.focused, h.m.focusedID())
	}
}

func TestScrollKeepsFocusVisible(t *testing.T) {
	h := newHarness(t, "AMAZON.SportsEvent.Updated")
	h.m.SetSize(70, 8)
	for range 30 {
		h.press(keyDown)
		lines := strings.Split(h.screen(), "\n")
		if len(lines) > 8 {
			t.Fatalf("%d lines in a height of 8", len(lines))
		}
		if !strings.Contains(h.screen(), "› ") {
			t.Fatalf("focused row %s scrolled out of view:\n%s", h.m.focusedID(), h.screen())
		}
	}
	if !strings.Contains(h.screen(), "Add locale") {
		t.Errorf("the end of the form not reached:\n%s", h.screen())
	}
	for range 40 {
		h.press(keyUp)
	}
	if !strings.HasPrefix(h.screen(), "Envelope") {
		t.Errorf("back at the top, the title should show:\n%s", h.screen())
	}
}

func TestTinySizesAndWidth(t *testing.T) {
	h := newHarness(t, "AMAZON.Occasion.Updated")
	for _, sz := range [][2]int{{1, 1}, {0, 0}, {5, 2}, {30, 5}, {200, 60}} {
		h.m.SetSize(sz[0], sz[1])
		h.press(keyDown, keyEnter, keyRight)
		out := h.m.View()
		for _, l := range strings.Split(out, "\n") {
			if sz[0] > 0 && ansi.StringWidth(l) > sz[0] {
				t.Errorf("size %v: line wider than the pane: %q", sz, ansi.Strip(l))
			}
		}
		if sz[1] > 0 && strings.Count(out, "\n")+1 > sz[1] {
			t.Errorf("size %v: %d lines", sz, strings.Count(out, "\n")+1)
		}
	}
}

func TestBlurredIgnoresKeys(t *testing.T) {
	h := newHarness(t, "AMAZON.WeatherAlert.Activated")
	h.m.Blur()
	before := h.m.focusedID()
	h.press(keyDown, keyRune('x'), keyCtrlR)
	if h.m.focusedID() != before || h.changes != 0 || h.m.Editing() {
		t.Errorf("blurred form reacted: focus %s changes %d", h.m.focusedID(), h.changes)
	}
	if len(h.m.KeyMap().ShortHelp()) == 0 || h.m.KeyMap().Up.Enabled() {
		t.Errorf("blurred keymap should be disabled")
	}
}

func TestKeyMapFollowsRow(t *testing.T) {
	h := newHarness(t, "AMAZON.SportsEvent.Updated")
	h.focus("pl.update")
	k := h.m.KeyMap()
	if !k.Toggle.Enabled() || k.Prev.Enabled() || !k.Regenerate.Enabled() {
		t.Errorf("switch row: toggle %v prev %v", k.Toggle.Enabled(), k.Prev.Enabled())
	}
	h.focus("pl.sportsEvent.homeTeamStatistic.score")
	k = h.m.KeyMap()
	if k.Toggle.Enabled() || k.Open.Enabled() || k.Up.Help().Key != "↑" {
		t.Errorf("text row: toggle %v open %v up %q", k.Toggle.Enabled(), k.Open.Enabled(), k.Up.Help().Key)
	}
	h.focus("loc.en-US")
	if k = h.m.KeyMap(); !k.Remove.Enabled() {
		t.Errorf("locale row: remove disabled")
	}
	if len(k.FullHelp()) != 3 {
		t.Errorf("full help columns %d", len(k.FullHelp()))
	}
}

func TestPasteIntoTextRow(t *testing.T) {
	h := newHarness(t, "AMAZON.MessageAlert.Activated")
	h.focus("pl.messageGroup.creator.name")
	h.press(keyCtrlU, tea.PasteMsg{Content: "Ada Lovelace"})
	if got := h.request().Get("event.payload.messageGroup.creator.name"); got != "Ada Lovelace" {
		t.Errorf("pasted name %v", got)
	}
}

func TestPlainStylesCarryStateWithoutColour(t *testing.T) {
	s := PlainStyles()
	m := New(draft.NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), fixedNow), s, fixedNow)
	m.SetSize(90, 0)
	m.Focus()
	h := newTestHarness(t, m)
	out := h.m.View()
	if strings.Contains(out, "\x1b[38") || strings.Contains(out, "\x1b[48") {
		t.Errorf("plain styles emit colour: %q", out)
	}
	if plain := ansi.Strip(out); !strings.Contains(plain, "› ") || !strings.Contains(plain, "✓") {
		t.Errorf("markers missing:\n%s", plain)
	}
}

// BenchmarkKeyPress measures one typed key on a text row: Update (with the
// draft change and re-layout) plus View, at 120 columns.
func BenchmarkKeyPress(b *testing.B) {
	s := schemas.Lookup("AMAZON.Occasion.Updated")
	m := New(draft.NewDraft(s, fixedNow), DefaultStyles(true), fixedNow)
	m.SetSize(60, 38)
	m.Focus()
	m.FocusPath("event.payload.occasion.subject")
	m.SetDerived(&draft.Derived{Now: fixedNow, Findings: []schemas.Finding{
		{Code: "EXP_TOO_SOON", Severity: schemas.SeverityError, Path: "expiryTime", Message: "expiryTime is less than 5 minutes ahead"},
		{Code: "PL_EMPTY_STRING", Severity: schemas.SeverityWarning, Path: "event.payload.occasion.provider.name", Message: "provider name is empty"},
	}})
	b.ReportAllocs()
	for i := range b.N {
		r := 'a' + rune(i%26)
		m, _ = m.Update(keyRune(r))
		if i%40 == 39 {
			m, _ = m.Update(keyCtrlU)
		}
		_ = m.View()
	}
}

// BenchmarkRequest measures Draft → Request for a two-locale draft.
func BenchmarkRequest(b *testing.B) {
	d := draft.NewDraft(schemas.Lookup("AMAZON.Occasion.Updated"), fixedNow)
	_ = d.AddLocale("de-DE")
	d.SetLocalized("de-DE", "subject", "eine Wurzelbehandlung")
	b.ReportAllocs()
	for range b.N {
		_, _ = d.Request(fixedNow)
	}
}

// firstWords is the start of a message, before any wrap.
func firstWords(s string) string {
	if f := strings.Fields(s); len(f) > 4 {
		return strings.Join(f[:4], " ")
	}
	return s
}

// A paste longer than a field's limit is cut to it, and the form says so.
func TestPasteCutToFieldLimit(t *testing.T) {
	h := newHarness(t, "AMAZON.MessageAlert.Activated")
	h.focus("pl.messageGroup.creator.name")
	h.press(keyCtrlU, tea.PasteMsg{Content: strings.Repeat("é", 3*MaxFieldLength)})
	got, _ := h.request().Get("event.payload.messageGroup.creator.name").(string)
	if n := len([]rune(got)); n != MaxFieldLength {
		t.Errorf("pasted name has %d characters, want the limit %d", n, MaxFieldLength)
	}
	h.wantScreen("pasted text cut to the field's limit of 1000 characters")
}

// A loaded value longer than the limit is never cut by typing into it.
func TestOverlongLoadedValueIsNotCut(t *testing.T) {
	d := draft.NewDraft(schemas.Lookup("AMAZON.MessageAlert.Activated"), fixedNow)
	long := strings.Repeat("n", 5*MaxFieldLength)
	d.SetText("messageGroup.creator.name", long)
	m := New(d, DefaultStyles(true), fixedNow)
	m.SetSize(90, 0)
	m.Focus()
	h := newTestHarness(t, m)
	h.focus("pl.messageGroup.creator.name")
	h.press(keyRune('a'), keyCtrlU)
	if got, _ := h.m.Draft().Text("messageGroup.creator.name"); got != long {
		t.Fatalf("typing changed the long value to %d bytes", len(got))
	}
	h.wantScreen("longer than the 1000 characters the form edits")
}
