package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/export"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

// The export dialog (alt+e) writes a sender program for the draft
// (export.Generate with the current target) in Node, Python, Java, Go or
// a curl script, to a file in the current directory (never replacing one
// without asking) or to the clipboard. Like 'pe-tui export' it refuses a
// draft with placeholders and asks before exporting one with errors.

type exportStage int

const (
	exportRefused exportStage = iota // placeholders or a custom URL target: nothing to do but close
	exportGate                       // the draft has errors: a exports anyway
	exportChoose                     // language and path
	exportExists                     // the file exists: y replaces it
)

// exportWrittenMsg answers the write command.
type exportWrittenMsg struct {
	id     int64
	path   string
	exists bool
	err    error
}

// exportDoneMsg and exportCopyMsg ask the root to close the dialog and
// report the written file, or to copy the program.
type (
	exportDoneMsg struct{ text string }
	exportCopyMsg struct {
		lang export.Lang
		prog string
	}
)

type exportDialog struct {
	pathDialog
	id      int64
	stage   exportStage
	body    []byte
	target  alexa.Target
	cwd     string
	reasons []string // why it is refused, or the errors of the gate
	lang    int      // index into export.Langs
	edited  bool     // the path was changed by hand: a language change keeps it
	note    string
}

var exportIDs int64

// openExport opens the export dialog for the draft.
func (m *Model) openExport() tea.Cmd {
	if m.dv == nil {
		m.setStatus(statusMsg{kind: statusInfo, text: "Nothing to export: choose a schema or import an event first"})
		return nil
	}
	cwd, _ := os.Getwd()
	return m.open(newExportDialog(m.keys, m.dv.Request, m.now(), m.target, cwd))
}

func newExportDialog(keys KeyMap, req *schemas.Request, now time.Time, target alexa.Target, cwd string) *exportDialog {
	exportIDs++
	d := &exportDialog{pathDialog: newPathDialog(keys, "file: ", ""), id: exportIDs, body: req.Encode(), target: target, cwd: cwd, stage: exportChoose}
	d.setLang(0)
	names := export.Placeholders(d.body)
	switch {
	case len(names) > 0:
		d.stage = exportRefused
		d.reasons = []string{"The draft holds placeholders (" + termtext.Clean(strings.Join(names, ", ")) + "); fill them in first: an exported program sends the values as they are."}
	case export.CheckTarget(target) != nil:
		d.stage = exportRefused
		d.reasons = []string{"The target is a custom URL (" + target.Name + "). Choose a region and stage or the sandbox with ctrl+g: the program reads other URLs from ALEXA_API_URL."}
	default:
		for _, f := range export.Judge(req, now) {
			if f.Severity == schemas.SeverityError {
				s := "✗ " + f.Code
				if f.Path != "" {
					s += " at " + f.Path
				}
				d.reasons = append(d.reasons, s+": "+f.Message)
			}
		}
		if len(d.reasons) > 0 {
			d.stage = exportGate
		}
	}
	return d
}

func (d *exportDialog) setLang(i int) {
	d.lang = (i + len(export.Langs)) % len(export.Langs)
	if !d.edited {
		d.input.SetValue(export.FileName(export.Langs[d.lang]))
		d.input.CursorEnd()
	}
}

// path is the chosen file, absolute (relative names are in the current directory).
func (d *exportDialog) path() string {
	p := strings.TrimSpace(d.input.Value())
	if rest, ok := strings.CutPrefix(p, "~/"); ok {
		if home, err := os.UserHomeDir(); err == nil {
			p = filepath.Join(home, rest)
		}
	}
	if p != "" && !filepath.IsAbs(p) && d.cwd != "" {
		p = filepath.Join(d.cwd, p)
	}
	return p
}

// program generates the program in the chosen language.
func (d *exportDialog) program() ([]byte, error) {
	return export.Generate(export.Langs[d.lang], d.body, d.target)
}

func (d *exportDialog) Handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case exportWrittenMsg:
		if msg.id != d.id {
			return nil
		}
		switch {
		case msg.exists:
			d.stage = exportExists
		case msg.err != nil:
			d.note = msg.err.Error()
		default:
			return answer(exportDoneMsg{text: fmt.Sprintf("Wrote %s (%s, target %s)", msg.path, export.Langs[d.lang], d.target.Name)})
		}
		return nil
	case tea.KeyPressMsg:
		if key.Matches(msg, d.keys.Cancel) {
			if d.stage == exportExists {
				d.stage = exportChoose
				d.note = "Not written: " + d.path() + " is unchanged"
				return nil
			}
			return closeCmd
		}
		switch d.stage {
		case exportGate:
			if msg.String() == "a" {
				d.stage = exportChoose
			}
			return nil
		case exportExists:
			switch msg.String() {
			case "y", "Y":
				return d.write(true)
			case "n", "N":
				d.stage = exportChoose
				d.note = "Not written: " + d.path() + " is unchanged"
			}
			return nil
		case exportChoose:
			switch msg.String() {
			case "up":
				d.setLang(d.lang - 1)
				return nil
			case "down":
				d.setLang(d.lang + 1)
				return nil
			case "enter":
				return d.write(false)
			case "ctrl+y":
				prog, err := d.program()
				if err != nil {
					d.note = err.Error()
					return nil
				}
				return answer(exportCopyMsg{lang: export.Langs[d.lang], prog: string(prog)})
			}
			before := d.input.Value()
			var cmd tea.Cmd
			d.input, cmd = d.input.Update(msg)
			if d.input.Value() != before {
				d.edited = true
			}
			return cmd
		}
	case tea.PasteMsg:
		if d.stage == exportChoose {
			var cmd tea.Cmd
			d.input, cmd = d.input.Update(msg)
			d.edited = true
			return cmd
		}
	}
	return nil
}

