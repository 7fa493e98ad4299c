package dialogs

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// TargetLabel names a target for the status line: "sandbox", "NA development",
// "EU LIVE", or a custom base URL with its stage, e.g.
// "http://127.0.0.1:8080 (development)". live reports the live stage, which
// the status line shows in the warning colour; the word LIVE says it without
// colour too.
func TargetLabel(t alexa.Target) (text string, live bool) {
	live = t.IsLive()
	stage := string(t.Stage)
	if stage == "" {
		stage = string(alexa.StageDevelopment)
	}
	if live {
		stage = "LIVE"
	}
	switch {
	case t.IsSandbox() && !live:
		return "sandbox", false
	case t.IsSandbox():
		return "sandbox (LIVE)", true
	case t.IsAmazon():
		return string(t.Region) + " " + stage, live
	case t.Name == "":
		return "no target", false
	}
	return t.Name + " (" + stage + ")", live
}

// TargetChosenMsg says the user picked a target.
type TargetChosenMsg struct {
	Target alexa.Target
}

// TargetPickerKeyMap are the keys of a TargetPicker.
type TargetPickerKeyMap struct {
	Up     key.Binding
	Down   key.Binding
	Choose key.Binding // pick the highlighted target; in the URL field, check and pick the URL
	Stage  key.Binding // in the URL field: switch between development and live
	Cancel key.Binding // close; in the URL field, back to the list
}

// DefaultTargetPickerKeyMap returns the keys of a TargetPicker.
func DefaultTargetPickerKeyMap() TargetPickerKeyMap {
	return TargetPickerKeyMap{
		Up:     key.NewBinding(key.WithKeys("up", "k", "ctrl+p"), key.WithHelp("↑/↓", "move")),
		Down:   key.NewBinding(key.WithKeys("down", "j", "ctrl+n"), key.WithHelp("↓/j", "down")),
		Choose: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
		Stage:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "development/live"), key.WithDisabled()),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// ShortHelp implements help.KeyMap.
func (k TargetPickerKeyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Up, k.Choose, k.Stage, k.Cancel}
}

// FullHelp implements help.KeyMap.
func (k TargetPickerKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// targetItem is one row of the picker; custom is the "custom URL…" row.
type targetItem struct {
	target alexa.Target
	desc   string
	custom bool
}

var regionNames = map[alexa.Region]string{
	alexa.RegionNA: "North America",
	alexa.RegionEU: "Europe",
	alexa.RegionFE: "Far East",
}

// targetItems lists the seven named targets and the custom URL row.
func targetItems() []targetItem {
	var items []targetItem
	for _, name := range alexa.TargetNames {
		t, err := alexa.ParseTarget(name)
		if err != nil {
			continue // alexa.TargetNames only holds names ParseTarget accepts
		}
		var desc string
		switch {
		case t.IsSandbox():
			desc = "built-in local emulator on loopback; works offline, nobody is notified"
		case t.IsLive():
			desc = regionNames[t.Region] + " · LIVE stage: real customers are notified"
		default:
			desc = regionNames[t.Region] + " · development stage: your test accounts"
		}
		if host := strings.TrimPrefix(t.BaseURL, "https://"); host != "" {
			desc += " · " + host
		}
		items = append(items, targetItem{target: t, desc: desc})
	}
	return append(items, targetItem{custom: true, desc: "any http(s) base URL, e.g. a sandbox started with 'pe-tui sandbox'"})
}

// TargetPicker lets the user pick where events go: the sandbox, one of
// Amazon's three regions in the development or live stage, or a custom base
// URL (checked as an http(s) URL, with a development/live switch).
type TargetPicker struct {
	KeyMap TargetPickerKeyMap

	items   []targetItem
	cursor  int
	current alexa.Target

	editing bool // the custom URL field is open
	input   textinput.Model
	stage   alexa.Stage // stage of the custom URL
	err     string

	styles Styles
	width  int
	height int
}

// NewTargetPicker returns the picker with the cursor on current (on the
// custom row, with its URL filled in, when current is a custom target).
func NewTargetPicker(current alexa.Target) TargetPicker {
	in := textinput.New()
	in.Prompt = "URL: "
	in.Placeholder = "http://127.0.0.1:8080"
	in.CharLimit = 2048
	p := TargetPicker{
		KeyMap:  DefaultTargetPickerKeyMap(),
		items:   targetItems(),
		current: current,
		input:   in,
		stage:   alexa.StageDevelopment,
	}
	found := false
	for i, it := range p.items {
		if !it.custom && it.target.Name == current.Name {
			p.cursor, found = i, true
		}
	}
	if !found && current.Name != "" {
		p.cursor = len(p.items) - 1
		if current.BaseURL != "" {
			p.input.SetValue(current.BaseURL)
			p.stage = current.Stage
		}
	}
	p.SetStyles(DefaultStyles(true))
	return p
}

// SetStyles sets the styles.
func (p *TargetPicker) SetStyles(s Styles) {
	p.styles = s
	p.input.SetStyles(s.Input)
}

// SetSize sets the space the dialog may use (usually the terminal size).
func (p *TargetPicker) SetSize(w, h int) {
	p.width, p.height = w, h
	iw := InnerWidth(p.styles, boxWidth(w, maxBoxWidth))
	p.input.SetWidth(max(iw-len(p.input.Prompt)-1, 8))
}

// Editing reports whether the custom URL field is open (keys type into it).
func (p TargetPicker) Editing() bool { return p.editing }

// Focus focuses the URL field when it is open.
func (p *TargetPicker) Focus() tea.Cmd {
	if p.editing {
		return p.input.Focus()
	}
	return nil
}

// Blur removes the focus from the URL field.
func (p *TargetPicker) Blur() { p.input.Blur() }

// Update moves the cursor, picks a target (TargetChosenMsg), opens and
// checks the custom URL field, and closes on esc (CloseMsg).
func (p TargetPicker) Update(msg tea.Msg) (TargetPicker, tea.Cmd) {
	k, isKey := msg.(tea.KeyPressMsg)
	if p.editing {
		if isKey {
			switch {
			case key.Matches(k, p.KeyMap.Cancel):
				p.setEditing(false)
				return p, nil
			case key.Matches(k, p.KeyMap.Stage):
				if p.stage == alexa.StageLive {
					p.stage = alexa.StageDevelopment
				} else {
					p.stage = alexa.StageLive
				}
				return p, nil
			case key.Matches(k, p.KeyMap.Choose):
				t, err := parseCustomURL(p.input.Value())
				if err != "" {
					p.err = err
					return p, nil
				}
				t = t.WithStage(p.stage)
				return p, func() tea.Msg { return TargetChosenMsg{Target: t} }
			}
			p.err = ""
		}
		var cmd tea.Cmd
		p.input, cmd = p.input.Update(msg)
		return p, cmd
	}
	if !isKey {
		return p, nil
	}
	switch {
	case key.Matches(k, p.KeyMap.Cancel):
		return p, func() tea.Msg { return CloseMsg{} }
	case key.Matches(k, p.KeyMap.Up):
		p.cursor = (p.cursor + len(p.items) - 1) % len(p.items)
	case key.Matches(k, p.KeyMap.Down):
		p.cursor = (p.cursor + 1) % len(p.items)
	case key.Matches(k, p.KeyMap.Choose):
		it := p.items[p.cursor]
		if it.custom {
			return p, p.setEditing(true)
		}
		t := it.target
		return p, func() tea.Msg { return TargetChosenMsg{Target: t} }
	}
	return p, nil
}

func (p *TargetPicker) setEditing(on bool) tea.Cmd {
	p.editing = on
	p.err = ""
	p.KeyMap.Stage.SetEnabled(on)
	p.KeyMap.Up.SetEnabled(!on)
	p.KeyMap.Down.SetEnabled(!on)
	if on {
		p.input.CursorEnd()
		return p.input.Focus()
	}
	p.input.Blur()
	return nil
}

// parseCustomURL checks the custom URL field; the error is a sentence for the user.
func parseCustomURL(s string) (alexa.Target, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return alexa.Target{}, "Enter a base URL such as http://127.0.0.1:8080."
	}
	low := strings.ToLower(s)
	if !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") {
		return alexa.Target{}, "The URL must start with http:// or https://, e.g. http://127.0.0.1:8080."
	}
	t, err := alexa.ParseTarget(s)
	if err != nil {
		return alexa.Target{}, err.Error()
	}
	return t, ""
}

