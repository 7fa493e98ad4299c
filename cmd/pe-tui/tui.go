package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"
	"github.com/atotto/clipboard"
	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/ui"
)

// tuiMaxFileSize bounds what --file reads, so that a wrong path (a disk
// image, a log) cannot exhaust memory.
const tuiMaxFileSize = 8 << 20

// tuiDefaultTarget is where the composer's curl export points until the
// target switcher exists: Amazon's North America development stage. Nothing
// is sent from the composer itself.
const tuiDefaultTarget = "na-dev"

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
	var popts []tea.ProgramOption
	if opts.NoColor {
		// NO_COLOR: no colour at all, even if the terminal later reports true colour.
		popts = append(popts, tea.WithColorProfile(colorprofile.Ascii))
	}
	if _, err := tea.NewProgram(ui.New(opts), popts...).Run(); err != nil {
		if errors.Is(err, tea.ErrInterrupted) {
			return nil
		}
		return exitWith(exitUsage, "the terminal UI failed: "+err.Error())
	}
	return nil
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
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cannot open the event file: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, tuiMaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, err)
	}
	if len(data) > tuiMaxFileSize {
		return nil, fmt.Errorf("%s is larger than %d MiB: that is not an event body; check the path", path, tuiMaxFileSize>>20)
	}
	return data, nil
}
