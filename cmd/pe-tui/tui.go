package main

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/atotto/clipboard"
	"github.com/charmbracelet/colorprofile"
	"github.com/mattn/go-runewidth"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/autosave"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/ui"
)

// tuiMaxFileSize bounds what --file reads, so that a wrong path (a disk
// image, a log) cannot exhaust memory.
const tuiMaxFileSize = validateMaxFileSize

// tuiDefaultTarget is where the TUI sends while no profile exists: the
// in-process sandbox. With a default profile the TUI starts on that
// profile's region and stage instead.
const tuiDefaultTarget = "sandbox"

func init() {
	tuiRunner = tuiRun
	rootFlagHooks = append(rootFlagHooks, func(root *cobra.Command) {
		root.Flags().String("file", "", "open this event JSON `FILE` in the composer (invalid JSON is shown, not lost)")
	})
}

// tuiRun opens the terminal UI in the alternate screen.
func tuiRun(g *globalFlags, cmd *cobra.Command, args []string) error {
	file, _ := cmd.Flags().GetString("file")
	opts, err := tuiOptions(file, os.LookupEnv)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	// The first frame comes sooner when the model is built without the
	// collector and beside the width table: see tuiHoldCollector and
	// tuiWarmWidths.
	go tuiWarmWidths()
	opts.Started = tuiHoldCollector(os.LookupEnv)
	defer opts.Started()
	store, err := tuiWire(g, &opts, sendNewStore())
	if err != nil {
		return err
	}
	defer store.Close()
	tuiKeepWork(&opts)
	starting := tuiBuild(func() ui.Model {
		return tuiSized(ui.New(opts), func() (int, int, error) { return term.GetSize(int(os.Stdout.Fd())) })
	})
	p := tea.NewProgram(starting, tea.WithColorProfile(tuiColorProfile(opts.NoColor)), tea.WithFPS(tuiFPS))
	// Bubble Tea quits on SIGINT and SIGTERM; SIGHUP (the terminal closed)
	// must too, so that the terminal is restored and a send in flight is
	// recorded before the process ends.
	hup, done := make(chan os.Signal, 1), make(chan struct{})
	signal.Notify(hup, syscall.SIGHUP)
	defer func() { signal.Stop(hup); close(done) }()
	go func() {
		select {
		case <-hup:
			p.Quit()
		case <-done:
		}
	}()
	final, err := p.Run()
	if st, ok := final.(*tuiStarting); ok {
		// It ended before any message reached the model (a quit at once, or
		// a terminal that failed): the built model, if the build succeeded,
		// is closed and its draft kept as always.
		if m, built := st.built(); built {
			final = m
		}
	}
	if fm, ok := final.(ui.Model); ok {
		// Cancels a send in flight and waits (bounded) until it is recorded;
		// a wait longer than a moment (a locked history) is announced.
		slow := time.AfterFunc(500*time.Millisecond, func() {
			fmt.Fprintln(cmd.ErrOrStderr(), "pe-tui: recording the send that was running…")
		})
		closed := fm.Close()
		slow.Stop()
		if !closed {
			fmt.Fprintln(cmd.ErrOrStderr(), "pe-tui: a send was still running when pe-tui quit; its record may be missing from the history")
		}
		tuiFlushDraft(cmd, fm)
	}
	if err != nil {
		if errors.Is(err, tea.ErrInterrupted) {
			return nil
		}
		return exitWith(exitUsage, "the terminal UI failed: "+err.Error())
	}
	return nil
}

// tuiStarting is the model Bubble Tea starts with while the real one is
// built on another goroutine (tuiBuild): Bubble Tea sets up the terminal
// (raw mode, input reader, renderer) meanwhile, and its first call, Init,
// waits for the built model. Its Update returns the built model's, which
// Bubble Tea keeps from then on.
type tuiStarting struct {
	ready  chan struct{}
	m      ui.Model
	failed any // what the build panicked with
}

// tuiBuild starts building the model with build.
func tuiBuild(build func() ui.Model) *tuiStarting {
	s := &tuiStarting{ready: make(chan struct{})}
	go func() {
		defer close(s.ready)
		defer func() { s.failed = recover() }()
		s.m = build()
	}()
	return s
}

// model waits for the built model. A panic of the build is raised again
// here, on Bubble Tea's goroutine, so that Bubble Tea restores the
// terminal before the program ends.
func (s *tuiStarting) model() ui.Model {
	m, ok := s.built()
	if !ok {
		panic(s.failed)
	}
	return m
}

