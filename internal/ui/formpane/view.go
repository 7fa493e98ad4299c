package formpane

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// Layout constants: a row is "› " + label column + " " + value.
const (
	markerWidth    = 2
	baseLabelWidth = 18
	maxLabelWidth  = 24
	minLabelWidth  = 8
	localeColumn   = 7
)

// View returns the visible part of the form (at most the height set with
// SetSize), each line cut to the width.
func (m Model) View() string {
	lines := m.lines
	if m.height > 0 {
		end := min(m.offset+m.height, len(lines))
		lines = lines[min(m.offset, end):end]
	}
	return strings.Join(lines, "\n")
}

// labelWidth is the label column: a third of the width (8 to 18 cells),
// widened to what the longest label needs so that no label is cut while
// there is room, up to half the width (the values need the rest) and
// maxLabelWidth.
func (m *Model) labelWidth() int {
	if m.width <= 0 {
		return baseLabelWidth
	}
	base := min(baseLabelWidth, max(minLabelWidth, m.width/3))
	need := 0
	for _, r := range m.rows {
		if r.kind != kindHeader && r.kind != kindNote {
			need = max(need, 2*r.indent+ansi.StringWidth(r.label))
		}
	}
	return max(base, min(need, maxLabelWidth, m.width/2))
}

// scroll keeps the focused row (and the section title just above it, when it
// fits) inside the window.
func (m *Model) scroll() {
	if m.height <= 0 || len(m.rows) == 0 {
		m.offset = 0
		return
	}
	top, end := m.tops[m.cursor], m.ends[m.cursor]
	if m.cursor > 0 && m.rows[m.cursor-1].kind == kindHeader && end-m.tops[m.cursor-1] <= m.height {
		top = m.tops[m.cursor-1]
	}
	if end > m.offset+m.height {
		m.offset = end - m.height
	}
	if top < m.offset {
		m.offset = top
	}
	m.offset = min(max(m.offset, 0), max(len(m.lines)-m.height, 0))
}

// renderRow returns the lines of one row: its main line, then echoes,
// notes, the open picker and its findings.
func (m *Model) renderRow(i int, r row, lw int, fs []schemas.Finding) []string {
	st := m.styles
	focused := i == m.cursor && r.kind.focusable()
	if r.kind == kindHeader {
		out := []string{st.Section.Render(r.label)}
		return append(out, m.findingLines(fs, markerWidth)...)
	}
	if r.kind == kindNote {
		return m.gridLines()
	}
	marker := "  "
	if focused && m.focused {
		marker = st.Marker.Render("›") + " "
	} else if focused {
		marker = st.Hint.Render("›") + " "
	}
	label := strings.Repeat("  ", r.indent) + r.label
	label = ansi.Truncate(label, lw, "…")
	label += strings.Repeat(" ", max(lw-ansi.StringWidth(label), 0))
	if focused {
		label = st.LabelFocused.Render(label)
	} else {
		label = st.Label.Render(label)
	}
	out := []string{marker + label + " " + m.renderValue(r, focused)}
	ind := m.subIndent(lw)
	pad := strings.Repeat(" ", ind)
	notes := m.annotations(r, focused)
	if focused && m.note != "" {
		notes = append(notes, st.Warning.Render("⚠ "+m.note))
	}
	for _, a := range notes {
		for _, l := range m.wrap(a, ind) {
			out = append(out, pad+l)
		}
	}
	if focused && m.picker != nil && m.picker.rowID == r.id {
		// The en-US-only warning once above the locales, not on each.
		if w := m.draft.AddLocaleWarning(); m.picker.kind == pickLocale && w != "" {
			for _, l := range m.wrap("⚠ "+w, ind) {
				out = append(out, pad+st.Warning.Render(l))
			}
		}
		for _, l := range m.pickerLines() {
			out = append(out, pad+l)
		}
	}
	return append(out, m.findingLines(fs, ind)...)
}

// subIndent is where the lines under a row start: under the value column
// when it leaves room for a sentence, else just under the label.
func (m *Model) subIndent(lw int) int {
	if valueCol := markerWidth + lw + 1; m.width <= 0 || m.width-valueCol >= 40 {
		return valueCol
	}
	return markerWidth + 4
}

// wrap breaks a (styled) line to the room left after indent.
func (m *Model) wrap(s string, indent int) []string {
	if m.width > indent+10 {
		s = ansi.Wrap(s, m.width-indent, " ")
	}
	return strings.Split(s, "\n")
}

