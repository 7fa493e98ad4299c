package dialogs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

// writeProfiles writes a config with two profiles; only "alpha" has a secret
// in the (mock) keyring. alpha is the default.
func writeProfiles(t *testing.T, dir string, store credentials.SecretStore) {
	t.Helper()
	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []credentials.Profile{
		{Name: "alpha", ClientID: "amzn1.application-oa2-client.alpha", Region: "NA", Stage: "development"},
		{Name: "beta", ClientID: "amzn1.application-oa2-client.beta", Region: "EU", Stage: "live",
			Users: []credentials.User{{ID: "amzn1.ask.account.BETAUSER", Label: "kitchen"}}},
	} {
		if err := cfg.Add(p); err != nil {
			t.Fatal(err)
		}
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	if err := store.Set("alpha", testSecret); err != nil {
		t.Fatal(err)
	}
}

// openPicker returns a picker sized 100×40 after its load command ran.
func openPicker(t *testing.T, dir string, store credentials.SecretStore, active string) ProfilePicker {
	t.Helper()
	p := NewProfilePicker(ProfilePickerOptions{ConfigDir: dir, Store: store, Active: active})
	p.SetSize(100, 40)
	requireText(t, p, "Reading the profiles")
	p, _ = drive(t, p, p.Init()())
	return p
}

func TestProfilePickerListsAndSwitches(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	writeProfiles(t, dir, store)
	p := openPicker(t, dir, store, "alpha")
	requireText(t, p,
		"› alpha · default · ● in use", "✓ secret in keyring · NA development · amzn1.application-oa2-client.alpha",
		"beta", "✗ no secret in keyring (e to add it) · EU LIVE · amzn1.application-oa2-client.beta",
		"enter use", "n new", "e edit", "d remove")
	rejectText(t, p, testSecret, testSecret[:8])

	p, out := press(t, p, "down", "enter")
	got, ok := find[ProfileChosenMsg](out)
	if !ok || got.Name != "beta" || got.Profile.Region != "EU" || len(got.Profile.Users) != 1 || got.Profile.Users[0].ID != "amzn1.ask.account.BETAUSER" {
		t.Fatalf("chose %#v", out)
	}
	requireText(t, p, "› beta")

	_, out = press(t, p, "esc")
	if _, ok := find[CloseMsg](out); !ok {
		t.Fatalf("esc: %#v", out)
	}
}

func TestProfilePickerEmptyAndBroken(t *testing.T) {
	store := mockStore(t)
	p := openPicker(t, t.TempDir(), store, "")
	requireText(t, p, "No profiles yet. Press n to add one", "n new")
	rejectText(t, p, "enter use", "d remove")
	if _, out := press(t, p, "enter"); len(out) != 0 {
		t.Fatalf("enter on an empty list: %#v", out)
	}

	dir := t.TempDir()
	writeFile(t, dir, "{ not json")
	p = openPicker(t, dir, store, "")
	requireText(t, p, "✗ The profile file could not be read", "config file not understood", "not valid JSON at line 1")
	rejectText(t, p, "n new")
}

func TestProfilePickerKeyringUnavailable(t *testing.T) {
	dir := t.TempDir()
	writeProfiles(t, dir, mockStore(t))
	keyring.MockInitWithError(errors.New("no session bus"))
	store := credentials.NewKeyringStore(time.Second)
	p := openPicker(t, dir, store, "")
	requireText(t, p, "alpha", "beta", "? keyring not asked", "⚠ The OS keyring could not be asked", "the OS keyring is unavailable", "PE_TUI_CLIENT_ID")
	// Switching still works: the secret is read when sending.
	_, out := press(t, p, "enter")
	if got, ok := find[ProfileChosenMsg](out); !ok || got.Name != "alpha" {
		t.Fatalf("enter: %#v", out)
	}
}

func TestProfilePickerRemoves(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	writeProfiles(t, dir, store)
	p := openPicker(t, dir, store, "alpha")

	// d asks first; n keeps the profile.
	p, out := press(t, p, "d")
	if len(out) != 0 {
		t.Fatalf("d answered at once: %#v", out)
	}
	requireText(t, p, "Remove profile alpha? Its client secret is deleted from the OS keyring.", "y remove it", "n/esc keep it")
	p, out = press(t, p, "n")
	if len(out) != 0 {
		t.Fatalf("n: %#v", out)
	}
	rejectText(t, p, "Remove profile alpha?")

	p, _ = press(t, p, "d")
	p, out = press(t, p, "y")
	removed, ok := find[ProfileRemovedMsg](out)
	if !ok || removed.Name != "alpha" || removed.Text != "Removed profile alpha; its client secret was deleted from the OS keyring." {
		t.Fatalf("removal: %#v", out)
	}
	requireText(t, p, "✓ Removed profile alpha; its client secret was deleted from the OS keyring.", "› beta")
	rejectText(t, p, "amzn1.application-oa2-client.alpha", "● in use")
	if _, err := keyring.Get(credentials.KeyringService, "alpha"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("the secret is still in the keyring: %v", err)
	}
	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if names := cfg.Names(); len(names) != 1 || names[0] != "beta" {
		t.Fatalf("config profiles %v", names)
	}

	// beta has no secret: removing it says so.
	p, _ = press(t, p, "d")
	_, out = press(t, p, "y")
	if removed, ok := find[ProfileRemovedMsg](out); !ok || removed.Text != "Removed profile beta; the OS keyring held no secret for it." {
		t.Fatalf("removal of beta: %#v", out)
	}
}

func TestProfilePickerKeepsProfileWhenKeyringFails(t *testing.T) {
	dir := t.TempDir()
	writeProfiles(t, dir, mockStore(t))
	p := openPicker(t, dir, credentials.NewKeyringStore(time.Second), "")
	keyring.MockInitWithError(errors.New("no session bus"))
	p, _ = press(t, p, "d")
	p, out := press(t, p, "y")
	if _, ok := find[ProfileRemovedMsg](out); ok {
		t.Fatal("removed although the keyring failed")
	}
	requireText(t, p, `✗ profile "alpha" was kept because its client secret could not be deleted`, "--force", "› alpha")
	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Names()) != 2 {
		t.Fatalf("config profiles %v", cfg.Names())
	}
}

