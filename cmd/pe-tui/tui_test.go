package main

import (
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/ui"
)

// tuiTestEnv is a fake environment for tuiOptions.
func tuiTestEnv(kv ...string) func(string) (string, bool) {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestTUIOptionsFromEnvironment(t *testing.T) {
	opts, err := tuiOptions("", tuiTestEnv("NO_COLOR", "1", "EDITOR", "nano", "VISUAL", "code --wait"))
	if err != nil {
		t.Fatal(err)
	}
	if !opts.NoColor {
		t.Fatal("NO_COLOR=1 should turn colours off")
	}
	if opts.Editor != "code --wait" {
		t.Fatalf("VISUAL should win over EDITOR, got %q", opts.Editor)
	}
	if opts.Target.Name != tuiDefaultTarget || !opts.Target.IsSandbox() {
		t.Fatalf("target %+v", opts.Target)
	}
	if opts.Clipboard == nil {
		t.Fatal("the system clipboard should be wired")
	}

	opts, _ = tuiOptions("", tuiTestEnv("NO_COLOR", ""))
	if opts.NoColor {
		t.Fatal("an empty NO_COLOR does not disable colour (no-color.org)")
	}
	if opts.Editor != "vi" {
		t.Fatalf("default editor %q", opts.Editor)
	}
}

func TestTUIOptionsFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "event.json")
	body := []byte("{ not json")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	opts, err := tuiOptions(path, tuiTestEnv())
	if err != nil {
		t.Fatalf("invalid JSON must still open the TUI (the app shows the error): %v", err)
	}
	if string(opts.FileData) != string(body) || opts.FileName != path {
		t.Fatal("the file's text must reach the UI unchanged")
	}

	_, err = tuiOptions(filepath.Join(dir, "missing.json"), tuiTestEnv())
	if err == nil || !strings.Contains(err.Error(), "cannot open the event file") {
		t.Fatalf("a missing file: %v", err)
	}

	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, tuiMaxFileSize+1), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := tuiOptions(big, tuiTestEnv()); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Fatalf("a huge file: %v", err)
	}
}

func TestTUIFileFlagIsOnTheRootCommand(t *testing.T) {
	root := newRootCmd()
	f := root.Flags().Lookup("file")
	if f == nil {
		t.Fatal("--file is missing on the root command")
	}
	if !strings.Contains(f.Usage, "composer") {
		t.Fatalf("--file usage: %q", f.Usage)
	}
	if code := run([]string{"--file", filepath.Join(t.TempDir(), "missing.json")}); code != exitUsage {
		t.Fatalf("a missing --file should exit %d, got %d", exitUsage, code)
	}
}

func TestTUIMemoryLimitAndHeldCollector(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(before) })
	gogc := debug.SetGCPercent(150)
	t.Cleanup(func() { debug.SetGCPercent(gogc) })

	debug.SetMemoryLimit(math.MaxInt64)
	tuiHoldCollector(tuiTestEnv("GOMEMLIMIT", "1GiB"))()
	if got := debug.SetMemoryLimit(-1); got != math.MaxInt64 {
		t.Fatalf("GOMEMLIMIT set by the user must win, limit %d", got)
	}
	release := tuiHoldCollector(tuiTestEnv())
	if got := debug.SetMemoryLimit(-1); got != tuiMemoryLimit {
		t.Fatalf("limit %d, want %d", got, tuiMemoryLimit)
	}
	// Until the first frame the collector runs only near the memory limit.
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GOGC before the first frame %d, want -1 (held)", got)
	}
	release()
	if got := debug.SetGCPercent(150); got != 150 {
		t.Fatalf("GOGC after the first frame %d, want the one before (150)", got)
	}
	debug.SetGCPercent(70)
	release() // a second call must not undo a later change
	if got := debug.SetGCPercent(150); got != 70 {
		t.Fatalf("a second release changed GOGC to %d", got)
	}
}

