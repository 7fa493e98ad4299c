package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// headerView is the top bar: the app name, the schema of the draft and the file it came from.
func (m Model) headerView() string {
	st := m.styles
	w := m.width
	left := st.HeaderTitle.Render(" pe-tui ")
	info := ""
	switch {
	case m.hasDraft && m.form.Draft().Schema != nil:
		info = " " + m.form.Draft().Schema.Name
	case m.hasDraft:
		info = " new event"
	default:
		info = " choose a schema"
	}
	right := ""
	if m.opts.FileName != "" {
		right = m.opts.FileName + " "
	}
	room := w - ansi.StringWidth(left)
	if room <= 0 {
		return ansi.Truncate(left, w, "")
	}
	info = ansi.Truncate(info, room, "…")
	gap := room - ansi.StringWidth(info) - ansi.StringWidth(right)
	if gap < 1 {
		right, gap = "", room-ansi.StringWidth(info)
	}
	return left + st.Header.Render(info+strings.Repeat(" ", max(gap, 0))) + st.HeaderMuted.Render(right)
}

// judging returns the validation options of the chosen target (the sandbox
// judges strictly: send.ValidationFor), as the findings were judged.
func (m Model) judging() schemas.ValidateOptions {
	if m.dv != nil {
		return m.dv.Options
	}
	return send.ValidationFor(m.opts.Validate, m.target)
}

// statusView is the status line: profile and target, expiry window,
// findings count, and the transient message or the load error. Segments are
// dropped from the least important end when the line is too narrow.
func (m Model) statusView() string {
	st := m.styles
	sep := st.Muted.Render(" │ ")
	type seg struct {
		text string
		prio int // higher stays longer
	}
	var segs []seg
	if p := m.profile; p != "" {
		segs = append(segs, seg{st.StatusKey.Render("profile ") + st.Status.Render(p), 1})
	} else {
		segs = append(segs, seg{st.StatusKey.Render("no profile"), 1})
	}
	tw := 0 // width of the target segment
	{
		label, live := dialogs.TargetLabel(m.target)
		if opts := m.judging(); opts.Strict {
			// The findings are judged as this target judges them: say so.
			label += " · " + draft.Mode(opts)
		}
		ts := st.Status
		if live {
			ts = st.Live
		}
		if m.target.IsSandbox() && m.sbErr != "" {
			label += " (not running)"
			ts = st.Err
		}
		// The target always shows: it is the last segment to go.
		text := st.StatusKey.Render("target ") + ts.Render(label)
		tw = ansi.StringWidth(text)
		segs = append(segs, seg{text, 9})
	}
	if m.response.Sending() {
		segs = append(segs, seg{st.Warn.Render("sending… ctrl+x cancels"), 7})
	}
	if s := m.libraryStatus(); s != "" {
		segs = append(segs, seg{st.Status.Render(s), 3})
	}
	if dv := m.dv; dv != nil {
		es := st.OK
		if !dv.Expiry.OK {
			es = st.Err
		}
		segs = append(segs, seg{es.Render(dv.Expiry.Text), 4})
		ft := dv.Summary()
		switch {
		case dv.Errors > 0:
			ft = st.Err.Render(ft)
		case dv.Warnings > 0:
			ft = st.Warn.Render(ft)
		default:
			ft = st.OK.Render(ft)
		}
		segs = append(segs, seg{ft, 5})
	}
	// A message gets the room the target leaves, cut with an ellipsis
	// rather than dropped.
	room := max(m.width-6-tw, 8)
	switch {
	case m.status.text != "":
		s := st.Status
		switch m.status.kind {
		case statusOK:
			s = st.OK
		case statusErr:
			s = st.Err
		}
		segs = append(segs, seg{s.Render(ansi.Truncate(m.status.text, room, "…")), 6})
	case m.loadErr != "":
		segs = append(segs, seg{st.Err.Render(ansi.Truncate(m.loadErr, room, "…")), 6})
	}
	w := m.width - 1
	for {
		parts := make([]string, len(segs))
		for i, s := range segs {
			parts[i] = s.text
		}
		line := " " + strings.Join(parts, sep)
		if ansi.StringWidth(line) <= w || len(segs) <= 1 {
			return ansi.Truncate(line, max(w, 0), "…")
		}
		// Drop the least important segment.
		low := 0
		for i := range segs {
			if segs[i].prio < segs[low].prio {
				low = i
			}
		}
		segs = append(segs[:low], segs[low+1:]...)
	}
}

