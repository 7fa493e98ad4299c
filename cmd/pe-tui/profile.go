package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

func init() { register(newProfileCmd) }

// profileNewStore opens the store of client secrets: the OS keyring, each
// call bounded by credentials.DefaultTimeout. Tests replace it.
var profileNewStore = func() credentials.SecretStore {
	return credentials.NewKeyringStore(credentials.DefaultTimeout)
}

func newProfileCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "profile",
		Short: "Manage credential profiles (the client secret stays in the OS keyring)",
		Long: `A profile is one skill's credentials: a name, the Alexa client id, a default
region (NA, EU, FE) and stage (development, live), and saved Unicast user ids.

The non-secret part is kept in profiles.json under the config directory
(--config-dir, else $PE_TUI_CONFIG_DIR, else the user config directory).
The client secret is kept only in the OS keyring (service "pe-tui", one
entry per profile) and never written to a file. Where no keyring exists
(headless Linux, WSL), set PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET instead.

Credentials for a send come from --profile NAME, else the two environment
variables, else the default profile ('pe-tui profile use NAME').

Exit codes: 0 success, 2 bad usage, unknown profile, keyring or file error.`,
		Example: `  pe-tui profile add weather --client-id amzn1.application-oa2-client.0123 --region EU
  pe-tui profile list
  pe-tui profile use weather
  pe-tui users catch --profile weather < request.json
  pe-tui profile remove weather`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		newProfileAddCmd(g),
		newProfileListCmd(g),
		newProfileRemoveCmd(g),
		newProfileUseCmd(g),
		newProfileUsersCmd(g),
	)
	return cmd
}

// profileLoad reads the profile file named by --config-dir or the default.
func profileLoad(g *globalFlags) (*credentials.Config, error) {
	cfg, err := credentials.Load(g.configDir)
	if err != nil {
		return nil, profileFail(err)
	}
	return cfg, nil
}

// profileFail turns an error into the usage/I-O exit.
func profileFail(err error) error { return exitWith(exitUsage, err.Error()) }

// profileDescribe is a one-line summary of a profile, without the secret.
func profileDescribe(p credentials.Profile) string {
	return fmt.Sprintf("client id %s, region %s, stage %s", p.ClientID, p.Region, p.Stage)
}
