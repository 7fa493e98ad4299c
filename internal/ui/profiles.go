package ui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// This file switches the target (ctrl+g) and the credential profile (F4).

// ProfileTarget returns the Amazon target of a profile's default region and
// stage (e.g. NA and development → na-dev); ok is false when the profile
// names neither a known region nor a stage.
func ProfileTarget(p credentials.Profile) (alexa.Target, bool) {
	region, err := credentials.NormalizeRegion(p.Region)
	if err != nil {
		return alexa.Target{}, false
	}
	stage := "dev"
	if s, err := credentials.NormalizeStage(p.Stage); err == nil && s == string(alexa.StageLive) {
		stage = "live"
	}
	t, err := alexa.ParseTarget(strings.ToLower(region) + "-" + stage)
	return t, err == nil
}

// openTargets opens the target picker.
func (m *Model) openTargets() tea.Cmd {
	p := dialogs.NewTargetPicker(m.target)
	return m.open(&p)
}

// openProfiles opens the profile switcher (with its credential dialog).
func (m *Model) openProfiles() tea.Cmd {
	if m.opts.Secrets == nil {
		m.setStatus(statusMsg{kind: statusErr, text: "Profiles are not available: no secret store is set up"})
		return nil
	}
	p := dialogs.NewProfilePicker(dialogs.ProfilePickerOptions{
		ConfigDir: m.opts.ConfigDir, Store: m.opts.Secrets, Active: m.profile,
	})
	return m.open(&p)
}

// setTarget makes t the target; the sandbox starts when it is chosen.
func (m Model) setTarget(t alexa.Target) (Model, tea.Cmd) {
	m.target = t
	if m.hasDraft {
		m.form.SetUserOptions(m.userOptions())
	}
	m.recompute() // the sandbox judges in strict mode; findings follow the target
	label, live := dialogs.TargetLabel(t)
	kind := statusOK
	text := "Target: " + label
	if live {
		kind = statusErr
		text += " — real customers; sends ask for a typed confirmation"
	}
	m.setStatus(statusMsg{kind: kind, text: text})
	m.syncKeys()
	if m.sender != nil && m.needsSandbox(t) && !m.sbStart {
		m.sbStart, m.sbErr = true, ""
		return m, startSandboxCmd(m.session)
	}
	return m, nil
}

// idSwitchTarget prefixes the id of the confirmation that offers a
// profile's target; the target's name follows it.
const idSwitchTarget = "switch-target:"

// offerTarget keeps the target and asks whether to switch to t (a
// profile's default): going to Amazon, or to live, is the user's choice.
func (m *Model) offerTarget(profile string, t alexa.Target) tea.Cmd {
	cur, _ := dialogs.TargetLabel(m.target)
	label, live := dialogs.TargetLabel(t)
	details := []string{"The target stays " + cur + " until you switch; ctrl+g switches at any time."}
	if live {
		details = append(details, "LIVE: events sent there reach real customers.")
	} else if t.IsAmazon() {
		details = append(details, "Events sent there go to Amazon, to the skill's development stage.")
	}
	c := dialogs.NewConfirm(idSwitchTarget+t.Name, "Switch the target?",
		"Profile "+profile+" sends to "+label+" by default. Switch from "+cur+" to "+label+"?", details)
	return m.open(&c)
}

// targetOffered handles the answer to offerTarget.
func (m Model) targetOffered(msg dialogs.ConfirmedMsg) (Model, tea.Cmd) {
	m.closeTop()
	name := strings.TrimPrefix(msg.ID, idSwitchTarget)
	t, err := alexa.ParseTarget(name)
	if !msg.Yes || err != nil {
		label, _ := dialogs.TargetLabel(m.target)
		m.setStatus(statusMsg{kind: statusInfo, text: "Target stays " + label + "; ctrl+g switches"})
		return m, nil
	}
	return m.setTarget(t)
}

// useProfile makes p the active profile: its Unicast users are offered by the
// form, and with offer a different default target of the profile is
// offered (offerTarget); the target itself never changes here.
func (m Model) useProfile(p credentials.Profile, offer bool) (Model, tea.Cmd) {
	m.profile = p.Name
	users := make([]draft.UserOption, 0, len(p.Users))
	for _, u := range p.Users {
		users = append(users, draft.UserOption{ID: u.ID, Label: u.Label})
	}
	m.setUsers(users)
	m.response.SetUsers(p.Users)
	m.setStatus(statusMsg{kind: statusOK, text: "Profile: " + p.Name})
	m.syncKeys()
	if t, ok := ProfileTarget(p); ok && offer && t.Name != m.target.Name {
		return m, m.offerTarget(p.Name, t)
	}
	return m, nil
}

// setUsers sets the Unicast user ids offered by the audience field, for the
// open draft and for new ones.
func (m *Model) setUsers(users []draft.UserOption) {
	m.opts.Users = users
	if m.hasDraft {
		m.form.SetUserOptions(m.userOptions())
	}
}

// userOptions are the user ids the audience field offers: the profile's
// saved users and, while the target is the sandbox, its test user.
func (m Model) userOptions() []draft.UserOption {
	us := slices.Clone(m.opts.Users)
	if m.target.IsSandbox() && !slices.ContainsFunc(us, func(u draft.UserOption) bool { return u.ID == sandbox.DefaultUserID }) {
		us = append(us, draft.UserOption{ID: sandbox.DefaultUserID, Label: "sandbox test user"})
	}
	return us
}
