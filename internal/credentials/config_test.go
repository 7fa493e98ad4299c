package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
)

func mustAdd(t *testing.T, c *Config, p Profile) {
	t.Helper()
	if err := c.Add(p); err != nil {
		t.Fatalf("Add(%q): %v", p.Name, err)
	}
}

func TestLoadMissingFileIsEmpty(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nested", "pe-tui")
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Profiles()) != 0 {
		t.Fatalf("profiles = %v, want none", c.Profiles())
	}
	if _, ok := c.Default(); ok {
		t.Fatal("an empty config has a default profile")
	}
	if c.Path() != filepath.Join(dir, ConfigFileName) {
		t.Fatalf("Path = %q", c.Path())
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load created the directory (stat err %v)", err)
	}
}

func TestSaveRoundTripModesAndDefaults(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cfg")
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, c, Profile{Name: "weather", ClientID: "amzn1.application-oa2-client.w", Region: "eu", Stage: "LIVE",
		Users: []User{{ID: "amzn1.ask.account.A", Label: "kitchen"}}})
	mustAdd(t, c, Profile{Name: "alpha", ClientID: "cid-a"})
	if err := c.Save(); err != nil {
		t.Fatal(err)
	}

	info, err := os.Stat(c.Path())
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" {
		if m := info.Mode().Perm(); m != 0o600 {
			t.Errorf("config file mode = %o, want 600", m)
		}
		dinfo, _ := os.Stat(dir)
		if m := dinfo.Mode().Perm(); m != 0o700 {
			t.Errorf("config dir mode = %o, want 700", m)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after Save, want only %s (temp files left?)", len(entries), ConfigFileName)
	}

	back, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	got := back.Profiles()
	if len(got) != 2 || got[0].Name != "alpha" || got[1].Name != "weather" {
		t.Fatalf("profiles after reload = %+v, want alpha, weather sorted", got)
	}
	if got[0].Region != "NA" || got[0].Stage != "development" {
		t.Errorf("defaults = %s/%s, want NA/development", got[0].Region, got[0].Stage)
	}
	if got[1].Region != "EU" || got[1].Stage != "live" {
		t.Errorf("normalised = %s/%s, want EU/live", got[1].Region, got[1].Stage)
	}
	if len(got[1].Users) != 1 || !reflect.DeepEqual(got[1].Users[0], User{ID: "amzn1.ask.account.A", Label: "kitchen"}) {
		t.Errorf("users = %+v", got[1].Users)
	}
	def, ok := back.Default()
	if !ok || def.Name != "weather" {
		t.Errorf("default = %q, %v; want the first profile added (weather)", def.Name, ok)
	}
}

func TestAddRejectsBadProfiles(t *testing.T) {
	c, _ := Load(t.TempDir())
	mustAdd(t, c, Profile{Name: "one", ClientID: "id"})
	cases := []struct {
		name string
		p    Profile
		want string
		is   error
	}{
		{"duplicate", Profile{Name: "one", ClientID: "x"}, `"one"`, ErrProfileExists},
		{"empty name", Profile{ClientID: "x"}, "empty", nil},
		{"bad char", Profile{Name: "a b", ClientID: "x"}, "position 2", nil},
		{"leading dot", Profile{Name: ".a", ClientID: "x"}, "position 1", nil},
		{"non-ascii", Profile{Name: "façade", ClientID: "x"}, "position", nil},
		{"long name", Profile{Name: strings.Repeat("a", 65), ClientID: "x"}, "at most 64", nil},
		{"no client id", Profile{Name: "two"}, "client id is empty", nil},
		{"space in client id", Profile{Name: "two", ClientID: "a b"}, "space", nil},
		{"region", Profile{Name: "two", ClientID: "x", Region: "US"}, "NA, EU or FE", nil},
		{"stage", Profile{Name: "two", ClientID: "x", Stage: "prod"}, "development or live", nil},
		{"dup user", Profile{Name: "two", ClientID: "x", Users: []User{{ID: "u"}, {ID: "u"}}}, "twice", nil},
		{"empty user", Profile{Name: "two", ClientID: "x", Users: []User{{ID: ""}}}, "user id is empty", nil},
		{"label control", Profile{Name: "two", ClientID: "x", Users: []User{{ID: "u", Label: "a\nb"}}}, "control", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := c.Add(tc.p)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Add error = %v, want one containing %q", err, tc.want)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Fatalf("error %v is not %v", err, tc.is)
			}
		})
	}
	if n := len(c.Profiles()); n != 1 {
		t.Fatalf("%d profiles after failed adds, want 1", n)
	}
}

