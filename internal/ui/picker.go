package ui

import (
	"slices"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/schemas"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// picker is the schema picker pane: the eight schemas with their description,
// and the sentence templates of the highlighted one. Typing "/" opens a
// filter that matches names and descriptions (substring first, then letters
// in order).
type picker struct {
	styles    *Styles
	all       []*schemas.Schema
	visible   []int // indices into all that match the filter, best first
	cursor    int   // index into visible
	filter    textinput.Model
	filtering bool   // the filter input has focus
	current   string // event name of the open draft, marked in the list
	width     int
	height    int
	focused   bool
}

// pickedMsg is returned by the picker when the user chooses a schema.
type pickedMsg struct{ schema *schemas.Schema }

func newPicker(styles *Styles) picker {
	all := schemas.All()
	p := picker{styles: styles}
	for i := range all {
		p.all = append(p.all, &all[i])
	}
	p.filter = textinput.New()
	p.filter.Prompt = "/"
	p.filter.Placeholder = "type to filter"
	p.filter.CharLimit = 40
	p.setStyles(styles)
	p.applyFilter()
	return p
}

// SetSize sets the inner size of the pane.
func (p *picker) SetSize(w, h int) {
	p.width, p.height = w, h
	p.filter.SetWidth(max(w-2, 1))
}

// Focus marks the pane focused.
func (p *picker) Focus() tea.Cmd { p.focused = true; return nil }

// Blur marks the pane blurred and closes the filter input (its text stays).
func (p *picker) Blur() {
	p.focused = false
	p.filtering = false
	p.filter.Blur()
}

// Filtering reports whether the filter input has focus (it captures letters).
func (p picker) Filtering() bool { return p.filtering }

// Selected returns the highlighted schema, or nil when the filter matches none.
func (p picker) Selected() *schemas.Schema {
	if p.cursor < 0 || p.cursor >= len(p.visible) {
		return nil
	}
	return p.all[p.visible[p.cursor]]
}

// SetCurrent marks the schema of the open draft and highlights it.
func (p *picker) SetCurrent(name string) {
	p.current = name
	for i, idx := range p.visible {
		if p.all[idx].Name == name {
			p.cursor = i
		}
	}
}

// setStyles replaces the styles after a background change.
func (p *picker) setStyles(s *Styles) {
	p.styles = s
	p.filter.SetStyles(s.Input)
}

// Update handles a key for the focused picker. A choice is reported as a pickedMsg command.
func (p picker) Update(msg tea.Msg, km *KeyMap) (picker, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if p.filtering {
			var cmd tea.Cmd
			p.filter, cmd = p.filter.Update(msg)
			return p, cmd
		}
		return p, nil
	}
	switch {
	case key.Matches(k, km.Pick):
		p.filtering = false
		p.filter.Blur()
		if s := p.Selected(); s != nil {
			return p, func() tea.Msg { return pickedMsg{schema: s} }
		}
		return p, nil
	case p.filtering && k.String() == "up", !p.filtering && key.Matches(k, km.PickUp):
		p.move(-1)
		return p, nil
	case p.filtering && k.String() == "down", !p.filtering && key.Matches(k, km.PickDown):
		p.move(1)
		return p, nil
	case key.Matches(k, km.ClearFilter):
		p.filtering = false
		p.filter.Blur()
		p.filter.SetValue("")
		p.applyFilter()
		return p, nil
	case p.filtering:
		var cmd tea.Cmd
		before := p.filter.Value()
		p.filter, cmd = p.filter.Update(msg)
		if p.filter.Value() != before {
			p.applyFilter()
		}
		return p, cmd
	case key.Matches(k, km.Filter):
		p.filtering = true
		return p, p.filter.Focus()
	case k.String() == "home":
		p.cursor = 0
	case k.String() == "end":
		p.cursor = max(len(p.visible)-1, 0)
	}
	return p, nil
}

func (p *picker) move(d int) {
	if len(p.visible) == 0 {
		return
	}
	p.cursor = (p.cursor + d + len(p.visible)) % len(p.visible)
}

// applyFilter recomputes the visible schemas from the filter text and keeps
// the highlighted schema when it still matches.
func (p *picker) applyFilter() {
	var keep string
	if s := p.Selected(); s != nil {
		keep = s.Name
	}
	q := strings.ToLower(strings.TrimSpace(p.filter.Value()))
	p.visible = rank(p.all, func(s *schemas.Schema) int { return matchScore(q, s) })
	p.cursor = 0
	for i, idx := range p.visible {
		if p.all[idx].Name == keep && q == "" {
			p.cursor = i
		}
	}
}

