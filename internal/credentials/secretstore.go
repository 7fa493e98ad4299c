package credentials

import (
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/zalando/go-keyring"
)

// KeyringService is the keyring service name every pe-tui secret is stored
// under; the account is the profile name.
const KeyringService = "pe-tui"

// DefaultTimeout bounds each keyring call made through NewKeyringStore.
const DefaultTimeout = 3 * time.Second

// Errors of a SecretStore; test for them with errors.Is. The errors returned
// carry an actionable message and never the secret.
var (
	ErrSecretNotFound = errors.New("no client secret in the OS keyring")
	// ErrKeyringUnavailable: no keyring service could be reached or used
	// (headless Linux, WSL, locked keyring, unsupported platform).
	ErrKeyringUnavailable = errors.New("the OS keyring is unavailable")
	// ErrKeyringTimeout: the keyring did not answer in time (a hanging
	// Secret Service, or one waiting for an unlock prompt nobody sees).
	ErrKeyringTimeout = errors.New("the OS keyring did not answer in time")
	// ErrSecretTooLong: the keyring refused the secret because of its size.
	ErrSecretTooLong = errors.New("the secret is too long for the OS keyring")
)

// SecretStore keeps one client secret per profile name. Implementations must
// return errors wrapping the sentinel errors above and never include the
// secret in an error.
type SecretStore interface {
	// Get returns the profile's secret, or an error wrapping ErrSecretNotFound.
	Get(profile string) (string, error)
	// Set stores (or replaces) the profile's secret.
	Set(profile, secret string) error
	// Delete removes the profile's secret, or returns an error wrapping
	// ErrSecretNotFound when there was none.
	Delete(profile string) error
}

// keyringStore is the SecretStore over a go-keyring provider.
type keyringStore struct {
	backend keyring.Keyring
	timeout time.Duration
	// busy admits one keyring call at a time, so a hanging keyring leaks at
	// most one goroutine however often the caller retries.
	busy chan struct{}
}

// NewKeyringStore returns the SecretStore backed by the OS keyring through
// go-keyring (Secret Service on Linux, Keychain on macOS, Credential Manager
// on Windows), service KeyringService. Each call gives up after timeout
// (DefaultTimeout when timeout <= 0) with ErrKeyringTimeout; the call may go
// on in the background until the keyring answers. Tests can call
// keyring.MockInit first to use the library's in-memory mock.
func NewKeyringStore(timeout time.Duration) SecretStore {
	return NewKeyringStoreWith(libraryKeyring{}, timeout)
}

// NewKeyringStoreWith is NewKeyringStore over any go-keyring provider; tests
// use it to simulate a keyring that fails or hangs.
func NewKeyringStoreWith(backend keyring.Keyring, timeout time.Duration) SecretStore {
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &keyringStore{backend: backend, timeout: timeout, busy: make(chan struct{}, 1)}
}

// libraryKeyring calls go-keyring's package functions, so keyring.MockInit
// takes effect. Without a D-Bus session bus it fails at once (checkSessionBus)
// instead of letting the D-Bus library autolaunch a bus.
type libraryKeyring struct{}

func (libraryKeyring) Set(service, user, password string) error {
	if err := checkSessionBus(); err != nil {
		return err
	}
	return keyring.Set(service, user, password)
}

func (libraryKeyring) Get(service, user string) (string, error) {
	if err := checkSessionBus(); err != nil {
		return "", err
	}
	return keyring.Get(service, user)
}

func (libraryKeyring) Delete(service, user string) error {
	if err := checkSessionBus(); err != nil {
		return err
	}
	return keyring.Delete(service, user)
}

func (libraryKeyring) DeleteAll(service string) error {
	if err := checkSessionBus(); err != nil {
		return err
	}
	return keyring.DeleteAll(service)
}

