package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/doctor"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

func init() { register(newDoctorCmd) }

type doctorOptions struct {
	profile  string
	manifest string
	target   string
	stage    string
	authURL  string
	asJSON   bool
	timeout  time.Duration
}

func newDoctorCmd(g *globalFlags) *cobra.Command {
	o := &doctorOptions{}
	cmd := &cobra.Command{
		Use:   "doctor [--profile P] [--manifest skill.json] [--target T]",
		Short: "Check the setup: keyring, each profile's token per region, saved users, the skill manifest",
		Long: `doctor checks what stands between you and a delivered event, and says in
plain words what to do about each problem:

  - the OS keyring answers;
  - the PE_TUI_CLIENT_ID / PE_TUI_CLIENT_SECRET credentials when both are
    set (as profile "environment", region NA): sends without --profile use
    them first;
  - for each profile (or --profile P): its client secret is in the keyring,
    and a token is issued for every region the profile uses (its own and
    its saved users' regions). invalid_client means a wrong client id or
    secret (the skill's own are in the developer console under Build →
    Permissions → Alexa Skill Messaging); invalid_scope means the skill
    manifest probably does not declare events.publications — doctor shows
    the snippet and the 'ask smapi' commands that fix it;
  - saved users whose region is unknown or who are subscribed to nothing;
  - with --manifest FILE: the skill.json's encoding (UTF-16 or a byte order
    mark is a problem: SMAPI wants UTF-8) and its proactive-events parts.

Tokens are fetched from Amazon for each profile's stage unless --target
says otherwise: a named target (its stage; each region keeps its own
endpoint), a base URL such as a running 'pe-tui sandbox', or "sandbox"
(started inside this process; it accepts only its own test credentials,
so the token flow is checked but not the profile's secret).

No secret is ever printed.

Exit status: 0 all good; 1 problems found; 2 bad usage or an unreadable
file; 3 a token endpoint could not be reached.`,
		Example: `  pe-tui doctor
  pe-tui doctor --profile weather --manifest skill.json
  pe-tui doctor --target http://127.0.0.1:8787
  pe-tui doctor --target sandbox --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return doctorRun(cmd, g, o) },
	}
	f := cmd.Flags()
	f.StringVar(&o.profile, "profile", "", "check only this profile (default: all)")
	f.StringVar(&o.manifest, "manifest", "", "a skill.json `FILE` to check (encoding and proactive-events parts)")
	f.StringVar(&o.target, "target", "", "where tokens are fetched: na-dev|…|fe-live, a base URL such as http://127.0.0.1:8787, or sandbox (default: Amazon, each profile's stage)")
	f.StringVar(&o.stage, "stage", "", "development or live, for a URL target (the named targets carry their stage)")
	f.StringVar(&o.authURL, "auth-url", "", "token endpoint URL (default: Amazon's, or <base URL>/auth/o2/token)")
	f.BoolVar(&o.asJSON, "json", false, "print the report as JSON")
	f.DurationVar(&o.timeout, "timeout", alexa.DefaultTimeout, "timeout of each token request")
	return cmd
}

func doctorRun(cmd *cobra.Command, g *globalFlags, o *doctorOptions) error {
	opts := doctor.Options{Profile: o.profile, Store: sendNewStore()}
	if id, secret := os.Getenv(credentials.EnvClientID), os.Getenv(credentials.EnvClientSecret); id != "" && secret != "" {
		opts.Env = &alexa.Credentials{ClientID: id, ClientSecret: secret}
	}
	if o.target != "" {
		t, err := sendParseTarget(cmd, &sendOptions{stage: o.stage, timeout: o.timeout}, o.target)
		if err != nil {
			return exitWith(exitUsage, err.Error())
		}
		if t, err = sendApplyAuthURL(&sendOptions{authURL: o.authURL}, t); err != nil {
			return err
		}
		if t.IsSandbox() && t.BaseURL == "" {
			srv, url, err := send.StartSandbox(sandbox.Config{})
			if err != nil {
				return exitWith(exitUsage, "cannot start the in-process sandbox: "+err.Error())
			}
			defer srv.Close()
			t = t.WithBaseURL(url)
			opts.SandboxCredentials = &send.SandboxCredentials
		}
		opts.Target = t
	} else if o.stage != "" || o.authURL != "" {
		return exitWith(exitUsage, "--stage and --auth-url go with --target")
	}
	if o.timeout <= 0 {
		return exitWith(exitUsage, fmt.Sprintf("--timeout %s: use a positive duration such as 10s", o.timeout))
	}
	cfg, err := credentials.Load(g.configDir)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	opts.Config = cfg
	if o.manifest != "" {
		data, err := validateReadFile(cmd, o.manifest)
		if err != nil {
			return exitWith(exitUsage, err.Error())
		}
		opts.Manifest, opts.ManifestName = data, o.manifest
	}
	client := alexa.New(version)
	client.Timeout = o.timeout
	client.Tokens.Timeout = o.timeout
	opts.Tokens = client
	ctx, stop := signal.NotifyContext(context.Background(), sendSignals...)
	defer stop()
	rep := doctor.Run(ctx, opts)
	out := cmd.OutOrStdout()
	if o.asJSON {
		sendPrintJSON(out, map[string]any{"checks": rep.Checks, "problems": rep.Count(doctor.Problem), "exitCode": rep.ExitCode()})
	} else {
		doctorPrint(out, rep)
	}
	if code := rep.ExitCode(); code != 0 {
		return exitWith(code, "")
	}
	return nil
}

// doctorPrint prints the report for people: one line per check, the
// advice indented under it.
func doctorPrint(w io.Writer, rep doctor.Report) {
	labels := map[doctor.Status]string{doctor.OK: "ok", doctor.Problem: "PROBLEM", doctor.Info: "info", doctor.Network: "NETWORK"}
	for _, c := range rep.Checks {
		where := c.Profile
		if c.Region != "" {
			where += " " + c.Region
		}
		if where != "" {
			where = " [" + where + "]"
		}
		fmt.Fprintf(w, "%-8s %-9s%s %s\n", labels[c.Status], c.Area, termtext.Clean(where), termtext.Clean(c.Summary))
		for _, d := range c.Detail {
			fmt.Fprintf(w, "%18s%s\n", "", termtext.Clean(d))
		}
	}
	problems, network := rep.Count(doctor.Problem), rep.Count(doctor.Network)
	switch {
	case problems == 0 && network == 0:
		fmt.Fprintln(w, "\nAll good.")
	default:
		var parts []string
		if problems > 0 {
			parts = append(parts, validatePlural(problems, "problem"))
		}
		if network > 0 {
			parts = append(parts, validatePlural(network, "endpoint")+" not reached")
		}
		fmt.Fprintf(w, "\n%s.\n", strings.Join(parts, ", "))
	}
}