// The credential dialog opens on top of the picker (OpenMsg), not inside
// it: esc closes only it, and a save reloads the picker below.
func TestProfilePickerAddsThroughCredentialDialog(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	writeProfiles(t, dir, store)
	p := openPicker(t, dir, store, "alpha")
	s := newStack(t, &p)

	s.press("n")
	if len(s.ds) != 2 {
		t.Fatal("n did not open the credential dialog on top of the picker")
	}
	s.require("New profile", "Client id")
	// esc closes the credential dialog, not the picker.
	s.press("esc")
	if len(s.ds) != 1 {
		t.Fatalf("esc in the credential dialog left %d dialogs", len(s.ds))
	}
	s.require("› alpha")

	s.press("n")
	s.typeText("gamma")
	s.press("tab")
	s.typeText("amzn1.application-oa2-client.gamma")
	s.press("tab")
	s.typeText(testSecret)
	if strings.Contains(s.view(), testSecret) {
		t.Fatal("the secret shows")
	}
	s.out = nil
	s.press("enter")
	if saved, ok := find[ProfileSavedMsg](s.out); !ok || saved.Profile.Name != "gamma" || saved.Default {
		t.Fatalf("save: %#v", s.out)
	}
	s.require("✓ Saved profile gamma")

	// enter closes the credential dialog; the list has the new profile, selected.
	s.press("enter")
	if len(s.ds) != 1 {
		t.Fatalf("enter after saving left %d dialogs", len(s.ds))
	}
	s.require("› gamma", "✓ secret in keyring · NA development · amzn1.application-oa2-client.gamma", "✓ Saved profile gamma.")
	if len(p.Profiles()) != 3 {
		t.Fatalf("profiles %v", p.Profiles())
	}
}

func TestProfilePickerEditsMissingSecret(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	writeProfiles(t, dir, store)
	p := openPicker(t, dir, store, "")
	s := newStack(t, &p)
	s.press("down", "e")
	s.require("Edit profile beta", "beta (fixed)", "amzn1.application-oa2-client.beta", "‹ EU ›", "‹ LIVE ›")
	s.press("tab") // client id → secret
	s.typeText("betasecret0123")
	s.out = nil
	s.press("enter")
	if saved, ok := find[ProfileSavedMsg](s.out); !ok || !saved.Replaced || len(saved.Profile.Users) != 1 {
		t.Fatalf("edit: %#v", s.out)
	}
	s.press("esc")
	s.require("› beta", "✓ secret in keyring · EU LIVE")
	if got, _ := keyring.Get(credentials.KeyringService, "beta"); got != "betasecret0123" {
		t.Fatalf("keyring holds %q", got)
	}
}

func TestProfilePickerScrollsLongLists(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"p00", "p01", "p02", "p03", "p04", "p05", "p06", "p07", "p08", "p09", "p10", "p11"} {
		if err := cfg.Add(credentials.Profile{Name: n, ClientID: "id-" + n}); err != nil {
			t.Fatal(err)
		}
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	p := openPicker(t, dir, store, "")
	p.SetSize(100, 16)
	if lines := strings.Count(text(p), "\n") + 1; lines > 16 {
		t.Fatalf("%d lines for a height of 16:\n%s", lines, text(p))
	}
	requireText(t, p, "› p00")
	rejectText(t, p, "p11")
	for range 11 {
		p, _ = press(t, p, "down")
	}
	requireText(t, p, "› p11")
	rejectText(t, p, "p00")
}

func writeFile(t *testing.T, dir, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, credentials.ConfigFileName), []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestProfilePickerMakesDefault: s makes the highlighted profile the
// default in the configuration (credentials.UseProfile) and says so.
func TestProfilePickerMakesDefault(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	writeProfiles(t, dir, store)
	p := openPicker(t, dir, store, "alpha")
	p, _ = press(t, p, "down")
	requireText(t, p, "s make default")
	p, _ = press(t, p, "s")
	requireText(t, p, "beta is now the default profile", "› beta · default")
	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if d, ok := cfg.Default(); !ok || d.Name != "beta" {
		t.Fatalf("default %+v %v", d, ok)
	}
	rejectText(t, p, "s make default") // already the default
}