func TestRemoveUseDefault(t *testing.T) {
	c, _ := Load(t.TempDir())
	mustAdd(t, c, Profile{Name: "a", ClientID: "1"})
	mustAdd(t, c, Profile{Name: "b", ClientID: "2"})
	if err := c.Use("b"); err != nil {
		t.Fatal(err)
	}
	if d, _ := c.Default(); d.Name != "b" {
		t.Fatalf("default = %q, want b", d.Name)
	}
	err := c.Use("zzz")
	if !errors.Is(err, ErrProfileNotFound) || !strings.Contains(err.Error(), "profiles: a, b") {
		t.Fatalf("Use(unknown) = %v, want not-found listing a, b", err)
	}
	if err := c.Remove("b"); err != nil {
		t.Fatal(err)
	}
	if _, ok := c.Default(); ok {
		t.Fatal("removing the default profile left a default")
	}
	if _, err := c.Get("b"); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("Get(removed) = %v", err)
	}
	if err := c.Remove("b"); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("Remove twice = %v", err)
	}
	if err := c.Remove("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get("a"); err == nil || !strings.Contains(err.Error(), "pe-tui profile add") {
		t.Fatalf("Get on empty config = %v, want a hint to add a profile", err)
	}
}

func TestUpdateKeepsDefaultAndChecks(t *testing.T) {
	c, _ := Load(t.TempDir())
	mustAdd(t, c, Profile{Name: "a", ClientID: "1"})
	if err := c.Update(Profile{Name: "a", ClientID: "2", Region: "fe"}); err != nil {
		t.Fatal(err)
	}
	p, _ := c.Get("a")
	if p.ClientID != "2" || p.Region != "FE" {
		t.Fatalf("after Update: %+v", p)
	}
	if err := c.Update(Profile{Name: "b", ClientID: "2"}); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("Update(unknown) = %v", err)
	}
	if err := c.Update(Profile{Name: "a", ClientID: ""}); err == nil {
		t.Fatal("Update accepted an empty client id")
	}
}

func TestUsers(t *testing.T) {
	c, _ := Load(t.TempDir())
	mustAdd(t, c, Profile{Name: "a", ClientID: "1"})
	if err := c.AddUser("a", User{ID: "amzn1.ask.account.X", Label: "me"}); err != nil {
		t.Fatal(err)
	}
	if err := c.AddUser("a", User{ID: "amzn1.ask.account.Y"}); err != nil {
		t.Fatal(err)
	}
	if err := c.AddUser("a", User{ID: "amzn1.ask.account.X"}); !errors.Is(err, ErrUserExists) {
		t.Fatalf("duplicate AddUser = %v", err)
	}
	if err := c.AddUser("nope", User{ID: "u"}); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("AddUser(unknown profile) = %v", err)
	}
	if err := c.AddUser("a", User{ID: "has space"}); err == nil {
		t.Fatal("AddUser accepted an id with a space")
	}
	if err := c.RemoveUser("a", "amzn1.ask.account.X"); err != nil {
		t.Fatal(err)
	}
	if err := c.RemoveUser("a", "amzn1.ask.account.X"); !errors.Is(err, ErrUserNotFound) {
		t.Fatalf("RemoveUser twice = %v", err)
	}
	if err := c.RemoveUser("nope", "u"); !errors.Is(err, ErrProfileNotFound) {
		t.Fatalf("RemoveUser(unknown profile) = %v", err)
	}
	p, _ := c.Get("a")
	if len(p.Users) != 1 || p.Users[0].ID != "amzn1.ask.account.Y" {
		t.Fatalf("users = %+v, want only Y", p.Users)
	}
}

