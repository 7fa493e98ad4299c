package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/export"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

func init() { register(newExportCmd) }

type exportOptions struct {
	lang        string
	target      string
	out         string
	force       bool
	allowErrors bool
}

func newExportCmd(_ *globalFlags) *cobra.Command {
	o := &exportOptions{}
	cmd := &cobra.Command{
		Use:   "export --lang node|python|java|go|curl [flags] FILE|-",
		Short: "Write a runnable sender program for an event (for your skill backend)",
		Long: `export writes a complete program that sends the event in FILE (an event
request body; "-" reads standard input) the way a skill backend must: it
fetches a token from Login with Amazon, sets timestamp, expiryTime and
referenceId when it runs (never the stale values of the file; the file's
expiry distance is kept when it lies between 5 minutes and 24 hours, else
23 hours), posts to the chosen region and stage, retries 429 and 500 with
backoff honouring Retry-After, renews the token once on a 403 saying it is
not valid, and never follows a redirect.

Languages: node (Node.js 18+, built-in fetch), python (3.8+, urllib), java
(11+, java.net.http; run with 'java Sender.java'), go (net/http), curl (a
POSIX shell script; the secret and the token never appear on curl's command
line). No packages are needed.

Every program reads:
  ALEXA_CLIENT_ID, ALEXA_CLIENT_SECRET  the skill's Alexa client id and secret
  ALEXA_API_URL       event API base URL (default: the --target region's);
                      point it at 'pe-tui sandbox' to try the program locally
  LWA_TOKEN_URL       token URL (default: Amazon's, or $ALEXA_API_URL/auth/o2/token)
  ALEXA_REFERENCE_ID  send with this referenceId instead of a fresh one
and exits 0 when the event is accepted (2xx), 1 when it or the token is
refused (Amazon's message on standard error), 2 when configuration is
missing and 3 when there is no answer.

--target is a region and stage as 'send' spells it: na-dev (the default),
na-live, eu-dev, eu-live, fe-dev, fe-live; or sandbox (ALEXA_API_URL is then
required). An event with validation errors is not exported unless
--allow-errors. The program goes to standard output, or to -o FILE (an
existing file is never replaced without --force).`,
		Example: `  pe-tui export --lang node event.json -o send-event.mjs
  pe-tui export --lang python --target eu-live event.json > send_event.py
  pe-tui export --lang java event.json -o Sender.java
  ALEXA_API_URL=http://127.0.0.1:8787 ALEXA_CLIENT_ID=… ALEXA_CLIENT_SECRET=… node send-event.mjs`,
		Args: exactlyOneArg("event JSON file (or - for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return exportRun(cmd, o, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.lang, "lang", "", "language of the program: node, python, java, go or curl (required)")
	f.StringVar(&o.target, "target", "na-dev", "region and stage the program sends to: na-dev|na-live|eu-dev|eu-live|fe-dev|fe-live|sandbox")
	f.StringVarP(&o.out, "output", "o", "", "write the program to `FILE` instead of standard output")
	f.BoolVar(&o.force, "force", false, "replace an existing output file")
	f.BoolVar(&o.allowErrors, "allow-errors", false, "export even when the event has validation errors")
	return cmd
}

func exportRun(cmd *cobra.Command, o *exportOptions, file string) error {
	if o.lang == "" {
		return exitWith(exitUsage, "give --lang node, python, java, go or curl\nRun '"+cmd.CommandPath()+" --help' for usage.")
	}
	lang, err := export.ParseLang(o.lang)
	if err != nil {
		return exitWith(exitUsage, "--lang: "+err.Error())
	}
	target, err := alexa.ParseTarget(o.target)
	if err != nil {
		return exitWith(exitUsage, "--target: "+err.Error())
	}
	if err := export.CheckTarget(target); err != nil {
		return exitWith(exitUsage, "--target: "+err.Error())
	}
	data, err := validateReadFile(cmd, file)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	req, err := schemas.Decode(data)
	if err != nil {
		return exitWith(exitRejected, validateDisplayName(file)+": "+err.Error())
	}
	errOut := untrustedWriter(cmd.ErrOrStderr())
	findings := export.Judge(req, time.Now())
	if placeholders := export.Placeholders(data); len(placeholders) > 0 {
		return exitWith(exitRejected, fmt.Sprintf("%s holds placeholders (%s); fill them in first: an exported program sends the values as they are", validateDisplayName(file), historyCell(strings.Join(placeholders, ", "))))
	}
	if schemas.HasErrors(findings) {
		validatePrintReport(errOut, validateDisplayName(file), findings)
		if !o.allowErrors {
			return exitWith(exitRejected, "the event has validation errors; fix them, or add --allow-errors to export it anyway")
		}
	}
	prog, err := export.Generate(lang, data, target)
	if err != nil {
		return exitWith(exitRejected, err.Error())
	}
	if o.out == "" {
		_, err := cmd.OutOrStdout().Write(prog)
		return err
	}
	perm := os.FileMode(0o644)
	if lang == export.Curl || lang == export.Node || lang == export.Python {
		perm = 0o755 // they start with #!
	}
	if err := writeNewFile(o.out, prog, perm, o.force); err != nil {
		return exitWith(exitUsage, err.Error())
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "wrote %s (%s, %s)\n", o.out, lang, target.Name)
	return nil
}
