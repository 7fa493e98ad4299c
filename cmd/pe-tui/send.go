package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

func init() { register(newSendCmd) }

// sendNewStore opens the keyring store of client secrets; tests replace it.
var sendNewStore = func() credentials.SecretStore {
	return credentials.NewKeyringStore(credentials.DefaultTimeout)
}

// sendOptions are the flags shared by `send` and `history resend`.
type sendOptions struct {
	target  string
	stage   string
	authURL string
	profile string
	force   bool
	yesLive bool
	asJSON  bool
	timeout time.Duration
	// line, when set, prints an accepted or rejected answer on one line
	// (send --repeat) instead of sendPrintResponse.
	line func(io.Writer, send.Result)
}

// sendAddFlags declares the flags shared by `send` and `history resend`.
func sendAddFlags(cmd *cobra.Command, o *sendOptions, targetDefault string) {
	f := cmd.Flags()
	f.StringVar(&o.target, "target", targetDefault, "where to send: sandbox|na-dev|na-live|eu-dev|eu-live|fe-dev|fe-live or a base URL such as http://127.0.0.1:8787")
	f.StringVar(&o.stage, "stage", "", "development or live, for the sandbox or a URL target (the named targets carry their stage)")
	f.StringVar(&o.authURL, "auth-url", "", "token endpoint URL (default: Amazon's for Amazon targets, <base URL>/auth/o2/token for URL targets)")
	f.StringVar(&o.profile, "profile", "", "credential profile (default: $PE_TUI_CLIENT_ID/$PE_TUI_CLIENT_SECRET, else the default profile)")
	f.BoolVar(&o.force, "force", false, "send even when validation finds errors (to test how the service rejects them)")
	f.BoolVar(&o.yesLive, "yes-live", false, "confirm sending to a live stage (real customers are notified) without a prompt")
	f.BoolVar(&o.asJSON, "json", false, "print the response as JSON")
	f.DurationVar(&o.timeout, "timeout", alexa.DefaultTimeout, "timeout of each HTTP request")
}

func newSendCmd(g *globalFlags) *cobra.Command {
	o, sa := &sendOptions{}, &sendArgs{}
	gr := &sendGroupOptions{}
	cmd := &cobra.Command{
		Use:   "send [flags] FILE|-|@NAME",
		Short: "Send an event JSON file to the sandbox or to Amazon",
		Long: `send validates FILE (an event request body; "-" reads standard input;
@NAME a library event, see 'pe-tui library'), fetches an access token and
posts the event, then prints the status explained in
plain words, Amazon's message, the request id, latency and attempts. Every
send is recorded in the history.

Targets: sandbox (the default: a local emulator started inside this process,
no credentials needed; the output shows the sentence each subscribed user
would hear), na-dev, na-live, eu-dev, eu-live, fe-dev, fe-live, or any base
URL (for example a standalone 'pe-tui sandbox').

Credentials for Amazon and URL targets: --profile NAME, else
PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET, else the default profile. A URL
target without any credentials uses the sandbox's fixed test credentials.

Only 429 and 500 are retried (1 s, 2 s, 4 s, honouring Retry-After), and a
403 saying the token is not valid once with a fresh token.

An event with validation errors is not sent unless --force. A live stage
needs --yes-live, or typing the event name when a terminal is attached.

Placeholders ({{now}}, {{ref}}, {{user:LABEL}} from the profile, {{NAME}}
given with --set NAME=VALUE, …) are expanded in library events and in files
alike; one that cannot be expanded refuses the send (exit 1) and is named.
A library event's default profile and target apply when --profile and
--target are not given (a note says so). --repeat N --every 30s sends N
times (at most 100, at least 1 s apart), each with a fresh {{ref}} and
{{now}}, one line per send, and stops at the first send not accepted; the
exit status is that of the last send.

Interrupting a send (ctrl+c, SIGTERM, SIGHUP) cancels it, records what is
known (cancelled, or sent with the outcome unknown) and exits with 3.

When the history cannot take the record (locked by another process for
more than 10 s, read-only, disk full), the record is kept in
HISTORY.unrecorded.jsonl (mode 0600) and the next pe-tui run adds it to the
history; the exit status is then 2.

Exit status: 0 accepted (2xx) and recorded; 1 rejected (validation errors,
or a non-2xx answer, or the token was refused); 2 bad usage, unreadable
file, missing credentials or a history error; 3 network failure (no
answer, timeout, interrupted).`,
		Example: `  pe-tui send event.json
  pe-tui send event.json --target na-dev --profile myskill
  pe-tui send event.json --target http://127.0.0.1:8787 --json
  pe-tui send @storm-warning --set city=Oslo
  pe-tui send @storm-warning --repeat 5 --every 30s
  pe-tui send event.json --target na-dev --to kitchen,berlin
  pe-tui send event.json --to-all --fresh-ref`,
		Args: exactlyOneArg(eventArgUsage),
		RunE: func(cmd *cobra.Command, args []string) error {
			if gr.active(cmd) {
				return sendGroupRun(cmd, g, o, gr, sa, args[0])
			}
			return sendEventRun(cmd, g, o, sa, args[0])
		},
	}
	sendAddFlags(cmd, o, alexa.SandboxName)
	sa.ev.register(cmd, false)
	sa.rep.register(cmd)
	gr.addFlags(cmd)
	cmd.Long += sendGroupHelp
	return cmd
}

