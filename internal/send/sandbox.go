package send

import (
	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// SandboxCredentials are the fixed, non-secret credentials pe-tui uses with
// the in-process sandbox (which StartSandbox configures to accept exactly them).
var SandboxCredentials = alexa.Credentials{
	ClientID:     "amzn1.application-oa2-client.pe-tui-sandbox",
	ClientSecret: "pe-tui-sandbox-client-secret",
}

// StartSandbox starts an in-process sandbox on a free loopback port and
// returns it with its base URL; stop it with Close. When cfg names no client
// id and secret, the sandbox accepts SandboxCredentials only.
func StartSandbox(cfg sandbox.Config) (*sandbox.Server, string, error) {
	if cfg.ClientID == "" && cfg.ClientSecret == "" {
		cfg.ClientID, cfg.ClientSecret = SandboxCredentials.ClientID, SandboxCredentials.ClientSecret
	}
	srv := sandbox.New(cfg)
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		return nil, "", err
	}
	return srv, base, nil
}

// Heard returns the notifications the sandbox delivered for a referenceId
// (one per user who will hear it, with the rendered sentence).
func Heard(srv *sandbox.Server, referenceID string) []sandbox.Notification {
	var out []sandbox.Notification
	for _, n := range srv.Notifications("") {
		if n.ReferenceID == referenceID {
			out = append(out, n)
		}
	}
	return out
}
