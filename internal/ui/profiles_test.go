package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

const (
	testClientID = "amzn1.application-oa2-client.0123abcd"
	testSecret   = "amzn1.oa2-cs.v1.s3cr3tValueNeverShown"
)

// profileModel returns a sending model with profiles in a temporary
// directory and secrets in go-keyring's in-memory mock.
func profileModel(t *testing.T) (Model, string) {
	t.Helper()
	dir := t.TempDir()
	m, _ := newSendModel(t, 120, 40, func(o *Options, _ *sendRig) {
		o.ConfigDir = dir
		o.Secrets = credentials.NewKeyringStore(time.Second)
	})
	return m, dir
}

// addProfile opens the profile list (F4), adds a profile and types its fields.
func addProfile(t *testing.T, m Model, name string) Model {
	t.Helper()
	m = press(t, m, "f4")
	if !topIs[*dialogs.ProfilePicker](m) {
		t.Fatalf("F4 should open the profiles:\n%s", screen(m))
	}
	m = press(t, m, "n")
	m = typeText(t, m, name)
	m = press(t, m, "tab")
	m = typeText(t, m, testClientID)
	m = press(t, m, "tab")
	m = typeText(t, m, testSecret)
	rejectScreen(t, m, testSecret[:12])
	return press(t, m, "enter")
}

func TestCredentialDialogSavesToKeyringAndSwitchesProfile(t *testing.T) {
	keyring.MockInit()
	m, dir := profileModel(t)
	requireScreen(t, m, "no profile", "target sandbox")
	m = addProfile(t, m, "weather")
	if m.profile != "weather" {
		t.Fatalf("the first saved profile becomes the active one; profile %q\n%s", m.profile, screen(m))
	}
	// The target stays the sandbox; the profile's is offered, and taken on y.
	if !m.target.IsSandbox() || !topIs[*dialogs.Confirm](m) {
		t.Fatalf("the first profile must not move the target quietly: %+v\n%s", m.target, screen(m))
	}
	requireScreen(t, m, "Switch the target?", "Profile weather sends to NA development by default", "stays sandbox")
	m = press(t, m, "y")
	if m.target.Name != "na-dev" {
		t.Fatalf("y takes the profile's target: %+v", m.target)
	}
	got, err := keyring.Get(credentials.KeyringService, "weather")
	if err != nil || got != testSecret {
		t.Fatalf("keyring holds %q, %v", got, err)
	}
	cfg, err := credentials.Load(dir)
	if err != nil || len(cfg.Profiles()) != 1 {
		t.Fatalf("config: %v %v", cfg, err)
	}
	rejectScreen(t, m, testSecret[:12])
	// Close the dialog: the status line shows the profile and target.
	m = press(t, m, "esc")
	for len(m.stack) != 0 {
		m = press(t, m, "esc")
	}
	requireScreen(t, m, "profile weather", "target NA development")
	rejectScreen(t, m, testSecret[:12])
}

func TestCredentialDialogShowsKeyringErrorPlainly(t *testing.T) {
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	t.Cleanup(keyring.MockInit)
	m, dir := profileModel(t)
	m = addProfile(t, m, "weather")
	if m.profile != "" {
		t.Fatal("a failed save must not switch the profile")
	}
	if !topIs[*dialogs.Credential](m) {
		t.Fatal("the dialog stays open with the error")
	}
	s := screen(m)
	if !strings.Contains(s, "keyring") || !strings.Contains(s, credentials.EnvClientID) {
		t.Fatalf("the keyring error should be plain and offer the environment variables:\n%s", s)
	}
	if cfg, err := credentials.Load(dir); err != nil || len(cfg.Profiles()) != 0 {
		t.Fatal("nothing may be written to the config file when the keyring fails")
	}
}