// write generates the program and writes it in a command.
func (d *exportDialog) write(replace bool) tea.Cmd {
	path := d.path()
	if path == "" {
		d.note = "Give a file name"
		return nil
	}
	prog, err := d.program()
	if err != nil {
		d.note = err.Error()
		return nil
	}
	d.note = ""
	lang, id := export.Langs[d.lang], d.id
	return func() tea.Msg {
		perm := os.FileMode(0o644)
		if lang == export.Curl || lang == export.Node || lang == export.Python {
			perm = 0o755 // they start with #!
		}
		if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
			return exportWrittenMsg{id: id, path: path, err: fmt.Errorf("%s is %s, not a regular file; choose another name", path, safefile.Kind(st.Mode()))}
		}
		err := safefile.Write(path, prog, perm, replace)
		if errors.Is(err, safefile.ErrExists) {
			return exportWrittenMsg{id: id, path: path, exists: true}
		}
		if err != nil {
			return exportWrittenMsg{id: id, path: path, err: fmt.Errorf("cannot write %s: %w", path, safefile.PlainError(err))}
		}
		return exportWrittenMsg{id: id, path: path}
	}
}

func (d *exportDialog) HelpKeys() []key.Binding {
	switch d.stage {
	case exportRefused:
		return []key.Binding{withHelp(d.keys.Cancel, "esc", "close"), d.keys.ForceQuit}
	case exportGate:
		return []key.Binding{key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "export anyway")), d.keys.Cancel, d.keys.ForceQuit}
	case exportExists:
		return []key.Binding{withHelp(d.keys.Confirm, "y", "replace"), withHelp(d.keys.Cancel, "n/esc", "keep the file"), d.keys.ForceQuit}
	}
	return []key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "language")), withHelp(d.keys.Confirm, "enter", "write the file"),
		key.NewBinding(key.WithKeys("ctrl+y"), key.WithHelp("ctrl+y", "copy")), d.keys.Cancel, d.keys.ForceQuit}
}

func (d *exportDialog) View() string {
	st := d.styles
	var body []string
	title := "Export a sender program"
	hint := "↑/↓ language · enter writes the file · ctrl+y copies · esc cancels"
	switch d.stage {
	case exportRefused:
		title, hint = "Cannot export", "esc closes"
		for _, r := range d.reasons {
			body = append(body, d.wrap(r, st.Err)...)
		}
	case exportGate:
		title, hint = "Export with errors?", "a exports anyway · esc cancels"
		n := len(d.reasons)
		body = append(body, d.wrap(fmt.Sprintf("The event has %d validation error(s) (the program sets timestamp, expiryTime and referenceId itself):", n), st.Text)...)
		for i, r := range d.reasons {
			if i == 4 {
				body = append(body, st.Muted.Render(fmt.Sprintf("  …and %d more", n-4)))
				break
			}
			body = append(body, d.wrap(r, st.Err)...)
		}
		body = append(body, "")
		body = append(body, d.wrap("Amazon will most likely refuse it. a exports it anyway.", st.Text)...)
	default:
		body = append(body, d.wrap("Target "+d.target.Name+" · the program reads ALEXA_CLIENT_ID and ALEXA_CLIENT_SECRET (ALEXA_API_URL and LWA_TOKEN_URL override the URLs).", st.Muted)...)
		body = append(body, "")
		for i, l := range export.Langs {
			mark, style := "  ", st.Text
			if i == d.lang {
				mark, style = "▸ ", st.Title
			}
			body = append(body, style.Render(mark+string(l)))
		}
		body = append(body, "", d.input.View())
		body = append(body, d.wrap("→ "+d.path(), st.Muted)...)
		if d.stage == exportExists {
			title, hint = "File exists", "y replaces it · n or esc keeps it"
			body = append(body, "")
			body = append(body, d.wrap(d.path()+" already exists. Replace it?", st.Err)...)
		}
	}
	if d.note != "" {
		body = append(body, "")
		body = append(body, d.wrap(d.note, st.Err)...)
	}
	return d.frame(title, body, hint)
}

// copyProgram copies an exported program, as ctrl+y copies the JSON.
func (m Model) copyProgram(msg exportCopyMsg) tea.Cmd {
	return m.copyText(string(msg.lang)+" sender program", "", msg.prog)
}
