package credentials

import (
	"errors"
	"fmt"
	"runtime"
)

// The functions of this file are the profile changes both the CLI
// ('pe-tui profile …') and the TUI's credential dialogs make. Each one holds
// the profile lock (LockFileName beside the profile file) from reading the
// file until the file and the keyring are both written, so concurrent pe-tui
// processes change profiles one after the other: none overwrites another's
// profile, and a failed change rolls back only what it wrote itself. Their
// errors are the one set of texts both front ends show; none holds a secret.

// AddRequest is a profile to add, or to replace when Replace is set.
type AddRequest struct {
	// Profile gives the name, client id, region and stage ("" = the
	// defaults). Users are ignored: a new profile has none, a replaced one
	// keeps its own.
	Profile Profile
	// Secret is the client secret for the keyring. "" keeps the stored one,
	// which only a replace may do.
	Secret string
	// Replace allows changing an existing profile of that name; without it
	// an existing profile is an error wrapping ErrProfileExists.
	Replace bool
}

// AddResult says what AddProfile stored.
type AddResult struct {
	Profile  Profile // as stored: canonical region and stage, saved users kept
	Replaced bool    // an existing profile was replaced
	Default  bool    // it is the default profile
	Path     string  // the profile file
}

// PrepareAdd checks, before anyone is asked for a secret, what AddProfile
// would refuse: a bad profile, an existing one without replace, a config
// file that cannot be read, a keyring that cannot be used. It returns the
// existing profile of that name, if any. It writes nothing and takes no
// lock, so AddProfile checks everything again.
func PrepareAdd(dir string, store SecretStore, p Profile, replace bool) (existing *Profile, err error) {
	cfg, err := Load(dir)
	if err != nil {
		return nil, fmt.Errorf("nothing was saved: %w", err)
	}
	if existing, err = stage(cfg, p, replace); err != nil {
		return nil, err
	}
	if err := probeKeyring(store, p.Name); err != nil {
		return nil, err
	}
	return existing, nil
}

// AddProfile adds or replaces a profile and stores its secret in the
// keyring, as one change under the profile lock: the keyring is asked
// first, so that nothing is written when it cannot be used; when the file
// cannot be written the keyring entry goes back to what it held before.
// The first profile added becomes the default.
func AddProfile(dir string, store SecretStore, req AddRequest) (AddResult, error) {
	if err := ValidateName(req.Profile.Name); err != nil {
		return AddResult{}, err
	}
	if store == nil {
		return AddResult{}, fmt.Errorf("nothing was saved: %w: no keyring store was given", ErrKeyringUnavailable)
	}
	var res AddResult
	err := withLock(dir, func(cfg *Config) error {
		name := req.Profile.Name
		existing, err := stage(cfg, req.Profile, req.Replace)
		if err != nil {
			return err
		}
		if req.Secret == "" && existing == nil {
			return fmt.Errorf("nothing was saved: the client secret of new profile %q is empty", name)
		}
		if req.Secret == "" {
			if err := cfg.Save(); err != nil {
				return fmt.Errorf("profile %q was not saved: %w", name, err)
			}
		} else {
			previous, err := store.Get(name)
			if err != nil && !errors.Is(err, ErrSecretNotFound) {
				return fmt.Errorf("nothing was saved: %w", err)
			}
			if err := SaveWithSecret(cfg, store, name, req.Secret, previous); err != nil {
				return err
			}
		}
		res.Profile, _ = cfg.Get(name)
		res.Replaced = existing != nil
		d, ok := cfg.Default()
		res.Default = ok && d.Name == name
		res.Path = cfg.Path()
		return nil
	})
	return res, err
}

// RemoveResult says what RemoveProfile did.
type RemoveResult struct {
	// SecretNote says, as a clause, what happened to the client secret.
	SecretNote string
	// SecretLeft: the secret may still be in the keyring (force was used).
	SecretLeft bool
	// NoDefault: profiles remain but none is the default any more.
	NoDefault bool
}

// Sentence is the one report of the removal of profile name, for the
// command line and the TUI alike: "Removed profile alpha; its client secret
// was deleted from the OS keyring." (SecretNote is a clause, so it follows a
// semicolon, never a full stop).
func (r RemoveResult) Sentence(name string) string {
	return "Removed profile " + name + "; " + r.SecretNote + "."
}

// RemoveProfile deletes the profile's secret from the keyring, then the
// profile from the config file, under the profile lock. When the keyring
// cannot be reached the profile is kept, so that removing it again later
// also removes the secret; force removes it anyway (SecretLeft).
func RemoveProfile(dir string, store SecretStore, name string, force bool) (RemoveResult, error) {
	var res RemoveResult
	err := withLock(dir, func(cfg *Config) error {
		if err := cfg.Remove(name); err != nil {
			return err
		}
		res.SecretNote = "its client secret was deleted from the OS keyring"
		var err error
		if store == nil {
			err = fmt.Errorf("%w: no keyring store was given", ErrKeyringUnavailable)
		} else {
			err = store.Delete(name)
		}
		switch {
		case err == nil:
		case errors.Is(err, ErrSecretNotFound):
			res.SecretNote = "the OS keyring held no secret for it"
		case force:
			res.SecretLeft = true
			res.SecretNote = "its client secret may still be in the OS keyring (" + err.Error() + "); delete it later with: " + ManualDeleteHint(name)
		default:
			return fmt.Errorf("profile %q was kept because its client secret could not be deleted: %w\n"+
				"Try again once the keyring works, or remove the profile now with 'pe-tui profile remove %s --force' and delete the secret later with: %s",
				name, err, name, ManualDeleteHint(name))
		}
		if err := cfg.Save(); err != nil {
			return fmt.Errorf("%s, but the profile could not be removed from the config: %w", res.SecretNote, err)
		}
		_, hasDefault := cfg.Default()
		res.NoDefault = !hasDefault && len(cfg.profiles) > 0
		return nil
	})
	return res, err
}