// sendCLI is a send command's session and history once flags are checked.
type sendCLI struct {
	session *send.Session
	store   *history.Store
}

func (c *sendCLI) close() {
	c.session.Close()
	c.store.Close()
}

// sendApplyAuthURL applies --auth-url to the target.
func sendApplyAuthURL(o *sendOptions, t alexa.Target) (alexa.Target, error) {
	if o.authURL == "" {
		return t, nil
	}
	u, err := alexa.ParseAuthURL(o.authURL)
	if err != nil {
		return t, exitWith(exitUsage, err.Error())
	}
	t.AuthURL = u
	return t, nil
}

// sendParseTarget applies --target, --stage and --auth-url.
func sendParseTarget(cmd *cobra.Command, o *sendOptions, name string) (alexa.Target, error) {
	t, err := alexa.ParseTarget(name)
	if err != nil {
		return t, err
	}
	if cmd.Flags().Changed("stage") {
		st, err := alexa.ParseStage(o.stage)
		if err != nil {
			return t, err
		}
		if t.IsAmazon() && st != t.Stage {
			return t, fmt.Errorf("--target %s already names the %s stage; use --target %s instead of --stage %s", t.Name, t.Stage, t.WithStage(st).Name, st)
		}
		t = t.WithStage(st)
	}
	if o.timeout <= 0 {
		return t, fmt.Errorf("--timeout %s: use a positive duration such as 10s", o.timeout)
	}
	return t, nil
}

// sendOpen opens the history and the send session of a send command.
func sendOpen(cmd *cobra.Command, g *globalFlags, o *sendOptions) (*sendCLI, error) {
	sender, store, err := wiringSender(g, o.timeout)
	if err != nil {
		return nil, err
	}
	return &sendCLI{session: wiringSession(g, sender, sendNewStore()), store: store}, nil
}

