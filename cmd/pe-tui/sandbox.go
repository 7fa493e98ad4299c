package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

func init() { register(newSandboxCmd) }

// sandboxSecretEnv may hold the client secret; --secret-stdin reads it from
// a pipe. No flag takes the secret itself: every user of the machine can
// read a process's arguments (ps).
const sandboxSecretEnv = "PE_TUI_SANDBOX_CLIENT_SECRET"

// sandboxOptions are the command's flags.
type sandboxOptions struct {
	addr         string
	configFile   string
	clientID     string
	clientSecret string // only to refuse it: see sandboxConfig
	secretStdin  bool
	certified    bool
	refuseScope  bool
	scenarios    sandboxScenarioOptions
}

func newSandboxCmd(_ *globalFlags) *cobra.Command {
	var o sandboxOptions
	cmd := &cobra.Command{
		Use:   "sandbox [flags]",
		Short: "Run the local emulator of Amazon's proactive-events API",
		Long: `sandbox serves a local stand-in for Login with Amazon and the Alexa
proactive-events API on loopback, so that pe-tui, a skill backend or the ASK
SDK can send events offline. It answers with Amazon's status codes and error
bodies, keeps every delivered notification with the sentence Alexa would
speak, and logs each request with its verdict and each delivered sentence on
standard error (never a secret, at most 8 characters of a token). It prints
its URL, then serves until interrupted (Ctrl+C or SIGTERM).

Routes:
  POST /auth/o2/token (also /auth/O2/token)        token; form grant_type=client_credentials,
                                                   client_id, client_secret, scope=alexa::proactive_events
  POST /v1/proactiveEvents/stages/development      development stage
  POST /v1/proactiveEvents                         live stage (needs --certified)

Defaults: skill amzn1.ask.skill.SANDBOX; any non-empty client id and secret
are accepted unless --client-id or a client secret (in ` + sandboxSecretEnv + `,
or piped in with --secret-stdin) is given; tokens live 3600 s; all 8 events published; one test user
amzn1.ask.account.SANDBOX (en-US) subscribed to all 8 events on both stages;
50 event calls per second per token (429 above); on live, 10 notifications per
user per rolling 24 h (432 above).

` + sandbox.ControlHelp + `

` + sandbox.ConfigFileHelp + `

Point the ASK SDK at it by overriding the API endpoint and the token URL,
e.g. apiEndpoint http://127.0.0.1:8787 and http://127.0.0.1:8787/auth/o2/token.
Subscription-changed events posted to "subscriptionEndpoint" are not signed:
turn off request signature verification in the skill while testing.`,
		Example: `  pe-tui sandbox
  pe-tui sandbox --addr 127.0.0.1:9000 --certified
  pe-tui sandbox --config sandbox.json --client-id amzn1.application-oa2-client.abc
  pass show alexa/sandbox | pe-tui sandbox --client-id amzn1.application-oa2-client.abc --secret-stdin
  curl -s 'http://127.0.0.1:8787/_emulator/notifications?user=amzn1.ask.account.SANDBOX'
  curl -s -H 'Content-Type: application/json' -d '{"forceStatus":429,"forceStatusCount":2,"retryAfter":"1"}' http://127.0.0.1:8787/_emulator/faults`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			if o.scenarios.name != "" || cmd.Flags().Changed("skill-endpoint") {
				return sandboxScenarios(ctx, cmd, o)
			}
			if err := sandboxSecret(cmd, &o); err != nil {
				return err
			}
			return sandboxServe(ctx, o, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.addr, "addr", "127.0.0.1:8787", "loopback `HOST:PORT` to listen on (port 0 picks a free one)")
	f.StringVar(&o.configFile, "config", "", "JSON config `FILE` (subscribers, published events, limits, faults; see above)")
	f.StringVar(&o.clientID, "client-id", "", "the only client `ID` the token route accepts (default: any)")
	f.BoolVar(&o.secretStdin, "secret-stdin", false, "read the only client secret the token route accepts from standard input (default: "+sandboxSecretEnv+", else any)")
	f.StringVar(&o.clientSecret, "client-secret", "", "refused: the process list would show the secret; use --secret-stdin or "+sandboxSecretEnv)
	_ = f.MarkHidden("client-secret")
	f.BoolVar(&o.certified, "certified", false, "allow the live stage (/v1/proactiveEvents)")
	o.scenarios.addFlags(cmd)
	cmd.Long += sandboxScenarioHelp
	f.BoolVar(&o.refuseScope, "refuse-scope", false, "play a skill whose manifest declares no proactive events: correct credentials get 400 invalid_scope (try 'pe-tui doctor' against it)")
	return cmd
}

// sandboxConfig builds the emulator configuration from the flags and the config file.
func sandboxConfig(o sandboxOptions) (sandbox.Config, error) {
	var cfg sandbox.Config
	if o.configFile != "" {
		c, err := sandbox.LoadConfig(o.configFile)
		if err != nil {
			return cfg, err
		}
		cfg = c
	}
	if o.clientID != "" {
		cfg.ClientID = o.clientID
	}
	cfg.ClientSecret = o.clientSecret
	if o.certified {
		cfg.Certified = true
	}
	if o.refuseScope {
		cfg.ScopeRefused = true
	}
	if err := sandbox.CheckListenAddr(o.addr); err != nil {
		return cfg, err
	}
	return cfg, cfg.Check()
}

// sandboxSecret fills o.clientSecret from standard input (--secret-stdin)
// or the environment, and refuses --client-secret: by the time it is seen,
// the secret has been in the process list, so the message says to change it.
func sandboxSecret(cmd *cobra.Command, o *sandboxOptions) error {
	if cmd.Flags().Changed("client-secret") {
		return exitWith(exitUsage, "--client-secret is not accepted: every user of this machine can read it in the process list (ps), "+
			"so consider that secret seen. Pipe the secret in with --secret-stdin, or set "+sandboxSecretEnv)
	}
	if o.secretStdin {
		secret, err := profileReadSecretStdin(cmd)
		if err != nil {
			return err
		}
		o.clientSecret = secret
		return nil
	}
	o.clientSecret = os.Getenv(sandboxSecretEnv)
	return nil
}

// sandboxServe runs the emulator until ctx is done, then shuts it down gracefully.
func sandboxServe(ctx context.Context, o sandboxOptions, stdout, stderr io.Writer) error {
	cfg, err := sandboxConfig(o)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	cfg.Logger = slog.New(slog.NewTextHandler(stderr, nil))
	srv := sandbox.New(cfg)
	base, err := srv.Start(o.addr)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	sandboxBanner(stdout, base, cfg, srv)
	<-ctx.Done()
	fmt.Fprintln(stdout, "pe-tui sandbox: stopping")
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		fmt.Fprintln(stdout, "pe-tui sandbox: stopped; requests still running after 5 s were cut off")
		return nil
	}
	fmt.Fprintln(stdout, "pe-tui sandbox: stopped")
	return nil
}