func TestTargetSwitcherAndCurlUsesTheTarget(t *testing.T) {
	var copied string
	m, rig := newSendModel(t, 80, 24, func(o *Options, _ *sendRig) {
		o.Clipboard = func(s string) error { copied = s; return nil }
	})
	m = press(t, m, "enter", "ctrl+t")
	if !strings.Contains(copied, rig.url+"/v1/proactiveEvents/stages/development") {
		t.Fatalf("curl for the sandbox should use its URL:\n%s", copied)
	}
	// The sandbox's port dies with the app: the commands and the status say so.
	if !strings.Contains(copied, "# The sandbox at "+rig.url+" runs only while this pe-tui is open") ||
		!strings.Contains(copied, "TOKEN=$(curl -sS -X POST '"+rig.url+"/auth/o2/token'") {
		t.Fatalf("curl for the sandbox should say it lives with the app and fetch its token:\n%s", copied)
	}
	if !strings.Contains(m.status.text, "the sandbox URL in them works only while pe-tui runs") {
		t.Fatalf("status %q", m.status.text)
	}
	m = press(t, m, "ctrl+g")
	if !topIs[*dialogs.TargetPicker](m) {
		t.Fatalf("ctrl+g opens the targets:\n%s", screen(m))
	}
	m = press(t, m, "down", "enter") // the first Amazon target after the sandbox
	if len(m.stack) != 0 || m.target.IsSandbox() || !m.target.IsAmazon() {
		t.Fatalf("target %+v\n%s", m.target, screen(m))
	}
	label, _ := dialogs.TargetLabel(m.target)
	requireScreen(t, m, "target "+label)
	m = press(t, m, "ctrl+t")
	if !strings.Contains(copied, m.target.EventURL()) || strings.Contains(copied, "127.0.0.1") {
		t.Fatalf("curl should use %s:\n%s", m.target.EventURL(), copied)
	}
	if m.target.IsLive() {
		t.Fatal("the first Amazon target should be a development stage")
	}
}

func TestProfileSwitcherOffersUsersAndTarget(t *testing.T) {
	keyring.MockInit()
	dir := t.TempDir()
	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []credentials.Profile{
		{Name: "alpha", ClientID: testClientID, Region: "NA", Stage: "development"},
		{Name: "beta", ClientID: testClientID, Region: "EU", Stage: "live",
			Users: []credentials.User{{ID: "amzn1.ask.account.BETA1", Label: "kitchen Echo"}}},
	} {
		if err := cfg.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	m, _ := newSendModel(t, 120, 40, func(o *Options, _ *sendRig) {
		o.ConfigDir = dir
		o.Secrets = credentials.NewKeyringStore(time.Second)
	})
	m = press(t, m, "enter", "f4")
	requireScreen(t, m, "alpha", "beta")
	m = press(t, m, "down", "enter")
	if m.profile != "beta" || !topIs[*dialogs.Confirm](m) || !m.target.IsSandbox() {
		t.Fatalf("profile %q, target %+v\n%s", m.profile, m.target, screen(m))
	}
	// A live profile never switches quietly: it offers, and enter (No is
	// selected) keeps the sandbox.
	requireScreen(t, m, "Profile beta sends to EU LIVE by default", "LIVE: events sent there reach real customers")
	m = press(t, m, "enter")
	if len(m.stack) != 0 || !m.target.IsSandbox() {
		t.Fatalf("enter should keep the target: %+v\n%s", m.target, screen(m))
	}
	requireScreen(t, m, "Target stays sandbox; ctrl+g switches")
	m = press(t, m, "f4", "enter", "y") // the list opens on the active profile
	if len(m.stack) != 0 || m.target.Name != "eu-live" || !m.target.IsLive() {
		t.Fatalf("y takes the profile's target: %+v", m.target)
	}
	if len(m.opts.Users) != 1 || m.opts.Users[0].ID != "amzn1.ask.account.BETA1" {
		t.Fatalf("the profile's Unicast users are offered: %+v", m.opts.Users)
	}
	requireScreen(t, m, "target EU LIVE", "real customers")
	// A live target: ctrl+s asks for the event name before anything is sent.
	m = press(t, m, "ctrl+s")
	if !topIs[*dialogs.TypedConfirm](m) {
		t.Fatalf("a send to EU LIVE must ask first:\n%s", screen(m))
	}
	m = press(t, m, "esc")
	requireScreen(t, m, "Not sent: the live send was not confirmed")
}
