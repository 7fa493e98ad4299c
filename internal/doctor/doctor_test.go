package doctor

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/sandbox"
)

const (
	cid    = "amzn1.application-oa2-client.main"
	secret = "right-secret-0123456789abcdef"
)

// memStore is an in-memory SecretStore (unit tests only).
type memStore map[string]string

func (m memStore) Get(p string) (string, error) {
	if s, ok := m[p]; ok {
		return s, nil
	}
	return "", credentials.ErrSecretNotFound
}
func (m memStore) Set(p, s string) error { m[p] = s; return nil }
func (m memStore) Delete(p string) error { delete(m, p); return nil }

func setup(t *testing.T, cfg sandbox.Config, stored string) Options {
	t.Helper()
	srv := sandbox.New(cfg)
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	dir := t.TempDir()
	c, _ := credentials.Load(dir)
	if err := c.Add(credentials.Profile{Name: "main", ClientID: cid, Region: "NA", SkillID: "amzn1.ask.skill.X",
		Users: []credentials.User{{ID: "amzn1.ask.account.E", Label: "berlin", Region: "EU"}, {ID: "amzn1.ask.account.U"}}}); err != nil {
		t.Fatal(err)
	}
	target, _ := alexa.ParseTarget(base)
	return Options{Config: c, Store: memStore{"main": stored}, Target: target, Tokens: alexa.New("test")}
}

func find(r Report, area string) []Check {
	var out []Check
	for _, c := range r.Checks {
		if c.Area == area {
			out = append(out, c)
		}
	}
	return out
}

// TestDoctorAgainstSandbox: against the real sandbox over loopback, a good
// profile gets its token for both regions it uses (its own NA and its EU
// user's) in one request, a wrong secret is explained as invalid_client
// with where to find the skill's credentials, and a skill without the
// proactive events permission as invalid_scope with the manifest snippet
// and the exact ask smapi commands. No report holds the secret.
func TestDoctorAgainstSandbox(t *testing.T) {
	good := sandbox.Config{ClientID: cid, ClientSecret: secret}
	cases := []struct {
		name   string
		cfg    sandbox.Config
		stored string
		status Status
		says   []string
		exit   int
	}{
		{"good", good, secret, OK, []string{"issued a token (used for NA, EU)"}, 0},
		{"wrong secret", good, "wrong-secret-zyxwvut", Problem, []string{"invalid_client", "Build → Permissions → Alexa Skill Messaging", "ask smapi get-skill-credentials -s amzn1.ask.skill.X"}, 1},
		{"scope refused", sandbox.Config{ClientID: cid, ClientSecret: secret, ScopeRefused: true}, secret, Problem,
			[]string{"invalid_scope", "events.publications", `"eventName": "AMAZON.WeatherAlert.Activated"`,
				"ask smapi get-skill-manifest -s amzn1.ask.skill.X -g development > skill.json",
				"ask smapi update-skill-manifest -s amzn1.ask.skill.X -g development --manifest file:skill.json"}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep := Run(context.Background(), setup(t, c.cfg, c.stored))
			tok := find(rep, "token")
			if len(tok) != 1 || tok[0].Status != c.status || tok[0].Region != "NA, EU" {
				t.Fatalf("token checks %+v", tok)
			}
			all := tok[0].Summary + "\n" + strings.Join(tok[0].Detail, "\n")
			for _, w := range c.says {
				if !strings.Contains(all, w) {
					t.Errorf("lacks %q:\n%s", w, all)
				}
			}
			if rep.ExitCode() != c.exit {
				t.Fatalf("exit %d, want %d", rep.ExitCode(), c.exit)
			}
			if u := find(rep, "users"); len(u) != 1 || !strings.Contains(u[0].Summary, "amzn1.ask.account.U: region unknown") {
				t.Fatalf("users %+v", u)
			}
			for _, ch := range rep.Checks {
				if strings.Contains(ch.Summary+strings.Join(ch.Detail, ""), c.stored) {
					t.Fatal("the report holds the secret")
				}
			}
		})
	}
}

// TestDoctorUnreachableAndMissingSecret: nothing listening is a network
// verdict (exit 3); a profile without a keyring secret says how to store it.
func TestDoctorUnreachableAndMissingSecret(t *testing.T) {
	o := setup(t, sandbox.Config{}, secret)
	o.Target, _ = alexa.ParseTarget("http://127.0.0.1:1")
	if rep := Run(context.Background(), o); rep.ExitCode() != 3 || find(rep, "token")[0].Status != Network {
		t.Fatalf("%+v", rep)
	}
	o.Store = memStore{}
	rep := Run(context.Background(), o)
	tok := find(rep, "token")
	if rep.ExitCode() != 1 || !strings.Contains(tok[0].Summary, "no client secret") || !strings.Contains(tok[0].Detail[0], "pe-tui profile add main --client-id "+cid+" --replace") {
		t.Fatalf("%+v", tok)
	}
	o.Profile = "nope"
	if rep := Run(context.Background(), o); rep.ExitCode() != 1 || !strings.Contains(find(rep, "profiles")[0].Summary, "nope") {
		t.Fatalf("%+v", rep)
	}
}

// TestManifestEncodings: UTF-16 (with or without a byte order mark) and a
// UTF-8 BOM are problems, and the decoded manifest is still checked.
func TestManifestEncodings(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "skill.json"))
	if err != nil {
		t.Fatal(err)
	}
	u16 := func(b []byte, bom bool) []byte {
		var out []byte
		if bom {
			out = []byte{0xFF, 0xFE}
		}
		for _, u := range utf16.Encode([]rune(string(b))) {
			out = append(out, byte(u), byte(u>>8))
		}
		return out
	}
	cases := map[string]struct {
		data []byte
		enc  string
	}{
		"utf8":       {good, ""},
		"bom":        {append([]byte{0xEF, 0xBB, 0xBF}, good...), "byte order mark"},
		"utf16":      {u16(good, true), "UTF-16 little-endian"},
		"utf16noBOM": {u16(good, false), "UTF-16 little-endian"},
	}
	for name, c := range cases {
		checks := CheckManifestFile("skill.json", c.data)
		last := checks[len(checks)-1]
		if last.Status != OK {
			t.Errorf("%s: the decoded manifest was not checked: %+v", name, checks)
		}
		if c.enc == "" && len(checks) != 1 {
			t.Errorf("%s: %+v", name, checks)
		}
		if c.enc != "" && (checks[0].Status != Problem || !strings.Contains(checks[0].Summary, c.enc)) {
			t.Errorf("%s: %+v", name, checks[0])
		}
	}
	checks := CheckManifestFile("skill.json", []byte(`{"manifest":{"permissions":[]}}`))
	if checks[0].Status != Problem || checks[len(checks)-1].Detail == nil {
		t.Fatalf("a manifest without events: %+v", checks)
	}
	if c := CheckManifestFile("x", []byte{0xC3, 0x28, '{'}); c[0].Status != Problem || !strings.Contains(c[0].Summary, "not valid UTF-8") {
		t.Fatalf("%+v", c)
	}
}
