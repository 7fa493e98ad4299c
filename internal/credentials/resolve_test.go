package credentials

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"
)

func resolveFixture(t *testing.T) (*Config, SecretStore) {
	t.Helper()
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	s := useMock(t)
	c, _ := Load(t.TempDir())
	mustAdd(t, c, Profile{Name: "main", ClientID: "cid-main", Region: "EU", Stage: "live"})
	mustAdd(t, c, Profile{Name: "other", ClientID: "cid-other"})
	if err := s.Set("main", "secret-main"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("other", testSecret); err != nil {
		t.Fatal(err)
	}
	return c, s
}

func TestResolveOrder(t *testing.T) {
	c, s := resolveFixture(t)

	// Default profile (the first added) when nothing else is given.
	got, err := Resolve(c, s, "")
	if err != nil {
		t.Fatal(err)
	}
	want := Credentials{ProfileName: "main", ClientID: "cid-main", ClientSecret: "secret-main", Region: "EU", Stage: "live", Source: SourceProfile}
	if got != want {
		t.Fatalf("default: got %#v, want %#v", got, want)
	}

	// Environment beats the default profile.
	t.Setenv(EnvClientID, "cid-env")
	t.Setenv(EnvClientSecret, "secret-env")
	got, err = Resolve(c, s, "")
	if err != nil {
		t.Fatal(err)
	}
	want = Credentials{ClientID: "cid-env", ClientSecret: "secret-env", Region: "NA", Stage: "development", Source: SourceEnv}
	if got != want {
		t.Fatalf("env: got %#v, want %#v", got, want)
	}

	// An explicit profile beats the environment.
	got, err = Resolve(c, s, "other")
	if err != nil {
		t.Fatal(err)
	}
	if got.ProfileName != "other" || got.ClientSecret != testSecret || got.Source != SourceProfile {
		t.Fatalf("explicit: got %v", got)
	}
}

func TestResolveEnvWithoutConfig(t *testing.T) {
	t.Setenv(EnvClientID, "cid-env")
	t.Setenv(EnvClientSecret, "secret-env")
	got, err := Resolve(nil, nil, "")
	if err != nil || got.ClientSecret != "secret-env" || got.Source != SourceEnv {
		t.Fatalf("Resolve(nil, nil) = %v, %v", got, err)
	}
	t.Setenv(EnvClientID, "has space")
	if _, err := Resolve(nil, nil, ""); err == nil || !strings.Contains(err.Error(), EnvClientID) {
		t.Fatalf("bad env client id: %v", err)
	}
}

func TestResolveHalfSetEnvironmentIsAnError(t *testing.T) {
	c, s := resolveFixture(t)
	t.Setenv(EnvClientID, "cid-env")
	_, err := Resolve(c, s, "")
	if err == nil || !strings.Contains(err.Error(), "PE_TUI_CLIENT_SECRET is not") {
		t.Fatalf("only the id set: %v", err)
	}
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, testSecret)
	_, err = Resolve(c, s, "")
	if err == nil || !strings.Contains(err.Error(), "PE_TUI_CLIENT_ID is not") {
		t.Fatalf("only the secret set: %v", err)
	}
	assertNoSecret(t, "half-set error", err.Error())
}

func TestResolveNothingListsTheThreeWays(t *testing.T) {
	t.Setenv(EnvClientID, "")
	t.Setenv(EnvClientSecret, "")
	c, _ := Load(t.TempDir())
	_, err := Resolve(c, useMock(t), "")
	if !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("Resolve = %v, want ErrNoCredentials", err)
	}
	for _, want := range []string{"--profile NAME", "pe-tui profile use NAME", "pe-tui profile add", "PE_TUI_CLIENT_ID", "PE_TUI_CLIENT_SECRET"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
	// A config whose default was removed is the same as none.
	mustAdd(t, c, Profile{Name: "x", ClientID: "1"})
	c.Remove("x")
	if _, err := Resolve(c, nil, ""); !errors.Is(err, ErrNoCredentials) {
		t.Fatalf("after removing the default: %v", err)
	}
}

