package dialogs

import (
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

// The commands of the credential and profile dialogs. Each one gets every
// value it needs as an argument (captured when the command is built), does
// its keyring and file I/O, and answers with a message; none touches a model.

// saveProfileCmd stores the secret in the keyring and the profile in the
// config file in dir, as 'pe-tui profile add' does: the keyring is asked
// first, so that nothing is written when it cannot be used; a config file
// that cannot be saved rolls the keyring back. An empty secret while editing
// keeps the stored one.
func saveProfileCmd(id int64, dir string, store credentials.SecretStore, p credentials.Profile, secret string, editing bool) tea.Cmd {
	return func() tea.Msg {
		fail := func(err error) tea.Msg {
			return credentialFailedMsg{id: id, err: redact(err.Error(), secret)}
		}
		if store == nil {
			return fail(fmt.Errorf("nothing was saved: %w: no keyring store was given", credentials.ErrKeyringUnavailable))
		}
		cfg, err := credentials.Load(dir)
		if err != nil {
			return fail(fmt.Errorf("nothing was saved: %w", err))
		}
		old, getErr := cfg.Get(p.Name)
		exists := getErr == nil
		switch {
		case exists && !editing:
			return fail(fmt.Errorf("a profile named %q already exists; choose another name, or edit that profile from the profile list (e)", p.Name))
		case exists:
			p.Users = old.Users
			err = cfg.Update(p)
		default:
			err = cfg.Add(p)
		}
		if err != nil {
			return fail(fmt.Errorf("nothing was saved: %w", err))
		}
		saved, _ := cfg.Get(p.Name)

		if secret != "" {
			// Read the old secret first: it tells whether the keyring works at
			// all, and lets a failed config save put it back.
			previous, err := store.Get(p.Name)
			if err != nil && !errors.Is(err, credentials.ErrSecretNotFound) {
				return fail(fmt.Errorf("nothing was saved: %w", err))
			}
			if err := credentials.SaveWithSecret(cfg, store, p.Name, secret, previous); err != nil {
				return fail(err)
			}
		} else if err := cfg.Save(); err != nil {
			return fail(fmt.Errorf("profile %q was not saved: %w", p.Name, err))
		}
		def, ok := cfg.Default()
		return ProfileSavedMsg{id: id, Profile: saved, Default: ok && def.Name == saved.Name, Replaced: exists}
	}
}

// secretState is what the keyring said about one profile's secret.
type secretState int

const (
	secretUnknown secretState = iota // not asked (yet), or the keyring failed
	secretStored                     // the keyring holds a secret
	secretMissing                    // the keyring holds none
)

// profilesLoadedMsg carries the profiles and what the keyring holds for them.
type profilesLoadedMsg struct {
	id          int64
	profiles    []credentials.Profile
	defaultName string
	secrets     map[string]secretState
	keyringErr  string // why the keyring could not be asked ("" = it answered)
	err         string // why the config could not be read
}

// loadProfilesCmd reads the profile file and asks the keyring, profile by
// profile, whether it holds the secret. The secret itself is dropped at
// once. After the first keyring failure the rest stay unknown, so a hanging
// keyring costs one timeout, not one per profile.
func loadProfilesCmd(id int64, dir string, store credentials.SecretStore) tea.Cmd {
	return func() tea.Msg {
		cfg, err := credentials.Load(dir)
		if err != nil {
			return profilesLoadedMsg{id: id, err: err.Error()}
		}
		msg := profilesLoadedMsg{id: id, profiles: cfg.Profiles(), secrets: map[string]secretState{}}
		if d, ok := cfg.Default(); ok {
			msg.defaultName = d.Name
		}
		if store == nil {
			if len(msg.profiles) > 0 {
				msg.keyringErr = "no keyring store was given"
			}
			return msg
		}
		for _, p := range msg.profiles {
			_, err := store.Get(p.Name)
			switch {
			case err == nil:
				msg.secrets[p.Name] = secretStored
			case errors.Is(err, credentials.ErrSecretNotFound):
				msg.secrets[p.Name] = secretMissing
			default:
				msg.keyringErr = err.Error()
				return msg
			}
		}
		return msg
	}
}

// ProfileRemovedMsg says a profile was removed from the config file (and its
// secret from the keyring). Note says what happened to the secret. The root
// drops the profile from its list, and stops using it if it was active.
type ProfileRemovedMsg struct {
	Name string
	Note string
	id   int64
}

// removeFailedMsg says a removal failed; the profile is kept.
type removeFailedMsg struct {
	id  int64
	err string
}

// removeProfileCmd deletes the profile's secret from the keyring, then the
// profile from the config file, as 'pe-tui profile remove' does: when the
// keyring cannot be reached the profile is kept, so that removing it again
// later also removes the secret.
func removeProfileCmd(id int64, dir string, store credentials.SecretStore, name string) tea.Cmd {
	return func() tea.Msg {
		fail := func(err error) tea.Msg { return removeFailedMsg{id: id, err: err.Error()} }
		cfg, err := credentials.Load(dir)
		if err != nil {
			return fail(fmt.Errorf("nothing was removed: %w", err))
		}
		if err := cfg.Remove(name); err != nil {
			return fail(err)
		}
		if store == nil {
			return fail(fmt.Errorf("profile %q was kept: %w: no keyring store was given", name, credentials.ErrKeyringUnavailable))
		}
		note := "its client secret was deleted from the OS keyring"
		switch err := store.Delete(name); {
		case err == nil:
		case errors.Is(err, credentials.ErrSecretNotFound):
			note = "the OS keyring held no secret for it"
		default:
			return fail(fmt.Errorf("profile %q was kept because its client secret could not be deleted: %w\nTry again once the keyring works, or remove it with 'pe-tui profile remove %s --force'", name, err, name))
		}
		if err := cfg.Save(); err != nil {
			return fail(fmt.Errorf("%s, but the profile could not be removed from the config: %w", note, err))
		}
		return ProfileRemovedMsg{id: id, Name: name, Note: note}
	}
}
