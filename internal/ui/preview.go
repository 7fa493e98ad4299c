package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/schemas"

	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// preview is the live preview pane: the sentence Alexa will say for the
// preview locale, with "approximate" and "fallback" flags, and below it the
// JSON body, syntax-coloured, in a scrollable viewport.
type preview struct {
	styles   *Styles
	label    string // what the sentence is: "Alexa says", "Sample", "Not opened"
	utter    schemas.Utterance
	problem  string // why no sentence (render error, request errors); "" when fine
	locale   string
	nLocales int
	notes    []string       // how the sentence sounds (speech.go), under it
	json     string         // the body as Encode() wrote it
	plain    []string       // its lines
	colored  []string       // its lines, coloured
	wrapped  []string       // the coloured lines wrapped to the pane width
	vp       viewport.Model // scroll state of the wrapped lines
	width    int
	height   int
	focused  bool
}

// Preview labels.
const (
	labelSays      = "Alexa says"
	labelSample    = "Sample"
	labelNotOpened = "Not opened"
)

func newPreview(styles *Styles) preview {
	vp := viewport.New()
	vp.MouseWheelEnabled = false
	return preview{styles: styles, vp: vp}
}

// SetSize sets the inner size of the pane.
func (p *preview) SetSize(w, h int) {
	rewrap := w != p.width
	p.width, p.height = w, h
	if rewrap {
		p.setWrapped()
	}
	p.resizeViewport()
}

// Focus marks the pane focused.
func (p *preview) Focus() tea.Cmd { p.focused = true; return nil }

// Blur marks the pane blurred.
func (p *preview) Blur() { p.focused = false }

func (p *preview) setStyles(s *Styles) {
	p.styles = s
	p.setJSON(p.json)
}

// setJSON colours and wraps the body for the viewport.
func (p *preview) setJSON(json string) {
	p.json = json
	if json == "" {
		p.plain, p.colored = nil, nil
	} else {
		p.plain = jsonLines(json)
		for i, l := range p.plain {
			// A huge value shows its start; the body itself is unchanged.
			p.plain[i] = kit.Clip(l, maxShownLine)
		}
		p.colored = colorJSONLines(p.styles, p.plain)
	}
	p.setWrapped()
}

// setWrapped wraps the coloured lines to the pane width for the viewport.
// Before the pane has a width (the UI is built before the terminal's size
// is known) nothing is wrapped: SetSize wraps once the width is there,
// instead of every line being cut into one-cell pieces first.
func (p *preview) setWrapped() {
	p.wrapped = nil
	if p.width > 0 {
		p.wrapped = wrapJSON(p.plain, p.colored, p.width)
	}
	p.vp.SetContentLines(p.wrapped)
}

// maxShownLine is how many characters of one JSON line or of the sentence
// the preview shows; the rest of a huge value is cut off on screen only.
const maxShownLine = 2000

// SetContent replaces what the pane shows. problem explains a missing
// sentence; json is the encoded body ("" when there is none).
func (p *preview) SetContent(label string, u schemas.Utterance, problem, locale string, nLocales int, json string) {
	p.label, p.utter, p.problem, p.locale, p.nLocales = label, u, problem, locale, nLocales
	if json != p.json {
		p.setJSON(json)
	}
	p.resizeViewport()
}

// SetNotes sets the note lines shown under the sentence (cleaned text).
func (p *preview) SetNotes(notes []string) {
	if slices.Equal(notes, p.notes) {
		return
	}
	p.notes = notes
	p.resizeViewport()
}

// flagNotes says in one short line each what the preview's flags mean.
func flagNotes(u schemas.Utterance, locale string) []string {
	var out []string
	if u.Approximate {
		if locale == "" {
			locale = "this locale"
		}
		out = append(out, "[approximate] English wording stands in: Alexa's "+locale+" sentence differs")
	}
	if u.Fallback {
		out = append(out, "[fallback] a value is missing here and was taken from another locale")
	}
	return out
}

