package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
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
		switch {
		case !dv.Expiry.OK:
			es = st.Err
		case dv.Expiry.Soon:
			es = st.Warn
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
	k.Help.SetEnabled(true)
	if editing {
		k.Help.SetHelp("F1", "help")
	} else {
		k.Help.SetHelp("F1/?", "help")
	}
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
	k.Palette.SetEnabled(true)
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
