package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/formpane"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
	"github.com/pe-tui/pe-tui/internal/ui/response"
)

// helpSection is one titled group of the full help.
type helpSection struct {
	title   string
	entries []helpEntry
	text    string // free text under the entries (the time formats)
}

// helpEntry is one line of the full help: every key of a binding and what it does.
type helpEntry struct{ keys, desc string }

// keyNames spells key names as the help shows them.
var keyNames = map[string]string{
	"up": "↑", "down": "↓", "left": "←", "right": "→", "pgup": "pgup", "pgdown": "pgdn",
}

// entryOf lists every key of b (not only its help key), so that an alias
// such as space for page down is never hidden.
func entryOf(b key.Binding) helpEntry {
	var ks []string
	for _, k := range b.Keys() {
		if n, ok := keyNames[k]; ok {
			k = n
		} else if len(k) >= 2 && k[0] == 'f' && k[1] >= '0' && k[1] <= '9' {
			k = "F" + k[1:]
		}
		ks = append(ks, k)
	}
	return helpEntry{keys: strings.Join(ks, "/"), desc: b.Help().Desc}
}

func section(title string, bs ...key.Binding) helpSection {
	s := helpSection{title: title}
	seen := map[helpEntry]bool{}
	for _, b := range bs {
		e := entryOf(b)
		if !seen[e] {
			seen[e] = true
			s.entries = append(s.entries, e)
		}
	}
	return s
}

// helpSections is the full help, generated from the key maps: every
// binding of the root, the form, the preview, the response and the history
// pane, whether or not it works at this moment, with the focused pane's
// keys first. The help dialog draws it; the palette reads the same list.
func (m Model) helpSections() []helpSection {
	k := DefaultKeyMap()
	fk := formpane.DefaultKeyMap()
	hk := historypane.DefaultKeyMap()
	rk := response.DefaultKeyMap()
	panes := map[focus]helpSection{
		focusPicker:   section("Schema list", k.PickUp, k.PickDown, k.Pick, k.Filter, k.ClearFilter, k.Back),
		focusForm:     section("Form", fk.Up, fk.Down, fk.Prev, fk.Next, fk.Open, fk.Toggle, fk.Remove, fk.Regenerate, fk.Close),
		focusPreview:  section("Preview", k.ScrollUp, k.ScrollDown, k.PageUp, k.PageDown, k.Top, k.Bottom, k.Locale),
		focusResponse: section("Response", rk.Cancel, rk.Up, rk.Down, rk.PageUp, rk.PageDown, rk.Top, rk.Bottom),
		focusHistory: section("History", hk.Up, hk.Down, hk.PageUp, hk.PageDown, hk.Top, hk.Bottom, hk.Open, hk.Back,
			hk.Filter, hk.Clear, hk.Apply, hk.Resend, hk.ResendNew, hk.Load, hk.Delete, hk.Yes, hk.No, hk.Mark, k.Compare, k.Fixture),
	}
	first := panes[m.focus]
	first.title = "This pane: " + first.title
	out := []helpSection{first}
	for i, g := range globalBindings(k) {
		out = append(out, section(globalTitles[i], g...))
	}
	for _, f := range []focus{focusForm, focusPreview, focusResponse, focusHistory, focusPicker} {
		if f != m.focus {
			out = append(out, panes[f])
		}
	}
	out = append(out, section("Dialogs", k.Confirm, k.Cancel))
	out = append(out, helpSection{title: "Dates and times (timestamp, expiryTime, date fields)",
		text: "Type " + draft.WhenFormats() + "."})
	return out
}

// globalTitles name the groups of globalBindings.
var globalTitles = []string{"Everywhere", "The event", "Sending", "Keeping work"}

// globalBindings are the root's global bindings in groups (globalTitles):
// the full help and the command palette both list them from here.
func globalBindings(k KeyMap) [][]key.Binding {
	return [][]key.Binding{
		{k.Help, k.Palette, k.NextPane, k.PrevPane, k.NewEvent, k.Quit, k.ForceQuit},
		{k.Locale, k.Editor, k.CopyJSON, k.CopyCurl, k.Save, k.Speak, k.Import, k.ExportCode},
		{k.Send, k.CancelSend, k.Target, k.Profiles, k.History, k.Response, k.Heard, k.Users, k.Doctor},
		{k.Library, k.Undo, k.Redo, k.Renew},
	}
}

