package ui

import (
	tea "charm.land/bubbletea/v2"
)

// The root turns on mouse reporting (clicks, the wheel, and motion only
// while a button is held, which it ignores). A click focuses the pane
// under it and, inside, a field, a history row, a schema or a picker
// option; the wheel scrolls the pane under the pointer (the form, the
// JSON, the response, the history) or the open help. Keys stay the
// primary way: every click does what a key does.

// wheelLines is how far one wheel step scrolls.
const wheelLines = 3

// handleMouse routes a mouse message.
func (m Model) handleMouse(msg tea.MouseMsg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.MouseClickMsg:
		if msg.Button != tea.MouseLeft || len(m.stack) > 0 {
			return m, nil
		}
		return m.click(msg.Mouse().X, msg.Mouse().Y)
	case tea.MouseWheelMsg:
		return m.wheel(msg)
	}
	return m, nil // motion and release: nothing to do
}

// paneAt returns the pane drawn at screen cell (x, y) and the line of its
// content there (0 is its first inner line; -1 the top border).
func (m Model) paneAt(x, y int) (focus, int, bool) {
	if m.lay.tooSmall || y < 1 || y > m.lay.bodyH {
		return 0, 0, false
	}
	left := 0
	for _, c := range m.lay.cols {
		if x >= left && x < left+c.w {
			top, _ := m.lay.heights(c)
			by := y - 1
			if c.topH > 0 && by >= top {
				return c.below, by - top - 1, true
			}
			return c.pane, by - 1, true
		}
		left += c.w
	}
	return 0, 0, false
}

// click focuses the pane at (x, y) and acts on what is under the pointer.
func (m Model) click(x, y int) (tea.Model, tea.Cmd) {
	p, line, ok := m.paneAt(x, y)
	if !ok {
		return m, nil
	}
	var cmds []tea.Cmd
	if p != m.focus {
		cmds = append(cmds, m.setFocus(p))
	}
	switch p {
	case focusForm:
		if m.hasDraft {
			k, cmd := m.form.Click(line)
			cmds = append(cmds, cmd)
			if k != "" {
				cmds = append(cmds, m.updateForm(keyPress(k)))
			}
		}
	case focusHistory:
		if m.opts.History != nil {
			cmds = append(cmds, m.history.Click(line))
		}
	case focusPicker:
		before := m.picker.Selected()
		if m.picker.Click(line) && !m.hasDraft && m.picker.Selected() != before {
			m.recompute()
		}
	}
	m.syncKeys()
	return m, tea.Batch(cmds...)
}

// wheel scrolls the open help, else the pane under the pointer.
func (m Model) wheel(msg tea.MouseWheelMsg) (tea.Model, tea.Cmd) {
	step := 0
	switch msg.Button {
	case tea.MouseWheelUp:
		step = -wheelLines
	case tea.MouseWheelDown:
		step = wheelLines
	default:
		return m, nil
	}
	if d := m.top(); d != nil {
		if h, ok := d.(*helpDialog); ok {
			h.Scroll(step)
		}
		return m, nil
	}
	p, _, ok := m.paneAt(msg.Mouse().X, msg.Mouse().Y)
	if !ok {
		return m, nil
	}
	var cmd tea.Cmd
	switch p {
	case focusForm:
		if m.hasDraft && p == m.focus {
			k := "down"
			if step < 0 {
				k = "up"
			}
			cmd = m.updateForm(keyPress(k))
		}
	case focusPreview:
		if step < 0 {
			m.preview.vp.ScrollUp(-step)
		} else {
			m.preview.vp.ScrollDown(step)
		}
	case focusResponse:
		*m.response, cmd = m.response.Update(msg)
	case focusHistory:
		*m.history, cmd = m.history.Update(msg)
	}
	m.syncKeys()
	return m, cmd
}

// keyPress builds the key press a click stands for.
func keyPress(k string) tea.KeyPressMsg {
	switch k {
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "space":
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	case "up":
		return tea.KeyPressMsg{Code: tea.KeyUp}
	case "down":
		return tea.KeyPressMsg{Code: tea.KeyDown}
	}
	return tea.KeyPressMsg{}
}
