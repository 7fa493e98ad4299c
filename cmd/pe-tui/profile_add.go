package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

func newProfileAddCmd(g *globalFlags) *cobra.Command {
	var (
		clientID, region, stage, askFile string
		skillID                          string
		secretStdin, replace             bool
	)
	cmd := &cobra.Command{
		Use:   "add NAME --client-id ID [--region NA|EU|FE] [--stage development|live] [--secret-stdin | --from-ask-json FILE]",
		Short: "Add a profile and store its client secret in the OS keyring",
		Long: `Add a credential profile. The client secret goes to the OS keyring only.

The secret is read, in this order of preference:
  --from-ask-json FILE  the JSON printed by 'ask smapi get-skill-credentials
                        --skill-id SKILL_ID' (client id and secret; FILE - is stdin)
  --secret-stdin        standard input (a pipe, e.g. from a password manager)
  otherwise             a prompt on the terminal with echo off

The first profile added becomes the default. --replace changes an existing
profile's client id, region, stage and secret and keeps its saved users.`,
		Example: `  pe-tui profile add weather --client-id amzn1.application-oa2-client.0123 --region EU
  pass show alexa/weather | pe-tui profile add weather --client-id amzn1.application-oa2-client.0123 --secret-stdin
  ask smapi get-skill-credentials --skill-id amzn1.ask.skill.0123 > creds.json
  pe-tui profile add weather --from-ask-json creds.json && rm creds.json`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return profileAdd(cmd, g, profileAddOptions{
				name: args[0], clientID: clientID, region: region, stage: stage,
				askFile: askFile, secretStdin: secretStdin, replace: replace, skillID: skillID,
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&clientID, "client-id", "", "the skill's Alexa client id (developer console → Build → Permissions → Alexa Skill Messaging)")
	f.StringVar(&region, "region", "", "default region: NA, EU or FE (default NA)")
	f.StringVar(&stage, "stage", "", "default stage: development or live (default development)")
	f.StringVar(&skillID, "skill-id", "", "the skill's id (amzn1.ask.skill.…), optional: 'pe-tui users catch' then refuses users of other skills")
	f.BoolVar(&secretStdin, "secret-stdin", false, "read the client secret from standard input instead of prompting")
	f.StringVar(&askFile, "from-ask-json", "", "read client id and secret from the JSON `FILE` that 'ask smapi get-skill-credentials' prints (- for stdin)")
	f.BoolVar(&replace, "replace", false, "replace an existing profile's client id, region, stage and secret (keeps its users)")
	cmd.MarkFlagsMutuallyExclusive("secret-stdin", "from-ask-json")
	return cmd
}

type profileAddOptions struct {
	name, clientID, region, stage, askFile string
	skillID                                string
	secretStdin, replace                   bool
}

func profileAdd(cmd *cobra.Command, g *globalFlags, o profileAddOptions) error {
	if err := credentials.ValidateName(o.name); err != nil {
		return profileFail(err)
	}
	// Read the ASK file first: it may supply the client id.
	var secret string
	if o.askFile != "" {
		id, s, err := profileReadASKFile(cmd, o.askFile)
		if err != nil {
			return profileFail(err)
		}
		if o.clientID != "" && o.clientID != id {
			return exitWith(exitUsage, fmt.Sprintf("--client-id %s differs from the client id in %s (%s); drop --client-id or fix the file", o.clientID, o.askFile, id))
		}
		o.clientID, secret = id, s
	}
	if o.clientID == "" {
		return exitWith(exitUsage, "--client-id is required (or pass --from-ask-json FILE); find it in the developer console under Build → Permissions → Alexa Skill Messaging")
	}

	// Check the profile and ask the keyring before prompting, so that nobody
	// types a secret only to learn that it cannot be stored.
	p := credentials.Profile{Name: o.name, ClientID: o.clientID, Region: o.region, Stage: o.stage, SkillID: o.skillID}
	store := profileNewStore()
	if _, err := credentials.PrepareAdd(g.configDir, store, p, o.replace); err != nil {
		return profileFail(err)
	}

	if secret == "" {
		var err error
		if o.secretStdin {
			secret, err = profileReadSecretStdin(cmd)
		} else {
			secret, err = profilePromptSecret(cmd, o.name)
		}
		if err != nil {
			return err
		}
	}

	res, err := credentials.AddProfile(g.configDir, store, credentials.AddRequest{Profile: p, Secret: secret, Replace: o.replace})
	if err != nil {
		return profileFail(err)
	}

	out := cmd.OutOrStdout()
	verb := "Added"
	if res.Replaced {
		verb = "Updated"
	}
	fmt.Fprintf(out, "%s profile %q (%s).\n", verb, res.Profile.Name, profileDescribe(res.Profile))
	fmt.Fprintf(out, "Its client secret is in the OS keyring (service %q, account %q); config: %s\n", credentials.KeyringService, res.Profile.Name, res.Path)
	if res.Default {
		fmt.Fprintf(out, "%q is the default profile.\n", res.Profile.Name)
	} else {
		fmt.Fprintf(out, "Make it the default with: pe-tui profile use %s\n", res.Profile.Name)
	}
	return nil
}
