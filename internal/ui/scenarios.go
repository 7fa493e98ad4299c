package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/termtext"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// The skill-event scenarios (t on the users screen): the subscription
// events of sandbox.Scenarios, posted in order with sandbox.PostScenario to
// a skill endpoint on loopback that the user types, with what was posted
// and what the endpoint answered.

// scenarioPostedMsg carries the answers of one scenario's posts.
type scenarioPostedMsg struct {
	name    string
	results []sandbox.StepResult
	err     error
}

// scenarioTimeout bounds a whole scenario (each post has its own bound too).
const scenarioTimeout = time.Minute

// postScenarioCmd posts sc to endpoint.
func postScenarioCmd(endpoint string, sc sandbox.Scenario) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), scenarioTimeout)
		defer cancel()
		res, err := sandbox.PostScenario(ctx, endpoint, sc)
		return scenarioPostedMsg{name: sc.Name, results: res, err: err}
	}
}

// scenariosDialog lists the scenarios and posts the chosen one.
type scenariosDialog struct {
	rootDialog
	uk      UsersKeyMap
	all     []sandbox.Scenario
	sel     int
	url     textinput.Model
	posting bool
	posted  *scenarioPostedMsg
	scroll  int
}

// newScenariosDialog builds the scenarios for user u (its id, locale and
// region's endpoint; the sandbox's default user when u.ID is "").
func newScenariosDialog(keys KeyMap, u credentials.User, now time.Time) *scenariosDialog {
	endpoint := "https://api.amazonalexa.com"
	switch u.Region {
	case "EU":
		endpoint = "https://api.eu.amazonalexa.com"
	case "FE":
		endpoint = "https://api.fe.amazonalexa.com"
	}
	d := &scenariosDialog{rootDialog: rootDialog{keys: keys}, uk: DefaultUsersKeyMap(),
		all: sandbox.Scenarios(sandbox.ScenarioTarget{UserID: u.ID, Locale: u.Locale, APIEndpoint: endpoint}, now)}
	d.url = textinput.New()
	d.url.Prompt = "Skill endpoint: "
	d.url.Placeholder = "http://127.0.0.1:3000/"
	d.url.CharLimit = 2048
	return d
}

func (d *scenariosDialog) Focus() tea.Cmd { return d.url.Focus() }

func (d *scenariosDialog) SetSize(w, h int) {
	d.rootDialog.SetSize(w, h)
	d.url.SetWidth(max(dialogs.InnerWidth(d.styles, d.boxWidth())-18, 10))
}

func (d *scenariosDialog) Handle(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case scenarioPostedMsg:
		d.posting, d.posted, d.scroll = false, &msg, 0
		return nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.uk.Back):
			return closeCmd
		case key.Matches(msg, d.uk.Up):
			if d.posted != nil {
				d.scroll = max(d.scroll-1, 0)
			} else {
				d.sel = max(d.sel-1, 0)
			}
			return nil
		case key.Matches(msg, d.uk.Down):
			if d.posted != nil {
				d.scroll++
			} else {
				d.sel = min(d.sel+1, len(d.all)-1)
			}
			return nil
		case key.Matches(msg, d.uk.Choose):
			if d.posted != nil {
				d.posted = nil // back to the list
				return nil
			}
			if d.posting {
				return nil
			}
			url := strings.TrimSpace(d.url.Value())
			if url == "" {
				d.posted = &scenarioPostedMsg{err: fmt.Errorf("type the skill's endpoint first, e.g. http://127.0.0.1:3000/ (loopback only)")}
				return nil
			}
			d.posting = true
			return postScenarioCmd(url, d.all[d.sel])
		}
	}
	var cmd tea.Cmd
	d.url, cmd = d.url.Update(msg)
	return cmd
}

func (d *scenariosDialog) HelpKeys() []key.Binding {
	return []key.Binding{d.uk.Up, withHelp(d.uk.Choose, "enter", "post"), withHelp(d.uk.Back, "esc", "back"), d.keys.ForceQuit}
}

func (d *scenariosDialog) View() string {
	st := d.styles
	iw := dialogs.InnerWidth(st, d.boxWidth())
	var body []string
	hint := "↑/↓ choose · enter posts it · esc back · unsigned events: turn signature checks off in the skill"
	switch {
	case d.posting:
		body = append(body, st.Muted.Render("Posting "+d.all[d.sel].Name+"…"))
	case d.posted != nil:
		body = d.resultLines(iw)
		hint = "↑/↓ scroll · enter back to the list · esc back"
	default:
		for i, sc := range d.all {
			m := "  "
			if i == d.sel {
				m = st.Marker.Render("› ")
			}
			body = append(body, m+ansi.Truncate(sc.Name+" — "+sc.Title, max(iw-2, 1), "…"))
		}
		if d.sel < len(d.all) {
			body = append(body, "")
			body = append(body, d.wrap("Catches: "+d.all[d.sel].Breaks, st.Muted)...)
		}
	}
	body = d.scrolled(body, &d.scroll, d.height-10)
	return dialogs.Frame(st, d.boxWidth(), d.height, "Skill-event scenarios", body, []string{"", d.url.View()}, hint)
}

// resultLines shows each step: what was posted and the endpoint's answer.
func (d *scenariosDialog) resultLines(iw int) []string {
	st := d.styles
	p := d.posted
	var out []string
	if p.err != nil {
		out = append(out, d.wrap(termtext.Clean(p.err.Error()), st.Err)...)
	}
	for i, r := range p.results {
		status, style := strconv.Itoa(r.Status), st.OK
		switch {
		case r.Status == 0:
			status, style = "no answer: "+r.Error, st.Err
		case r.Status < 200 || r.Status > 299:
			style = st.Err
			if r.Error != "" {
				status += " (" + r.Error + ")"
			}
		}
		out = append(out, style.Render(ansi.Truncate(termtext.Clean(fmt.Sprintf("%d. %s → %s · %s", i+1, r.Step.Title, status, r.Elapsed.Round(time.Millisecond))), iw, "…")))
		out = append(out, hardLines("   posted: "+termtext.Clean(string(r.Step.Event)), iw, st.Muted.Render)...)
		if r.Body != "" {
			out = append(out, hardLines("   answer: "+termtext.Clean(r.Body), iw, st.Text.Render)...)
		}
		expect := "nothing"
		if len(r.Step.Expect) > 0 {
			expect = strings.Join(r.Step.Expect, ", ")
		}
		out = append(out, d.wrap("   a correct handler now holds: "+expect, st.Muted)...)
	}
	return out
}

// hardLines breaks one long line (compact JSON) at the width w, every
// line after the first indented, each drawn with render.
func hardLines(s string, w int, render func(...string) string) []string {
	var out []string
	for i, l := range strings.Split(ansi.Hardwrap(s, max(w-6, 10), false), "\n") {
		if i > 0 {
			l = "      " + l
		}
		out = append(out, render(l))
	}
	return out
}
