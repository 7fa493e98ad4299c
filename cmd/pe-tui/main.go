// Command pe-tui composes, validates, previews and sends Alexa proactive events.
//
// With no subcommand it opens the terminal UI; the subcommands expose the same
// validation, preview, send, history, profile and sandbox functions to scripts.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/pe-tui/pe-tui/internal/termtext"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run executes the command line and returns the process exit code.
func run(args []string) int {
	return execute(args, os.Stdin, os.Stdout, os.Stderr)
}

// execute runs the command line with the given standard streams and returns
// the exit code; run uses the process's streams and tests pass buffers.
func execute(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	// The bare `pe-tui` opens the terminal UI and needs no subcommand:
	// the command tree is only built when there are arguments, so that the
	// UI's start does not wait for it (BenchmarkStartToFirstFrame).
	root, addSubcommands := newRoot()
	if len(args) > 0 {
		addSubcommands()
	}
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(stderr, "pe-tui:", termtext.Clean(ee.msg))
		}
		return ee.code
	}
	// Cobra reports usage errors (unknown flag, wrong argument count) here.
	fmt.Fprintln(stderr, "pe-tui:", termtext.Clean(err.Error()))
	return exitUsage
}
