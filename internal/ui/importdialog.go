package ui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/importer"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
	"github.com/pe-tui/pe-tui/internal/ui/kit"
)

// The import dialog (alt+i) takes a pasted curl command, Postman
// collection, JavaScript object or JSON body — or one line naming a file —
// runs importer.Import in a command, shows what it found (notes, findings,
// the parse error with line and column) and opens the chosen event in the
// form. A recognised target is offered (t), never switched to silently.
// Nothing pasted is lost: a body that cannot be opened goes the way invalid
// JSON from --file goes (kept for the editor, m.pending).

// importKeys are the import dialog's own keys.
type importKeys struct {
	Run, Clear, Newline, Up, Down, Open, Target, Back key.Binding
}

func newImportKeys() importKeys {
	return importKeys{
		Run:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "import")),
		Clear:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "clear")),
		Newline: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "new line")),
		Up:      key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/↓", "choose")),
		Down:    key.NewBinding(key.WithKeys("down", "j")),
		Open:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open in the form")),
		Target:  key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "also switch target")),
		Back:    key.NewBinding(key.WithKeys("backspace"), key.WithHelp("backspace", "edit the text")),
	}
}

// importResultMsg is the answer of the import command.
type importResultMsg struct {
	id  int64
	res *importer.Result
	err error
}

// importChosenMsg asks the root to open an imported event: body when it
// parsed, else raw (kept for the editor); target when the user chose to
// switch to the recognised one.
type importChosenMsg struct {
	ev     importer.Event
	raw    []byte
	target *alexa.Target
}

var importIDs int64

// importDialog is the paste area, then the result of the import.
type importDialog struct {
	rootDialog
	ik        importKeys
	id        int64
	text      []byte // what was typed or pasted, at most importer.MaxInput
	lines     int    // newlines in text
	note      string // why the last paste was refused
	busy      bool
	res       *importer.Result
	err       error
	cursor    int  // the chosen event
	useTarget bool // switch to the event's target too
	scroll    int
	current   string // the target now, for the offer to switch
}

func newImportDialog(keys KeyMap, current string) *importDialog {
	importIDs++
	return &importDialog{rootDialog: rootDialog{keys: keys}, ik: newImportKeys(), id: importIDs, current: current}
}

func (d *importDialog) boxWidth() int { return dialogs.BoxWidth(d.width, 100) }

// add appends s to the text unless that would pass the cap.
func (d *importDialog) add(s string) {
	if len(d.text)+len(s) > importer.MaxInput {
		d.note = fmt.Sprintf("Not added: the text would be %s, over the %s an import reads; save it to a file and give its path here (or run pe-tui import FILE).",
			safefile.Size(int64(len(d.text)+len(s))), safefile.Size(importer.MaxInput))
		return
	}
	d.note = ""
	d.text = append(d.text, s...)
	d.lines += strings.Count(s, "\n")
}

func (d *importDialog) Handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case importResultMsg:
		if msg.id == d.id {
			d.busy, d.res, d.err, d.cursor, d.scroll = false, msg.res, msg.err, 0, 0
			d.useTarget = false
		}
		return nil
	case tea.PasteMsg:
		if d.res == nil && d.err == nil && !d.busy {
			// Terminals paste line ends as CR (tmux, xterm) or CR LF.
			d.add(strings.ReplaceAll(strings.ReplaceAll(msg.Content, "\r\n", "\n"), "\r", "\n"))
		}
		return nil
	case tea.KeyPressMsg:
		if key.Matches(msg, d.keys.Cancel) {
			return closeCmd
		}
		if d.busy {
			return nil
		}
		if d.res != nil || d.err != nil {
			return d.handleResult(msg)
		}
		return d.handleEdit(msg)
	}
	return nil
}

