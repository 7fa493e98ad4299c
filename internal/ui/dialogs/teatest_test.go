package dialogs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

// credentialHost runs a Credential dialog as a program, the way the root
// does: keys and every other message go to the dialog.
type credentialHost struct {
	dialog Credential
	saved  []ProfileSavedMsg
	closed bool
}

func (h credentialHost) Init() tea.Cmd { return nil }

func (h credentialHost) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case CloseMsg:
		h.closed = true
		return h, nil
	case ProfileSavedMsg:
		h.saved = append(h.saved, msg)
	}
	var cmd tea.Cmd
	h.dialog, cmd = h.dialog.Update(msg)
	return h, cmd
}

func (h credentialHost) View() tea.View { return tea.NewView(h.dialog.View()) }

// TestFlowCredentialDialog types a profile into the real program, saves it
// with enter and waits for "Saved"; the secret ends up in the keyring only.
func TestFlowCredentialDialog(t *testing.T) {
	dir := t.TempDir()
	keyring.MockInit()
	store := credentials.NewKeyringStore(time.Second)
	c := NewCredential(CredentialOptions{ConfigDir: dir, Store: store})
	c.SetSize(90, 30)
	c.Focus()

	tm := teatest.NewTestModel(t, credentialHost{dialog: c}, teatest.WithInitialTermSize(90, 30))
	waitFor(t, tm, "New profile", "Client id")
	tm.Type("weather")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(testClientID)
	tm.Send(tea.KeyPressMsg{Code: tea.KeyTab})
	tm.Type(testSecret)
	waitFor(t, tm, strings.Repeat("•", 8))
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, "Saved profile weather")

	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(credentialHost)
	if fm.dialog.State() != CredentialSaved || len(fm.saved) != 1 || fm.saved[0].Profile.Name != "weather" || fm.closed {
		t.Fatalf("final: state %v, saved %+v, closed %v", fm.dialog.State(), fm.saved, fm.closed)
	}
	if got, err := keyring.Get(credentials.KeyringService, "weather"); err != nil || got != testSecret {
		t.Fatalf("keyring: %q, %v", got, err)
	}
	cfg, err := os.ReadFile(filepath.Join(dir, credentials.ConfigFileName))
	if err != nil || strings.Contains(string(cfg), testSecret) || !strings.Contains(string(cfg), testClientID) {
		t.Fatalf("config file (%v):\n%s", err, cfg)
	}
	final := ansi.Strip(fm.dialog.View())
	if strings.Contains(final, testSecret) || !strings.Contains(final, "Saved profile weather") {
		t.Fatalf("final view:\n%s", final)
	}
}

// waitFor waits until the program's output (colours stripped) has shown every text.
func waitFor(t *testing.T, tm *teatest.TestModel, texts ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		s := ansi.Strip(string(b))
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}