// matchScore ranks a schema for a lower-case query: 3 for a substring of the
// short name, 2 for a substring of the event name or description, 1 when the
// query's letters appear in order, 0 for no match. An empty query matches all.
func matchScore(q string, s *schemas.Schema) int {
	if q == "" {
		return 1
	}
	short := strings.ToLower(s.Short)
	switch {
	case strings.Contains(short, q):
		return 3
	case strings.Contains(strings.ToLower(s.Name), q), strings.Contains(strings.ToLower(s.Description), q):
		return 2
	}
	if lettersInOrder(q, short+" "+strings.ToLower(s.Description)) {
		return 1
	}
	return 0
}

// lettersInOrder reports whether the letters of q appear in text in order,
// compared rune by rune (a byte index would never match a letter outside
// ASCII).
func lettersInOrder(q, text string) bool {
	rest := q
	for _, r := range text {
		if next, size := utf8.DecodeRuneInString(rest); rest != "" && next == r {
			rest = rest[size:]
		}
	}
	return rest == ""
}

// rank returns the indexes of the items that score above 0, best first
// (equal scores keep their order).
func rank[T any](items []T, score func(T) int) []int {
	type scored struct{ idx, score int }
	var hits []scored
	for i, it := range items {
		if sc := score(it); sc > 0 {
			hits = append(hits, scored{i, sc})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int { return b.score - a.score })
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.idx
	}
	return out
}

// View renders the pane's inner content (no frame).
func (p picker) View() string {
	w, h := p.width, p.height
	if w <= 0 || h <= 0 {
		return ""
	}
	st := p.styles
	var lines []string
	if p.filtering || p.filter.Value() != "" {
		if p.filtering {
			lines = append(lines, p.filter.View())
		} else {
			lines = append(lines, st.Match.Render("/"+p.filter.Value())+st.Muted.Render("  (esc clears)"))
		}
	}
	if len(p.visible) == 0 {
		lines = append(lines, st.Muted.Render("No schema matches."))
		return kit.FitBlock(lines, w, h)
	}

	nameW := 0
	for _, s := range p.all {
		nameW = max(nameW, len(s.Short))
	}
	details := p.details(w)
	// The list gets what it needs; the details of the highlighted schema get the rest when it fits.
	listRows := len(p.visible)
	room := h - len(lines)
	showDetails := room-listRows >= 4
	if !showDetails {
		listRows = min(listRows, room)
	}
	first := 0
	if p.cursor >= listRows {
		first = p.cursor - listRows + 1
	}
	for i := first; i < len(p.visible) && i < first+listRows; i++ {
		s := p.all[p.visible[i]]
		mark := "  "
		if i == p.cursor {
			mark = "▸ "
		}
		cur := " "
		if s.Name == p.current {
			cur = "●"
		}
		name := s.Short + strings.Repeat(" ", nameW-len(s.Short))
		row := mark + name + " " + cur
		if rest := w - ansi.StringWidth(row) - 1; rest >= 16 {
			row += " " + ansi.Truncate(s.Description, rest, "…")
		}
		if i == p.cursor && p.focused {
			row = st.Selected.Render(kit.PadRight(row, w))
		} else if i == p.cursor {
			row = st.Name.Render(row)
		}
		lines = append(lines, row)
	}
	if showDetails {
		lines = append(lines, st.Rule.Render(strings.Repeat("─", w)))
		lines = append(lines, details...)
	}
	return kit.FitBlock(lines, w, h)
}

// details describes the highlighted schema: event name, description, templates.
func (p picker) details(w int) []string {
	s := p.Selected()
	if s == nil {
		return nil
	}
	st := p.styles
	out := []string{st.Name.Render(ansi.Truncate(s.Name, w, "…"))}
	out = append(out, kit.Wrap(s.Description, w)...)
	out = append(out, "")
	for _, t := range s.Templates {
		text := t.Text
		if t.When != "" {
			out = append(out, st.Muted.Render(ansi.Truncate(t.When+":", w, "…")))
		}
		for _, l := range kit.Wrap(text, max(w-2, 1)) {
			out = append(out, "  "+st.Template.Render(l))
		}
	}
	return out
}

// Click moves the cursor to the schema drawn on line y of the pane (0 is
// its first line); it reports whether there was one.
func (p *picker) Click(y int) bool {
	if p.width <= 0 || p.height <= 0 || len(p.visible) == 0 {
		return false
	}
	if p.filtering || p.filter.Value() != "" {
		y--
	}
	listRows := len(p.visible)
	room := p.height
	if p.filtering || p.filter.Value() != "" {
		room--
	}
	if room-listRows < 4 {
		listRows = min(listRows, room)
	}
	first := 0
	if p.cursor >= listRows {
		first = p.cursor - listRows + 1
	}
	i := first + y
	if y < 0 || y >= listRows || i >= len(p.visible) {
		return false
	}
	p.cursor = i
	return true
}
