package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

func newProfileListCmd(g *globalFlags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List profiles and whether the OS keyring holds each secret",
		Long: `List the profiles, marking the default with '*'. The SECRET column says
whether the OS keyring holds the profile's client secret; the secret itself
is never shown.

--json prints {"configFile", "default", "environment", "profiles": [{name,
clientId, region, stage, users, default, secret}]} where secret is one of
"stored", "missing", "unavailable" (no usable keyring) or "timeout", and
environment is true when PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET are set.`,
		Example: `  pe-tui profile list
  pe-tui profile list --json | jq -r '.profiles[] | select(.secret != "stored") | .name'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return profileList(cmd, g, asJSON) },
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// profileListEntry is one profile in list --json.
type profileListEntry struct {
	credentials.Profile
	Default bool   `json:"default"`
	Secret  string `json:"secret"`
}

// profileSecretLabels are the text-mode words for list --json's secret states.
var profileSecretLabels = map[string]string{
	"stored":      "in keyring",
	"missing":     "MISSING",
	"unavailable": "keyring unavailable",
	"timeout":     "keyring timeout",
}

func profileList(cmd *cobra.Command, g *globalFlags, asJSON bool) error {
	cfg, err := profileLoad(g)
	if err != nil {
		return err
	}
	def, _ := cfg.Default()
	entries := make([]profileListEntry, 0, len(cfg.Profiles()))
	var keyringErr error
	if len(cfg.Profiles()) > 0 {
		store := profileNewStore()
		for _, p := range cfg.Profiles() {
			e := profileListEntry{Profile: p, Default: p.Name == def.Name}
			if keyringErr == nil {
				// The secret is fetched only to learn that it exists.
				_, err := store.Get(p.Name)
				switch {
				case err == nil:
					e.Secret = "stored"
				case errors.Is(err, credentials.ErrSecretNotFound):
					e.Secret = "missing"
				default:
					keyringErr = err // no point asking a broken keyring again
				}
			}
			if keyringErr != nil {
				e.Secret = "unavailable"
				if errors.Is(keyringErr, credentials.ErrKeyringTimeout) {
					e.Secret = "timeout"
				}
			}
			entries = append(entries, e)
		}
	}
	env := os.Getenv(credentials.EnvClientID) != "" && os.Getenv(credentials.EnvClientSecret) != ""

	out := cmd.OutOrStdout()
	if keyringErr != nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "pe-tui: could not check the OS keyring: %v\n", keyringErr)
	}
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(struct {
			ConfigFile  string             `json:"configFile"`
			Default     string             `json:"default"`
			Environment bool               `json:"environment"`
			Profiles    []profileListEntry `json:"profiles"`
		}{cfg.Path(), def.Name, env, entries})
	}

	if len(entries) == 0 {
		fmt.Fprintf(out, "No profiles in %s.\nAdd one with: pe-tui profile add NAME --client-id ID\n", cfg.Path())
	} else {
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "\tNAME\tCLIENT ID\tREGION\tSTAGE\tUSERS\tSECRET")
		for _, e := range entries {
			mark := ""
			if e.Default {
				mark = "*"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", mark, e.Name, e.ClientID, e.Region, e.Stage, len(e.Users), profileSecretLabels[e.Secret])
		}
		tw.Flush()
		for _, e := range entries {
			if e.Secret == "missing" {
				fmt.Fprintf(out, "Profile %q has no secret in the keyring; store one with: pe-tui profile add %s --replace --client-id %s\n", e.Name, e.Name, e.ClientID)
			}
		}
	}
	if env {
		fmt.Fprintf(out, "%s and %s are set: they are used when no --profile is given.\n", credentials.EnvClientID, credentials.EnvClientSecret)
	}
	return nil
}