// View draws the dialog box.
func (p TargetPicker) View() string {
	st := p.styles
	bw := boxWidth(p.width, maxBoxWidth)
	iw := InnerWidth(st, bw)
	var body []string
	for i, it := range p.items {
		name := "custom URL…"
		live := false
		if !it.custom {
			name = it.target.Name
			live = it.target.IsLive()
		}
		marker := "  "
		nameStyle := st.Text
		if i == p.cursor {
			marker = st.Marker.Render("› ")
			nameStyle = st.Selected
		}
		line := marker + nameStyle.Render(padTo(name, 12))
		if live {
			line += st.Live.Render("LIVE ")
		}
		if p.isCurrent(it) {
			line += st.Current.Render("● current ")
		}
		body = append(body, line)
		if i == p.cursor {
			descStyle := st.Muted
			if live {
				descStyle = st.Live
			}
			for _, l := range kit.Wrap(it.desc, max(iw-4, 8)) {
				body = append(body, "    "+descStyle.Render(l))
			}
		}
	}
	var foot []string
	if p.editing {
		stage := st.Text.Render("‹ development ›")
		if p.stage == alexa.StageLive {
			stage = st.Live.Render("‹ LIVE ›")
		}
		foot = append(foot, "", p.input.View(), st.Label.Render("stage: ")+stage)
		if p.err != "" {
			foot = append(foot, styleLines(kit.Wrap("✗ "+p.err, iw), st.Err.Render)...)
		}
	}
	hint := hintLine(p.KeyMap.Up, p.KeyMap.Choose, p.KeyMap.Cancel)
	if p.editing {
		hint = hintLine(p.KeyMap.Choose, p.KeyMap.Stage, withDesc(p.KeyMap.Cancel, "back"))
	}
	return Frame(st, bw, p.height, "Send to…", body, foot, hint)
}

// isCurrent reports whether it is the current target.
func (p TargetPicker) isCurrent(it targetItem) bool {
	if it.custom {
		return p.current.Name != "" && !p.current.IsSandbox() && !p.current.IsAmazon()
	}
	return it.target.Name == p.current.Name
}

// padTo pads s with spaces to n cells.
func padTo(s string, n int) string {
	if w := len([]rune(s)); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s + " "
}
