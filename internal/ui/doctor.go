package ui

import (
	"context"
	"fmt"
	"os"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/doctor"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// doctorTimeout bounds one doctor run (its token requests).
const doctorTimeout = 30 * time.Second

// doctorDoneMsg carries the doctor's report.
type doctorDoneMsg struct{ report doctor.Report }

// doctorCmd runs doctor.Run for the profile and target with a timeout.
// Everything it needs is captured before the command runs.
func doctorCmd(dir string, store credentials.SecretStore, client *alexa.Client, profile string, t alexa.Target) tea.Cmd {
	return func() tea.Msg {
		o := doctor.Options{Store: store, Profile: profile, Target: t, Tokens: client}
		if id, secret := os.Getenv(credentials.EnvClientID), os.Getenv(credentials.EnvClientSecret); id != "" && secret != "" {
			o.Env = &alexa.Credentials{ClientID: id, ClientSecret: secret}
		}
		if t.IsSandbox() {
			o.SandboxCredentials = &send.SandboxCredentials
		}
		cfg, err := credentials.Load(dir)
		if err != nil {
			return doctorDoneMsg{report: doctor.Report{Checks: []doctor.Check{{Area: "profiles", Status: doctor.Problem, Summary: err.Error()}}}}
		}
		o.Config = cfg
		ctx, cancel := context.WithTimeout(context.Background(), doctorTimeout)
		defer cancel()
		return doctorDoneMsg{report: doctor.Run(ctx, o)}
	}
}

// openDoctor opens the doctor screen and starts its run (alt+d).
func (m *Model) openDoctor() tea.Cmd {
	if m.sender == nil || m.sender.Alexa == nil {
		m.setStatus(statusMsg{kind: statusErr, text: errNoSender.Error()})
		return nil
	}
	t := m.sendTarget(m.target)
	if t.IsSandbox() && t.BaseURL == "" {
		m.setStatus(statusMsg{kind: statusInfo, text: "The sandbox is still starting: press alt+d again in a moment"})
		return nil
	}
	d := &doctorDialog{rootDialog: rootDialog{keys: m.keys}, running: true, target: t, uk: DefaultUsersKeyMap()}
	return tea.Batch(m.open(d), doctorCmd(m.opts.ConfigDir, m.opts.Secrets, m.sender.Alexa, m.profile, t))
}

// doctorDialog shows the doctor's checks: status, summary, detail lines.
type doctorDialog struct {
	rootDialog
	running bool
	target  alexa.Target
	report  doctor.Report
	scroll  int
	uk      UsersKeyMap // its up and down (the root's scroll keys belong to the preview)
}

func (d *doctorDialog) Handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case doctorDoneMsg:
		d.running, d.report = false, msg.report
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Cancel, d.keys.Quit, d.keys.Doctor):
			return closeCmd
		case key.Matches(msg, d.uk.Down):
			d.scroll++
		case key.Matches(msg, d.uk.Up):
			d.scroll = max(d.scroll-1, 0)
		}
	}
	return nil
}

func (d *doctorDialog) HelpKeys() []key.Binding {
	return []key.Binding{withHelp(d.uk.Up, "↑/↓", "scroll"), withHelp(d.keys.Cancel, "esc", "close"), d.keys.ForceQuit}
}

// doctorGlyph marks a status without colour alone.
func doctorGlyph(s doctor.Status) string {
	switch s {
	case doctor.OK:
		return "✓"
	case doctor.Problem:
		return "✗"
	case doctor.Network:
		return "⚠"
	}
	return "·"
}

func (d *doctorDialog) View() string {
	st := d.styles
	label, _ := dialogs.TargetLabel(d.target)
	title := "Doctor · " + label
	var body []string
	if d.running {
		body = append(body, st.Muted.Render("Checking the keyring, the profile, a token and the saved users…"))
		return d.frame(title, body, "esc closes")
	}
	r := d.report
	body = append(body, d.wrap(fmt.Sprintf("%d checks: %d ok, %d problems, %d could not reach the network", len(r.Checks), r.Count(doctor.OK), r.Count(doctor.Problem), r.Count(doctor.Network)), st.Text)...)
	for _, c := range r.Checks {
		style := st.Text
		switch c.Status {
		case doctor.OK:
			style = st.OK
		case doctor.Problem:
			style = st.Err
		case doctor.Network:
			style = st.Warn
		}
		where := c.Area
		if c.Profile != "" {
			where += " " + c.Profile
		}
		if c.Region != "" {
			where += " " + c.Region
		}
		body = append(body, "")
		body = append(body, d.wrap(termtext.Clean(doctorGlyph(c.Status)+" "+string(c.Status)+" · "+where+": "+c.Summary), style)...)
		for _, l := range c.Detail {
			body = append(body, d.wrap("    "+termtext.Clean(l), st.Muted)...)
		}
	}
	body = d.scrolled(body, &d.scroll, d.height-8)
	return d.frame(title, body, "↑/↓ scroll · esc closes")
}

// scrolled is the part of body that fits in room lines from *scroll (kept
// in range), with a line saying where it is when it does not all fit: the
// one scrolling of the root's read-only dialogs.
func (d *rootDialog) scrolled(body []string, scroll *int, room int) []string {
	room = max(room, 2)
	if len(body) <= room {
		*scroll = 0
		return body
	}
	*scroll = min(max(*scroll, 0), len(body)-room+1)
	end := min(*scroll+room-1, len(body))
	return append(body[*scroll:end:end], d.styles.Muted.Render(fmt.Sprintf("↑/↓ scroll · %d–%d of %d lines", *scroll+1, end, len(body))))
}
