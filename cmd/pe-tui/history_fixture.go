package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/fixture"
)

func init() { historySubcommands = append(historySubcommands, newHistoryFixtureCmd) }

func newHistoryFixtureCmd(g *globalFlags) *cobra.Command {
	var out, sandboxOut string
	var force bool
	cmd := &cobra.Command{
		Use:   "export-fixture [flags] ID",
		Short: "Write a recorded send as a test fixture (request and response JSON) and a sandbox config",
		Long: `export-fixture writes record ID as a fixture for your own tests: the request
as sent (method, path, Content-Type, body) and Amazon's response (status,
headers, body, message), or the network error when nothing came back. The
Authorization header is never recorded and so is not in the fixture.

--sandbox-config FILE also writes a config for 'pe-tui sandbox --config FILE'
that reproduces the answer: the event is published, a Unicast user is
subscribed to it for the record's stage in the body's first locale, a live
record makes the skill certified (so a 2xx is reproduced by the sandbox's own
checks, given fresh times), and any other status is forced for as many
requests as the record made attempts, with the recorded message and
Retry-After; a send that got no response is reproduced by dropped
connections.

The fixture goes to standard output, or to -o FILE. Existing files are never
replaced without --force.`,
		Example: `  pe-tui history export-fixture 42 > testdata/order-409.json
  pe-tui history export-fixture 42 -o fixture.json --sandbox-config sandbox.json
  pe-tui sandbox --config sandbox.json`,
		Args: exactlyOneArg("record id (the numbers 'pe-tui history list' shows)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			rec, err := historyLoad(cmd.Context(), g, args[0])
			if err != nil {
				return err
			}
			fx, err := fixture.FromRecord(rec)
			if err != nil {
				return exitWith(exitUsage, err.Error())
			}
			var cfg []byte
			if sandboxOut != "" {
				if cfg, err = fixture.SandboxConfig(rec); err != nil {
					return exitWith(exitUsage, err.Error())
				}
			}
			if out == "" {
				if _, err := cmd.OutOrStdout().Write(fx); err != nil {
					return exitWith(exitUsage, err.Error())
				}
			} else {
				if err := writeNewFile(out, fx, 0o644, force); err != nil {
					return exitWith(exitUsage, err.Error())
				}
				fmt.Fprintln(cmd.ErrOrStderr(), "wrote", out)
			}
			if sandboxOut != "" {
				if err := writeNewFile(sandboxOut, cfg, 0o644, force); err != nil {
					return exitWith(exitUsage, err.Error())
				}
				fmt.Fprintln(cmd.ErrOrStderr(), "wrote", sandboxOut)
			}
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "write the fixture to `FILE` instead of standard output")
	cmd.Flags().StringVar(&sandboxOut, "sandbox-config", "", "also write a sandbox config reproducing the answer to `FILE`")
	cmd.Flags().BoolVar(&force, "force", false, "replace existing files")
	return cmd
}