// built waits for the build and returns the model, or false when the
// build panicked.
func (s *tuiStarting) built() (ui.Model, bool) {
	<-s.ready
	return s.m, s.failed == nil
}

// Init is the built model's Init.
func (s *tuiStarting) Init() tea.Cmd { return s.model().Init() }

// Update is the built model's Update; the model it returns replaces s.
func (s *tuiStarting) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return s.model().Update(msg) }

// View is the built model's View.
func (s *tuiStarting) View() tea.View { return s.model().View() }

// tuiSized gives m the terminal's size (size: of the terminal on stdout)
// before the program starts, so that Bubble Tea's first render is the full
// frame; otherwise it draws an empty one and the full frame only after its
// own size message has gone through the event loop
// (BenchmarkStartToFirstFrame). Without a size (not a terminal) m is
// unchanged and waits for that message as before.
func tuiSized(m ui.Model, size func() (w, h int, err error)) ui.Model {
	w, h, err := size()
	if err != nil || w <= 0 || h <= 0 {
		return m
	}
	nm, _ := m.Update(tea.WindowSizeMsg{Width: w, Height: h}) // a size message returns no command
	if sized, ok := nm.(ui.Model); ok {
		return sized
	}
	return m
}

// tuiMemoryLimit is the soft memory limit of the Go heap of the TUI
// (design §5: resident memory ≤ 40 MB). Walking a long history makes
// garbage; with the limit the collector runs sooner and returns freed pages
// to the OS instead of letting the heap grow to twice its live size
// (BenchmarkTUIResidentMemory: 100,000 records walked end to end, 42.8 MB
// without a limit, 34.4 MB with it).
const tuiMemoryLimit = 20 << 20

// tuiFPS is the renderer's frame rate: Bubble Tea's highest. The renderer
// writes a changed frame on its next tick, so a key's effect and the very
// first frame reach the screen up to 1/tuiFPS after they are drawn: 8 ms
// instead of the default 60 fps's 17 ms. A frame that did not change is
// not written, so an idle screen costs nothing more.
const tuiFPS = 120

// tuiHoldCollector sets tuiMemoryLimit (unless GOMEMLIMIT chooses another)
// and holds the garbage collector's proportional trigger (GOGC) until the
// returned func is called, which the UI does once its first frame is
// drawn (ui.Options.Started); calling it again does nothing. The start
// allocates a few MB that stay mostly live, and on the way to the first
// frame the collector would run twice and scan the whole binary's data for
// nothing (BenchmarkStartToFirstFrame). The memory limit still bounds the
// heap meanwhile: near it the collector runs as usual.
func tuiHoldCollector(lookup func(string) (string, bool)) (release func()) {
	if v, ok := lookup("GOMEMLIMIT"); !ok || v == "" {
		debug.SetMemoryLimit(tuiMemoryLimit)
	}
	gogc := debug.SetGCPercent(-1)
	return sync.OnceFunc(func() { debug.SetGCPercent(gogc) })
}

// tuiWarmWidths builds go-runewidth's width table, which Bubble Tea's
// renderer needs for the first frame's first non-ASCII character (a frame
// corner) in a terminal without Unicode mode 2027, tmux among them. The
// table is 2 MB built on first use; built on another core while the model
// is built, it is off the way to the first frame.
func tuiWarmWidths() { runewidth.RuneWidth('╭') }

// tuiColorProfile is the terminal's colour profile for tea.WithColorProfile:
// what Bubble Tea's Run would detect (colorprofile.Detect of os.Stdout and
// the environment), which Lip Gloss has already detected at package
// initialisation for its lipgloss.Writer, from the same stdout and the
// same environment. Detecting it again costs a second `tmux info` inside
// tmux, about 10 ms on the way to the first frame. NO_COLOR is no colour
// at all, even if the terminal reports more.
func tuiColorProfile(noColor bool) colorprofile.Profile {
	if noColor {
		return colorprofile.Ascii
	}
	return lipgloss.Writer.Profile
}