// sandboxBanner prints the URL first, then what a client needs to know.
func sandboxBanner(w io.Writer, base string, cfg sandbox.Config, srv *sandbox.Server) {
	fmt.Fprintf(w, "pe-tui sandbox listening on %s\n", base)
	fmt.Fprintf(w, "  token:         POST %s%s\n", base, sandbox.TokenPath)
	fmt.Fprintf(w, "  development:   POST %s%s\n", base, sandbox.DevelopmentPath)
	live := "refused until --certified"
	if cfg.Certified {
		live = "allowed"
	}
	fmt.Fprintf(w, "  live:          POST %s%s (%s)\n", base, sandbox.LivePath, live)
	fmt.Fprintf(w, "  notifications: GET  %s%snotifications?user=ID\n", base, sandbox.ControlPrefix)
	creds := "any non-empty client id and secret"
	switch {
	case cfg.ClientID != "" && cfg.ClientSecret != "":
		creds = "client id " + termtext.Clean(cfg.ClientID) + " with its secret"
	case cfg.ClientID != "":
		creds = "client id " + termtext.Clean(cfg.ClientID) + " with any secret"
	case cfg.ClientSecret != "":
		creds = "any client id with the configured secret"
	}
	fmt.Fprintf(w, "  credentials:   %s\n", creds)
	for _, s := range srv.Subscribers() {
		events := strings.Join(s.EventNames, ", ")
		if len(s.EventNames) == len(schemas.Names()) {
			events = "all 8 events"
		}
		stage := s.Stage
		if stage == "" {
			stage = "both stages"
		}
		locale := s.Locale
		if locale == "" {
			locale = sandbox.DefaultLocale
		}
		// The subscribers come from the config file: neutralise them.
		fmt.Fprintf(w, "  subscriber:    %s\n", termtext.Clean(fmt.Sprintf("%s (%s, %s): %s", s.UserID, locale, stage, events)))
	}
	fmt.Fprintln(w, "Press Ctrl+C to stop.")
}