// helpView is the key hint line: only keys that work right now. The global
// keys (tab, help, quit) always fit; the pane's keys get the rest of the
// line and are cut with an ellipsis.
func (m Model) helpView() string {
	pane, global := m.shortHelp()
	h := m.help
	h.SetWidth(0)
	g := h.ShortHelpView(global)
	sep := h.Styles.ShortSeparator.Render(h.ShortSeparator)
	room := m.width - 1 - kit.Width(ansi.Strip(g))
	if len(enabled(pane)) == 0 || room < 12 {
		return " " + ansi.Truncate(g, max(m.width-1, 0), "…")
	}
	h.SetWidth(room - kit.Width(ansi.Strip(sep)))
	return " " + h.ShortHelpView(pane) + sep + g
}

// enabled filters the enabled bindings.
func enabled(bs []key.Binding) []key.Binding {
	var out []key.Binding
	for _, b := range bs {
		if b.Enabled() {
			out = append(out, b)
		}
	}
	return out
}

// shortHelp lists the hints for the current state: the focused pane's (or
// the dialog's) keys, and the global keys.
func (m Model) shortHelp() (pane, global []key.Binding) {
	k := m.keys
	if d := m.top(); d != nil {
		return nil, d.HelpKeys()
	}
	switch m.focus {
	case focusPicker:
		if m.pending != nil && !m.hasDraft {
			pane = append(pane, withHelp(k.Editor, k.Editor.Help().Key, "fix the file in $EDITOR"))
		}
		pane = append(pane, withHelp(k.PickDown, "↑/↓", "move"), k.Pick, k.Filter, k.ClearFilter, k.Back)
	case focusForm:
		if m.hasDraft {
			pane = append(pane, m.form.KeyMap().ShortHelp()...)
		}
	case focusPreview:
		pane = append(pane, withHelp(k.ScrollDown, "↑/↓", "scroll"), k.PageDown, k.Locale)
	case focusResponse:
		pane = append(pane, m.response.KeyMap.ShortHelp()...)
	case focusHistory:
		pane = append(pane, m.history.KeyMap().ShortHelp()...)
		pane = append(pane, k.Compare, k.Fixture)
		if !m.history.Editing() && !m.history.InDetail() && m.history.Filter() == "" {
			pane = append(pane, withHelp(k.Cancel, "esc", "back"))
		}
	}
	// Narrow screens keep room for the pane's keys: ctrl+g and the rest are in the full help.
	global = []key.Binding{k.Send, k.History, k.NextPane, k.Help, k.Quit}
	if m.width >= 120 {
		global = []key.Binding{k.Send, k.Target, k.Profiles, k.History, k.NextPane, k.Help, k.Quit}
	}
	if m.response.Sending() {
		global = append([]key.Binding{k.CancelSend}, global...)
	}
	if m.focus != focusPreview && k.Locale.Enabled() {
		global = append([]key.Binding{k.Locale}, global...)
	}
	if m.textFocused() {
		global = append(global, k.ForceQuit)
	}
	return pane, global
}

