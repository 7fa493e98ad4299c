package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/signal"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/repeat"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/template"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

// eventArgFlags are the flags of every command that takes an event
// argument (a file, "-" or @NAME): where the library is, the --set values
// of {{NAME}} and, for commands without their own, --profile.
type eventArgFlags struct {
	dir     string
	sets    []string
	profile string
}

// register declares --library and --set on cmd, and --profile when the
// command has none of its own (send has).
func (f *eventArgFlags) register(cmd *cobra.Command, withProfile bool) {
	fs := cmd.Flags()
	fs.StringVar(&f.dir, "library", "", "library folder for @NAME (default: $PE_TUI_LIBRARY, ./.pe-tui/events of the project, or the user data directory)")
	fs.StringArrayVar(&f.sets, "set", nil, "give {{NAME}} a value, as `NAME=VALUE` (repeatable)")
	if withProfile {
		fs.StringVar(&f.profile, "profile", "", "profile whose saved users {{user:LABEL}} reads (default: the library event's, else the default profile)")
	}
}

// eventArgFileError says why a file given on the command line (an event,
// a history import) cannot be read, and what to do; nil stays nil.
func eventArgFileError(name string, err error) error {
	var nr *safefile.NotRegularError
	var tl *safefile.TooLargeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &nr):
		return fmt.Errorf("%s is %s, not a regular file: give the path of a file (or - to read standard input)", name, safefile.Kind(nr.Mode))
	case errors.As(err, &tl):
		return fmt.Errorf("%s is larger than %s; an event body is a few kilobytes: check the file name", name, safefile.Size(tl.Limit))
	}
	return fmt.Errorf("cannot read %s: %w", name, safefile.PlainError(err))
}

// eventArgUsage is the argument's description for usage errors.
const eventArgUsage = "event JSON file (or - for standard input, or @NAME for a library event)"

// eventArg is one event argument, read but not expanded.
type eventArg struct {
	Name  string         // as the user gave it, for messages ("<stdin>" for -)
	Raw   []byte         // the body as read, placeholders not expanded
	Entry *library.Entry // the library event, nil for a file
	vars  map[string]string
	user  func(string) (string, bool)
}

// eventArgRead reads arg: "@NAME" from the library (--library, else
// $PE_TUI_LIBRARY, …), "-" from standard input, anything else as a file.
// profile is the --profile given ("" when none); {{user:LABEL}} reads that
// profile, else the library event's default profile, else the default one.
// Every failure is a usage error (exit 2) that says what to do.
func eventArgRead(cmd *cobra.Command, g *globalFlags, f *eventArgFlags, arg, profile string) (*eventArg, error) {
	vars, err := template.ParseSet(f.sets)
	if err != nil {
		return nil, exitWith(exitUsage, err.Error())
	}
	a := &eventArg{Name: validateDisplayName(arg), vars: vars}
	e, ok, err := library.ResolveArg(arg, f.dir)
	switch {
	case ok && err != nil:
		return nil, exitWith(exitUsage, termtext.Clean(err.Error()))
	case ok:
		a.Entry, a.Raw = e, e.Body
	default:
		if a.Raw, err = validateReadFile(cmd, arg); err != nil {
			return nil, exitWith(exitUsage, err.Error())
		}
	}
	if template.Has(a.Raw) {
		a.user = libraryUserLookup(g, profile, a.defaultProfile())
	}
	return a, nil
}

func (a *eventArg) defaultProfile() string {
	if a.Entry == nil {
		return ""
	}
	return a.Entry.Meta.Profile
}

// expand returns the body with its placeholders expanded afresh (a new
// {{now}} and, unless ref is given, a new {{ref}}) and the placeholders
// that could not be expanded. A body with placeholders that is not JSON is
// returned as read, without findings: validation reports its syntax.
func (a *eventArg) expand(ref string) ([]byte, []template.Finding) {
	env := template.Env{Vars: a.vars, User: a.user}
	if ref != "" {
		env.NewRef = func() string { return ref }
	}
	body, fs, err := template.Expand(a.Raw, env)
	if err != nil {
		return a.Raw, nil
	}
	return body, fs
}

