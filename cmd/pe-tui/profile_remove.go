package main

import (
	"errors"
	"fmt"

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
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return profileRemove(cmd, g, args[0], force) },
	}
	cmd.Flags().BoolVar(&force, "force", false, "remove the profile even when its secret cannot be deleted from the keyring")
	return cmd
}

func profileRemove(cmd *cobra.Command, g *globalFlags, name string, force bool) error {
	cfg, err := profileLoad(g)
	if err != nil {
		return err
	}
	if err := cfg.Remove(name); err != nil {
		return profileFail(err)
	}
	out := cmd.OutOrStdout()
	secretNote := "its client secret was deleted from the OS keyring"
	switch err := profileNewStore().Delete(name); {
	case err == nil:
	case errors.Is(err, credentials.ErrSecretNotFound):
		secretNote = "the OS keyring held no secret for it"
	case force:
		fmt.Fprintf(cmd.ErrOrStderr(), "pe-tui: warning: %v\n", err)
		secretNote = "its client secret may still be in the OS keyring; delete it later with: " + profileManualDelete(name)
	default:
		return profileFail(fmt.Errorf("profile %q was kept because its client secret could not be deleted: %w\n"+
			"Run the command again once the keyring works, or pass --force to remove the profile now and delete the secret later with: %s",
			name, err, profileManualDelete(name)))
	}
	if err := cfg.Save(); err != nil {
		return profileFail(fmt.Errorf("%s, but the profile could not be removed from the config: %w", secretNote, err))
	}
	fmt.Fprintf(out, "Removed profile %q; %s.\n", name, secretNote)
	if _, ok := cfg.Default(); !ok && len(cfg.Profiles()) > 0 {
		fmt.Fprintf(out, "There is no default profile now; pick one with: pe-tui profile use NAME\n")
	}
	return nil
}