func (d *importDialog) handleEdit(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, d.ik.Run):
		if len(bytes.TrimSpace(d.text)) == 0 {
			d.note = "Paste a curl command, a Postman collection, a JavaScript object or a JSON body first (or type a file's path)."
			return nil
		}
		d.busy = true
		return importCmd(d.id, bytes.Clone(d.text), time.Now())
	case key.Matches(k, d.ik.Clear):
		d.text, d.lines, d.note = nil, 0, ""
	case key.Matches(k, d.ik.Newline):
		d.add("\n")
	case k.String() == "backspace":
		if len(d.text) > 0 {
			_, n := utf8.DecodeLastRune(d.text)
			if d.text[len(d.text)-n] == '\n' {
				d.lines--
			}
			d.text = d.text[:len(d.text)-n]
		}
	case k.Text != "":
		d.add(k.Text)
	}
	return nil
}

func (d *importDialog) handleResult(k tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(k, d.ik.Back):
		d.res, d.err = nil, nil
	case d.res != nil && key.Matches(k, d.ik.Up):
		d.cursor = max(d.cursor-1, 0)
		d.useTarget = false
	case d.res != nil && key.Matches(k, d.ik.Down):
		d.cursor = min(d.cursor+1, len(d.res.Events)-1)
		d.useTarget = false
	case key.Matches(k, d.ik.Target):
		if _, ok := d.eventTarget(); ok {
			d.useTarget = !d.useTarget
		}
	case k.String() == "pgdown":
		d.scroll += 5
	case k.String() == "pgup":
		d.scroll = max(d.scroll-5, 0)
	case key.Matches(k, d.ik.Open):
		if d.res == nil || len(d.res.Events) == 0 {
			// Nothing importable: the text goes to the editor path, kept.
			return answer(importChosenMsg{raw: bytes.Clone(d.text)})
		}
		ev := d.res.Events[d.cursor]
		msg := importChosenMsg{ev: ev, raw: []byte(ev.Raw)}
		if t, ok := d.eventTarget(); ok && d.useTarget {
			msg.target = &t
		}
		return answer(msg)
	}
	return nil
}

// eventTarget is the chosen event's recognised target, when it is not the current one.
func (d *importDialog) eventTarget() (alexa.Target, bool) {
	if d.res == nil || d.cursor >= len(d.res.Events) || d.res.Events[d.cursor].Target == "" {
		return alexa.Target{}, false
	}
	t, err := alexa.ParseTarget(d.res.Events[d.cursor].Target)
	return t, err == nil && t.Name != d.current
}

// importCmd reads a named file when the text is one line naming one, and
// imports the text.
func importCmd(id int64, data []byte, now time.Time) tea.Cmd {
	return func() tea.Msg {
		if path, ok := importPath(data); ok {
			b, err := readRegular(path)
			if err != nil {
				return importResultMsg{id: id, err: err}
			}
			data = b
		}
		res, err := importer.Import(data, importer.Options{Now: now, ReadFile: readRegular})
		return importResultMsg{id: id, res: res, err: err}
	}
}

// importPath reports whether text is one line that names a file rather
// than something to import: no newline, no brace, not a curl command.
func importPath(text []byte) (string, bool) {
	s := strings.TrimSpace(string(text))
	if s == "" || strings.ContainsAny(s, "\n{[") || strings.HasPrefix(s, "curl") {
		return "", false
	}
	if rest, ok := strings.CutPrefix(s, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			s = filepath.Join(home, rest)
		}
	}
	return s, true
}

// readRegular reads a regular file of at most importer.MaxInput bytes: a
// FIFO or device is refused without blocking.
func readRegular(path string) ([]byte, error) {
	f, _, err := safefile.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, safefile.PlainError(err))
	}
	defer f.Close()
	return safefile.ReadFrom(f, path, importer.MaxInput)
}