// eventArgFindings turns placeholder findings into validation errors, so
// validate lists them with the others (text and --json).
func eventArgFindings(tfs []template.Finding) []schemas.Finding {
	out := make([]schemas.Finding, 0, len(tfs))
	for _, f := range tfs {
		out = append(out, schemas.Finding{Code: template.FindingCode, Severity: schemas.SeverityError, Path: f.Path, Message: f.Placeholder + ": " + f.Message})
	}
	return out
}

// eventArgRefuse is the error of a command that cannot go on because a
// placeholder was not expanded: it names every one (path and placeholder).
func eventArgRefuse(a *eventArg, verb string, tfs []template.Finding) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: not %s: ", a.Name, verb)
	if len(tfs) == 1 {
		b.WriteString("a placeholder cannot be expanded:")
	} else {
		fmt.Fprintf(&b, "%d placeholders cannot be expanded:", len(tfs))
	}
	for _, f := range tfs {
		b.WriteString("\n  " + f.String())
	}
	return exitWith(exitRejected, termtext.Clean(b.String()))
}

// eventArgValidate reads and expands one argument of validate; placeholder
// findings come back as validation errors.
func eventArgValidate(cmd *cobra.Command, g *globalFlags, f *eventArgFlags, arg string) ([]byte, []schemas.Finding, error) {
	a, err := eventArgRead(cmd, g, f, arg, f.profile)
	if err != nil {
		return nil, nil, err
	}
	body, tfs := a.expand("")
	return body, eventArgFindings(tfs), nil
}

// previewRef is the referenceId {{ref}} stands for in a preview, so the
// output does not change from run to run.
const previewRef = "pe-tui-preview-ref"

// eventArgPreview reads and expands the argument of preview; a placeholder
// that cannot be expanded stops it (exit 1).
func eventArgPreview(cmd *cobra.Command, g *globalFlags, f *eventArgFlags, arg string) ([]byte, error) {
	a, err := eventArgRead(cmd, g, f, arg, f.profile)
	if err != nil {
		return nil, err
	}
	body, tfs := a.expand(previewRef)
	if len(tfs) > 0 {
		return nil, eventArgRefuse(a, "previewed", tfs)
	}
	return body, nil
}

// sendRepeatFlags are --repeat and --every of send.
type sendRepeatFlags struct {
	count int
	every time.Duration
}

func (r *sendRepeatFlags) register(cmd *cobra.Command) {
	cmd.Flags().IntVar(&r.count, "repeat", 1, fmt.Sprintf("send `N` times (1 to %d), each with a fresh {{ref}} and {{now}}; stops at the first send not accepted", repeat.MaxCount))
	cmd.Flags().DurationVar(&r.every, "every", 30*time.Second, fmt.Sprintf("with --repeat, start a send every `DURATION` (%s to %s)", repeat.MinEvery, repeat.MaxEvery))
}

// sendArgs is send's event argument flags and repetition.
type sendArgs struct {
	ev  eventArgFlags
	rep sendRepeatFlags
}