func TestResolveFailures(t *testing.T) {
	c, s := resolveFixture(t)
	if _, err := Resolve(c, s, "nope"); !errors.Is(err, ErrProfileNotFound) || !strings.Contains(err.Error(), "main, other") {
		t.Fatalf("unknown profile: %v", err)
	}
	if err := s.Delete("main"); err != nil {
		t.Fatal(err)
	}
	if _, err := Resolve(c, s, "main"); !errors.Is(err, ErrSecretNotFound) {
		t.Fatalf("missing secret: %v", err)
	}
	if _, err := Resolve(c, nil, "main"); !errors.Is(err, ErrKeyringUnavailable) {
		t.Fatalf("nil store: %v", err)
	}
	keyring.MockInitWithError(errNoSecretService)
	t.Cleanup(keyring.MockInit)
	_, err := Resolve(c, NewKeyringStore(0), "other")
	if !errors.Is(err, ErrKeyringUnavailable) || !strings.Contains(err.Error(), "PE_TUI_CLIENT_SECRET") {
		t.Fatalf("keyring unavailable: %v", err)
	}
}

func TestCredentialsNeverPrintTheSecret(t *testing.T) {
	c := Credentials{ProfileName: "main", ClientID: "cid-main", ClientSecret: testSecret, Region: "NA", Stage: "live", Source: SourceProfile}
	type holder struct {
		C   Credentials
		P   *Credentials
		Any any
	}
	outs := map[string]string{}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.3v"} {
		outs[verb] = fmt.Sprintf(verb, c)
		outs[verb+" pointer"] = fmt.Sprintf(verb, &c)
		outs[verb+" nested"] = fmt.Sprintf(verb, holder{c, &c, c})
		outs[verb+" slice"] = fmt.Sprintf(verb, []Credentials{c})
		outs[verb+" map"] = fmt.Sprintf(verb, map[string]Credentials{"k": c})
	}
	outs["Sprint"] = fmt.Sprint(c, &c)
	outs["Sprintln"] = fmt.Sprintln(c)
	outs["error"] = fmt.Errorf("sending with %v failed", c).Error()
	j, err := json.Marshal(holder{c, &c, c})
	if err != nil {
		t.Fatal(err)
	}
	outs["json"] = string(j)
	var buf bytes.Buffer
	slog.New(slog.NewTextHandler(&buf, nil)).Info("send", "creds", c)
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("send", "creds", c)
	outs["slog"] = buf.String()

	for where, s := range outs {
		if strings.Contains(s, testSecret) || strings.Contains(s, testSecret[:8]) {
			t.Errorf("%s shows the secret: %s", where, s)
		}
		if !strings.Contains(s, "cid-main") && where != "%x" && where != "%X" {
			t.Errorf("%s lost the non-secret fields: %s", where, s)
		}
	}
	if !strings.Contains(outs["%v"], "ClientSecret:[redacted]") {
		t.Errorf("%%v does not say the secret is set: %s", outs["%v"])
	}
	if !strings.Contains(outs["%#v"], `credentials.Credentials{ProfileName:"main"`) || !strings.Contains(outs["%#v"], `ClientSecret:"[redacted]"`) {
		t.Errorf("%%#v = %s", outs["%#v"])
	}
	if strings.Contains(outs["json"], "lientSecret") {
		t.Errorf("JSON has a secret field: %s", outs["json"])
	}
	var back map[string]any
	mj, _ := json.Marshal(c)
	if err := json.Unmarshal(mj, &back); err != nil || back["clientId"] != "cid-main" || back["source"] != "profile" {
		t.Errorf("MarshalJSON = %s (%v)", mj, err)
	}
	if empty := fmt.Sprint(Credentials{ClientID: "x"}); !strings.Contains(empty, "ClientSecret: ") {
		t.Errorf("an empty secret should print as empty: %s", empty)
	}
}

func BenchmarkResolveDefaultProfile(b *testing.B) {
	b.Setenv(EnvClientID, "")
	b.Setenv(EnvClientSecret, "")
	keyring.MockInit()
	s := NewKeyringStore(0)
	c, _ := Load(b.TempDir())
	for i := range 20 {
		c.Add(Profile{Name: fmt.Sprintf("p%02d", i), ClientID: "cid"})
	}
	s.Set("p00", testSecret)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Resolve(c, s, ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoadSave(b *testing.B) {
	dir := b.TempDir()
	c, _ := Load(dir)
	for i := range 20 {
		c.Add(Profile{Name: fmt.Sprintf("p%02d", i), ClientID: "amzn1.application-oa2-client.0123456789abcdef",
			Users: []User{{ID: "amzn1.ask.account.AAAA", Label: "kitchen"}, {ID: "amzn1.ask.account.BBBB"}}})
	}
	if err := c.Save(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		c, err := Load(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Save(); err != nil {
			b.Fatal(err)
		}
	}
}
