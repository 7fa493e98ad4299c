package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// TestEveryCommandHasHelp walks the command tree: --help on every command
// exits 0 with a description, a usage line and an Examples section whose
// lines run pe-tui.
func TestEveryCommandHasHelp(t *testing.T) {
	var walk func(c *cobra.Command)
	n := 0
	walk = func(c *cobra.Command) {
		args := append(strings.Fields(c.CommandPath())[1:], "--help")
		var out, errOut bytes.Buffer
		code := execute(args, strings.NewReader(""), &out, &errOut)
		if code != exitOK || !strings.Contains(out.String(), "Usage:") || c.Short == "" {
			t.Errorf("%s --help: exit %d, short %q, stdout:\n%s\nstderr:\n%s", c.CommandPath(), code, c.Short, out.String(), errOut.String())
		}
		_, examples, ok := strings.Cut(out.String(), "\nExamples:\n")
		if !ok || !strings.Contains(examples, c.CommandPath()) {
			t.Errorf("%s --help has no Examples section that runs %q:\n%s", c.CommandPath(), c.CommandPath(), out.String())
		}
		n++
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() {
				walk(sub)
			}
		}
	}
	walk(newRootCmd())
	if n < 15 {
		t.Fatalf("walked only %d commands", n)
	}
}

// TestOneArgumentCommandsSayWhatTheyTake: a missing or extra argument exits
// 2 with a sentence that names the argument and points to --help.
func TestOneArgumentCommandsSayWhatTheyTake(t *testing.T) {
	for _, c := range []struct {
		command string   // the command path after pe-tui
		extra   []string // its arguments
		want    string
	}{
		{"send", nil, "give exactly one event JSON file"},
		{"send", []string{"a.json", "b.json"}, "give exactly one event JSON file"},
		{"preview", nil, "give exactly one event JSON file"},
		{"manifest check", nil, "give exactly one skill manifest file"},
		{"history show", nil, "give exactly one record id"},
		{"history resend", []string{"1", "2"}, "give exactly one record id"},
		{"history import", nil, "'pe-tui history export' wrote"},
	} {
		args := append(strings.Fields(c.command), c.extra...)
		var out, errOut bytes.Buffer
		code := execute(args, strings.NewReader(""), &out, &errOut)
		help := "Run 'pe-tui " + c.command + " --help'"
		if code != exitUsage || !strings.Contains(errOut.String(), c.want) || !strings.Contains(errOut.String(), help) {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 with %q and %q", args, code, errOut.String(), c.want, help)
		}
	}
}