// sendSignals are the signals that interrupt a send: the send is cancelled,
// what is known is recorded, and the command exits with status 3.
var sendSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// sendExecute resolves the credentials, confirms a live send, sends the
// plan, prints the outcome and maps it to the exit code.
func sendExecute(cmd *cobra.Command, o *sendOptions, c *sendCLI, plan *send.Plan) error {
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	if plan.UsesInProcessSandbox() && o.profile != "" {
		fmt.Fprintln(errOut, "note: the sandbox target uses its own test credentials; --profile is ignored")
	}
	if err := c.session.Resolve(plan); err != nil {
		return exitWith(exitUsage, err.Error())
	}
	if plan.FallbackCredentials() {
		fmt.Fprintln(errOut, "note: no credentials configured; using the sandbox test credentials for", plan.Target.Name)
	}
	if plan.NeedsLiveConfirm(o.force) && !o.yesLive {
		if err := sendConfirmLive(cmd, plan.Target, plan.EventName()); err != nil {
			return err
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), sendSignals...)
	defer stop()
	var progress func(alexa.Attempt)
	if !o.asJSON {
		progress = func(a alexa.Attempt) {
			if a.Retry != "" {
				fmt.Fprintln(errOut, termtext.Clean(a.String()))
			}
		}
	}
	res, err := c.session.Send(ctx, plan, o.force, progress)
	var rej *send.RejectedError
	if errors.As(err, &rej) {
		if o.asJSON {
			sendPrintJSON(out, map[string]any{"accepted": false, "sent": false, "findings": sendFindings(rej.Findings)})
		} else {
			sendPrintFindings(errOut, rej.Findings)
		}
		return exitWith(exitRejected, "not sent: the event has validation errors; fix them (see 'pe-tui validate'), or pass --force to send it anyway")
	}
	if res.Response == nil {
		// The target could not be used; nothing was sent.
		return exitWith(exitUsage, err.Error())
	}
	var heard []sandbox.Notification
	if res.HeardSet {
		heard = res.Heard
	}
	if o.asJSON {
		sendPrintResponseJSON(out, res.Result, heard)
	} else {
		sendPrintWarnings(errOut, res.Findings)
		if o.line != nil {
			o.line(out, res.Result)
		} else {
			sendPrintResponse(out, res.Result, heard)
		}
	}
	if res.RecordErr != nil {
		// A history error: exit status 2 even when the send was accepted.
		return exitWith(exitUsage, res.RecordErr.Error())
	}
	return sendExitFor(res.Response, err)
}

// sendExitFor maps the outcome to the exit code.
func sendExitFor(resp *alexa.Response, err error) error {
	var te *alexa.TokenError
	var ne *alexa.NetworkError
	switch {
	case err == nil && resp.OK():
		return nil
	case err == nil:
		return exitWith(exitRejected, "")
	case errors.As(err, &te):
		if te.Kind == alexa.TokenUnreachable || te.Kind == alexa.TokenCanceled {
			return exitWith(exitNetwork, err.Error())
		}
		return exitWith(exitRejected, err.Error())
	case errors.As(err, &ne):
		return exitWith(exitNetwork, err.Error())
	}
	return exitWith(exitUsage, err.Error())
}

// sendConfirmLive asks for the event name on a terminal, or refuses.
func sendConfirmLive(cmd *cobra.Command, t alexa.Target, eventName string) error {
	in := cmd.InOrStdin()
	if !sendStdinIsTerminal(in) {
		return exitWith(exitUsage, fmt.Sprintf("refusing to send to the live stage (%s) without --yes-live: live events reach real customers, and there is no terminal to confirm on", t.Name))
	}
	errOut := cmd.ErrOrStderr()
	fmt.Fprintf(errOut, "This sends to the LIVE stage (%s): real customers will be notified.\nType the event name (%s) to confirm: ", t.Name, eventName)
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return exitWith(exitUsage, "not sent: no confirmation was typed")
	}
	if strings.TrimSpace(line) != eventName {
		return exitWith(exitUsage, "not sent: the confirmation did not match "+eventName)
	}
	return nil
}

// sendStdinIsTerminal decides whether a live confirmation can be asked; tests replace it.
var sendStdinIsTerminal = func(r io.Reader) bool {
	_, tty := profileTerminal(r)
	return tty
}

// sendFinding is a finding as --json prints it.
type sendFinding struct {
	Code     string           `json:"code"`
	Severity schemas.Severity `json:"severity"`
	Path     string           `json:"path"`
	Message  string           `json:"message"`
}

func sendFindings(fs []schemas.Finding) []sendFinding {
	out := make([]sendFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, sendFinding{f.Code, f.Severity, f.Path, f.Message})
	}
	return out
}

func sendPrintJSON(w io.Writer, v any) {
	b, err := termtext.JSON(v, "  ")
	if err != nil {
		fmt.Fprintln(w, `{"error":"cannot encode the result"}`)
		return
	}
	_, _ = w.Write(b)
}

