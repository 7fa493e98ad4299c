package credentials

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// testSecret is a realistic client secret; tests check it never leaks.
const testSecret = "a8f3c2d1e4b5960718293a4b5c6d7e8f9a0b1c2d3e4f50617283940a1b2c3d4e"

// errNoSecretService is what go-keyring reports on Linux without a Secret Service.
var errNoSecretService = errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")

// useMock installs go-keyring's in-memory mock for one test.
func useMock(t *testing.T) SecretStore {
	t.Helper()
	keyring.MockInit()
	return NewKeyringStore(time.Second)
}

func assertNoSecret(t *testing.T, where, s string) {
	t.Helper()
	if strings.Contains(s, testSecret) || strings.Contains(s, testSecret[:12]) {
		t.Fatalf("%s shows the secret: %q", where, s)
	}
}

func TestKeyringStoreRoundTripWithMock(t *testing.T) {
	s := useMock(t)
	if err := s.Set("skill-a", testSecret); err != nil {
		t.Fatal(err)
	}
	// The entry is where other tools look for it: service pe-tui, account = profile.
	if v, err := keyring.Get(KeyringService, "skill-a"); err != nil || v != testSecret {
		t.Fatalf("raw keyring entry = %q, %v", v, err)
	}
	got, err := s.Get("skill-a")
	if err != nil || got != testSecret {
		t.Fatalf("Get = %q, %v", got, err)
	}
	if err := s.Set("skill-a", "replaced-secret"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Get("skill-a"); got != "replaced-secret" {
		t.Fatalf("Set did not replace the secret, Get = %q", got)
	}
	if err := s.Delete("skill-a"); err != nil {
		t.Fatal(err)
	}
	_, err = s.Get("skill-a")
	if !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Get after Delete = %v, want ErrSecretNotFound", err)
	}
	for _, want := range []string{`"skill-a"`, `service "pe-tui"`, "profile add skill-a --replace"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("not-found error %q lacks %q", err, want)
		}
	}
	if err := s.Delete("skill-a"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("Delete twice = %v, want ErrSecretNotFound", err)
	}
}

func TestKeyringStoreRejectsBadInputBeforeTheKeyring(t *testing.T) {
	s := useMock(t)
	for _, tc := range []struct{ profile, secret, want string }{
		{"ok", "", "empty"},
		{"ok", "has space", "space or control character at position 4"},
		{"ok", "line\n", "control character"},
		{"ok", strings.Repeat("x", 2000), "at most 1024"},
		{"bad name", "secret", "profile name"},
	} {
		err := s.Set(tc.profile, tc.secret)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Set(%q, …) = %v, want error containing %q", tc.profile, err, tc.want)
		}
		if err != nil && tc.secret != "" && strings.Contains(err.Error(), tc.secret) {
			t.Errorf("error shows the secret: %v", err)
		}
	}
	if _, err := keyring.Get(KeyringService, "ok"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("a rejected secret reached the keyring (%v)", err)
	}
}

func TestKeyringUnavailableIsActionable(t *testing.T) {
	keyring.MockInitWithError(errNoSecretService)
	t.Cleanup(keyring.MockInit)
	s := NewKeyringStore(time.Second)
	errs := map[string]error{"Set": s.Set("p", testSecret), "Delete": s.Delete("p")}
	_, errs["Get"] = s.Get("p")
	for op, err := range errs {
		if !errors.Is(err, ErrKeyringUnavailable) {
			t.Fatalf("%s = %v, want ErrKeyringUnavailable", op, err)
		}
		if !errors.Is(err, errNoSecretService) {
			t.Errorf("%s error does not wrap the library's cause", op)
		}
		msg := err.Error()
		for _, want := range []string{`profile "p"`, "PE_TUI_CLIENT_ID", "PE_TUI_CLIENT_SECRET", "never writes the secret to a file", errNoSecretService.Error()} {
			if !strings.Contains(msg, want) {
				t.Errorf("%s error %q lacks %q", op, msg, want)
			}
		}
		assertNoSecret(t, op+" error", msg)
	}
}

