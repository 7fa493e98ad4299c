package main

import (
	"errors"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/send"
)

// This file holds the wiring that `pe-tui send`, `pe-tui history resend`
// and the terminal UI share, so that they build the send pipeline and find
// credentials the same way.

// wiringSender builds the one send pipeline (validate → token → send →
// record) recording into the history store of g (--history, else
// PE_TUI_HISTORY, else the default path). timeout bounds each HTTP request.
// The caller closes the store.
func wiringSender(g *globalFlags, timeout time.Duration) (*send.Sender, *history.Store, error) {
	store, err := historyOpen(g)
	if err != nil {
		return nil, nil, err
	}
	return wiringSenderTo(store, timeout), store, nil
}

// wiringSenderTo builds the one send pipeline recording into rec.
func wiringSenderTo(rec send.Recorder, timeout time.Duration) *send.Sender {
	client := alexa.New(version)
	client.Timeout = timeout
	client.Tokens.Timeout = timeout
	return &send.Sender{Alexa: client, History: rec}
}

// wiringCredentials finds the credentials for a send to an Amazon or URL
// target: the named profile, else PE_TUI_CLIENT_ID/PE_TUI_CLIENT_SECRET,
// else the default profile (profiles in configDir, "" = the default
// directory; secrets in store). It reads the config file and the keyring,
// so the UI calls it from a command. When nothing is configured and the
// target is not Amazon's (a standalone sandbox), it returns the sandbox test
// credentials with fallback set. Keyring failures come with the keyring's
// hint (credentials.KeyringHint), which names the environment variables.
func wiringCredentials(configDir string, store credentials.SecretStore, profile string, target alexa.Target) (creds alexa.Credentials, name string, fallback bool, err error) {
	cfg, err := credentials.Load(configDir)
	if err != nil {
		return alexa.Credentials{}, "", false, err
	}
	c, err := credentials.Resolve(cfg, store, profile)
	if err != nil {
		if errors.Is(err, credentials.ErrNoCredentials) && !target.IsAmazon() {
			return send.SandboxCredentials, "", true, nil
		}
		return alexa.Credentials{}, "", false, err
	}
	return alexa.Credentials{ClientID: c.ClientID, ClientSecret: c.ClientSecret}, c.ProfileName, false, nil
}

// wiringSession builds the send session of a run: sender, credentials from
// g's config directory and secrets, the in-process sandbox on demand.
func wiringSession(g *globalFlags, sender *send.Sender, secrets credentials.SecretStore) *send.Session {
	configDir := g.configDir
	return &send.Session{
		Sender: sender,
		Credentials: func(profile string, t alexa.Target) (alexa.Credentials, string, bool, error) {
			return wiringCredentials(configDir, secrets, profile, t)
		},
	}
}