// sendPrintResponseJSON prints the Response's JSON with the record id, the
// findings and, for the in-process sandbox, what each user hears.
func sendPrintResponseJSON(w io.Writer, res send.Result, heard []sandbox.Notification) {
	raw, err := json.Marshal(res.Response)
	if err != nil {
		fmt.Fprintln(w, `{"error":"cannot encode the response"}`)
		return
	}
	var m map[string]any
	_ = json.Unmarshal(raw, &m)
	if res.RecordID != 0 {
		m["recordId"] = res.RecordID
	}
	m["findings"] = sendFindings(res.Findings)
	if heard != nil {
		type hears struct {
			UserID string `json:"userId"`
			Locale string `json:"locale"`
			Text   string `json:"text"`
		}
		hs := make([]hears, 0, len(heard))
		for _, n := range heard {
			hs = append(hs, hears{n.UserID, n.Locale, n.Text})
		}
		m["heard"] = hs
	}
	sendPrintJSON(w, m)
}

// sendPrintFindings lists findings, errors first.
func sendPrintFindings(w io.Writer, fs []schemas.Finding) {
	for _, sev := range []schemas.Severity{schemas.SeverityError, schemas.SeverityWarning} {
		for _, f := range fs {
			if f.Severity != sev {
				continue
			}
			path := f.Path
			if path == "" {
				path = "(body)"
			}
			fmt.Fprintf(w, "%-7s %s %s: %s\n", f.Severity, f.Code, termtext.Clean(path), termtext.Clean(f.Message))
		}
	}
}

// sendPrintWarnings lists the findings of an event that was sent anyway or
// had warnings only.
func sendPrintWarnings(w io.Writer, fs []schemas.Finding) {
	if len(fs) == 0 {
		return
	}
	sendPrintFindings(w, fs)
}

// sendPrintResponse prints the outcome for people.
func sendPrintResponse(w io.Writer, res send.Result, heard []sandbox.Notification) {
	r := res.Response
	if r.Status == 0 {
		fmt.Fprintln(w, termtext.Clean(r.Explanation))
	} else {
		fmt.Fprintf(w, "%d %s: %s\n", r.Status, sendStatusText(r.Status), termtext.Clean(r.Explanation))
	}
	if r.Message != "" {
		msg := termtext.Clean(historyClip(r.Message, historyMaxField))
		fmt.Fprintf(w, "message:    %s\n", strings.ReplaceAll(msg, "\n", "\n            "))
	}
	if r.RequestID != "" {
		fmt.Fprintf(w, "request id: %s\n", historyCell(historyClip(r.RequestID, historyMaxField)))
	}
	if strings.HasPrefix(r.URL, r.Target) {
		fmt.Fprintf(w, "target:     %s\n", r.URL)
	} else {
		fmt.Fprintf(w, "target:     %s %s\n", r.Target, r.URL)
	}
	if len(r.Attempts) > 0 {
		fmt.Fprintf(w, "latency:    %s (%s in all, %s)\n", alexa.FormatDuration(r.Latency), alexa.FormatDuration(r.Elapsed), validatePlural(len(r.Attempts), "attempt"))
	}
	if len(r.Attempts) > 1 {
		for _, a := range r.Attempts {
			fmt.Fprintf(w, "  %s\n", termtext.Clean(a.String()))
		}
	}
	if res.RecordID != 0 {
		fmt.Fprintf(w, "history:    record %d\n", res.RecordID)
	}
	if r.OK() {
		if t, err := alexa.ParseTarget(r.Target); err == nil {
			sendPrintChecklist(w, send.SilenceChecklist(send.SilenceFor(res, t)))
		}
	}
	if heard != nil {
		if len(heard) == 0 {
			fmt.Fprintln(w, "heard by:   nobody (no sandbox user is subscribed to this event)")
		}
		for _, n := range heard {
			fmt.Fprintf(w, "heard by %s (%s): \"%s\"\n", termtext.Clean(n.UserID), termtext.Clean(n.Locale), termtext.Clean(n.Text))
		}
	}
}

func sendStatusText(status int) string {
	switch status {
	case 432:
		return "Notification Limit Exceeded"
	}
	if t := http.StatusText(status); t != "" {
		return t
	}
	return "Unknown Status"
}