func TestReturnedProfilesAreCopies(t *testing.T) {
	c, _ := Load(t.TempDir())
	mustAdd(t, c, Profile{Name: "a", ClientID: "1", Users: []User{{ID: "u1"}}})
	p, _ := c.Get("a")
	p.Users[0].ID = "changed"
	all := c.Profiles()
	all[0].Users[0].Label = "changed"
	d, _ := c.Default()
	d.Users[0].ID = "changed"
	again, _ := c.Get("a")
	if !reflect.DeepEqual(again.Users[0], User{ID: "u1"}) {
		t.Fatalf("callers changed the config through a returned profile: %+v", again.Users)
	}
}

func TestLoadRejectsDamagedFilesWithoutTouchingThem(t *testing.T) {
	cases := []struct{ name, content, want string }{
		{"syntax", "{\n  \"version\": 1,\n  \"profiles\": [ }\n", "line 3"},
		{"truncated", `{"version": 1, "profiles": [`, "ends too early"},
		{"empty", "", "empty"},
		{"version", `{"version": 7, "profiles": []}`, "unknown version 7"},
		{"no version", `{"profiles": []}`, "unknown version 0"},
		{"unknown field", `{"version": 1, "profiles": [{"name":"a","clientId":"x","clientSecret":"s"}]}`, `unknown field "clientSecret"`},
		{"type", `{"version": "1", "profiles": []}`, "version should be a JSON int"},
		{"bad profile", `{"version": 1, "profiles": [{"name":"a b","clientId":"x"}]}`, "profile name"},
		{"dup profile", `{"version": 1, "profiles": [{"name":"a","clientId":"x"},{"name":"a","clientId":"y"}]}`, "appears twice"},
		{"dangling default", `{"version": 1, "default": "b", "profiles": [{"name":"a","clientId":"x"}]}`, `default profile "b"`},
		{"trailing", `{"version": 1, "profiles": []} {}`, "extra data"},
		{"array", `[]`, `it holds a JSON array, but a profile file is one JSON object such as {"version": 1, "profiles": []}`},
		{"array of profiles", `[{"name":"a","clientId":"x"}]`, "it holds a JSON array"},
		{"string", ` "profiles"`, "it holds a JSON string"},
		{"null", `null`, "it holds a JSON null"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, ConfigFileName)
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := Load(dir)
			if !errors.Is(err, ErrConfigInvalid) {
				t.Fatalf("Load = %v, want ErrConfigInvalid", err)
			}
			msg := err.Error()
			for _, want := range []string{path, tc.want, "will not overwrite"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not contain %q", msg, want)
				}
			}
			if strings.Contains(msg, "credentials.") {
				t.Errorf("error %q names a Go type", msg)
			}
			if got, _ := os.ReadFile(path); string(got) != tc.content {
				t.Errorf("the damaged file was changed to %q", got)
			}
		})
	}
}

func TestLoadUnreadableFile(t *testing.T) {
	dir := t.TempDir()
	// A directory where the file should be cannot be read as a file.
	if err := os.Mkdir(filepath.Join(dir, ConfigFileName), 0o700); err != nil {
		t.Fatal(err)
	}
	_, err := Load(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, ConfigFileName)) {
		t.Fatalf("Load = %v, want an error naming the file", err)
	}
}

func TestSaveRefusesToOverwriteAnotherWritersChange(t *testing.T) {
	dir := t.TempDir()
	first, _ := Load(dir)
	mustAdd(t, first, Profile{Name: "a", ClientID: "1"})
	if err := first.Save(); err != nil {
		t.Fatal(err)
	}

	mine, _ := Load(dir)
	theirs, _ := Load(dir)
	mustAdd(t, theirs, Profile{Name: "theirs", ClientID: "2"})
	if err := theirs.Save(); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, mine, Profile{Name: "mine", ClientID: "3"})
	err := mine.Save()
	if !errors.Is(err, ErrConfigChanged) || !strings.Contains(err.Error(), "run the command again") {
		t.Fatalf("Save over a changed file = %v, want ErrConfigChanged", err)
	}
	back, _ := Load(dir)
	if _, err := back.Get("theirs"); err != nil {
		t.Fatalf("the other writer's profile was lost: %v", err)
	}

	// A file created by someone else after we saw none is protected too.
	dir2 := t.TempDir()
	empty, _ := Load(dir2)
	other, _ := Load(dir2)
	mustAdd(t, other, Profile{Name: "x", ClientID: "1"})
	if err := other.Save(); err != nil {
		t.Fatal(err)
	}
	mustAdd(t, empty, Profile{Name: "y", ClientID: "1"})
	if err := empty.Save(); !errors.Is(err, ErrConfigChanged) {
		t.Fatalf("Save after another writer created the file = %v", err)
	}

	// Saving twice from the same Config works: it tracks its own writes.
	if err := back.Use("theirs"); err != nil {
		t.Fatal(err)
	}
	if err := back.Save(); err != nil {
		t.Fatal(err)
	}
	if err := back.Save(); err != nil {
		t.Fatalf("second Save: %v", err)
	}
}

func TestSaveReportsUnusableDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "cfg")
	c, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	mustAdd(t, c, Profile{Name: "a", ClientID: "1"})
	// A file now stands where the directory should be created.
	if err := os.WriteFile(dir, []byte("not a dir"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := c.Save(); err == nil || !strings.Contains(err.Error(), "config directory") || !strings.Contains(err.Error(), dir) {
		t.Fatalf("Save where the directory is a file = %v, want an error naming it", err)
	}
	if got, _ := os.ReadFile(dir); string(got) != "not a dir" {
		t.Fatalf("Save changed the file in the way: %q", got)
	}
}

func TestDefaultDir(t *testing.T) {
	t.Setenv("PE_TUI_CONFIG_DIR", "/tmp/somewhere/pe")
	if d, err := DefaultDir(); err != nil || d != "/tmp/somewhere/pe" {
		t.Fatalf("DefaultDir with PE_TUI_CONFIG_DIR = %q, %v", d, err)
	}
	t.Setenv("PE_TUI_CONFIG_DIR", "")
	base, err := os.UserConfigDir()
	if err != nil {
		t.Skip("no user config dir on this machine:", err)
	}
	if d, err := DefaultDir(); err != nil || d != filepath.Join(base, "pe-tui") {
		t.Fatalf("DefaultDir = %q, %v; want %q", d, err, filepath.Join(base, "pe-tui"))
	}
}

func TestLoadEmptyDirUsesDefaultDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PE_TUI_CONFIG_DIR", dir)
	c, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	if c.Dir() != dir {
		t.Fatalf("Load(\"\").Dir() = %q, want %q", c.Dir(), dir)
	}
}

func TestNormalizeHelpers(t *testing.T) {
	for in, want := range map[string]string{"": "NA", "na": "NA", "Eu": "EU", "FE": "FE"} {
		if got, err := NormalizeRegion(in); err != nil || got != want {
			t.Errorf("NormalizeRegion(%q) = %q, %v", in, got, err)
		}
	}
	for in, want := range map[string]string{"": "development", "Development": "development", "LIVE": "live"} {
		if got, err := NormalizeStage(in); err != nil || got != want {
			t.Errorf("NormalizeStage(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := NormalizeRegion("ASIA"); err == nil {
		t.Error("NormalizeRegion accepted ASIA")
	}
	if _, err := NormalizeStage("certification"); err == nil {
		t.Error("NormalizeStage accepted certification")
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte(`{"version":1,"default":"a","profiles":[{"name":"a","clientId":"x","region":"NA","stage":"live","users":[{"id":"u","label":"l"}]}]}`))
	f.Add([]byte(`{"version":1,"profiles":[`))
	f.Add([]byte("\x00\xff"))
	f.Fuzz(func(t *testing.T, data []byte) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, ConfigFileName), data, 0o600); err != nil {
			t.Fatal(err)
		}
		c, err := Load(dir)
		if err != nil {
			if !errors.Is(err, ErrConfigInvalid) {
				t.Fatalf("error %v is not ErrConfigInvalid", err)
			}
			return
		}
		// Whatever loads must save and load back to the same profiles.
		if err := c.Save(); err != nil {
			t.Fatal(err)
		}
		back, err := Load(dir)
		if err != nil {
			t.Fatalf("reloading a saved config: %v", err)
		}
		if len(back.Profiles()) != len(c.Profiles()) {
			t.Fatalf("profile count changed over save: %d → %d", len(c.Profiles()), len(back.Profiles()))
		}
	})
}
