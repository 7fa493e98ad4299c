package dialogs

import (
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

// The commands of the credential and profile dialogs. Each one gets every
// value it needs as an argument (captured when the command is built), does
// its keyring and file I/O, and answers with a message; none touches a model.

// saveProfileCmd stores the secret in the keyring and the profile in the
// config file in dir through credentials.AddProfile, as 'pe-tui profile add'
// does. An empty secret while editing keeps the stored one.
func saveProfileCmd(id int64, dir string, store credentials.SecretStore, p credentials.Profile, secret string, editing bool) tea.Cmd {
	return func() tea.Msg {
		res, err := credentials.AddProfile(dir, store, credentials.AddRequest{Profile: p, Secret: secret, Replace: editing})
		if err != nil {
			return credentialFailedMsg{id: id, err: redact(err.Error(), secret)}
		}
		return ProfileSavedMsg{id: id, Profile: res.Profile, Default: res.Default, Replaced: res.Replaced}
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
	Text string // credentials.RemoveResult.Sentence: what the removal did
	id   int64
}

// removeFailedMsg says a removal failed; the profile is kept.
type removeFailedMsg struct {
	id  int64
	err string
}

// removeProfileCmd removes the profile and its secret through
// credentials.RemoveProfile, as 'pe-tui profile remove' does: when the
// keyring cannot be reached the profile is kept, so that removing it again
// later also removes the secret.
func removeProfileCmd(id int64, dir string, store credentials.SecretStore, name string) tea.Cmd {
	return func() tea.Msg {
		res, err := credentials.RemoveProfile(dir, store, name, false)
		if err != nil {
			return removeFailedMsg{id: id, err: err.Error()}
		}
		return ProfileRemovedMsg{id: id, Name: name, Text: res.Sentence(name)}
	}
}
