package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// dialogKind says which dialog is open; dialogNone means none.
type dialogKind int

const (
	dialogNone      dialogKind = iota
	dialogHelp                 // the full key help
	dialogSave                 // asks for a file path
	dialogOverwrite            // the file exists: overwrite?
	dialogBadJSON              // the edited JSON is invalid: edit again or discard
	dialogDiscard              // another schema was chosen: discard the changed draft?
)

// dialog is the one modal dialog; while open it takes every key but ctrl+c.
type dialog struct {
	kind    dialogKind
	input   textinput.Model // path of the save dialog
	path    string          // file the overwrite dialog asks about
	message string          // what went wrong (bad JSON)
	schema  *schemas.Schema // the schema to open after discarding
	width   int             // terminal width
	height  int             // terminal height

	// The dialogs of internal/ui/dialogs (extdialogs.go) and the sandbox list.
	confirm  dialogs.Confirm
	typed    dialogs.TypedConfirm
	targets  dialogs.TargetPicker
	profiles dialogs.ProfilePicker
	heard    []sandbox.Notification
	scroll   int
}

func newHelpDialog() dialog { return dialog{kind: dialogHelp} }

func newSaveDialog(st *Styles, suggestion string) dialog {
	in := textinput.New()
	in.Prompt = "path: "
	in.CharLimit = 4096
	in.SetValue(suggestion)
	in.CursorEnd()
	d := dialog{kind: dialogSave, input: in}
	d.setStyles(st)
	return d
}

func newOverwriteDialog(path string) dialog { return dialog{kind: dialogOverwrite, path: path} }

func newBadJSONDialog(message string) dialog { return dialog{kind: dialogBadJSON, message: message} }

func newDiscardDialog(next, current *schemas.Schema) dialog {
	return dialog{kind: dialogDiscard, schema: next,
		message: "The " + current.Short + " event has changes. Discard them and start a new " + next.Short + " event?"}
}

func (d *dialog) setWidth(w int) {
	d.width = w
	if d.kind == dialogSave {
		// The text input draws one cell more than its width (the cursor).
		d.input.SetWidth(max(d.boxWidth()-5-len(d.input.Prompt), 4))
	}
}

// boxWidth is the dialog's outer width for the terminal width.
func (d dialog) boxWidth() int { return clamp(d.width-4, 10, 72) }

func (d *dialog) setStyles(st *Styles) {
	d.setExtStyles(st)
	if d.kind == dialogSave {
		ts := textinput.DefaultStyles(!st.NoColor)
		ts.Cursor.Blink = false
		d.input.SetStyles(ts)
	}
}

func (d *dialog) focus() tea.Cmd {
	if d.kind == dialogSave {
		return d.input.Focus()
	}
	return d.focusExt()
}

// updateOther passes non-key messages (cursor blinks) to the dialog's input.
func (d dialog) updateOther(msg tea.Msg) (dialog, tea.Cmd) {
	if d.isExt() {
		return d.updateExt(msg)
	}
	if d.kind != dialogSave {
		return d, nil
	}
	var cmd tea.Cmd
	d.input, cmd = d.input.Update(msg)
	return d, cmd
}

// shortHelp lists the dialog's keys for the help line.
func (d dialog) shortHelp(k KeyMap) []key.Binding {
	switch d.kind {
	case dialogHelp:
		return []key.Binding{withHelp(k.Cancel, "esc/?", "close"), k.ForceQuit}
	case dialogSave:
		return []key.Binding{withHelp(k.Confirm, "enter", "save"), k.Cancel, k.ForceQuit}
	case dialogOverwrite:
		return []key.Binding{withHelp(k.Confirm, "y", "overwrite"), withHelp(k.Cancel, "n/esc", "keep the file"), k.ForceQuit}
	case dialogBadJSON:
		return []key.Binding{withHelp(k.Confirm, "enter", "edit again"), withHelp(k.Cancel, "esc", "discard the text"), k.ForceQuit}
	case dialogDiscard:
		return []key.Binding{withHelp(k.Confirm, "y", "discard and start anew"), withHelp(k.Cancel, "n/esc", "keep editing"), k.ForceQuit}
	}
	return d.extShortHelp(k)
}

// View renders the dialog box.
func (d dialog) View(m Model) string {
	if d.isExt() {
		return d.viewExt()
	}
	st := m.styles
	bw := d.boxWidth()
	iw := bw - 4 // border and padding
	muted := func(text string) []string {
		var out []string
		for _, l := range wrapLines(text, iw) {
			out = append(out, st.Muted.Render(l))
		}
		return out
	}
	var title string
	var body []string
	switch d.kind {
	case dialogHelp:
		title = "Keys"
		body = append(helpColumns(m, iw), "")
		body = append(body, muted("esc or ? closes this help")...)
	case dialogSave:
		title = "Save the JSON body"
		body = append([]string{d.input.View(), ""}, muted("enter saves · esc cancels · an existing file is never overwritten without asking")...)
	case dialogOverwrite:
		title = "File exists"
		body = wrapLines(d.path+" already exists. Overwrite it?", iw)
		body = append(body, "")
		body = append(body, muted("y overwrites · n or esc keeps the file")...)
	case dialogBadJSON:
		title = "The JSON could not be opened"
		for _, l := range wrapLines(d.message, iw) {
			body = append(body, st.Err.Render(l))
		}
		body = append(body, "")
		body = append(body, wrapLines("Your text is kept. Press enter to edit it again in the editor, or esc to discard it and keep the form as it was.", iw)...)
	case dialogDiscard:
		title = "Discard changes?"
		body = wrapLines(d.message, iw)
		body = append(body, "")
		body = append(body, muted("y discards · n or esc keeps editing")...)
	case dialogHeard:
		title, body = d.heardView(m, iw)
	}
	var lines []string
	lines = append(lines, st.DialogTitle.Render(ansi.Truncate(title, iw, "…")), "")
	for _, l := range body {
		for _, sub := range strings.Split(l, "\n") {
			lines = append(lines, ansi.Truncate(sub, iw, "…"))
		}
	}
	return st.Dialog.Width(bw).Render(strings.Join(lines, "\n"))
}

