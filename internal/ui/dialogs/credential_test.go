package dialogs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// testSecret is a client secret the screen and the config file must never show.
const testSecret = "zq7SECRETvalue0123456789abcdefXY"

const testClientID = "amzn1.application-oa2-client.0123abcd"

// mockStore returns the real keyring store over go-keyring's in-memory mock.
func mockStore(t *testing.T) credentials.SecretStore {
	t.Helper()
	keyring.MockInit()
	return credentials.NewKeyringStore(time.Second)
}

// newCredential opens a focused credential dialog sized 90×40.
func newCredential(t *testing.T, dir string, store credentials.SecretStore, edit *credentials.Profile) Credential {
	t.Helper()
	c := NewCredential(CredentialOptions{ConfigDir: dir, Store: store, Edit: edit})
	c.SetSize(90, 40)
	c.Focus()
	return c
}

// fill types name, client id and secret into a new-profile dialog.
func fill(t *testing.T, c Credential, name, id, secret string) Credential {
	t.Helper()
	c, _ = typeText(t, c, name)
	c, _ = press(t, c, "tab")
	c, _ = typeText(t, c, id)
	c, _ = press(t, c, "tab")
	c, _ = typeText(t, c, secret)
	return c
}

func configBytes(t *testing.T, dir string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, credentials.ConfigFileName))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestCredentialSaves(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	c := newCredential(t, dir, store, nil)
	requireText(t, c, "New profile", "Name", "Client id", "Secret", "Region", "‹ NA ›", "Stage", "‹ development ›")

	c = fill(t, c, "weather", testClientID, testSecret)
	// The secret is drawn as one bullet per character, never as text.
	requireText(t, c, strings.Repeat("•", len(testSecret)))
	rejectText(t, c, testSecret, testSecret[:8])

	c, _ = press(t, c, "tab", "right", "tab") // region NA → EU
	requireText(t, c, "‹ EU ›", "Europe")

	c, out := press(t, c, "enter")
	saved, ok := find[ProfileSavedMsg](out)
	if !ok {
		t.Fatalf("no ProfileSavedMsg: %#v\n%s", out, text(c))
	}
	if saved.Profile.Name != "weather" || saved.Profile.ClientID != testClientID || saved.Profile.Region != "EU" ||
		saved.Profile.Stage != "development" || !saved.Default || saved.Replaced {
		t.Fatalf("saved %+v", saved)
	}
	if c.State() != CredentialSaved {
		t.Fatalf("state %v", c.State())
	}
	requireText(t, c, "✓ Saved profile weather (EU, development)", "service pe-tui, account weather", "It is the default profile.", "enter done", "✓ stored in the OS keyring")
	rejectText(t, c, testSecret, testSecret[:8])

	// The secret is in the keyring, not in the config file.
	got, err := keyring.Get(credentials.KeyringService, "weather")
	if err != nil || got != testSecret {
		t.Fatalf("keyring holds %q, %v", got, err)
	}
	cfg := configBytes(t, dir)
	if strings.Contains(string(cfg), testSecret) || strings.Contains(string(cfg), testSecret[:8]) {
		t.Fatalf("the config file holds the secret:\n%s", cfg)
	}
	if !strings.Contains(string(cfg), testClientID) {
		t.Fatalf("the config file lacks the client id:\n%s", cfg)
	}

	// Once saved, enter (or esc) closes.
	_, out = press(t, c, "enter")
	if _, ok := find[CloseMsg](out); !ok {
		t.Fatalf("enter after saving: %#v", out)
	}
}

