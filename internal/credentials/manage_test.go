package credentials

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// slowStore is an in-memory SecretStore whose every call takes a moment, so
// that concurrent profile changes overlap as they do against a real keyring.
type slowStore struct {
	mu      sync.Mutex
	secrets map[string]string
	delay   time.Duration
}

func newSlowStore() *slowStore {
	return &slowStore{secrets: map[string]string{}, delay: 2 * time.Millisecond}
}

func (s *slowStore) Get(name string) (string, error) {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	v, ok := s.secrets[name]
	if !ok {
		return "", fmt.Errorf("%w: %s", ErrSecretNotFound, name)
	}
	return v, nil
}

func (s *slowStore) Set(name, secret string) error {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets[name] = secret
	return nil
}

func (s *slowStore) Delete(name string) error {
	time.Sleep(s.delay)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.secrets[name]; !ok {
		return fmt.Errorf("%w: %s", ErrSecretNotFound, name)
	}
	delete(s.secrets, name)
	return nil
}

// parallel runs f(0..n-1) at once and returns their errors.
func parallel(n int, f func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = f(i)
		}()
	}
	close(start)
	wg.Wait()
	return errs
}

// TestConcurrentProfileChangesAreSerialized: eight parallel first adds of
// different profiles all land, each with its own secret and none orphaned;
// six parallel replaces of one profile leave a client id paired with the
// secret given with it; eight parallel adds of one name leave exactly one
// winner whose secret no loser touched.
func TestConcurrentProfileChangesAreSerialized(t *testing.T) {
	dir := t.TempDir()
	store := newSlowStore()

	errs := parallel(8, func(i int) error {
		_, err := AddProfile(dir, store, AddRequest{Profile: Profile{Name: fmt.Sprintf("p%d", i), ClientID: fmt.Sprintf("cid-%d", i)}, Secret: fmt.Sprintf("secret-%d", i)})
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("add p%d: %v", i, err)
		}
	}
	cfg, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.Names(); len(got) != 8 {
		t.Fatalf("profiles after 8 parallel adds: %v", got)
	}
	if len(store.secrets) != 8 {
		t.Fatalf("keyring holds %d secrets for 8 profiles", len(store.secrets))
	}
	for _, p := range cfg.Profiles() {
		if want := "secret-" + strings.TrimPrefix(p.ClientID, "cid-"); store.secrets[p.Name] != want {
			t.Errorf("profile %s (%s) is paired with secret %q", p.Name, p.ClientID, store.secrets[p.Name])
		}
	}

	errs = parallel(6, func(i int) error {
		_, err := AddProfile(dir, store, AddRequest{Profile: Profile{Name: "p0", ClientID: fmt.Sprintf("new-%d", i)}, Secret: fmt.Sprintf("newsecret-%d", i), Replace: true})
		return err
	})
	for i, err := range errs {
		if err != nil {
			t.Errorf("replace %d: %v", i, err)
		}
	}
	cfg, _ = Load(dir)
	p, _ := cfg.Get("p0")
	if want := "newsecret-" + strings.TrimPrefix(p.ClientID, "new-"); store.secrets["p0"] != want {
		t.Fatalf("after parallel replaces client id %s is paired with secret %q, want %q", p.ClientID, store.secrets["p0"], want)
	}

	errs = parallel(8, func(i int) error {
		_, err := AddProfile(dir, store, AddRequest{Profile: Profile{Name: "same", ClientID: fmt.Sprintf("same-%d", i)}, Secret: fmt.Sprintf("samesecret-%d", i)})
		return err
	})
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ErrProfileExists):
			t.Errorf("a losing add failed with %v, want ErrProfileExists", err)
		}
	}
	cfg, _ = Load(dir)
	p, _ = cfg.Get("same")
	if want := "samesecret-" + strings.TrimPrefix(p.ClientID, "same-"); won != 1 || store.secrets["same"] != want {
		t.Fatalf("%d adds of one name won; client id %s is paired with %q, want %q", won, p.ClientID, store.secrets["same"], want)
	}
}

