package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newProfileUseCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "use NAME",
		Short: "Make a profile the default",
		Long: `Make NAME the default profile: sends without --profile use it, unless
PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET are set.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := profileLoad(g)
			if err != nil {
				return err
			}
			if err := cfg.Use(args[0]); err != nil {
				return profileFail(err)
			}
			if err := cfg.Save(); err != nil {
				return profileFail(err)
			}
			p, _ := cfg.Get(args[0])
			fmt.Fprintf(cmd.OutOrStdout(), "%q is now the default profile (%s).\n", p.Name, profileDescribe(p))
			return nil
		},
	}
}