// helpLinesFor lays the sections out for an inner width w: a title, then
// one line per entry with the keys in a column (descriptions wrap under
// themselves), a blank line between sections.
func helpLinesFor(sections []helpSection, w int, st *Styles) []string {
	var out []string
	for i, s := range sections {
		if i > 0 {
			out = append(out, "")
		}
		out = append(out, st.Name.Render(kit.Clip(s.title, w)))
		kw := 0
		for _, e := range s.entries {
			kw = max(kw, kit.Width(e.keys))
		}
		kw = min(kw, max(w/3, 6))
		for _, e := range s.entries {
			keys := e.keys
			if kit.Width(keys) > kw {
				out = append(out, "  "+st.Help.FullKey.Render(keys))
				keys = ""
			}
			desc := kit.Wrap(e.desc, max(w-kw-4, 8))
			for j, d := range desc {
				k := ""
				if j == 0 {
					k = keys
				}
				out = append(out, "  "+st.Help.FullKey.Render(kit.PadRight(k, kw))+"  "+st.Help.FullDesc.Render(d))
			}
		}
		if s.text != "" {
			for _, l := range kit.Wrap(s.text, max(w-2, 8)) {
				out = append(out, "  "+l)
			}
		}
	}
	return out
}

// helpDialog is the full key help. It scrolls when it does not fit, and
// its closing hint always shows.
type helpDialog struct {
	rootDialog
	sections []helpSection
	st       *Styles
	scroll   int
}

func newHelpDialog(m Model) *helpDialog {
	// Its own copy of the key map: every scrolling key is enabled here.
	return &helpDialog{rootDialog: rootDialog{keys: DefaultKeyMap()}, sections: m.helpSections(), st: m.styles}
}

func (d *helpDialog) Handle(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	page := max(d.room()-1, 1)
	switch {
	case key.Matches(k, d.keys.Cancel, d.keys.Help, d.keys.Quit):
		return closeCmd
	case key.Matches(k, d.keys.ScrollDown):
		d.scroll++
	case key.Matches(k, d.keys.ScrollUp):
		d.scroll = max(d.scroll-1, 0)
	case key.Matches(k, d.keys.PageDown):
		d.scroll += page
	case key.Matches(k, d.keys.PageUp):
		d.scroll = max(d.scroll-page, 0)
	case key.Matches(k, d.keys.Top):
		d.scroll = 0
	case key.Matches(k, d.keys.Bottom):
		d.scroll = 1 << 30
	}
	return nil
}

// Scroll moves the view by n lines (the mouse wheel).
func (d *helpDialog) Scroll(n int) { d.scroll = max(d.scroll+n, 0) }

func (d *helpDialog) HelpKeys() []key.Binding {
	return []key.Binding{withHelp(d.keys.Cancel, "esc/?/F1", "close"), withHelp(d.keys.ScrollDown, "↑/↓ pgup/pgdn", "scroll"), d.keys.ForceQuit}
}

// room is the number of body lines the dialog shows at its height (frame,
// title, blank, scroll line, blank and hint aside).
func (d *helpDialog) room() int { return max(d.height-8, 1) }

func (d *helpDialog) View() string {
	body := helpLinesFor(d.sections, dialogs.InnerWidth(d.styles, d.boxWidth()), d.st)
	room := d.room()
	d.scroll = min(d.scroll, max(len(body)-room, 0))
	if len(body) > room {
		end := min(d.scroll+room, len(body))
		body = append(body[d.scroll:end:end], d.styles.Muted.Render(fmt.Sprintf("↑/↓ pgup/pgdn scroll · lines %d–%d of %d", d.scroll+1, end, len(body))))
	}
	return d.frame("Keys", body, "esc, ? or F1 closes this help")
}