// renderValue draws a row's value column.
func (m *Model) renderValue(r row, focused bool) string {
	st := m.styles
	switch r.kind {
	case kindText:
		if focused && m.focused {
			return m.input.View()
		}
		if v := m.text(r); v != "" {
			// Only the start of a huge value can show on the row.
			return st.Value.Render(kit.Clip(v, max(m.width, 40)))
		}
		return st.Placeholder.Render(m.placeholder(r))
	case kindEnum:
		v := m.enumValue(r)
		shown := st.Value.Render(kit.Clip(v, max(m.width, 40)))
		if v == "" {
			shown = st.Placeholder.Render("(none)")
		}
		if focused {
			return st.Hint.Render("‹ ") + shown + st.Hint.Render(" ›")
		}
		return shown
	case kindMulti:
		items := m.draft.List(r.field.Path)
		count := fmt.Sprintf("  (%d/%d)", len(items), r.field.MaxItems)
		if len(items) == 0 {
			return st.Placeholder.Render("(none)") + st.Hint.Render(count)
		}
		return st.Value.Render(kit.Clip(strings.Join(items, ", "), max(m.width, 40))) + st.Hint.Render(count)
	case kindSwitch:
		on := m.switchOn(r)
		box := "[ ] off"
		if on {
			box = "[x] on"
		}
		return st.Value.Render(box)
	case kindLocale:
		if m.dv == nil {
			return ""
		}
		missing := m.dv.Grid.Missing[r.locale]
		if len(missing) == 0 {
			return st.OK.Render("✓ complete")
		}
		return st.Warning.Render("⚠ missing " + strings.Join(missing, ", "))
	case kindAddLocale:
		n := len(m.draft.AvailableLocales())
		return st.Hint.Render(fmt.Sprintf("enter: choose (%d more Alexa locales)", n))
	}
	return ""
}

func (m *Model) switchOn(r row) bool {
	if r.target == tReferences {
		return m.draft.RefMode()
	}
	return m.draft.Present[r.field.Path]
}

// placeholder is what an empty text row shows.
func (m *Model) placeholder(r row) string {
	switch r.target {
	case tTimestamp:
		return "now"
	case tExpiry:
		return draft.DefaultExpiry
	case tUser:
		return "amzn1.ask.account.…"
	case tReference:
		return "(empty: ctrl+r makes one)"
	case tCell:
		return "(missing)"
	case tPayload:
		d := m.draft
		if f := r.field; d.InEditor(f) && d.RefMode() && d.Present[f.Path] {
			return "(missing in " + d.PrimaryLocale() + ")"
		}
		if r.field.Type == schemas.TypeDateTime {
			return "(absent) e.g. +2h, tomorrow 19:00"
		}
	}
	return "(absent)"
}

// annotations are the hint lines under a row: what a time parsed to, the
// expiry window, how a localizable value is written, the field's description.
func (m *Model) annotations(r row, focused bool) []string {
	st := m.styles
	d := m.draft
	var out []string
	switch r.target {
	case tTimestamp:
		out = append(out, m.timeEcho(schemas.FieldTimestamp)...)
	case tExpiry:
		out = append(out, m.expiryEcho()...)
	case tReference:
		if focused {
			out = append(out, st.Hint.Render("ctrl+r: new reference id (letters, digits and ~)"))
		}
	case tUser:
		for _, u := range m.users {
			if u.ID == d.UserID && u.Label != "" {
				out = append(out, st.Hint.Render("↳ "+u.Label))
			}
		}
		if focused && len(m.users) > 0 {
			out = append(out, st.Hint.Render(fmt.Sprintf("enter: choose one of %d saved user ids", len(m.users))))
		}
	case tReferences:
		switch {
		case len(d.Locales) > 1:
			out = append(out, st.Hint.Render("on: two or more locales always use localizedattribute:KEY"))
		case d.UseReferences:
			out = append(out, st.Hint.Render("on: values are written as localizedattribute:KEY"))
		default:
			out = append(out, st.Hint.Render("off: values inline, localizedAttributes []"))
		}
	case tLocale:
		// A locale the schema does not support is the validator's
		// LOCALE_UNSUPPORTED finding, shown under this row.
		if focused {
			out = append(out, st.Hint.Render("x: remove this locale"))
		}
	case tPayload:
		out = append(out, m.payloadEcho(r, focused)...)
	}
	return out
}

// timeEcho says what the time input at path (from the root) parsed to, or
// why it could not.
func (m *Model) timeEcho(path string) []string {
	if m.dv == nil {
		return nil
	}
	e, ok := m.dv.Times[path]
	switch {
	case !ok:
		return nil
	case e.Err != nil:
		// Not a second ✗: the validator's finding under the row counts it.
		return []string{m.styles.Error.Render("↳ " + e.Err.Error())}
	}
	return []string{m.styles.Hint.Render("↳ " + e.Text)}
}

// expiryEcho is the expiry state the root derived (the same text the status
// line shows) with the time it names; why a time outside the window is
// refused is the validator's finding, shown under the row.
func (m *Model) expiryEcho() []string {
	if m.dv == nil {
		return nil
	}
	if e := m.dv.Times[schemas.FieldExpiryTime]; e.Err != nil {
		return []string{m.styles.Error.Render("↳ " + e.Err.Error())}
	}
	ex := m.dv.Expiry
	style := m.styles.OK
	switch {
	case !ex.OK:
		style = m.styles.Error
	case ex.Soon:
		style = m.styles.Warning
	}
	line := style.Render("↳ " + ex.Text)
	if !ex.Time.IsZero() {
		line += m.styles.Hint.Render(" · " + ex.Time.In(m.dv.Now.Location()).Format("Mon Jan 2 15:04 MST"))
	}
	return []string{line}
}