// fullHelp groups every binding that works in the current state (dialogs
// aside), with a title per group.
func (m Model) fullHelp() (titles []string, groups [][]key.Binding) {
	k := m.keys
	titles = []string{"Everywhere", "The event", "Sending", "Keeping work"}
	groups = [][]key.Binding{
		{k.NextPane, k.PrevPane, k.NewEvent, k.Help, k.Quit, k.ForceQuit},
		{k.Locale, k.Editor, k.CopyJSON, k.CopyCurl, k.Save, k.Speak, k.Import, k.ExportCode},
		{k.Send, k.CancelSend, k.Target, k.Profiles, k.History, k.Response, k.Heard, k.Users, k.Doctor},
		{k.Library, k.Undo, k.Redo, k.Renew},
	}
	switch m.focus {
	case focusPicker:
		titles = append(titles, "Schemas")
		groups = append(groups, []key.Binding{k.PickUp, k.PickDown, k.Pick, k.Filter, k.ClearFilter, k.Back})
	case focusForm:
		if m.hasDraft {
			for i, g := range m.form.KeyMap().FullHelp() {
				t := ""
				if i == 0 {
					t = "Form"
				}
				titles = append(titles, t)
				groups = append(groups, g)
			}
		}
	case focusPreview:
		titles = append(titles, "Preview")
		groups = append(groups, []key.Binding{k.ScrollUp, k.ScrollDown, k.PageUp, k.PageDown, k.Top, k.Bottom})
	case focusResponse:
		titles, groups = appendTitled(titles, groups, "Response", m.response.KeyMap.FullHelp())
	case focusHistory:
		titles, groups = appendTitled(titles, groups, "History", append(m.history.KeyMap().FullHelp(), []key.Binding{k.Compare, k.Fixture}))
	}
	return titles, groups
}

// appendTitled appends a pane's help groups, with the title on its first
// group that has an enabled key.
func appendTitled(titles []string, groups [][]key.Binding, title string, more [][]key.Binding) ([]string, [][]key.Binding) {
	for _, g := range more {
		if len(enabled(g)) == 0 {
			continue
		}
		titles = append(titles, title)
		groups = append(groups, g)
		title = ""
	}
	return titles, groups
}

// withHelp returns a copy of b with other help text (for combined hints like "↑/↓").
func withHelp(b key.Binding, k, desc string) key.Binding {
	b.SetHelp(k, desc)
	return b
}

// syncKeys enables exactly the bindings that work in the current state, so
// that the help line and the full help never list a key that does nothing.
func (m *Model) syncKeys() {
	k := &m.keys
	editing := m.textFocused()
	d := m.hasDraft
	k.ForceQuit.SetEnabled(true)
	// q and ? are typed into a focused text field; the tab keys and the
	// ctrl chords work everywhere.
	k.Quit.SetEnabled(!editing)
	k.Help.SetEnabled(!editing)
	k.NextPane.SetEnabled(d)
	k.PrevPane.SetEnabled(d)
	k.NewEvent.SetEnabled(d && m.focus != focusPicker && !m.form.PickerOpen())
	k.Locale.SetEnabled(m.dv != nil && len(m.dv.Locales) > 1)
	k.Editor.SetEnabled(d || m.pending != nil)
	k.CopyJSON.SetEnabled(d)
	k.CopyCurl.SetEnabled(d && m.sendTarget(m.target).EventURL() != "")
	sending := m.response.Sending()
	k.Save.SetEnabled(d && !sending)
	k.CancelSend.SetEnabled(sending)
	k.Send.SetEnabled(m.sender != nil)
	k.Target.SetEnabled(true)
	k.History.SetEnabled(m.opts.History != nil)
	k.Response.SetEnabled(true)
	k.Profiles.SetEnabled(m.opts.Secrets != nil)
	k.Heard.SetEnabled(m.sandbox != nil)
	m.syncKeepKeys()
	k.Users.SetEnabled(true)
	k.Doctor.SetEnabled(m.sender != nil) // wins over a text field's alt+d (delete word forward)

	picker := m.focus == focusPicker
	k.PickUp.SetEnabled(picker)
	k.PickDown.SetEnabled(picker)
	k.Pick.SetEnabled(picker && m.picker.Selected() != nil)
	k.Filter.SetEnabled(picker && !m.picker.Filtering())
	k.ClearFilter.SetEnabled(picker && (m.picker.Filtering() || m.picker.filter.Value() != ""))
	k.Back.SetEnabled(picker && d && !k.ClearFilter.Enabled())

	m.syncU3Keys()

	pv := m.focus == focusPreview
	for _, b := range []*key.Binding{&k.ScrollUp, &k.ScrollDown, &k.PageUp, &k.PageDown, &k.Top, &k.Bottom} {
		b.SetEnabled(pv)
	}
}