// TestProfileLockTimesOut: while another process holds the lock, a change
// waits LockTimeout, then fails with ErrProfilesBusy naming the lock file,
// having written nothing.
func TestProfileLockTimesOut(t *testing.T) {
	dir := t.TempDir()
	unlock, err := lockProfiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	saved := LockTimeout
	LockTimeout = 100 * time.Millisecond
	defer func() { LockTimeout = saved }()
	store := newSlowStore()
	_, err = AddProfile(dir, store, AddRequest{Profile: Profile{Name: "a", ClientID: "c"}, Secret: testSecret})
	if !errors.Is(err, ErrProfilesBusy) || !strings.Contains(err.Error(), filepath.Join(dir, LockFileName)) {
		t.Fatalf("AddProfile while locked = %v, want ErrProfilesBusy naming the lock file", err)
	}
	if len(store.secrets) != 0 {
		t.Fatal("a change that could not take the lock wrote the keyring")
	}
	if _, err := os.Stat(filepath.Join(dir, ConfigFileName)); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a change that could not take the lock wrote the config (%v)", err)
	}
}

// TestAddAndRemoveShareOneSetOfTexts: the texts the CLI and the TUI both show
// come from here: an existing profile names both ways to replace it, a
// keyring that cannot delete keeps the profile and names --force and the
// manual command.
func TestAddAndRemoveShareOneSetOfTexts(t *testing.T) {
	dir := t.TempDir()
	store := newSlowStore()
	if _, err := AddProfile(dir, store, AddRequest{Profile: Profile{Name: "a", ClientID: "cid-a"}, Secret: testSecret}); err != nil {
		t.Fatal(err)
	}
	_, err := PrepareAdd(dir, store, Profile{Name: "a", ClientID: "cid-b"}, false)
	if !errors.Is(err, ErrProfileExists) {
		t.Fatalf("PrepareAdd of an existing profile = %v", err)
	}
	for _, want := range []string{`a profile named "a" already exists; choose another name`, "--replace", "e in the profile list", "client id cid-a"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err, want)
		}
	}
	_, err = RemoveProfile(dir, failingStore{}, "a", false)
	for _, want := range []string{`profile "a" was kept`, "--force", ManualDeleteHint("a")} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("RemoveProfile with a broken keyring = %v, want it to contain %q", err, want)
		}
	}
	res, err := RemoveProfile(dir, failingStore{}, "a", true)
	if err != nil || !res.SecretLeft || !strings.Contains(res.SecretNote, ManualDeleteHint("a")) {
		t.Fatalf("forced RemoveProfile = %+v, %v", res, err)
	}
	if cfg, _ := Load(dir); len(cfg.Names()) != 0 {
		t.Fatal("forced remove kept the profile")
	}
}

// failingStore is a keyring that cannot be reached.
type failingStore struct{}

func (failingStore) Get(string) (string, error) { return "", ErrKeyringUnavailable }
func (failingStore) Set(string, string) error   { return ErrKeyringUnavailable }
func (failingStore) Delete(string) error        { return ErrKeyringUnavailable }

// TestLoadRefusesAHugeFile: a profile file over maxConfigSize is refused
// without being read whole.
func TestLoadRefusesAHugeFile(t *testing.T) {
	dir := t.TempDir()
	data := []byte(`{"version": 1, "profiles": [], "x": "` + strings.Repeat("a", maxConfigSize) + `"}`)
	if err := os.WriteFile(filepath.Join(dir, ConfigFileName), data, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir); !errors.Is(err, ErrConfigInvalid) || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("Load of a %d-byte file = %v", len(data), err)
	}
}

// Every removal sentence is one sentence: the secret's clause follows a
// semicolon, so no lower-case word follows a full stop (issue 14 point 20d).
func TestRemoveSentenceCapitalisation(t *testing.T) {
	dir := t.TempDir()
	if _, err := AddProfile(dir, newSlowStore(), AddRequest{Profile: Profile{Name: "a", ClientID: "cid-a"}, Secret: testSecret}); err != nil {
		t.Fatal(err)
	}
	res, err := RemoveProfile(dir, failingStore{}, "a", true)
	if err != nil {
		t.Fatal(err)
	}
	got := res.Sentence(`"a"`)
	if !strings.HasPrefix(got, `Removed profile "a"; its client secret may still be`) || !strings.HasSuffix(got, ".") {
		t.Fatalf("Sentence = %q", got)
	}
	if i := strings.Index(got, ". "); i >= 0 && i+2 < len(got) && got[i+2] >= 'a' && got[i+2] <= 'z' {
		t.Fatalf("Sentence %q has a lower-case word after a full stop", got)
	}
}
