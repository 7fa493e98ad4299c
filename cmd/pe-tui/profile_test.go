package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

// profileTestSecret is a realistic client secret; tests check it never leaks.
const profileTestSecret = "7c1e9a5b3d2f4e6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a"

var errProfileNoSecretService = errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'")

// profileEnv is one test's isolated home, config dir and mock keyring.
type profileEnv struct {
	t         *testing.T
	home      string
	configDir string
	// outputs collects everything every command printed, for leak scans.
	outputs strings.Builder
}

type profileResult struct {
	code           int
	stdout, stderr string
}

func profileSetup(t *testing.T) *profileEnv {
	t.Helper()
	keyring.MockInit()
	home := t.TempDir()
	e := &profileEnv{t: t, home: home, configDir: filepath.Join(home, "config", "pe-tui")}
	t.Setenv("HOME", home)
	for _, v := range []string{"XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"} {
		t.Setenv(v, filepath.Join(home, strings.ToLower(strings.TrimPrefix(v, "XDG_"))))
	}
	t.Setenv("PE_TUI_CONFIG_DIR", e.configDir)
	t.Setenv(credentials.EnvClientID, "")
	t.Setenv(credentials.EnvClientSecret, "")
	saved := profileNewStore
	t.Cleanup(func() { profileNewStore = saved; keyring.MockInit() })
	return e
}

// run executes pe-tui with args and stdin like main does, capturing output.
func (e *profileEnv) run(stdin string, args ...string) profileResult {
	e.t.Helper()
	var out, errb bytes.Buffer
	code := execute(args, strings.NewReader(stdin), &out, &errb)
	r := profileResult{code: code, stdout: out.String(), stderr: errb.String()}
	e.outputs.WriteString(r.stdout + r.stderr)
	return r
}

// mustRun runs a command that must succeed.
func (e *profileEnv) mustRun(stdin string, args ...string) profileResult {
	e.t.Helper()
	r := e.run(stdin, args...)
	if r.code != exitOK {
		e.t.Fatalf("pe-tui %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

// fail runs a command that must exit with code and print all of want.
func (e *profileEnv) fail(code int, stdin string, args []string, want ...string) profileResult {
	e.t.Helper()
	r := e.run(stdin, args...)
	if r.code != code {
		e.t.Fatalf("pe-tui %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			e.t.Errorf("pe-tui %s: stderr lacks %q:\n%s", strings.Join(args, " "), w, r.stderr)
		}
	}
	return r
}

func (e *profileEnv) configPath() string {
	return filepath.Join(e.configDir, credentials.ConfigFileName)
}

func (e *profileEnv) config() *credentials.Config {
	e.t.Helper()
	c, err := credentials.Load(e.configDir)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *profileEnv) assertNoConfigFile() {
	e.t.Helper()
	if _, err := os.Stat(e.configPath()); !errors.Is(err, os.ErrNotExist) {
		e.t.Fatalf("a config file was written (stat: %v)", err)
	}
}

func profileKeyringHas(t *testing.T, name string) (string, bool) {
	t.Helper()
	v, err := keyring.Get(credentials.KeyringService, name)
	return v, err == nil
}

func (e *profileEnv) addMain() {
	e.t.Helper()
	e.mustRun(profileTestSecret+"\n", "profile", "add", "main", "--client-id", "amzn1.application-oa2-client.main", "--region", "eu", "--stage", "live", "--secret-stdin")
}

func TestProfileAddSecretStdinAndList(t *testing.T) {
	e := profileSetup(t)
	r := e.mustRun("  "+profileTestSecret+"\r\n", "profile", "add", "main", "--client-id", "amzn1.application-oa2-client.main", "--region", "eu", "--stage", "LIVE", "--secret-stdin")
	for _, want := range []string{`Added profile "main"`, "region EU, stage live", `service "pe-tui", account "main"`, `"main" is the default profile`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("add output lacks %q:\n%s", want, r.stdout)
		}
	}
	if v, ok := profileKeyringHas(t, "main"); !ok || v != profileTestSecret {
		t.Fatalf("keyring holds %q (%v), want the trimmed secret", v, ok)
	}
	p, err := e.config().Get("main")
	if err != nil || p.ClientID != "amzn1.application-oa2-client.main" || p.Region != "EU" || p.Stage != "live" {
		t.Fatalf("saved profile = %+v, %v", p, err)
	}
	if info, err := os.Stat(e.configPath()); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("config file: %v, mode %v", err, info.Mode())
	}

	r = e.mustRun("", "profile", "list")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[1], "*") {
		t.Fatalf("list:\n%s", r.stdout)
	}
	for _, want := range []string{"main", "amzn1.application-oa2-client.main", "EU", "live", "in keyring"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("list row lacks %q: %s", want, lines[1])
		}
	}

	r = e.mustRun("", "profile", "list", "--json")
	var doc struct {
		ConfigFile  string
		Default     string
		Environment bool
		Profiles    []map[string]any
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("list --json: %v\n%s", err, r.stdout)
	}
	if doc.ConfigFile != e.configPath() || doc.Default != "main" || doc.Environment || len(doc.Profiles) != 1 {
		t.Fatalf("list --json = %+v", doc)
	}
	pr := doc.Profiles[0]
	if pr["name"] != "main" || pr["clientId"] != "amzn1.application-oa2-client.main" || pr["secret"] != "stored" || pr["default"] != true || pr["region"] != "EU" {
		t.Fatalf("list --json profile = %v", pr)
	}
	if users, ok := pr["users"].([]any); !ok || len(users) != 0 {
		t.Fatalf("users = %#v, want []", pr["users"])
	}
}