func (d *importDialog) HelpKeys() []key.Binding {
	switch {
	case d.busy:
		return []key.Binding{d.keys.Cancel, d.keys.ForceQuit}
	case d.res != nil || d.err != nil:
		ks := []key.Binding{d.ik.Open}
		if d.res != nil && len(d.res.Events) > 1 {
			ks = append(ks, d.ik.Up)
		}
		if _, ok := d.eventTarget(); ok {
			ks = append(ks, d.ik.Target)
		}
		return append(ks, d.ik.Back, d.keys.Cancel, d.keys.ForceQuit)
	}
	return []key.Binding{d.ik.Run, d.ik.Newline, d.ik.Clear, d.keys.Cancel, d.keys.ForceQuit}
}

// maxShownText is how many lines of the pasted text the dialog shows (its end).
const maxShownText = 8

func (d *importDialog) View() string {
	st := d.styles
	iw := dialogs.InnerWidth(st, d.boxWidth())
	var body []string
	if d.res != nil || d.err != nil {
		body = d.resultLines(iw)
		room := max(d.height-8, 3)
		d.scroll = min(d.scroll, max(len(body)-room, 0))
		if len(body) > room {
			end := min(d.scroll+room, len(body))
			body = append(body[d.scroll:end:end], st.Muted.Render(fmt.Sprintf("pgup/pgdn scroll · %d–%d of %d lines", d.scroll+1, end, len(body))))
		}
		return dialogs.Frame(st, d.boxWidth(), d.height, "Import", body, nil, "enter opens in the form · backspace edits the text · esc cancels")
	}
	body = append(body, d.wrapW("Paste a curl command, a Postman collection, a JavaScript object or a JSON event body — or type the path of a file holding one.", st.Text, iw)...)
	body = append(body, "")
	rule := st.Muted.Render(strings.Repeat("─", iw))
	body = append(body, rule)
	for _, l := range tailLines(d.text, maxShownText) {
		body = append(body, st.Text.Render(ansi.Truncate(termtext.Clean(l), iw, "…")))
	}
	body = append(body, st.Muted.Render("▏"), rule)
	size := fmt.Sprintf("%d lines · %s", d.lines+1, safefile.Size(int64(len(d.text))))
	if len(d.text) == 0 {
		size = "empty"
	}
	if p, ok := importPath(d.text); ok {
		size = "a file: " + termtext.Clean(p)
	}
	body = append(body, st.Muted.Render(ansi.Truncate(size, iw, "…")))
	if d.busy {
		body = append(body, st.Text.Render("Importing…"))
	}
	if d.note != "" {
		body = append(body, d.wrapW(d.note, st.Err, iw)...)
	}
	return dialogs.Frame(st, d.boxWidth(), d.height, "Import an event", body, nil, "ctrl+s imports · enter new line · ctrl+u clears · esc cancels")
}

