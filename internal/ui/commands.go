package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// This file holds every piece of I/O the UI does, each as a tea.Cmd built
// from values captured before the closure, plus the Update handlers of
// their results. Update and View themselves never touch files, processes or
// the clipboard.

// bodyBytes is the current JSON body (indented), or nil without a draft.
func (m Model) bodyBytes() []byte {
	if m.dv == nil {
		return nil
	}
	return m.dv.Request.Encode()
}

// suggestedFileName proposes a file name for saving, from the schema.
func (m Model) suggestedFileName() string {
	if m.opts.FileName != "" {
		// The file that was opened (saving over it asks first).
		return absPath(m.opts.FileName)
	}
	return absPath(m.draftBaseName() + ".json")
}

// draftBaseName names the draft for a new file or library event: its
// schema's short name in lower case ("weatheralert"), else "event".
func (m Model) draftBaseName() string {
	if m.hasDraft {
		if s := m.form.Draft().Schema; s != nil {
			return strings.ToLower(s.Short)
		}
	}
	return "event"
}

// absPath is p made absolute against the working directory (p itself when
// that cannot be known), so that the save dialog shows where it writes.
func absPath(p string) string {
	if strings.HasPrefix(p, "~/") {
		return p
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// loadJSON opens text (from --file or the editor) in the composer. On
// failure the text is kept in m.pending, the error in m.loadErr, and the
// draft (if any) stays as it was. It reports whether the text was opened.
func (m *Model) loadJSON(data []byte, source string) bool {
	req, err := schemas.Decode(data)
	if err == nil {
		err = m.openRequest(req)
	}
	if err != nil {
		m.pending = bytes.Clone(data)
		msg := err.Error()
		if source != "" {
			msg = source + ": " + msg
		}
		m.loadErr = msg
		m.keep() // the text is kept until it opens (neverlose.go)
		if !m.hasDraft {
			m.setFocus(focusPicker)
			m.recompute()
		}
		return false
	}
	return true
}

// openRequest puts a decoded request into the form as a new draft (from a
// file, the editor, or a history record), clearing any kept text and load
// error. The draft stays as it was when the request cannot be a draft.
func (m *Model) openRequest(req *schemas.Request) error {
	d, err := draft.FromRequest(req)
	if err != nil {
		return err
	}
	m.pending, m.loadErr = nil, ""
	m.setDraft(d)
	return nil
}

// openEditor starts editing the body (or the kept invalid text) in the editor.
func (m Model) openEditor() tea.Cmd {
	data := m.pending
	if data == nil {
		data = m.bodyBytes()
	}
	if data == nil {
		return nil
	}
	return editorWriteCmd(m.opts.TempDir, data)
}

// editorWriteCmd writes data to a new temporary file for the editor.
func editorWriteCmd(dir string, data []byte) tea.Cmd {
	data = bytes.Clone(data)
	return func() tea.Msg {
		f, err := os.CreateTemp(dir, "pe-tui-*.json")
		if err != nil {
			return statusMsg{kind: statusErr, text: "cannot create a temporary file for the editor: " + err.Error()}
		}
		_, werr := f.Write(data)
		cerr := f.Close()
		if err := errors.Join(werr, cerr); err != nil {
			_ = os.Remove(f.Name())
			return statusMsg{kind: statusErr, text: "cannot write the temporary file for the editor: " + err.Error()}
		}
		return editorReadyMsg{path: f.Name()}
	}
}

// editorCommand builds the editor process for path. Like git, it runs the
// editor command line through sh, so $EDITOR may hold arguments and quotes
// ("code --wait", "emacsclient -t"); on Windows the line is split on spaces.
// An empty line means vi.
func editorCommand(editor, path string) *exec.Cmd {
	if strings.TrimSpace(editor) == "" {
		editor = "vi"
	}
	if runtime.GOOS == "windows" {
		args := strings.Fields(editor)
		return exec.Command(args[0], append(args[1:], path)...)
	}
	return exec.Command("sh", "-c", editor+` "$1"`, "sh", path)
}

// editorReadCmd reads the edited file back and removes it.
func editorReadCmd(path string) tea.Cmd {
	return func() tea.Msg {
		data, err := os.ReadFile(path)
		_ = os.Remove(path)
		return editorResultMsg{data: data, err: err}
	}
}

// removeCmd deletes a temporary file.
func removeCmd(path string) tea.Cmd {
	return func() tea.Msg { _ = os.Remove(path); return nil }
}

// updateEditor runs the editor steps: start the process, read the file back, open it.
func (m Model) updateEditor(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case editorReadyMsg:
		c := editorCommand(m.opts.Editor, msg.path)
		path := msg.path
		return m, tea.ExecProcess(c, func(err error) tea.Msg { return editorClosedMsg{path: path, err: err} })
	case editorClosedMsg:
		if msg.err != nil {
			m.setStatus(statusMsg{kind: statusErr, text: fmt.Sprintf("the editor failed (%v): set $VISUAL or $EDITOR to an editor that works", msg.err)})
			return m, removeCmd(msg.path)
		}
		return m, editorReadCmd(msg.path)
	case editorResultMsg:
		if msg.err != nil {
			m.setStatus(statusMsg{kind: statusErr, text: "cannot read the edited file back: " + msg.err.Error()})
			return m, nil
		}
		before := m.pending
		if before == nil {
			before = m.bodyBytes()
		}
		if bytes.Equal(msg.data, before) && m.pending == nil {
			m.setStatus(statusMsg{kind: statusInfo, text: "No changes from the editor"})
			return m, nil
		}
		if !m.loadJSON(msg.data, "edited JSON") {
			return m, m.open(newBadJSONDialog(m.keys, m.loadErr))
		}
		m.setStatus(statusMsg{kind: statusOK, text: "Loaded the edited JSON into the form"})
		return m, m.form.Focus()
	}
	return m, nil
}

// saveCmd writes data to path, all or nothing (safefile.Write). Without
// overwrite an existing file is left alone and reported (exists) so the UI
// can ask; with overwrite it is replaced atomically.
func saveCmd(path string, data []byte, overwrite bool) tea.Cmd {
	data = bytes.Clone(data)
	return func() tea.Msg {
		p := path
		if rest, ok := strings.CutPrefix(p, "~/"); ok {
			if home, err := os.UserHomeDir(); err == nil {
				p = filepath.Join(home, rest)
			}
		}
		p = absPath(p)
		path = p // the messages name the full path
		err := safefile.Write(p, data, 0o644, overwrite)
		if errors.Is(err, safefile.ErrExists) {
			return saveResultMsg{path: path, exists: true}
		}
		if err != nil {
			return saveResultMsg{path: path, err: err}
		}
		return saveResultMsg{path: path}
	}
}

func (m Model) updateSaved(msg saveResultMsg) (tea.Model, tea.Cmd) {
	switch {
	case msg.exists:
		return m, m.open(newOverwriteDialog(m.keys, msg.path))
	case msg.err != nil:
		m.setStatus(statusMsg{kind: statusErr, text: "not saved: " + msg.err.Error()})
	default:
		m.setStatus(statusMsg{kind: statusOK, text: "Saved to " + msg.path})
	}
	return m, nil
}

// copyJSON puts the body on the clipboard: OSC 52 through the terminal, and
// the system clipboard when one is configured.
func (m Model) copyJSON() tea.Cmd {
	body := m.bodyBytes()
	if body == nil {
		return nil
	}
	return m.copyText("JSON", "", string(body))
}

// copyCurl puts the curl commands for the current target on the clipboard:
// the token request (the client id and secret read from the environment,
// never written out) and the send.
func (m Model) copyCurl() tea.Cmd {
	t := m.sendTarget(m.target)
	url := t.EventURL()
	if m.dv == nil || url == "" {
		return nil
	}
	note := ""
	if m.target.IsSandbox() {
		note = "; the sandbox URL in them works only while pe-tui runs"
	}
	return m.copyText("curl commands", note, curlCommands(t, m.dv.Request.EncodeCompact()))
}

// curlCommands builds two commands: one that fetches an access token into
// $TOKEN (client id and secret from the environment variables pe-tui
// reads), and a POST of body to the target's event URL with that token.
func curlCommands(t alexa.Target, body []byte) string {
	var b strings.Builder
	if t.IsSandbox() {
		b.WriteString("# The sandbox at " + t.BaseURL + " runs only while this pe-tui is open;\n" +
			"# `pe-tui sandbox` runs one on its own (its address differs).\n")
	}
	b.WriteString("# 1. An access token; the client id and secret come from the environment.\n")
	b.WriteString("TOKEN=$(curl -sS -X POST " + shellQuote(t.AuthURL) + " \\\n" +
		"  --data-urlencode grant_type=client_credentials \\\n" +
		"  --data-urlencode \"client_id=$" + credentials.EnvClientID + "\" \\\n" +
		"  --data-urlencode \"client_secret=$" + credentials.EnvClientSecret + "\" \\\n" +
		"  --data-urlencode " + shellQuote("scope="+alexa.Scope) + " \\\n" +
		"  | sed -n " + shellQuote(`s/.*"access_token" *: *"\([^"]*\)".*/\1/p`) + ")\n")
	b.WriteString("# 2. The event.\n")
	b.WriteString(curlCommand(t.EventURL(), body))
	return b.String()
}

// curlCommand builds a POST of body to url; the access token is $TOKEN.
func curlCommand(url string, body []byte) string {
	return "curl -sS -i -X POST " + shellQuote(url) + " \\\n" +
		"  -H \"Authorization: Bearer $TOKEN\" \\\n" +
		"  -H 'Content-Type: application/json' \\\n" +
		"  --data-raw " + shellQuote(string(body)) + "\n"
}

// shellQuote quotes s for a POSIX shell with single quotes.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// copyText sends text to the terminal's clipboard (OSC 52) and to the
// system clipboard when one is configured; the status then says which of
// the two is confirmed, and note after it.
func (m Model) copyText(what, note, text string) tea.Cmd {
	native := m.opts.Clipboard
	nativeCmd := func() tea.Msg {
		if native == nil {
			return copiedMsg{what: what, note: note, nativeErr: errNoNativeClipboard}
		}
		return copiedMsg{what: what, note: note, nativeErr: native(text)}
	}
	return tea.Batch(tea.SetClipboard(text), nativeCmd)
}

var errNoNativeClipboard = errors.New("no system clipboard configured")

func (m *Model) updateCopied(msg copiedMsg) {
	if msg.nativeErr == nil {
		m.setStatus(statusMsg{kind: statusOK, text: "Copied the " + msg.what + " to the clipboard" + msg.note})
		return
	}
	m.setStatus(statusMsg{kind: statusInfo, text: "Sent the " + msg.what + " to the terminal (OSC 52, not confirmed)" + msg.note})
}
