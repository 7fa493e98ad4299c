package ui

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/fixture"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/recorddiff"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// Comparing two recorded sends (c in the history pane: c marks a record,
// c on another compares them) and writing a record's test fixture (x).
// Both read whole records from the history store in commands.

// Messages of the history actions.
type (
	compareLoadedMsg struct {
		a, b *history.Record
		err  error
	}
	fixtureWrittenMsg struct {
		paths []string
		err   error
	}
)

// historyTimeout bounds one read of the history store.
const historyTimeout = 10 * time.Second

// markOrCompare is c in the history pane: it marks the selected record (c on
// the marked one unmarks it), or compares the marked record with the selected one.
func (m *Model) markOrCompare() tea.Cmd {
	sel, ok := m.history.Selected()
	if !ok {
		return nil
	}
	switch m.mark {
	case 0:
		m.mark = sel.ID
		m.setStatus(statusMsg{kind: statusInfo, text: fmt.Sprintf("Marked #%d: press c on another record to compare them", sel.ID), ttl: time.Minute})
		return nil
	case sel.ID:
		m.mark = 0
		m.setStatus(statusMsg{kind: statusInfo, text: fmt.Sprintf("Unmarked #%d", sel.ID)})
		return nil
	}
	src, a, b := m.opts.History, m.mark, sel.ID
	m.mark = 0
	m.setStatus(statusMsg{kind: statusInfo, text: fmt.Sprintf("Comparing #%d with #%d", a, b)})
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), historyTimeout)
		defer cancel()
		ra, errA := src.Get(ctx, a)
		rb, errB := src.Get(ctx, b)
		return compareLoadedMsg{a: ra, b: rb, err: errors.Join(errA, errB)}
	}
}

// exportFixture is x in the history pane: it writes the selected record's
// fixture and sandbox config to new files in the current directory.
func (m *Model) exportFixture() tea.Cmd {
	sel, ok := m.history.Selected()
	if !ok {
		return nil
	}
	src, id := m.opts.History, sel.ID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), historyTimeout)
		defer cancel()
		rec, err := src.Get(ctx, id)
		if err != nil {
			return fixtureWrittenMsg{err: err}
		}
		return writeFixture(rec, ".")
	}
}

// writeFixture writes rec's fixture and sandbox config into dir, never
// replacing a file.
func writeFixture(rec *history.Record, dir string) fixtureWrittenMsg {
	fx, err := fixture.FromRecord(rec)
	if err != nil {
		return fixtureWrittenMsg{err: err}
	}
	cfg, err := fixture.SandboxConfig(rec)
	if err != nil {
		return fixtureWrittenMsg{err: err}
	}
	var out fixtureWrittenMsg
	for _, f := range []struct {
		name string
		data []byte
	}{{fmt.Sprintf("fixture-%d.json", rec.ID), fx}, {fmt.Sprintf("sandbox-%d.json", rec.ID), cfg}} {
		p, _ := filepath.Abs(filepath.Join(dir, f.name))
		err := safefile.Write(p, f.data, 0o644, false)
		if errors.Is(err, safefile.ErrExists) {
			out.err = fmt.Errorf("%s already exists; rename or remove it and press x again", p)
			return out
		}
		if err != nil {
			out.err = fmt.Errorf("cannot write %s: %w", p, safefile.PlainError(err))
			return out
		}
		out.paths = append(out.paths, p)
	}
	return out
}

// compareDialog shows two records side by side: the outcomes, then the
// changed paths of the request bodies. Everything from the records is cleaned.
type compareDialog struct {
	rootDialog
	a, b    *history.Record
	rows    []recorddiff.Row
	changes []recorddiff.Change
	scroll  int
}

func newCompareDialog(keys KeyMap, a, b *history.Record) *compareDialog {
	return &compareDialog{rootDialog: rootDialog{keys: keys}, a: a, b: b,
		rows: recorddiff.Outcomes(a, b), changes: recorddiff.Bodies(a.Request, b.Request)}
}

func (d *compareDialog) boxWidth() int { return dialogs.BoxWidth(d.width, 120) }

func (d *compareDialog) Handle(msg tea.Msg) tea.Cmd {
	k, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	switch {
	case key.Matches(k, d.keys.Cancel, d.keys.Quit):
		return closeCmd
	}
	// The root's scroll bindings are enabled only for the preview: match by name.
	switch k.String() {
	case "down", "j":
		d.scroll++
	case "up", "k":
		d.scroll = max(d.scroll-1, 0)
	case "pgdown", "space":
		d.scroll += max(d.height-10, 1)
	case "pgup":
		d.scroll = max(d.scroll-max(d.height-10, 1), 0)
	}
	return nil
}

func (d *compareDialog) HelpKeys() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("up", "down", "pgup", "pgdown"), key.WithHelp("↑/↓ pgup/pgdn", "scroll")), withHelp(d.keys.Cancel, "esc", "close"), d.keys.ForceQuit}
}

// cell cleans and fits s into w cells.
func cell(s string, w int) string {
	s = strings.Join(strings.Fields(termtext.Clean(s)), " ")
	return ansi.Truncate(s, max(w, 1), "…")
}

func (d *compareDialog) lines(iw int) []string {
	st := d.styles
	fw := min(14, iw/4)
	vw := max((iw-fw-4)/2, 4)
	row := func(mark, f, a, b string) string {
		return mark + " " + padCell(cell(f, fw), fw) + " " + padCell(cell(a, vw), vw) + " " + cell(b, vw)
	}
	out := []string{st.Title.Render(row(" ", "", fmt.Sprintf("#%d", d.a.ID), fmt.Sprintf("#%d", d.b.ID)))}
	for _, r := range d.rows {
		if r.Same {
			out = append(out, st.Muted.Render(row(" ", r.Field, r.A, r.B)))
		} else {
			out = append(out, st.Text.Render(row("≠", r.Field, r.A, r.B)))
		}
	}
	out = append(out, "")
	if len(d.changes) == 0 {
		return append(out, st.Text.Render("The request bodies are the same."))
	}
	out = append(out, st.Text.Render(fmt.Sprintf("Request body: %d changed path(s)", len(d.changes))))
	for _, c := range d.changes {
		sym := map[recorddiff.Kind]string{recorddiff.Added: "+", recorddiff.Removed: "-", recorddiff.Changed: "~"}[c.Kind]
		path := c.Path
		if path == "" {
			path = "(whole body)"
		}
		out = append(out, st.Text.Render(cell(sym+" "+path, iw)))
		out = append(out, st.Muted.Render(row(" ", "", orNone(string(c.A)), orNone(string(c.B)))))
	}
	return out
}

func orNone(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// padCell pads a fitted cell to w cells.
func padCell(s string, w int) string {
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

func (d *compareDialog) View() string {
	iw := dialogs.InnerWidth(d.styles, d.boxWidth())
	body := d.lines(iw)
	room := max(d.height-8, 3)
	d.scroll = min(d.scroll, max(len(body)-room, 0))
	if len(body) > room {
		end := min(d.scroll+room, len(body))
		body = append(body[d.scroll:end:end], d.styles.Muted.Render(fmt.Sprintf("↑/↓ scroll · %d–%d of %d lines", d.scroll+1, end, len(body))))
	}
	return dialogs.Frame(d.styles, d.boxWidth(), d.height, fmt.Sprintf("Compare #%d with #%d", d.a.ID, d.b.ID), body, nil, "esc closes")
}