// Get implements SecretStore.
func (s *keyringStore) Get(profile string) (string, error) {
	var secret string
	err := s.call("reading", profile, func() error {
		v, err := s.backend.Get(KeyringService, profile)
		secret = v
		return err
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// Set implements SecretStore.
func (s *keyringStore) Set(profile, secret string) error {
	if err := ValidateName(profile); err != nil {
		return err
	}
	if err := CheckSecret(secret); err != nil {
		return err
	}
	return s.call("storing", profile, func() error { return s.backend.Set(KeyringService, profile, secret) })
}

// Delete implements SecretStore.
func (s *keyringStore) Delete(profile string) error {
	return s.call("deleting", profile, func() error { return s.backend.Delete(KeyringService, profile) })
}

// call runs f with the store's timeout and maps its error.
func (s *keyringStore) call(op, profile string, f func() error) error {
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	select {
	case s.busy <- struct{}{}:
	case <-timer.C:
		return keyringErr(op, profile, ErrKeyringTimeout, fmt.Errorf("an earlier keyring call is still waiting after %v", s.timeout))
	}
	done := make(chan error, 1) // buffered: a late answer must not block the goroutine
	go func() {
		defer func() { <-s.busy }()
		done <- f()
	}()
	select {
	case err := <-done:
		return mapKeyringError(op, profile, err)
	case <-timer.C:
		return keyringErr(op, profile, ErrKeyringTimeout, fmt.Errorf("no answer within %v", s.timeout))
	}
}

// mapKeyringError turns a go-keyring error into one wrapping our sentinels.
func mapKeyringError(op, profile string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return &keyringError{op: op, profile: profile, kind: ErrSecretNotFound}
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return &keyringError{op: op, profile: profile, kind: ErrSecretTooLong}
	default:
		// Anything else means the keyring service cannot be reached or used:
		// no D-Bus session, no Secret Service, a locked or dismissed unlock
		// prompt, an unsupported platform.
		return keyringErr(op, profile, ErrKeyringUnavailable, err)
	}
}

func keyringErr(op, profile string, kind, cause error) error {
	return &keyringError{op: op, profile: profile, kind: kind, cause: cause, hint: KeyringHint()}
}

// keyringError is the error of a keyring call: errors.Is matches its kind
// (one of the sentinels) and its cause.
type keyringError struct {
	op, profile string
	kind        error
	cause       error
	hint        string
}

func (e *keyringError) Error() string {
	msg := fmt.Sprintf("%s the client secret of profile %q: %v", e.op, e.profile, e.kind)
	if e.kind == ErrSecretNotFound {
		msg += fmt.Sprintf(" (service %q, account %q)", KeyringService, e.profile)
		if e.op == "reading" {
			msg += fmt.Sprintf("; store it again with 'pe-tui profile add %s --replace --client-id ID'", e.profile)
		}
	}
	if e.cause != nil {
		msg += " (" + e.cause.Error() + ")"
	}
	if e.hint != "" {
		msg += "\n" + e.hint
	}
	return msg
}

func (e *keyringError) Unwrap() []error {
	if e.cause == nil {
		return []error{e.kind}
	}
	return []error{e.kind, e.cause}
}

// KeyringHint says, for this platform, how to make the OS keyring usable and
// that the environment variables work instead. pe-tui never falls back to
// storing the secret in a file.
func KeyringHint() string {
	return keyringHint(runtime.GOOS)
}

func keyringHint(goos string) string {
	const env = "Or skip the keyring: set PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET in the environment (pe-tui never writes the secret to a file)."
	switch goos {
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly":
		return "pe-tui keeps client secrets in a Secret Service keyring on the session D-Bus, and none could be used.\n" +
			"  - desktop: install gnome-keyring (apt-get install gnome-keyring) or KeePassXC with Secret Service integration, and unlock the login keyring;\n" +
			"  - headless Linux or WSL: install gnome-keyring and dbus, then work inside a session with an unlocked keyring:\n" +
			"      dbus-run-session -- sh -c 'printf %s \"$KEYRING_PASSWORD\" | gnome-keyring-daemon --unlock --components=secrets; exec \"$SHELL\"'\n" + env
	case "darwin":
		return "pe-tui keeps client secrets in the macOS login keychain; unlock it (Keychain Access, or `security unlock-keychain`) and allow pe-tui access.\n" + env
	case "windows":
		return "pe-tui keeps client secrets in the Windows Credential Manager; make sure it is available for your user session.\n" + env
	default:
		return "pe-tui has no OS keyring support on " + goos + ".\n" + env
	}
}