func TestKeyringUnsupportedPlatformIsUnavailable(t *testing.T) {
	keyring.MockInitWithError(keyring.ErrUnsupportedPlatform)
	t.Cleanup(keyring.MockInit)
	_, err := NewKeyringStore(0).Get("p")
	if !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Get = %v, want ErrKeyringUnavailable", err)
	}
}

func TestKeyringTooBig(t *testing.T) {
	keyring.MockInitWithError(keyring.ErrSetDataTooBig)
	t.Cleanup(keyring.MockInit)
	err := NewKeyringStore(0).Set("p", testSecret)
	if !errors.Is(err, ErrSecretTooLong) || errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("Set = %v, want ErrSecretTooLong only", err)
	}
	assertNoSecret(t, "too-long error", err.Error())
}

func TestKeyringHintPerPlatform(t *testing.T) {
	for goos, want := range map[string]string{
		"linux":   "gnome-keyring-daemon --unlock",
		"darwin":  "keychain",
		"windows": "Credential Manager",
		"plan9":   "no OS keyring support on plan9",
	} {
		h := keyringHint(goos)
		if !strings.Contains(h, want) || !strings.Contains(h, "PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET") {
			t.Errorf("hint for %s = %q, want %q and the environment variables", goos, h, want)
		}
	}
}

// hangingKeyring blocks every call until release is closed, like a Secret
// Service waiting on an unlock prompt nobody answers.
type hangingKeyring struct {
	release chan struct{}
	mu      sync.Mutex
	calls   int
}

func (h *hangingKeyring) wait() {
	h.mu.Lock()
	h.calls++
	h.mu.Unlock()
	<-h.release
}
func (h *hangingKeyring) Set(service, user, password string) error { h.wait(); return nil }
func (h *hangingKeyring) Get(service, user string) (string, error) {
	h.wait()
	return "late", nil
}
func (h *hangingKeyring) Delete(service, user string) error { h.wait(); return nil }
func (h *hangingKeyring) DeleteAll(service string) error    { h.wait(); return nil }

func (h *hangingKeyring) callCount() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.calls
}

func TestKeyringTimeout(t *testing.T) {
	h := &hangingKeyring{release: make(chan struct{})}
	s := NewKeyringStoreWith(h, 30*time.Millisecond)

	_, err := s.Get("p")
	if !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("Get on a hanging keyring = %v, want ErrKeyringTimeout", err)
	}
	if errors.Is(err, ErrKeyringUnavailable) {
		t.Error("a timeout also matches ErrKeyringUnavailable")
	}
	for _, want := range []string{"within 30ms", "PE_TUI_CLIENT_SECRET"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("timeout error %q lacks %q", err, want)
		}
	}

	// While the first call still hangs, further calls time out without
	// piling up goroutines on the keyring.
	err = s.Set("p", testSecret)
	if !errors.Is(err, ErrKeyringTimeout) || !strings.Contains(err.Error(), "earlier keyring call") {
		t.Fatalf("Set while a call hangs = %v", err)
	}
	assertNoSecret(t, "timeout error", err.Error())
	if err := s.Delete("p"); !errors.Is(err, ErrKeyringTimeout) {
		t.Fatalf("Delete while a call hangs = %v", err)
	}
	if n := h.callCount(); n != 1 {
		t.Fatalf("the keyring saw %d calls, want 1 (later calls must wait, not pile up)", n)
	}

	// Once the keyring answers, the store works again.
	close(h.release)
	got, err := waitGet(s, "p")
	if err != nil || got != "late" {
		t.Fatalf("Get after the keyring recovered = %q, %v", got, err)
	}
}

// waitGet retries Get until the stuck background call has drained.
func waitGet(s SecretStore, profile string) (string, error) {
	var (
		v   string
		err error
	)
	for range 100 {
		v, err = s.Get(profile)
		if !errors.Is(err, ErrKeyringTimeout) {
			return v, err
		}
	}
	return v, err
}
