package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/send"
)

func init() { historySubcommands = append(historySubcommands, newHistoryResendCmd) }

func newHistoryResendCmd(g *globalFlags) *cobra.Command {
	o := &sendOptions{}
	var asNew bool
	cmd := &cobra.Command{
		Use:   "resend [flags] ID",
		Short: "Send a recorded request again, exactly or as new",
		Long: `resend sends the request of history record ID again and records the new send
as a resend of ID.

Without --as-new the body goes out byte for byte, so the service answers 409
for a referenceId that already reached the same customer. With --as-new the
timestamp becomes now, the referenceId is new and the expiryTime keeps its
distance from the timestamp.

It goes to the record's target and stage unless --target (and --stage) say
otherwise; a record sent to the sandbox is resent to a fresh in-process
sandbox. Credentials come from --profile, else the record's profile, else
PE_TUI_CLIENT_ID/PE_TUI_CLIENT_SECRET or the default profile. The checks and
exit status are those of 'pe-tui send': 0 accepted, 1 rejected, 2 usage,
unknown record or missing credentials, 3 network failure.`,
		Example: `  pe-tui history resend 42
  pe-tui history resend 42 --as-new
  pe-tui history resend 42 --as-new --target eu-dev --profile myskill`,
		Args: exactlyOneArg("record id (the numbers 'pe-tui history list' shows)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return historyResendRun(cmd, g, o, args[0], asNew)
		},
	}
	cmd.Flags().BoolVar(&asNew, "as-new", false, "fresh timestamp, referenceId and expiryTime (avoids 409)")
	sendAddFlags(cmd, o, "")
	return cmd
}

func historyResendRun(cmd *cobra.Command, g *globalFlags, o *sendOptions, arg string, asNew bool) error {
	rec, err := historyLoad(cmd.Context(), g, arg)
	if err != nil {
		return err
	}
	target, err := historyResendTarget(cmd, o, rec)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	profile := o.profile
	if profile == "" && !target.IsSandbox() && rec.Profile != "" {
		profile = rec.Profile
		if cfg, err := credentials.Load(g.configDir); err == nil {
			if _, err := cfg.Get(profile); errors.Is(err, credentials.ErrProfileNotFound) {
				return exitWith(exitUsage, fmt.Sprintf("record %d was sent with profile %q, which no longer exists; pass --profile NAME", rec.ID, profile))
			}
		}
	}
	c, err := sendOpen(cmd, g, o)
	if err != nil {
		return err
	}
	defer c.close()
	if target, err = sendApplyAuthURL(o, target); err != nil {
		return err
	}
	plan, err := c.session.PlanResend(rec, asNew, &target, profile)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	return sendExecute(cmd, o, c, plan)
}

// historyResendTarget is --target (with --stage) when given, else the
// record's target and stage (with --stage, when given, for the sandbox or a URL).
func historyResendTarget(cmd *cobra.Command, o *sendOptions, rec *history.Record) (alexa.Target, error) {
	if cmd.Flags().Changed("target") {
		return sendParseTarget(cmd, o, o.target)
	}
	t, err := send.RecordTarget(rec)
	if err != nil {
		return t, fmt.Errorf("%v; pass --target", err)
	}
	if cmd.Flags().Changed("stage") {
		return sendParseTarget(cmd, o, t.Name)
	}
	if o.timeout <= 0 {
		return t, fmt.Errorf("--timeout %s: use a positive duration such as 10s", o.timeout)
	}
	return t, nil
}