func TestProfileAddSecondProfileIsNotDefault(t *testing.T) {
	e := profileSetup(t)
	e.addMain()
	r := e.mustRun("second-secret", "profile", "add", "two", "--client-id", "cid-two", "--secret-stdin")
	if !strings.Contains(r.stdout, "pe-tui profile use two") {
		t.Fatalf("second add should suggest 'profile use':\n%s", r.stdout)
	}
	if d, _ := e.config().Default(); d.Name != "main" {
		t.Fatalf("default = %q, want main", d.Name)
	}
}

func TestProfileAddFromASKJSON(t *testing.T) {
	e := profileSetup(t)
	file := filepath.Join(t.TempDir(), "creds.json")
	doc := `{"skillMessagingCredentials": {"clientId": "amzn1.application-oa2-client.ask", "clientSecret": "` + profileTestSecret + `"}}`
	os.WriteFile(file, []byte(doc), 0o600)

	e.mustRun("", "profile", "add", "ask", "--from-ask-json", file)
	if v, _ := profileKeyringHas(t, "ask"); v != profileTestSecret {
		t.Fatal("the secret from the ASK JSON is not in the keyring")
	}
	if p, _ := e.config().Get("ask"); p.ClientID != "amzn1.application-oa2-client.ask" {
		t.Fatalf("client id = %q", p.ClientID)
	}

	// Standard input works too, and an agreeing --client-id is fine.
	e.mustRun(doc, "profile", "add", "ask2", "--from-ask-json", "-", "--client-id", "amzn1.application-oa2-client.ask")
	if v, _ := profileKeyringHas(t, "ask2"); v != profileTestSecret {
		t.Fatal("--from-ask-json - did not store the secret")
	}

	e.fail(exitUsage, "", []string{"profile", "add", "ask3", "--from-ask-json", file, "--client-id", "other"}, "differs from the client id")
	e.fail(exitUsage, "", []string{"profile", "add", "ask3", "--from-ask-json", filepath.Join(t.TempDir(), "nope.json")}, "no such file")
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"skillMessagingCredentials": {"clientId": "x"}}`), 0o600)
	e.fail(exitUsage, "", []string{"profile", "add", "ask3", "--from-ask-json", bad}, bad, "clientSecret is missing")
	e.fail(exitUsage, "", []string{"profile", "add", "ask3", "--from-ask-json", file, "--secret-stdin"}, "none of the others can be")
	if _, err := e.config().Get("ask3"); err == nil {
		t.Fatal("a failed add saved the profile")
	}
}

func TestProfileAddWithoutTerminalOrSecretStdinFails(t *testing.T) {
	e := profileSetup(t)
	e.fail(exitUsage, "", []string{"profile", "add", "main", "--client-id", "cid"},
		"not a terminal", "--secret-stdin", "--from-ask-json")
	e.assertNoConfigFile()
	if _, ok := profileKeyringHas(t, "main"); ok {
		t.Fatal("a secret was stored")
	}
}

func TestProfileAddRejectsBadInput(t *testing.T) {
	e := profileSetup(t)
	cases := []struct {
		stdin string
		args  []string
		want  string
	}{
		{profileTestSecret, []string{"profile", "add", "main", "--secret-stdin"}, "--client-id is required"},
		{profileTestSecret, []string{"profile", "add", "main", "--client-id", "c", "--region", "US", "--secret-stdin"}, "NA, EU or FE"},
		{profileTestSecret, []string{"profile", "add", "main", "--client-id", "c", "--stage", "prod", "--secret-stdin"}, "development or live"},
		{profileTestSecret, []string{"profile", "add", "bad name", "--client-id", "c", "--secret-stdin"}, "profile name"},
		{profileTestSecret, []string{"profile", "add", "--client-id", "c", "--secret-stdin"}, "accepts 1 arg"},
		{"", []string{"profile", "add", "main", "--client-id", "c", "--secret-stdin"}, "standard input was empty"},
		{"  \n", []string{"profile", "add", "main", "--client-id", "c", "--secret-stdin"}, "standard input was empty"},
		{"two words", []string{"profile", "add", "main", "--client-id", "c", "--secret-stdin"}, "space or control character"},
		{strings.Repeat("x", 2<<20), []string{"profile", "add", "main", "--client-id", "c", "--secret-stdin"}, "larger than"},
		{profileTestSecret, []string{"profile", "add", "main", "--client-id", "c", "--bogus"}, "unknown flag"},
	}
	for _, tc := range cases {
		r := e.fail(exitUsage, tc.stdin, tc.args, tc.want)
		if strings.Contains(r.stdout+r.stderr, profileTestSecret) || strings.Contains(r.stderr, "two words") {
			t.Errorf("pe-tui %v printed the secret", tc.args)
		}
	}
	e.assertNoConfigFile()
	if _, ok := profileKeyringHas(t, "main"); ok {
		t.Fatal("a rejected add stored a secret")
	}
}

func TestProfileAddExistingNeedsReplaceAndKeepsUsers(t *testing.T) {
	e := profileSetup(t)
	e.addMain()
	e.mustRun("", "profile", "users", "main", "add", "amzn1.ask.account.K", "--label", "kitchen")
	e.fail(exitUsage, "other", []string{"profile", "add", "main", "--client-id", "cid-new", "--secret-stdin"}, "already exists", "--replace")
	if v, _ := profileKeyringHas(t, "main"); v != profileTestSecret {
		t.Fatal("a refused add changed the secret")
	}

	r := e.mustRun("new-secret", "profile", "add", "main", "--client-id", "cid-new", "--replace", "--secret-stdin")
	if !strings.Contains(r.stdout, `Updated profile "main"`) {
		t.Fatalf("replace output:\n%s", r.stdout)
	}
	p, _ := e.config().Get("main")
	if p.ClientID != "cid-new" || p.Region != "NA" || len(p.Users) != 1 || p.Users[0].Label != "kitchen" {
		t.Fatalf("after --replace: %+v", p)
	}
	if v, _ := profileKeyringHas(t, "main"); v != "new-secret" {
		t.Fatal("--replace did not replace the secret")
	}
}

func TestProfileAddKeyringUnavailable(t *testing.T) {
	e := profileSetup(t)
	keyring.MockInitWithError(errProfileNoSecretService)
	r := e.fail(exitUsage, profileTestSecret, []string{"profile", "add", "main", "--client-id", "cid", "--secret-stdin"},
		"nothing was saved", "OS keyring is unavailable", "gnome-keyring", "PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET")
	if strings.Contains(r.stdout+r.stderr, profileTestSecret) {
		t.Fatal("the error shows the secret")
	}
	e.assertNoConfigFile()
}

// profileHanging is a go-keyring provider that never answers until released.
type profileHanging struct {
	release chan struct{}
	mu      sync.Mutex
	calls   int
}

func (h *profileHanging) wait() {
	h.mu.Lock()
	h.calls++
	h.mu.Unlock()
	<-h.release
}
func (h *profileHanging) Set(_, _, _ string) error { h.wait(); return nil }
func (h *profileHanging) Get(_, _ string) (string, error) {
	h.wait()
	return "", keyring.ErrNotFound
}
func (h *profileHanging) Delete(_, _ string) error { h.wait(); return nil }
func (h *profileHanging) DeleteAll(_ string) error { h.wait(); return nil }

func (e *profileEnv) hangKeyring() *profileHanging {
	h := &profileHanging{release: make(chan struct{})}
	e.t.Cleanup(func() { close(h.release) })
	profileNewStore = func() credentials.SecretStore { return credentials.NewKeyringStoreWith(h, 20*time.Millisecond) }
	return h
}

func TestProfileAddKeyringTimeout(t *testing.T) {
	e := profileSetup(t)
	e.hangKeyring()
	e.fail(exitUsage, profileTestSecret, []string{"profile", "add", "main", "--client-id", "cid", "--secret-stdin"},
		"nothing was saved", "did not answer in time", "within 20ms", "PE_TUI_CLIENT_SECRET")
	e.assertNoConfigFile()
}

// profileRacingStore stores secrets in the mock keyring but, on its first
// Set, lets another writer change the config file — so the Save that follows
// must fail.
type profileRacingStore struct {
	credentials.SecretStore
	configDir string
	raced     *bool
}

func (s profileRacingStore) Set(profile, secret string) error {
	if !*s.raced {
		*s.raced = true
		c, err := credentials.Load(s.configDir)
		if err != nil {
			return err
		}
		if err := c.Add(credentials.Profile{Name: "intruder-" + profile, ClientID: "x"}); err != nil {
			return err
		}
		if err := c.Save(); err != nil {
			return err
		}
	}
	return s.SecretStore.Set(profile, secret)
}

func (e *profileEnv) raceConfig() {
	raced := false
	profileNewStore = func() credentials.SecretStore {
		return profileRacingStore{credentials.NewKeyringStore(time.Second), e.configDir, &raced}
	}
}

func TestProfileAddRollsBackTheSecretWhenTheConfigCannotBeSaved(t *testing.T) {
	e := profileSetup(t)
	e.raceConfig()
	e.fail(exitUsage, profileTestSecret, []string{"profile", "add", "main", "--client-id", "cid", "--secret-stdin"},
		"was changed by another program", "keyring entry was removed again")
	if _, ok := profileKeyringHas(t, "main"); ok {
		t.Fatal("the secret stayed in the keyring after the failed save")
	}
	if _, err := e.config().Get("intruder-main"); err != nil {
		t.Fatal("the other writer's profile was overwritten")
	}
}

func TestProfileReplaceRestoresTheOldSecretWhenTheConfigCannotBeSaved(t *testing.T) {
	e := profileSetup(t)
	e.mustRun("old-secret", "profile", "add", "main", "--client-id", "cid", "--secret-stdin")
	e.raceConfig()
	e.fail(exitUsage, "new-secret", []string{"profile", "add", "main", "--client-id", "cid-new", "--replace", "--secret-stdin"},
		"was changed by another program", "previous secret was put back")
	if v, _ := profileKeyringHas(t, "main"); v != "old-secret" {
		t.Fatalf("keyring holds %q after the failed replace, want the old secret", v)
	}
	if p, _ := e.config().Get("main"); p.ClientID != "cid" {
		t.Fatalf("client id = %q after the failed replace, want the old one", p.ClientID)
	}
}

func TestProfileListSecretStates(t *testing.T) {
	e := profileSetup(t)
	r := e.mustRun("", "profile", "list")
	if !strings.Contains(r.stdout, "No profiles in "+e.configPath()) || !strings.Contains(r.stdout, "pe-tui profile add NAME --client-id ID") {
		t.Fatalf("empty list:\n%s", r.stdout)
	}
	r = e.mustRun("", "profile", "list", "--json")
	if !strings.Contains(r.stdout, `"profiles": []`) {
		t.Fatalf("empty list --json:\n%s", r.stdout)
	}

	e.addMain()
	e.mustRun("s2", "profile", "add", "nosecret", "--client-id", "cid-2", "--secret-stdin")
	keyring.Delete(credentials.KeyringService, "nosecret")
	r = e.mustRun("", "profile", "list")
	if !strings.Contains(r.stdout, "MISSING") || !strings.Contains(r.stdout, "pe-tui profile add nosecret --replace --client-id cid-2") {
		t.Fatalf("list with a missing secret:\n%s", r.stdout)
	}

	t.Setenv(credentials.EnvClientID, "cid-env")
	t.Setenv(credentials.EnvClientSecret, "env-secret")
	r = e.mustRun("", "profile", "list")
	if !strings.Contains(r.stdout, "PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET are set") {
		t.Fatalf("list does not mention the environment:\n%s", r.stdout)
	}
	if strings.Contains(r.stdout, "env-secret") {
		t.Fatal("list shows the environment secret")
	}

	keyring.MockInitWithError(errProfileNoSecretService)
	r = e.mustRun("", "profile", "list", "--json")
	if strings.Count(r.stdout, `"secret": "unavailable"`) != 2 || !strings.Contains(r.stderr, "could not check the OS keyring") || !strings.Contains(r.stderr, "gnome-keyring") {
		t.Fatalf("list with no keyring:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, `"environment": true`) {
		t.Fatalf("list --json lacks environment=true:\n%s", r.stdout)
	}

	h := e.hangKeyring()
	r = e.mustRun("", "profile", "list")
	if strings.Count(r.stdout, "keyring timeout") != 2 || !strings.Contains(r.stderr, "did not answer in time") {
		t.Fatalf("list with a hanging keyring:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
	}
	h.mu.Lock()
	calls := h.calls
	h.mu.Unlock()
	if calls != 1 {
		t.Fatalf("list asked a hanging keyring %d times, want once", calls)
	}
}

func TestProfileRemove(t *testing.T) {
	e := profileSetup(t)
	e.addMain()
	e.mustRun("s2", "profile", "add", "two", "--client-id", "cid-2", "--secret-stdin")

	r := e.mustRun("", "profile", "remove", "main")
	if !strings.Contains(r.stdout, "deleted from the OS keyring") || !strings.Contains(r.stdout, "no default profile now") {
		t.Fatalf("remove output:\n%s", r.stdout)
	}
	if _, ok := profileKeyringHas(t, "main"); ok {
		t.Fatal("remove left the secret in the keyring")
	}
	if _, err := e.config().Get("main"); err == nil {
		t.Fatal("remove left the profile in the config")
	}
	e.fail(exitUsage, "", []string{"profile", "remove", "main"}, `profile not found: "main"`, "profiles: two")

	// A profile whose secret is already gone is still removable.
	keyring.Delete(credentials.KeyringService, "two")
	r = e.mustRun("", "profile", "remove", "two")
	if !strings.Contains(r.stdout, "held no secret") {
		t.Fatalf("remove without secret:\n%s", r.stdout)
	}
}

func TestProfileRemoveKeepsTheProfileWhenTheKeyringFails(t *testing.T) {
	for _, mode := range []string{"unavailable", "timeout"} {
		t.Run(mode, func(t *testing.T) {
			e := profileSetup(t)
			e.addMain()
			want := "OS keyring is unavailable"
			if mode == "timeout" {
				e.hangKeyring()
				want = "did not answer in time"
			} else {
				keyring.MockInitWithError(errProfileNoSecretService)
			}
			e.fail(exitUsage, "", []string{"profile", "remove", "main"}, `profile "main" was kept`, want, "--force", "secret-tool clear service pe-tui username main")
			if _, err := e.config().Get("main"); err != nil {
				t.Fatal("the profile was removed although its secret could not be")
			}
			r := e.mustRun("", "profile", "remove", "main", "--force")
			if !strings.Contains(r.stdout, "may still be in the OS keyring") || !strings.Contains(r.stderr, "warning") {
				t.Fatalf("remove --force:\nstdout: %s\nstderr: %s", r.stdout, r.stderr)
			}
			if _, err := e.config().Get("main"); err == nil {
				t.Fatal("remove --force kept the profile")
			}
		})
	}
}

func TestProfileUse(t *testing.T) {
	e := profileSetup(t)
	e.addMain()
	e.mustRun("s2", "profile", "add", "two", "--client-id", "cid-2", "--secret-stdin")
	r := e.mustRun("", "profile", "use", "two")
	if !strings.Contains(r.stdout, `"two" is now the default profile`) {
		t.Fatalf("use output: %s", r.stdout)
	}
	if d, _ := e.config().Default(); d.Name != "two" {
		t.Fatalf("default = %q", d.Name)
	}
	e.fail(exitUsage, "", []string{"profile", "use", "nope"}, `"nope"`, "profiles: main, two")
	e.fail(exitUsage, "", []string{"profile", "use"}, "accepts 1 arg")

	// Resolve, as the send command uses it, now picks "two" with its secret.
	creds, err := credentials.Resolve(e.config(), credentials.NewKeyringStore(time.Second), "")
	if err != nil || creds.ProfileName != "two" || creds.ClientSecret != "s2" {
		t.Fatalf("Resolve after use = %v, %v", creds, err)
	}
}

func TestProfileUsers(t *testing.T) {
	e := profileSetup(t)
	e.addMain()
	r := e.mustRun("", "profile", "users", "main")
	if !strings.Contains(r.stdout, "no saved users") {
		t.Fatalf("empty users: %s", r.stdout)
	}
	e.mustRun("", "profile", "users", "main", "add", "amzn1.ask.account.AAA", "--label", "kitchen Echo")
	r = e.mustRun("", "profile", "users", "main", "add", "test-user-1")
	if !strings.Contains(r.stderr, "does not start with amzn1.ask.account.") {
		t.Fatalf("no warning for a non-Alexa id: %s", r.stderr)
	}
	r = e.mustRun("", "profile", "users", "main")
	if !strings.Contains(r.stdout, "amzn1.ask.account.AAA  kitchen Echo") || !strings.Contains(r.stdout, "test-user-1") {
		t.Fatalf("users list:\n%s", r.stdout)
	}
	e.fail(exitUsage, "", []string{"profile", "users", "main", "add", "amzn1.ask.account.AAA"}, "already in profile")
	e.fail(exitUsage, "", []string{"profile", "users", "main", "remove", "amzn1.ask.account.ZZZ"}, "not in profile")
	e.fail(exitUsage, "", []string{"profile", "users", "main", "remove", "test-user-1", "--label", "x"}, "--label only goes with add")
	e.fail(exitUsage, "", []string{"profile", "users", "main", "rename", "x"}, `unknown action "rename"`)
	e.fail(exitUsage, "", []string{"profile", "users", "main", "add"}, "NAME add|remove USERID")
	e.fail(exitUsage, "", []string{"profile", "users", "nope", "add", "u"}, `"nope"`)
	e.fail(exitUsage, "", []string{"profile", "users", "main", "add", "has\tspace"}, "space or control")
	e.mustRun("", "profile", "users", "main", "remove", "test-user-1")

	p, _ := e.config().Get("main")
	if len(p.Users) != 1 || !reflect.DeepEqual(p.Users[0], credentials.User{ID: "amzn1.ask.account.AAA", Label: "kitchen Echo"}) {
		t.Fatalf("users = %+v", p.Users)
	}
	r = e.mustRun("", "profile", "list")
	rows := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if f := strings.Fields(rows[len(rows)-1]); len(f) < 6 || f[1] != "main" || f[5] != "1" {
		t.Fatalf("list does not show 1 user for main:\n%s", r.stdout)
	}
}

func TestProfileCommandsRefuseADamagedConfig(t *testing.T) {
	e := profileSetup(t)
	os.MkdirAll(e.configDir, 0o700)
	damaged := "{\"version\": 1, \"profiles\": [ {\"name\": \"a\"\n"
	os.WriteFile(e.configPath(), []byte(damaged), 0o600)
	for _, args := range [][]string{
		{"profile", "list"},
		{"profile", "add", "x", "--client-id", "c", "--secret-stdin"},
		{"profile", "remove", "a"},
		{"profile", "use", "a"},
		{"profile", "users", "a", "add", "u"},
	} {
		e.fail(exitUsage, "s", args, e.configPath(), "will not overwrite")
	}
	if got, _ := os.ReadFile(e.configPath()); string(got) != damaged {
		t.Fatalf("the damaged config was changed: %q", got)
	}
	if _, ok := profileKeyringHas(t, "x"); ok {
		t.Fatal("add stored a secret although the config could not be read")
	}
}

func TestProfileConfigDirFlagBeatsEnvironment(t *testing.T) {
	e := profileSetup(t)
	other := filepath.Join(t.TempDir(), "flagdir")
	e.mustRun("s", "--config-dir", other, "profile", "add", "flagged", "--client-id", "c", "--secret-stdin")
	if _, err := os.Stat(filepath.Join(other, credentials.ConfigFileName)); err != nil {
		t.Fatalf("--config-dir was not used: %v", err)
	}
	e.assertNoConfigFile()
}

func TestProfileHelp(t *testing.T) {
	e := profileSetup(t)
	for _, args := range [][]string{
		{"profile", "--help"}, {"profile"}, {"profile", "add", "--help"}, {"profile", "list", "--help"},
		{"profile", "remove", "--help"}, {"profile", "use", "--help"}, {"profile", "users", "--help"},
	} {
		r := e.mustRun("", args...)
		if !strings.Contains(r.stdout, "Usage:") {
			t.Errorf("pe-tui %v prints no usage:\n%s", args, r.stdout)
		}
	}
	r := e.mustRun("", "profile", "--help")
	for _, want := range []string{"OS keyring", "PE_TUI_CLIENT_ID", "add", "list", "remove", "use", "users"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("profile --help lacks %q", want)
		}
	}
	e.fail(exitUsage, "", []string{"profile", "frobnicate"}, "unknown command")
}
