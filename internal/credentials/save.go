package credentials

import (
	"errors"
	"fmt"
)

// SaveWithSecret stores secret in store as the client secret of profile name
// (already added to or updated in cfg), then writes cfg. The two stay
// consistent: when the keyring refuses the secret, nothing is written; when
// writing cfg fails, the keyring entry goes back to previous (the secret it
// held before, "" = none), and the error says what happened to it. Read
// previous with store.Get before asking anyone for the new secret, so that a
// keyring that cannot be used is reported first. No error holds the secret.
func SaveWithSecret(cfg *Config, store SecretStore, name, secret, previous string) error {
	if err := store.Set(name, secret); err != nil {
		return fmt.Errorf("nothing was saved: %w", err)
	}
	err := cfg.Save()
	if err == nil {
		return nil
	}
	rollback := "the keyring entry was removed again"
	var rbErr error
	if previous != "" {
		rollback = "the previous secret was put back in the keyring"
		rbErr = store.Set(name, previous)
	} else {
		rbErr = store.Delete(name)
	}
	if rbErr != nil && !errors.Is(rbErr, ErrSecretNotFound) {
		rollback = "the keyring entry could not be rolled back (" + rbErr.Error() + "); save it again"
	}
	return fmt.Errorf("profile %q was not saved: %w; %s", name, err, rollback)
}
