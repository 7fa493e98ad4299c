package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

func newProfileUseCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "use NAME",
		Short: "Make a profile the default",
		Long: `Make NAME the default profile: sends without --profile use it, unless
PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET are set.`,
		Example: `  pe-tui profile use weather
  pe-tui send examples/weather-alert.json --target eu-dev   # now uses profile weather`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := credentials.UseProfile(g.configDir, args[0])
			if err != nil {
				return profileFail(err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "%q is now the default profile (%s).\n", p.Name, profileDescribe(p))
			return nil
		},
	}
}
