package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

func init() { register(newManifestCmd) }

func newManifestCmd(_ *globalFlags) *cobra.Command {
	var (
		names    []string
		endpoint string
	)
	cmd := &cobra.Command{
		Use:   "manifest [flags]",
		Short: "Print the permissions and events part of a skill manifest",
		Long: `manifest prints the "permissions" and "events" members a skill manifest
(skill.json, under "manifest") needs to send proactive events: the
notifications permission, one publication per schema, the event endpoint and
the SKILL_PROACTIVE_SUBSCRIPTION_CHANGED subscription that tells the skill who
subscribed. Merge them into skill.json and deploy with the ASK CLI or SMAPI;
the developer console cannot edit events.

--schemas takes full event names or short names (WeatherAlert, OrderStatus,
…), comma-separated; the default is all eight. --endpoint is the skill's
Lambda ARN or HTTPS endpoint and is required.

"pe-tui manifest check FILE" checks an existing skill.json.`,
		Example: `  pe-tui manifest --endpoint arn:aws:lambda:us-east-1:123456789012:function:my-skill
  pe-tui manifest --schemas WeatherAlert,OrderStatus --endpoint https://skill.example.com/events
  pe-tui manifest check skill-package/skill.json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(endpoint) == "" {
				return exitWith(exitUsage, "--endpoint is required: give the skill's Lambda ARN or HTTPS endpoint that receives skill events\nRun 'pe-tui manifest --help' for usage.")
			}
			out, err := schemas.ManifestSnippet(names, endpoint)
			if err != nil {
				var un *schemas.UnknownNameError
				if errors.As(err, &un) {
					return exitWith(exitUsage, fmt.Sprintf("--schemas: unknown event %q; valid names: %s (or the full names: %s)",
						un.Name, strings.Join(schemas.ShortNames(), ", "), strings.Join(schemas.Names(), ", ")))
				}
				return exitWith(exitUsage, err.Error())
			}
			_, err = cmd.OutOrStdout().Write(out)
			return err
		},
	}
	cmd.Flags().StringSliceVar(&names, "schemas", nil, "comma-separated event `NAMES` to publish, full or short (default: all eight)")
	cmd.Flags().StringVar(&endpoint, "endpoint", "", "the skill's Lambda ARN or HTTPS `URI` that receives skill events (required)")
	cmd.AddCommand(newManifestCheckCmd())
	return cmd
}

func newManifestCheckCmd() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "check [flags] FILE",
		Short: "Check a skill manifest for what proactive events need",
		Long: `check reads a skill manifest (skill.json with a "manifest" member, or the
manifest object itself; "-" reads standard input) and reports what sending
proactive events needs: the notifications permission (MAN_NO_PERMISSION), at
least one publication (MAN_NO_PUBLICATIONS), only the eight event names
(MAN_UNKNOWN_EVENT), no duplicates (MAN_DUP_PUBLICATION), an event endpoint
(MAN_NO_ENDPOINT) and, as a hint, the subscription-changed event
(MAN_NO_SUBSCRIPTION_EVENT).

Exit status: 0 without errors, 1 with errors (invalid JSON included),
2 for bad usage or a file that cannot be read.`,
		Example: `  pe-tui manifest check skill-package/skill.json
  pe-tui manifest check --json skill.json`,
		Args: exactlyOneArg("skill manifest file (or - for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := validateReadFile(cmd, args[0])
			if err != nil {
				return exitWith(exitUsage, err.Error())
			}
			fs, err := schemas.CheckManifest(data)
			if err != nil {
				f := validateSyntaxFinding(err)
				var se *schemas.SyntaxError
				if !errors.As(err, &se) {
					f.Message = err.Error() + "."
				}
				fs = []schemas.Finding{f}
			}
			name := validateDisplayName(args[0])
			if asJSON {
				res := validateResult{File: args[0], Valid: !schemas.HasErrors(fs), Findings: validateJSONFindings(fs)}
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetEscapeHTML(false)
				enc.SetIndent("", "  ")
				if err := enc.Encode(res); err != nil {
					return err
				}
			} else {
				validatePrintReport(cmd.OutOrStdout(), name, fs)
			}
			if schemas.HasErrors(fs) {
				return exitWith(exitRejected, "")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"file","valid","findings":[…]}`)
	return cmd
}
