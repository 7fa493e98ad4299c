package main

import (
	"io"

	"github.com/spf13/cobra"
)

// Exit codes shared by every subcommand.
const (
	exitOK       = 0 // success
	exitRejected = 1 // validation errors, or the service rejected the event
	exitUsage    = 2 // bad usage or an I/O error
	exitNetwork  = 3 // the network failed
)

// exitError carries an exit code out of a cobra RunE.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// exitWith returns an error that makes run exit with code, printing msg when it is not empty.
func exitWith(code int, msg string) error { return &exitError{code: code, msg: msg} }

// exactlyOneArg is a cobra Args check that names the one argument a command
// takes, where cobra would only say "accepts 1 arg(s)".
func exactlyOneArg(what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != 1 {
			return exitWith(exitUsage, "give exactly one "+what+"\nRun '"+cmd.CommandPath()+" --help' for usage.")
		}
		return nil
	}
}

// subcommands holds the constructors registered by each command file's init.
var subcommands []func(*globalFlags) *cobra.Command

// register adds a subcommand constructor; each command file calls it from init.
func register(f func(*globalFlags) *cobra.Command) { subcommands = append(subcommands, f) }

// globalFlags are the persistent flags every subcommand sees.
type globalFlags struct {
	historyPath string
	configDir   string
	// stderr is the command line's error stream, for notes (e.g. kept
	// history records added).
	stderr func() io.Writer
}

// tuiRunner opens the terminal UI; the TUI wiring file sets it.
var tuiRunner func(g *globalFlags, cmd *cobra.Command, args []string) error

// rootFlagHooks add flags of the root command itself (the TUI adds --file).
var rootFlagHooks []func(root *cobra.Command)

// newRootCmd is the whole command line: the root command with every
// subcommand.
func newRootCmd() *cobra.Command {
	root, addSubcommands := newRoot()
	addSubcommands()
	return root
}

// newRoot makes the root command and returns it with the func that adds
// every subcommand to it.
func newRoot() (*cobra.Command, func()) {
	g := &globalFlags{}
	root := &cobra.Command{
		Use:   "pe-tui",
		Short: "Compose, validate, preview and send Alexa proactive events",
		Long: `pe-tui composes Alexa proactive events (notifications) in a terminal UI,
shows the sentence Alexa will speak, validates the body against the published
schemas and sends it to Amazon or to a built-in local sandbox.

Run without a subcommand to open the terminal UI.`,
		Example: `  pe-tui                                    # open the terminal UI
  pe-tui --file examples/weather-alert.json # open an event in the composer
  pe-tui validate --now ` + examplesNow + ` examples/*.json  # the fixed time of examples/
  pe-tui preview examples/occasion.json
  pe-tui send event.json --target sandbox`,
		Version:       versionLine,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if tuiRunner != nil {
				return tuiRunner(g, cmd, args)
			}
			return cmd.Help()
		},
	}
	g.stderr = root.ErrOrStderr
	root.PersistentFlags().StringVar(&g.historyPath, "history", "", "history database file (default: $PE_TUI_HISTORY or the user state directory)")
	root.PersistentFlags().StringVar(&g.configDir, "config-dir", "", "directory of the profile config file (default: $PE_TUI_CONFIG_DIR or the user config directory)")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return exitWith(exitUsage, err.Error()+"\nRun '"+c.CommandPath()+" --help' for usage.")
	})
	for _, h := range rootFlagHooks {
		h(root)
	}
	return root, func() {
		for _, f := range subcommands {
			root.AddCommand(f(g))
		}
	}
}