// headerLines renders the sentence block above the JSON.
func (p preview) headerLines() []string {
	st := p.styles
	w := max(p.width, 1)
	head := st.Muted.Render(p.label)
	if p.locale != "" {
		head += st.Muted.Render(" · ") + st.Name.Render(p.locale)
	}
	if p.nLocales > 1 {
		head += st.Muted.Render(fmt.Sprintf(" (%d locales)", p.nLocales))
	}
	var flags []string
	if p.problem == "" && p.utter.Approximate {
		flags = append(flags, st.Flag.Render("[approximate]"))
	}
	if p.problem == "" && p.utter.Fallback {
		flags = append(flags, st.Flag.Render("[fallback]"))
	}
	lines := []string{head}
	if len(flags) > 0 {
		// The flags matter more than the locale count: they get their own
		// line when they do not fit beside the heading.
		f := strings.Join(flags, " ")
		if kit.Width(head)+1+kit.Width(f) <= w {
			lines[0] = head + " " + f
		} else {
			lines = append(lines, f)
		}
	}
	if p.problem != "" {
		for _, para := range strings.Split(p.problem, "\n") {
			for _, l := range kit.Wrap(para, w) {
				lines = append(lines, st.PreviewError.Render(l))
			}
		}
	} else {
		for _, l := range kit.Wrap("“"+kit.Clip(p.utter.Text, maxShownLine)+"”", w) {
			lines = append(lines, st.Sentence.Render(l))
		}
		// What each flag means, in one short line.
		for _, l := range flagNotes(p.utter, p.locale) {
			for _, wl := range kit.Wrap(l, w) {
				lines = append(lines, st.Muted.Render(wl))
			}
		}
	}
	for _, n := range p.notes {
		for _, l := range kit.Wrap(n, w) {
			lines = append(lines, st.Muted.Render(l))
		}
	}
	// The sentence may take at most half of the pane (two thirds for a problem).
	limit := max(p.height/2, 2)
	if p.problem != "" {
		limit = max(p.height*2/3, 2)
	}
	if len(lines) > limit {
		lines = lines[:limit]
		lines[limit-1] = ansi.Truncate(lines[limit-1], w-1, "") + "…"
	}
	rule := "─ JSON "
	if p.label == labelNotOpened {
		rule = "─ your text "
	}
	if p.json != "" && p.vp.TotalLineCount() > p.vp.Height() && p.vp.Height() > 0 {
		rule += fmt.Sprintf("%3.0f%% ", p.vp.ScrollPercent()*100)
	}
	lines = append(lines, "", st.Rule.Render(rule+strings.Repeat("─", max(w-ansi.StringWidth(rule), 0))))
	return lines
}

func (p *preview) resizeViewport() {
	h := p.height - len(p.headerLines())
	p.vp.SetWidth(max(p.width, 1))
	p.vp.SetHeight(max(h, 0))
}

// Update scrolls the JSON for the focused pane.
func (p preview) Update(msg tea.Msg, km *KeyMap) (preview, tea.Cmd) {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return p, nil
	}
	switch {
	case key.Matches(k, km.ScrollUp):
		p.vp.ScrollUp(1)
	case key.Matches(k, km.ScrollDown):
		p.vp.ScrollDown(1)
	case key.Matches(k, km.PageUp):
		p.vp.PageUp()
	case key.Matches(k, km.PageDown):
		p.vp.PageDown()
	case key.Matches(k, km.Top):
		p.vp.GotoTop()
	case key.Matches(k, km.Bottom):
		p.vp.GotoBottom()
	}
	return p, nil
}

// View renders the pane's inner content (no frame).
func (p preview) View() string {
	if p.width <= 0 || p.height <= 0 {
		return ""
	}
	lines := p.headerLines()
	if p.vp.Height() > 0 {
		if p.json == "" {
			lines = append(lines, p.styles.Muted.Render("(no body)"))
		} else {
			// The lines are wrapped to the width already, so the visible
			// window is a slice: cheaper than the viewport's own View.
			off := min(max(p.vp.YOffset(), 0), len(p.wrapped))
			lines = append(lines, p.wrapped[off:min(off+p.vp.Height(), len(p.wrapped))]...)
		}
	}
	return kit.FitBlock(lines, p.width, p.height)
}

// ShowPath scrolls the JSON so that the line of path (dotted keys, as
// "event.payload.weatherAlert.source") is in view, a third down the pane
// when it has to move. A path not in the JSON leaves the scroll as it is.
func (p *preview) ShowPath(path string) {
	line := 0
	for _, seg := range strings.Split(path, ".") {
		needle := `"` + seg + `":`
		found := -1
		for j := line; j < len(p.plain); j++ {
			if strings.Contains(p.plain[j], needle) {
				found = j
				break
			}
		}
		if found < 0 {
			return
		}
		line = found
	}
	target := len(wrapJSON(p.plain[:line], p.plain[:line], max(p.width, 1)))
	h := p.vp.Height()
	off := p.vp.YOffset()
	if h <= 0 || (target >= off && target < off+h) {
		return
	}
	p.vp.SetYOffset(max(target-h/3, 0))
}
