package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

func newProfileRemoveCmd(g *globalFlags) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "remove NAME [--force]",
		Short: "Remove a profile and its client secret from the OS keyring",
		Long: `Remove a profile: its client secret is deleted from the OS keyring first,
then the profile from the config file. If the keyring cannot be reached the
profile is kept, so that the command can be run again; --force removes the
profile anyway and prints how to delete the keyring entry by hand.`,
		Example: `  pe-tui profile remove weather
  pe-tui profile remove weather --force   # the keyring is unreachable; delete the secret later`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return profileRemove(cmd, g, args[0], force) },
	}
	cmd.Flags().BoolVar(&force, "force", false, "remove the profile even when its secret cannot be deleted from the keyring")
	return cmd
}

func profileRemove(cmd *cobra.Command, g *globalFlags, name string, force bool) error {
	res, err := credentials.RemoveProfile(g.configDir, profileNewStore(), name, force)
	if err != nil {
		return profileFail(err)
	}
	out := cmd.OutOrStdout()
	if res.SecretLeft {
		fmt.Fprintf(cmd.ErrOrStderr(), "pe-tui: warning: the client secret of profile %q could not be deleted from the OS keyring\n", name)
	}
	fmt.Fprintln(out, res.Sentence(strconv.Quote(name)))
	if res.NoDefault {
		fmt.Fprintf(out, "There is no default profile now; pick one with: pe-tui profile use NAME\n")
	}
	return nil
}
