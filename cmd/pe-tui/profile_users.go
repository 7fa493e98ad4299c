package main

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

func newProfileUsersCmd(g *globalFlags) *cobra.Command {
	var label string
	cmd := &cobra.Command{
		Use:   "users NAME [add|remove USERID] [--label L]",
		Short: "List, add or remove a profile's saved Unicast user ids",
		// One home for users: 'pe-tui users'. This spelling keeps working.
		Deprecated: "use 'pe-tui users list|add|rm|catch --profile NAME' instead",
		Long: `Manage the Unicast targets saved with a profile. A user id is the
skill-scoped id seen at context.System.user.userId, shaped
amzn1.ask.account.<opaque>.

  pe-tui profile users NAME                           list them
  pe-tui profile users NAME add USERID [--label L]    save one (with a label)
  pe-tui profile users NAME remove USERID             forget one`,
		Example: `  pe-tui profile users weather
  pe-tui profile users weather add amzn1.ask.account.AAAA --label "kitchen Echo"
  pe-tui profile users weather remove amzn1.ask.account.AAAA`,
		Args: func(cmd *cobra.Command, args []string) error {
			switch {
			case len(args) == 1:
				return nil
			case len(args) == 3 && (args[1] == "add" || args[1] == "remove"):
				return nil
			case len(args) >= 2 && args[1] != "add" && args[1] != "remove":
				return exitWith(exitUsage, fmt.Sprintf("unknown action %q; use add or remove\nRun '%s --help' for usage.", args[1], cmd.CommandPath()))
			default:
				return exitWith(exitUsage, fmt.Sprintf("expected NAME, or NAME add|remove USERID\nRun '%s --help' for usage.", cmd.CommandPath()))
			}
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if cmd.Flags().Changed("label") && (len(args) == 1 || args[1] != "add") {
				return exitWith(exitUsage, "--label only goes with add")
			}
			return profileUsers(cmd, g, args, label)
		},
	}
	cmd.Flags().StringVar(&label, "label", "", "a label for the user id (with add), e.g. \"kitchen Echo\"")
	return cmd
}

func profileUsers(cmd *cobra.Command, g *globalFlags, args []string, label string) error {
	cfg, err := profileLoad(g)
	if err != nil {
		return err
	}
	name := args[0]
	p, err := cfg.Get(name)
	if err != nil {
		return profileFail(err)
	}
	out := cmd.OutOrStdout()
	if len(args) == 1 {
		if len(p.Users) == 0 {
			fmt.Fprintf(out, "Profile %q has no saved users. Add one with: pe-tui profile users %s add USERID --label LABEL\n", name, name)
			return nil
		}
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "USER ID\tLABEL")
		for _, u := range p.Users {
			fmt.Fprintf(tw, "%s\t%s\n", u.ID, u.Label)
		}
		return tw.Flush()
	}

	id := args[2]
	if args[1] == "add" {
		if err := credentials.AddProfileUser(g.configDir, name, credentials.User{ID: id, Label: label}); err != nil {
			return profileFail(err)
		}
		if !strings.HasPrefix(id, credentials.AlexaUserPrefix) {
			fmt.Fprintf(cmd.ErrOrStderr(), "pe-tui: warning: %s does not start with %s; Amazon will not accept it (a sandbox configured with this id will)\n",
				id, credentials.AlexaUserPrefix)
		}
	} else if err := credentials.RemoveProfileUser(g.configDir, name, id); err != nil {
		return profileFail(err)
	}
	if args[1] == "add" {
		fmt.Fprintf(out, "Saved user %s in profile %q.\n", id, name)
	} else {
		fmt.Fprintf(out, "Removed user %s from profile %q.\n", id, name)
	}
	return nil
}