// sendEventRun is `pe-tui send ARG`: it reads ARG (file, - or @NAME),
// applies the library event's default profile and target when --profile
// and --target are not given, and sends it once, or --repeat times, each
// expanded afresh. A placeholder that cannot be expanded refuses the send.
func sendEventRun(cmd *cobra.Command, g *globalFlags, o *sendOptions, sa *sendArgs, arg string) error {
	plan := repeat.Plan{Count: sa.rep.count, Every: sa.rep.every}
	if err := plan.Check(); err != nil {
		return exitWith(exitUsage, err.Error())
	}
	a, err := eventArgRead(cmd, g, &sa.ev, arg, o.profile)
	if err != nil {
		return err
	}
	sendLibraryDefaults(cmd, o, a)
	target, err := sendParseTarget(cmd, o, o.target)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	if plan.Count > 1 && target.IsLive() && !o.yesLive {
		return exitWith(exitUsage, fmt.Sprintf("refusing to repeat a send to the live stage (%s) without --yes-live: each one reaches real customers", target.Name))
	}
	// Refuse before opening anything: the first expansion decides, and the
	// later ones use the same values (only {{now}} and {{ref}} change).
	if _, tfs := a.expand(""); len(tfs) > 0 {
		return eventArgRefuse(a, "sent", tfs)
	}
	c, err := sendOpen(cmd, g, o)
	if err != nil {
		return err
	}
	defer c.close()
	if target, err = sendApplyAuthURL(o, target); err != nil {
		return err
	}
	if plan.Count == 1 {
		body, _ := a.expand("")
		return sendExecute(cmd, o, c, c.session.Plan(body, target, o.profile))
	}
	// The signals stop the series while it waits; during a send,
	// sendExecute's own handler cancels and records that send as well.
	ctx, stop := signal.NotifyContext(context.Background(), sendSignals...)
	defer stop()
	var last error
	done, err := repeat.Run(ctx, plan, nil, func(ctx context.Context, i int) error {
		body, tfs := a.expand("")
		if len(tfs) > 0 {
			return eventArgRefuse(a, "sent", tfs)
		}
		p := c.session.Plan(body, target, o.profile)
		o.line = func(w io.Writer, res send.Result) { sendRepeatLine(w, i+1, plan.Count, p, res) }
		last = sendExecute(cmd, o, c, p)
		return last
	})
	switch {
	case last != nil:
		return last
	case err != nil && ctx.Err() != nil:
		return exitWith(exitNetwork, fmt.Sprintf("interrupted: %d of %d sends were made (see 'pe-tui history')", done, plan.Count))
	case err != nil:
		return exitWith(exitUsage, err.Error())
	}
	return nil
}

// sendRepeatLine prints one send of a series on one line.
func sendRepeatLine(w io.Writer, n, count int, p *send.Plan, res send.Result) {
	r := res.Response
	var b strings.Builder
	fmt.Fprintf(&b, "%s send %d/%d: ", time.Now().UTC().Format("15:04:05Z"), n, count)
	if r.Status == 0 {
		b.WriteString(termtext.Clean(r.Explanation))
	} else {
		fmt.Fprintf(&b, "%d %s", r.Status, sendStatusText(r.Status))
	}
	if p.Request != nil {
		if ref, ok := p.Request.Object()[schemas.FieldReferenceID].(string); ok {
			fmt.Fprintf(&b, "  referenceId %s", historyCell(historyClip(ref, historyMaxField)))
		}
	}
	if r.RequestID != "" {
		fmt.Fprintf(&b, "  request id %s", historyCell(historyClip(r.RequestID, historyMaxField)))
	}
	if len(r.Attempts) > 0 {
		fmt.Fprintf(&b, "  %s", alexa.FormatDuration(r.Latency))
	}
	if res.RecordID != 0 {
		fmt.Fprintf(&b, "  record %d", res.RecordID)
	}
	fmt.Fprintln(w, b.String())
}

// sendLibraryDefaults applies a library event's default profile and target
// where --profile and --target are not given, and says so.
func sendLibraryDefaults(cmd *cobra.Command, o *sendOptions, a *eventArg) {
	if a.Entry == nil {
		return
	}
	errOut := cmd.ErrOrStderr()
	if m := a.Entry.Meta; m.Profile != "" && !cmd.Flags().Changed("profile") {
		o.profile = m.Profile
		fmt.Fprintf(errOut, "note: using profile %s, the default of library event %s\n", termtext.Clean(m.Profile), a.Entry.Name)
	}
	if m := a.Entry.Meta; m.Target != "" && !cmd.Flags().Changed("target") {
		o.target = m.Target
		fmt.Fprintf(errOut, "note: sending to %s, the default target of library event %s\n", termtext.Clean(m.Target), a.Entry.Name)
	}
}