func TestTUIWireUsesFlagsEnvironmentAndDefaultProfile(t *testing.T) {
	dir := t.TempDir()
	cfgDir := filepath.Join(dir, "config")
	cfg, err := credentials.Load(cfgDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Add(credentials.Profile{Name: "weather", ClientID: "amzn1.application-oa2-client.w", Region: "EU", Stage: "development",
		Users: []credentials.User{{ID: "amzn1.ask.account.W1", Label: "kitchen"}}}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}

	// --history and --config-dir.
	g := &globalFlags{historyPath: filepath.Join(dir, "flag.db"), configDir: cfgDir}
	var opts ui.Options
	store, err := tuiWire(g, &opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if store.Path() != g.historyPath || opts.History == nil || opts.Sender == nil || opts.Sender.History == nil {
		t.Fatalf("history %q, want the --history file wired to the pane and the sender", store.Path())
	}
	if opts.Profile != "weather" || opts.Target.Name != "eu-dev" || len(opts.Users) != 1 || opts.ConfigDir != cfgDir {
		t.Fatalf("default profile not used: profile %q target %q users %v", opts.Profile, opts.Target.Name, opts.Users)
	}

	// PE_TUI_HISTORY and PE_TUI_CONFIG_DIR, with no profile: the sandbox.
	t.Setenv("PE_TUI_HISTORY", filepath.Join(dir, "env.db"))
	t.Setenv("PE_TUI_CONFIG_DIR", filepath.Join(dir, "empty-config"))
	opts2, err := tuiOptions("", tuiTestEnv())
	if err != nil {
		t.Fatal(err)
	}
	store2, err := tuiWire(&globalFlags{}, &opts2, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store2.Close()
	if store2.Path() != filepath.Join(dir, "env.db") {
		t.Fatalf("history %q, want PE_TUI_HISTORY", store2.Path())
	}
	if opts2.Profile != "" || !opts2.Target.IsSandbox() {
		t.Fatalf("no profile: want the sandbox, got %q %+v", opts2.Profile, opts2.Target)
	}
}

// The colour profile the TUI hands Bubble Tea is what Bubble Tea would
// have detected itself (colorprofile.Detect of stdout and the
// environment), without detecting it again; NO_COLOR is no colour at all.
func TestTUIColorProfileIsBubbleTeasOwn(t *testing.T) {
	if got, want := tuiColorProfile(false), colorprofile.Detect(os.Stdout, os.Environ()); got != want {
		t.Fatalf("profile %v, Bubble Tea would detect %v", got, want)
	}
	if got := tuiColorProfile(true); got != colorprofile.Ascii {
		t.Fatalf("NO_COLOR: profile %v, want Ascii", got)
	}
}

// The model built beside Bubble Tea's terminal set-up is the one Bubble
// Tea runs: Init and View are the built model's, Update hands Bubble Tea
// the built model, and a build that panics panics on Bubble Tea's
// goroutine (which restores the terminal), not on its own.
func TestTUIModelBuiltBesideTerminalSetUp(t *testing.T) {
	release := make(chan struct{})
	s := tuiBuild(func() ui.Model {
		<-release
		return tuiSized(ui.New(ui.Options{}), func() (int, int, error) { return 100, 30, nil })
	})
	got := make(chan string, 1)
	go func() { got <- s.View().Content }()
	select {
	case <-got:
		t.Fatal("View did not wait for the model to be built")
	case <-time.After(50 * time.Millisecond):
	}
	close(release)
	if v := <-got; !strings.Contains(v, "Schemas") {
		t.Fatalf("View is not the built model's:\n%s", v)
	}
	if s.Init() == nil {
		t.Fatal("Init is not the built model's (it starts the expiry ticker)")
	}
	next, _ := s.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	m, ok := next.(ui.Model)
	if !ok {
		t.Fatalf("Update returned %T, want the built ui.Model", next)
	}
	if v := m.View().Content; strings.Count(v, "\n") != 23 {
		t.Fatalf("the built model did not take the message: %d rows", strings.Count(v, "\n")+1)
	}

	if built, ok := s.built(); !ok || built.View().Content == "" {
		t.Fatal("built() must hand over the built model")
	}
	broken := tuiBuild(func() ui.Model { panic("build failed") })
	if _, ok := broken.built(); ok {
		t.Fatal("built() of a failed build must say so, without panicking")
	}
	defer func() {
		if r := recover(); r != "build failed" {
			t.Fatalf("recovered %v, want the build's panic", r)
		}
	}()
	broken.Init()
	t.Fatal("a failed build must panic where the model is first needed")
}

// The bare `pe-tui` starts without the command tree: newRoot's root has
// only its own flags until the subcommands are added, and then has them
// all (execute adds them whenever there are arguments).
func TestRootWithoutSubcommandsUntilAdded(t *testing.T) {
	root, add := newRoot()
	if root.HasSubCommands() {
		t.Fatal("the bare root already has subcommands")
	}
	if root.Flags().Lookup("file") == nil || root.PersistentFlags().Lookup("history") == nil {
		t.Fatal("the bare root lacks its own flags (--file, --history)")
	}
	add()
	for _, name := range []string{"send", "validate", "history", "sandbox", "profile"} {
		if c, _, err := root.Find([]string{name}); err != nil || c.Name() != name {
			t.Fatalf("subcommand %s missing after adding: %v", name, err)
		}
	}
	if code := run([]string{"validate", filepath.Join(t.TempDir(), "missing.json")}); code == exitOK {
		t.Fatal("a subcommand given as an argument must be run (validate of a missing file fails)")
	}
}
