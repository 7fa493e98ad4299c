// Command pe-tui composes, validates, previews and sends Alexa proactive events.
//
// With no subcommand it opens the terminal UI; the subcommands expose the same
// validation, preview, send, history, profile and sandbox functions to scripts.
package main

import (
	"errors"
	"fmt"
	"os"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

// run executes the command line and returns the process exit code.
func run(args []string) int {
	root := newRootCmd()
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.msg != "" {
			fmt.Fprintln(os.Stderr, "pe-tui:", ee.msg)
		}
		return ee.code
	}
	// Cobra reports usage errors (unknown flag, wrong argument count) here.
	fmt.Fprintln(os.Stderr, "pe-tui:", err)
	return exitUsage
}