func (m *Model) payloadEcho(r row, focused bool) []string {
	st := m.styles
	d := m.draft
	f := r.field
	var out []string
	if f.Type == schemas.TypeDateTime {
		out = append(out, m.timeEcho(draft.PayloadPrefix+f.Path)...)
	}
	if f.Localizable && f.Type == schemas.TypeString {
		switch {
		case d.Inline[f.Path]:
			out = append(out, st.Hint.Render("written inline, not localized (as loaded)"))
		case d.RefMode() && d.Present[f.Path]:
			out = append(out, st.Hint.Render(fmt.Sprintf("↳ %s%s · %s value",
				schemas.LocalizedAttributePrefix, d.KeyFor(f), d.PrimaryLocale())))
		}
	}
	if f.AppliesWhen != nil && d.Shown[f.Path] && !conditionHolds(d, f) {
		out = append(out, st.Warning.Render(fmt.Sprintf("⚠ not spoken for %s %s (kept from the loaded file)",
			f.AppliesWhen.Path, kit.Clip(d.Values[f.AppliesWhen.Path], 40))))
	}
	if focused && f.Description != "" {
		out = append(out, st.Hint.Render(f.Description))
	}
	return out
}

func conditionHolds(d *draft.Draft, f *schemas.Field) bool {
	for _, v := range f.AppliesWhen.Values {
		if d.Values[f.AppliesWhen.Path] == v {
			return true
		}
	}
	return false
}

// pickerLines draws the open picker: a window of options with the cursor.
func (m *Model) pickerLines() []string {
	st := m.styles
	p := m.picker
	var out []string
	if p.kind == pickMulti {
		out = append(out, st.Hint.Render(fmt.Sprintf("space: tick · enter: done · %d of %d–%d selected", len(p.ticked), p.min, p.max)))
	}
	end := min(p.offset+pickerRows, len(p.options))
	if p.offset > 0 {
		out = append(out, st.Hint.Render("  ↑ more"))
	}
	for i := p.offset; i < end; i++ {
		label := p.labels[i]
		if p.kind == pickMulti {
			box := "[ ] "
			if n := indexOf(p.ticked, p.options[i]); n >= 0 {
				box = fmt.Sprintf("[%d] ", n+1)
			}
			label = box + label
		}
		if i == p.cursor {
			out = append(out, st.OptionCursor.Render("▸ "+label))
		} else {
			out = append(out, st.Option.Render("  "+label))
		}
	}
	if end < len(p.options) {
		out = append(out, st.Hint.Render("  ↓ more"))
	}
	return out
}

func indexOf(s []string, v string) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// gridLines draws which locale lacks which key (the derived grid).
func (m *Model) gridLines() []string {
	st := m.styles
	d := m.draft
	var g draft.Grid
	if m.dv != nil {
		g = m.dv.Grid
	}
	if d.Schema != nil && !hasLocalizable(d.Schema) && len(g.Keys) == 0 {
		return []string{"  " + st.Hint.Render(fmt.Sprintf("%s has no localizable values: localizedAttributes is []", d.Schema.Short))}
	}
	if len(g.Keys) == 0 || len(g.Locales) == 0 {
		return []string{"  " + st.Hint.Render("no localizable values in the event")}
	}
	lw := m.labelWidth()
	head := "  " + kit.PadRight("Missing keys", lw) + " "
	for _, loc := range g.Locales {
		head += kit.PadRight(loc, localeColumn)
	}
	out := []string{st.Hint.Render(head)}
	for _, k := range g.Keys {
		line := "  " + st.Label.Render(kit.PadRight(ansi.Truncate(k, lw, "…"), lw)) + " "
		for _, loc := range g.Locales {
			if g.Has(loc, k) {
				line += st.OK.Render(kit.PadRight("✓", localeColumn))
			} else {
				line += st.Error.Render(kit.PadRight("✗", localeColumn))
			}
		}
		out = append(out, line)
	}
	return out
}

// maxFindingText is how much of a finding's message the form shows (a
// message may quote a huge value).
const maxFindingText = 600

// findingLines draws findings under a row, wrapped to the width.
func (m *Model) findingLines(fs []schemas.Finding, indent int) []string {
	st := m.styles
	var out []string
	pad := strings.Repeat(" ", indent)
	for _, f := range fs {
		sym, style := "⚠", st.Warning
		switch f.Severity {
		case schemas.SeverityError:
			sym, style = "✗", st.Error
		case schemas.SeverityInfo:
			sym, style = "ℹ", st.Info
		}
		for _, l := range m.wrap(sym+" "+kit.Clip(f.Message, maxFindingText)+" ["+f.Code+"]", indent) {
			out = append(out, pad+style.Render(l))
		}
	}
	return out
}