// tuiWire adds the send pipeline, the history store, the profiles and the
// credentials to opts: the history from --history or PE_TUI_HISTORY, the
// profiles from --config-dir or PE_TUI_CONFIG_DIR, secrets from secrets.
// With a default profile the UI starts on it and its region and stage. The
// history opens in the background (lazyHistory): the first frame needs none
// of it, and its notes or error reach the status line through
// opts.HistoryOpened. The caller closes the returned store.
func tuiWire(g *globalFlags, opts *ui.Options, secrets credentials.SecretStore) (*lazyHistory, error) {
	store, err := historyOpenLazily(g)
	if err != nil {
		return nil, err
	}
	opts.Sender, opts.History, opts.HistoryOpened = wiringSenderTo(store, alexa.DefaultTimeout), store, store.Opened
	opts.ConfigDir, opts.Secrets = g.configDir, secrets
	configDir := g.configDir
	opts.Credentials = func(profile string, target alexa.Target) (alexa.Credentials, string, error) {
		c, name, _, err := wiringCredentials(configDir, secrets, profile, target)
		return c, name, err
	}
	cfg, err := credentials.Load(configDir)
	if err != nil {
		// The UI still opens (the sandbox needs no profile); the status line says why.
		opts.Warning = "profiles not loaded: " + err.Error()
		return store, nil
	}
	if p, ok := cfg.Default(); ok {
		opts.Profile = p.Name
		for _, u := range p.Users {
			opts.Users = append(opts.Users, draft.UserOption{ID: u.ID, Label: u.Label})
		}
		if t, ok := ui.ProfileTarget(p); ok {
			opts.Target = t
		}
	}
	return store, nil
}

// tuiOptions builds the UI options from the --file flag and the environment.
func tuiOptions(file string, lookup func(string) (string, bool)) (ui.Options, error) {
	target, err := alexa.ParseTarget(tuiDefaultTarget)
	if err != nil {
		return ui.Options{}, err
	}
	opts := ui.Options{
		Target:    target,
		Editor:    tuiEditor(lookup),
		Clipboard: clipboard.WriteAll,
	}
	if v, ok := lookup("NO_COLOR"); ok && v != "" {
		opts.NoColor = true
	}
	if file != "" {
		data, err := tuiReadFile(file)
		if err != nil {
			return ui.Options{}, err
		}
		opts.FileName, opts.FileData = file, data
	}
	return opts, nil
}

// tuiEditor picks the editor: $VISUAL, then $EDITOR, then vi.
func tuiEditor(lookup func(string) (string, bool)) string {
	for _, name := range []string{"VISUAL", "EDITOR"} {
		if v, ok := lookup(name); ok && v != "" {
			return v
		}
	}
	return "vi"
}

// tuiReadFile reads an event file of at most tuiMaxFileSize bytes.
func tuiReadFile(path string) ([]byte, error) {
	data, _, err := safefile.Read(path, tuiMaxFileSize)
	if err != nil {
		return nil, fmt.Errorf("cannot open the event file: %w", eventArgFileError(path, err))
	}
	return data, nil
}

// tuiKeepWork adds the kept draft (PE_TUI_STATE_DIR or the user state
// directory) and the library folder (PE_TUI_LIBRARY or the project's) to
// opts. Neither is needed to start: a problem is shown in the status line.
func tuiKeepWork(opts *ui.Options) {
	warn := func(s string) {
		if opts.Warning != "" {
			opts.Warning += "; "
		}
		opts.Warning += s
	}
	if st, err := autosave.Open(); err != nil {
		warn("drafts are not kept: " + err.Error())
	} else {
		opts.Autosave = st
		d, ok, err := st.Load()
		switch {
		case err != nil:
			warn(err.Error())
		case ok:
			opts.Kept = &d
		}
	}
	if lib, err := library.Open(""); err != nil {
		warn("no library: " + err.Error())
	} else {
		opts.Library = lib
		if k := opts.Kept; k != nil && k.Meta.Library != "" {
			opts.KeptEntry, _ = lib.Get(k.Meta.Library) // gone or broken: saved as new
		}
	}
}

// tuiFlushDraft writes the kept draft before the process ends and says so
// when it holds changes that were not sent or saved.
func tuiFlushDraft(cmd *cobra.Command, fm ui.Model) {
	path, err := fm.Flush()
	switch {
	case err != nil:
		fmt.Fprintln(cmd.ErrOrStderr(), "pe-tui: your draft could not be kept: "+err.Error())
	case path != "" && fm.UnsavedDraft():
		fmt.Fprintln(cmd.ErrOrStderr(), "pe-tui: your unsent draft is kept in "+path+"; pe-tui reopens it next time")
	}
}
