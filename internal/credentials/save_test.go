package credentials

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

// TestSaveWithSecret: the secret and the profile are saved together, and a
// config file that cannot be written leaves the keyring as it was before.
func TestSaveWithSecret(t *testing.T) {
	store := useMock(t)
	dir := t.TempDir()
	cfg, _ := Load(dir)
	mustAdd(t, cfg, Profile{Name: "a", ClientID: "1"})
	if err := SaveWithSecret(cfg, store, "a", testSecret, ""); err != nil {
		t.Fatal(err)
	}
	if got, err := store.Get("a"); err != nil || got != testSecret {
		t.Fatalf("keyring after save = %q, %v", got, err)
	}
	if back, _ := Load(dir); len(back.Names()) != 1 {
		t.Fatalf("config after save has %v", back.Names())
	}

	// Another writer changes the file: Save fails, so the new secret must
	// not stay in the keyring.
	others := 0
	changed := func() *Config {
		mine, _ := Load(dir)
		theirs, _ := Load(dir)
		others++
		mustAdd(t, theirs, Profile{Name: "theirs" + strconv.Itoa(others), ClientID: "2"})
		if err := theirs.Save(); err != nil {
			t.Fatal(err)
		}
		return mine
	}
	err := SaveWithSecret(changed(), store, "a", "replacement-secret", testSecret)
	if !errors.Is(err, ErrConfigChanged) || !strings.Contains(err.Error(), "previous secret was put back") {
		t.Fatalf("save over a changed file = %v", err)
	}
	if got, _ := store.Get("a"); got != testSecret {
		t.Fatalf("keyring after a failed save = %q, want the previous secret", got)
	}
	err = SaveWithSecret(changed(), store, "b", testSecret, "")
	if !errors.Is(err, ErrConfigChanged) || !strings.Contains(err.Error(), "keyring entry was removed again") {
		t.Fatalf("save of a new profile over a changed file = %v", err)
	}
	if _, err := store.Get("b"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("keyring after a failed save of a new profile: %v", err)
	}
	assertNoSecret(t, "error", err.Error())
}