// resultLines describe the import: its notes and each event with its
// target, notes, findings and parse error. Every text from the input is cleaned.
func (d *importDialog) resultLines(iw int) []string {
	st := d.styles
	if d.err != nil {
		out := d.wrapW(termtext.Clean(d.err.Error()), st.Err, iw)
		return append(append(out, ""), d.wrapW("Your text is kept: enter puts it in the editor path (ctrl+o edits it), backspace goes back to it.", st.Text, iw)...)
	}
	r := d.res
	out := []string{st.Text.Render(fmt.Sprintf("Format %s · %d event(s)", r.Format, len(r.Events)))}
	for _, n := range r.Notes {
		out = append(out, d.wrapW("• "+termtext.Clean(n), st.Muted, iw)...)
	}
	for i, ev := range r.Events {
		out = append(out, "")
		mark := "  "
		style := st.Text
		if i == d.cursor {
			mark, style = "▸ ", st.Title
		}
		name := ev.Name
		if name == "" {
			name = fmt.Sprintf("event %d", i+1)
		}
		head := mark + termtext.Clean(name)
		if ev.Body != nil {
			if req, err := schemas.Decode(ev.Body); err == nil && req.EventName() != "" {
				head += " · " + termtext.Clean(req.EventName())
			}
		}
		out = append(out, style.Render(ansi.Truncate(head, iw, "…")))
		if i != d.cursor && len(r.Events) > 1 {
			continue
		}
		if ev.Target != "" {
			out = append(out, d.wrapW("  target "+termtext.Clean(ev.Target)+" (from "+termtext.Clean(ev.URL)+")", st.Text, iw)...)
			if _, ok := d.eventTarget(); ok {
				box := "[ ]"
				if d.useTarget {
					box = "[x]"
				}
				out = append(out, d.wrapW("  "+box+" t switches the target to "+termtext.Clean(ev.Target)+" (now "+d.current+")", st.Text, iw)...)
			}
		}
		if len(ev.Placeholders) > 0 {
			out = append(out, d.wrapW("  placeholders "+termtext.Clean(strings.Join(ev.Placeholders, ", ")), st.Muted, iw)...)
		}
		for _, n := range ev.Notes {
			out = append(out, d.wrapW("  • "+termtext.Clean(n), st.Muted, iw)...)
		}
		if ev.Err != nil {
			out = append(out, d.wrapW(fmt.Sprintf("  ✗ line %d, column %d: %s", ev.Err.Line, ev.Err.Column, termtext.Clean(ev.Err.Msg)), st.Err, iw)...)
			out = append(out, d.wrapW("  The text is kept: enter opens it for the editor (ctrl+o).", st.Text, iw)...)
		}
		errs, warns := 0, 0
		for _, f := range ev.Findings {
			style, sym := st.Muted, "!"
			if f.Severity == schemas.SeverityError {
				style, sym = st.Err, "✗"
				errs++
			} else {
				warns++
			}
			s := "  " + sym + " " + f.Code
			if f.Path != "" {
				s += " at " + f.Path
			}
			out = append(out, d.wrapW(termtext.Clean(s+": "+f.Message), style, iw)...)
		}
		if ev.Err == nil {
			out = append(out, st.Muted.Render(fmt.Sprintf("  %d error(s), %d warning(s) at import", errs, warns)))
		}
	}
	return out
}

func (d *importDialog) wrapW(text string, style interface{ Render(...string) string }, iw int) []string {
	var out []string
	for _, l := range kit.Wrap(text, iw) {
		out = append(out, style.Render(l))
	}
	return out
}

// tailLines returns the last n lines of text, found from the end (cheap on
// megabytes).
func tailLines(text []byte, n int) []string {
	end := len(text)
	var out []string
	for len(out) < n {
		i := bytes.LastIndexByte(text[:end], '\n')
		out = append(out, string(text[i+1:end]))
		if i < 0 {
			break
		}
		end = i
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// openImported opens an imported event in the form: its body with {{now}}
// and {{ref}} expanded (other placeholders stay, to fill in), else its raw
// text kept for the editor as invalid JSON from --file is.
func (m Model) openImported(msg importChosenMsg) (Model, tea.Cmd) {
	m.closeTop()
	var cmds []tea.Cmd
	if msg.target != nil {
		var cmd tea.Cmd
		m, cmd = m.setTarget(*msg.target)
		cmds = append(cmds, cmd)
	}
	// The event opens as a library event does: placeholders the importer
	// wrote for what the snippet computed ({{now}}, {{now+1h}}, {{ref}})
	// stay, the form shows their values, and each send expands them afresh.
	data := msg.raw
	if msg.ev.Body != nil {
		data = msg.ev.Body
	}
	if !m.loadJSON(data, "imported text") {
		cmds = append(cmds, m.open(newBadJSONDialog(m.keys, m.loadErr)))
		return m, tea.Batch(cmds...)
	}
	text := "Imported into the form"
	if msg.target != nil {
		text += "; target " + msg.target.Name
	}
	if m.dv != nil && m.dv.Unfilled() > 0 {
		text += "; fill in the placeholders left in it"
	}
	m.dirty = true
	m.setStatus(statusMsg{kind: statusOK, text: text})
	return m, tea.Batch(append(cmds, m.form.Focus())...)
}