// UseProfile makes the named profile the default, under the profile lock,
// and returns it.
func UseProfile(dir, name string) (Profile, error) {
	var p Profile
	err := withLock(dir, func(cfg *Config) error {
		if err := cfg.Use(name); err != nil {
			return err
		}
		if err := cfg.Save(); err != nil {
			return err
		}
		p, _ = cfg.Get(name)
		return nil
	})
	return p, err
}

// AddProfileUser saves a Unicast user in a profile, under the profile lock.
func AddProfileUser(dir, profile string, u User) error {
	return withLock(dir, func(cfg *Config) error {
		if err := cfg.AddUser(profile, u); err != nil {
			return err
		}
		return cfg.Save()
	})
}

// PutProfileUser saves a Unicast user in a profile, or updates the saved
// user of that id (Config.PutUser), under the profile lock. check, when
// not nil, is given the profile as read under the lock and can refuse the
// change. It returns the profile as saved and whether the user is new.
func PutProfileUser(dir, profile string, u User, check func(Profile) error) (p Profile, added bool, err error) {
	err = withLock(dir, func(cfg *Config) error {
		if check != nil {
			have, err := cfg.Get(profile)
			if err != nil {
				return err
			}
			if err := check(have); err != nil {
				return err
			}
		}
		if added, err = cfg.PutUser(profile, u); err != nil {
			return err
		}
		if err := cfg.Save(); err != nil {
			return err
		}
		p, _ = cfg.Get(profile)
		return nil
	})
	return p, added, err
}

// RemoveProfileUser forgets a Unicast user of a profile, under the profile
// lock.
func RemoveProfileUser(dir, profile, id string) error {
	return withLock(dir, func(cfg *Config) error {
		if err := cfg.RemoveUser(profile, id); err != nil {
			return err
		}
		return cfg.Save()
	})
}

// ManualDeleteHint says how to delete a profile's keyring entry by hand.
func ManualDeleteHint(name string) string {
	if runtime.GOOS == "linux" {
		return fmt.Sprintf("secret-tool clear service %s username %s", KeyringService, name)
	}
	return fmt.Sprintf("delete the entry with service %q and account %q in your OS keychain tool", KeyringService, name)
}

// withLock runs change on the config of dir ("" = DefaultDir()) read while
// holding the profile lock.
func withLock(dir string, change func(*Config) error) error {
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return err
		}
		dir = d
	}
	unlock, err := lockProfiles(dir)
	if err != nil {
		return fmt.Errorf("nothing was changed: %w", err)
	}
	defer unlock()
	cfg, err := Load(dir)
	if err != nil {
		return fmt.Errorf("nothing was changed: %w", err)
	}
	return change(cfg)
}

// stage adds p to cfg, or replaces the profile of its name (keeping its
// users) when replace is set, and returns the profile it replaced.
func stage(cfg *Config, p Profile, replace bool) (*Profile, error) {
	if err := ValidateName(p.Name); err != nil {
		return nil, err
	}
	old, err := cfg.Get(p.Name)
	if err != nil {
		p.Users = nil
		if err := cfg.Add(p); err != nil {
			return nil, fmt.Errorf("nothing was saved: %w", err)
		}
		return nil, nil
	}
	if !replace {
		return nil, &kindError{kind: ErrProfileExists, msg: fmt.Sprintf("a profile named %q already exists; choose another name, replace it with 'pe-tui profile add %s --replace' (in the TUI: e in the profile list), or remove it first (it has client id %s, region %s, stage %s)",
			p.Name, p.Name, old.ClientID, old.Region, old.Stage)}
	}
	p.Users = old.Users
	if p.SkillID == "" {
		p.SkillID = old.SkillID
	}
	if err := cfg.Update(p); err != nil {
		return nil, fmt.Errorf("nothing was saved: %w", err)
	}
	return &old, nil
}

// probeKeyring asks the keyring for the profile's secret, to learn whether
// it can be used at all before anyone types a secret.
func probeKeyring(store SecretStore, name string) error {
	if store == nil {
		return fmt.Errorf("nothing was saved: %w: no keyring store was given", ErrKeyringUnavailable)
	}
	if _, err := store.Get(name); err != nil && !errors.Is(err, ErrSecretNotFound) {
		return fmt.Errorf("nothing was saved: %w", err)
	}
	return nil
}

// kindError is an error with its own text that errors.Is matches to kind.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string { return e.msg }
func (e *kindError) Unwrap() error { return e.kind }