// helpColumns lays the full help out as titled columns that flow onto
// further rows when the width runs out, so no group is cut off.
func helpColumns(m Model, width int) []string {
	h := m.help
	h.SetWidth(0)
	titles, groups := m.fullHelp()
	var blocks []string
	for i, g := range groups {
		if len(enabled(g)) == 0 {
			continue
		}
		col := h.FullHelpView([][]key.Binding{g})
		blocks = append(blocks, m.styles.Name.Render(titles[i])+"\n"+col)
	}
	const gap = "   "
	var rows []string
	var row []string
	rowW := 0
	flush := func() {
		if len(row) > 0 {
			rows = append(rows, lipgloss.JoinHorizontal(lipgloss.Top, row...))
		}
		row, rowW = nil, 0
	}
	for _, b := range blocks {
		bw := lipgloss.Width(b)
		if len(row) > 0 && rowW+len(gap)+bw > width {
			flush()
		}
		if len(row) > 0 {
			row = append(row, gap)
			rowW += len(gap)
		}
		row = append(row, b)
		rowW += bw
	}
	flush()
	return strings.Split(strings.Join(rows, "\n\n"), "\n")
}

// updateDialog handles a key while a dialog is open.
func (m Model) updateDialog(k tea.KeyPressMsg) (tea.Model, tea.Cmd) {
	d := m.dialog
	closeDialog := func() { m.dialog = dialog{}; m.syncKeys() }
	if d.isExt() {
		var cmd tea.Cmd
		m.dialog, cmd = d.updateExt(k)
		m.syncKeys()
		return m, cmd
	}
	switch d.kind {
	case dialogHeard:
		return m.updateHeard(k)
	case dialogHelp:
		if key.Matches(k, m.keys.Cancel, m.keys.Help, m.keys.Quit) {
			closeDialog()
		}
		return m, nil
	case dialogSave:
		switch {
		case key.Matches(k, m.keys.Cancel):
			closeDialog()
			return m, nil
		case key.Matches(k, m.keys.Confirm):
			path := strings.TrimSpace(d.input.Value())
			if path == "" {
				return m, nil
			}
			closeDialog()
			return m, saveCmd(path, m.bodyBytes(), false)
		}
		var cmd tea.Cmd
		m.dialog.input, cmd = d.input.Update(k)
		return m, cmd
	case dialogOverwrite:
		switch k.String() {
		case "y", "Y", "enter":
			closeDialog()
			return m, saveCmd(d.path, m.bodyBytes(), true)
		case "n", "N", "esc":
			closeDialog()
			m.setStatus(statusMsg{kind: statusInfo, text: "Not saved: " + d.path + " is unchanged"})
		}
		return m, nil
	case dialogDiscard:
		switch k.String() {
		case "y", "Y", "enter":
			closeDialog()
			return m.openSchema(d.schema)
		case "n", "N", "esc":
			closeDialog()
			return m, m.setFocus(focusForm)
		}
		return m, nil
	case dialogBadJSON:
		switch {
		case key.Matches(k, m.keys.Confirm):
			closeDialog()
			return m, editorWriteCmd(m.opts.TempDir, m.pending)
		case key.Matches(k, m.keys.Cancel):
			closeDialog()
			m.pending, m.loadErr = nil, ""
			m.recompute()
			m.syncKeys()
			m.setStatus(statusMsg{kind: statusInfo, text: "Discarded the edited text"})
		}
		return m, nil
	}
	return m, nil
}

// overlay draws box centred on top of screen (both already styled).
func overlay(screen, box string, w, h int) string {
	lines := strings.Split(screen, "\n")
	for len(lines) < h {
		lines = append(lines, "")
	}
	boxLines := strings.Split(box, "\n")
	bw := 0
	for _, l := range boxLines {
		bw = max(bw, ansi.StringWidth(l))
	}
	bw = min(bw, w)
	if len(boxLines) > h {
		boxLines = boxLines[:h]
	}
	x := max((w-bw)/2, 0)
	y := max((h-len(boxLines))/2, 0)
	for i, bl := range boxLines {
		row := y + i
		base := lines[row]
		left := ansi.Truncate(base, x, "")
		left = padRight(left, x)
		right := ""
		if ansi.StringWidth(base) > x+bw {
			right = ansi.Cut(base, x+bw, ansi.StringWidth(base))
		}
		lines[row] = left + ansi.Truncate(padRight(bl, bw), bw, "") + right
	}
	return strings.Join(lines, "\n")
}
