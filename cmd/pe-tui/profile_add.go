package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

func newProfileAddCmd(g *globalFlags) *cobra.Command {
	var (
		clientID, region, stage, askFile string
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
				askFile: askFile, secretStdin: secretStdin, replace: replace,
			})
		},
	}
	f := cmd.Flags()
	f.StringVar(&clientID, "client-id", "", "the skill's Alexa client id (developer console → Build → Permissions → Alexa Skill Messaging)")
	f.StringVar(&region, "region", "", "default region: NA, EU or FE (default NA)")
	f.StringVar(&stage, "stage", "", "default stage: development or live (default development)")
	f.BoolVar(&secretStdin, "secret-stdin", false, "read the client secret from standard input instead of prompting")
	f.StringVar(&askFile, "from-ask-json", "", "read client id and secret from the JSON `FILE` that 'ask smapi get-skill-credentials' prints (- for stdin)")
	f.BoolVar(&replace, "replace", false, "replace an existing profile's client id, region, stage and secret (keeps its users)")
	cmd.MarkFlagsMutuallyExclusive("secret-stdin", "from-ask-json")
	return cmd
}

type profileAddOptions struct {
	name, clientID, region, stage, askFile string
	secretStdin, replace                   bool
}

func profileAdd(cmd *cobra.Command, g *globalFlags, o profileAddOptions) error {
	if err := credentials.ValidateName(o.name); err != nil {
		return profileFail(err)
	}
	cfg, err := profileLoad(g)
	if err != nil {
		return err
	}
	old, getErr := cfg.Get(o.name)
	exists := getErr == nil
	if exists && !o.replace {
		return exitWith(exitUsage, fmt.Sprintf("profile %q already exists (%s); pass --replace to change it, or 'pe-tui profile remove %s' first",
			o.name, profileDescribe(old), o.name))
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

	p := credentials.Profile{Name: o.name, ClientID: o.clientID, Region: o.region, Stage: o.stage}
	if exists {
		p.Users = old.Users
		err = cfg.Update(p)
	} else {
		err = cfg.Add(p)
	}
	if err != nil { // checked before asking for the secret
		return profileFail(err)
	}
	p, _ = cfg.Get(o.name)

	// Ask the keyring first, so that nobody types a secret into a prompt
	// only to learn that it cannot be stored. The answer is kept so that a
	// failed save can put the old secret back.
	store := profileNewStore()
	previous, err := store.Get(o.name)
	if err != nil && !errors.Is(err, credentials.ErrSecretNotFound) {
		return profileFail(fmt.Errorf("nothing was saved: %w", err))
	}

	if secret == "" {
		if o.secretStdin {
			secret, err = profileReadSecretStdin(cmd)
		} else {
			secret, err = profilePromptSecret(cmd, o.name)
		}
		if err != nil {
			return err
		}
	}

	if err := credentials.SaveWithSecret(cfg, store, o.name, secret, previous); err != nil {
		return profileFail(err)
	}

	out := cmd.OutOrStdout()
	verb := "Added"
	if exists {
		verb = "Updated"
	}
	fmt.Fprintf(out, "%s profile %q (%s).\n", verb, p.Name, profileDescribe(p))
	fmt.Fprintf(out, "Its client secret is in the OS keyring (service %q, account %q); config: %s\n", credentials.KeyringService, p.Name, cfg.Path())
	if d, ok := cfg.Default(); ok && d.Name == p.Name {
		fmt.Fprintf(out, "%q is the default profile.\n", p.Name)
	} else {
		fmt.Fprintf(out, "Make it the default with: pe-tui profile use %s\n", p.Name)
	}
	return nil
}