func TestCredentialKeyringUnavailable(t *testing.T) {
	dir := t.TempDir()
	keyring.MockInitWithError(errors.New("The name org.freedesktop.secrets was not provided by any .service files"))
	store := credentials.NewKeyringStore(time.Second)
	c := newCredential(t, dir, store, nil)
	c = fill(t, c, "weather", testClientID, testSecret)
	c, out := press(t, c, "enter")
	if _, ok := find[ProfileSavedMsg](out); ok {
		t.Fatal("saved without a keyring")
	}
	if _, ok := find[CloseMsg](out); ok {
		t.Fatal("the dialog closed on a keyring error")
	}
	if c.State() != CredentialError {
		t.Fatalf("state %v", c.State())
	}
	requireText(t, c, "✗ Not saved", "Nothing was saved", "the OS keyring is unavailable", "PE_TUI_CLIENT_ID", "PE_TUI_CLIENT_SECRET")
	rejectText(t, c, testSecret)
	if _, err := os.Stat(filepath.Join(dir, credentials.ConfigFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the config file was written: %v", err)
	}
	// The fields are kept, so the user can retry once the keyring works.
	requireText(t, c, "weather", testClientID)
	keyring.MockInit()
	c, out = press(t, c, "enter")
	if _, ok := find[ProfileSavedMsg](out); !ok || c.State() != CredentialSaved {
		t.Fatalf("retry: %v %#v\n%s", c.State(), out, text(c))
	}
}

// hangingKeyring never answers until released.
type hangingKeyring struct {
	release chan struct{}
	once    sync.Once
}

func (h *hangingKeyring) wait()                           { <-h.release }
func (h *hangingKeyring) Set(_, _, _ string) error        { h.wait(); return nil }
func (h *hangingKeyring) Get(_, _ string) (string, error) { h.wait(); return "", keyring.ErrNotFound }
func (h *hangingKeyring) Delete(_, _ string) error        { h.wait(); return nil }
func (h *hangingKeyring) DeleteAll(_ string) error        { h.wait(); return nil }

func TestCredentialKeyringTimeout(t *testing.T) {
	dir := t.TempDir()
	h := &hangingKeyring{release: make(chan struct{})}
	t.Cleanup(func() { h.once.Do(func() { close(h.release) }) })
	store := credentials.NewKeyringStoreWith(h, 30*time.Millisecond)
	c := newCredential(t, dir, store, nil)
	c = fill(t, c, "weather", testClientID, testSecret)
	c, _ = press(t, c, "enter")
	if c.State() != CredentialError {
		t.Fatalf("state %v", c.State())
	}
	requireText(t, c, "did not answer in time", "PE_TUI_CLIENT_SECRET")
	if _, err := os.Stat(filepath.Join(dir, credentials.ConfigFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the config file was written: %v", err)
	}
}

func TestCredentialEmptyFields(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	c := newCredential(t, dir, store, nil)
	c, out := press(t, c, "enter")
	if len(out) != 0 {
		t.Fatalf("empty fields started a save: %#v", out)
	}
	if c.State() != CredentialInitial {
		t.Fatalf("state %v", c.State())
	}
	requireText(t, c, "Enter a name for the profile", "Enter the client id", "Enter the client secret")
	if _, err := os.Stat(filepath.Join(dir, credentials.ConfigFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the config file was written: %v", err)
	}

	// Typing into a field clears its error; other errors stay until the next save.
	c, _ = typeText(t, c, "x")
	rejectText(t, c, "Enter a name for the profile")
	requireText(t, c, "Enter the client id")

	// Bad values are refused with the reason.
	c = newCredential(t, dir, store, nil)
	c = fill(t, c, "bad name", "id with space", "has space")
	c, out = press(t, c, "enter")
	if len(out) != 0 {
		t.Fatalf("bad fields started a save: %#v", out)
	}
	requireText(t, c, "The profile name \"bad name\" has ' ' at position 4", "The client id contains a space", "The client secret has a space")
}

func TestCredentialEscCloses(t *testing.T) {
	store := mockStore(t)
	c := newCredential(t, t.TempDir(), store, nil)
	c = fill(t, c, "weather", testClientID, testSecret)
	_, out := press(t, c, "esc")
	if _, ok := find[CloseMsg](out); !ok || len(out) != 1 {
		t.Fatalf("esc: %#v", out)
	}
	if _, err := keyring.Get(credentials.KeyringService, "weather"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("esc stored the secret: %v", err)
	}
}

func TestCredentialIgnoresKeysWhileSaving(t *testing.T) {
	store := mockStore(t)
	c := newCredential(t, t.TempDir(), store, nil)
	c = fill(t, c, "weather", testClientID, testSecret)
	c, cmd := c.Update(uitest.Key("enter")) // the command is not run: the save is in flight
	if cmd == nil || c.State() != CredentialSaving {
		t.Fatalf("enter: state %v, cmd %v", c.State(), cmd != nil)
	}
	requireText(t, c, "Saving…")
	for _, k := range []string{"esc", "enter", "a", "tab"} {
		var cmd tea.Cmd
		c, cmd = c.Update(uitest.Key(k))
		if cmd != nil || c.State() != CredentialSaving {
			t.Fatalf("%s while saving: state %v, cmd %v", k, c.State(), cmd != nil)
		}
	}
	// An answer meant for another dialog changes nothing.
	c, _ = c.Update(ProfileSavedMsg{Profile: credentials.Profile{Name: "weather"}, id: c.id + 1000})
	if c.State() != CredentialSaving {
		t.Fatalf("a foreign answer moved the state to %v", c.State())
	}
}

func TestCredentialRefusesDuplicateName(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	c := fill(t, newCredential(t, dir, store, nil), "weather", testClientID, testSecret)
	if _, out := press(t, c, "enter"); len(out) == 0 {
		t.Fatal("first save did nothing")
	}
	before := configBytes(t, dir)
	c = fill(t, newCredential(t, dir, store, nil), "weather", "amzn1.other", "othersecret123")
	c, _ = press(t, c, "enter")
	if c.State() != CredentialError {
		t.Fatalf("state %v", c.State())
	}
	requireText(t, c, `A profile named "weather" already exists; choose another name`)
	if got, _ := keyring.Get(credentials.KeyringService, "weather"); got != testSecret {
		t.Fatalf("the duplicate replaced the secret: %q", got)
	}
	if after := configBytes(t, dir); string(after) != string(before) {
		t.Fatal("the duplicate changed the config file")
	}
}

func TestCredentialEditKeepsUsersAndSecret(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	cfg, err := credentials.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	p := credentials.Profile{Name: "weather", ClientID: testClientID, Region: "NA", Stage: "development",
		Users: []credentials.User{{ID: "amzn1.ask.account.TESTER", Label: "my echo"}}}
	if err := cfg.Add(p); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	if err := store.Set("weather", testSecret); err != nil {
		t.Fatal(err)
	}

	c := newCredential(t, dir, store, &p)
	requireText(t, c, "Edit profile weather", "weather (fixed)", "leave empty to keep the stored secret")
	c, _ = press(t, c, "shift+tab") // from client id backwards: the fixed name is skipped
	c, _ = press(t, c, "left")      // stage development → live
	requireText(t, c, "‹ LIVE ›", "real customers")
	c, out := press(t, c, "enter")
	saved, ok := find[ProfileSavedMsg](out)
	if !ok {
		t.Fatalf("no save: %#v\n%s", out, text(c))
	}
	if !saved.Replaced || saved.Profile.Stage != "live" || len(saved.Profile.Users) != 1 || saved.Profile.Users[0].ID != "amzn1.ask.account.TESTER" {
		t.Fatalf("saved %+v", saved)
	}
	if got, _ := keyring.Get(credentials.KeyringService, "weather"); got != testSecret {
		t.Fatalf("an empty secret while editing replaced the stored one: %q", got)
	}

	// A new secret while editing replaces the stored one.
	c = newCredential(t, dir, store, &saved.Profile)
	c, _ = press(t, c, "tab") // client id → secret
	c, _ = typeText(t, c, "newsecret456789")
	if _, out := press(t, c, "enter"); len(out) == 0 {
		t.Fatal("no save")
	}
	if got, _ := keyring.Get(credentials.KeyringService, "weather"); got != "newsecret456789" {
		t.Fatalf("keyring holds %q", got)
	}
}

func TestCredentialConfigUnreadable(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "blocked")
	// A file where the config directory should be: nothing can be saved, and
	// the keyring is not touched.
	if err := os.WriteFile(dir, []byte("not a directory"), 0o600); err != nil {
		t.Fatal(err)
	}
	store := mockStore(t)
	c := fill(t, newCredential(t, dir, store, nil), "weather", testClientID, testSecret)
	c, _ = press(t, c, "enter")
	if c.State() != CredentialError {
		t.Fatalf("state %v", c.State())
	}
	requireText(t, c, "✗ Not saved", "Nothing was changed: creating config directory", "not a directory")
	rejectText(t, c, testSecret)
	if _, err := keyring.Get(credentials.KeyringService, "weather"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("the keyring holds a secret whose profile was not saved: %v", err)
	}
}

func TestCredentialPastedSecretStaysMasked(t *testing.T) {
	dir := t.TempDir()
	store := mockStore(t)
	c := newCredential(t, dir, store, nil)
	c, _ = typeText(t, c, "pasted")
	c, _ = press(t, c, "tab")
	c, _ = drive(t, c, tea.PasteMsg{Content: testClientID})
	c, _ = press(t, c, "tab")
	c, _ = drive(t, c, tea.PasteMsg{Content: testSecret})
	requireText(t, c, testClientID, strings.Repeat("•", len(testSecret)))
	rejectText(t, c, testSecret, testSecret[:8])
	_, out := press(t, c, "enter")
	if _, ok := find[ProfileSavedMsg](out); !ok {
		t.Fatalf("no save: %#v", out)
	}
	if got, _ := keyring.Get(credentials.KeyringService, "pasted"); got != testSecret {
		t.Fatalf("keyring holds %q", got)
	}
}
