package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/template"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

func init() { register(newLibraryCmd) }

// libraryFlags are the flags every library subcommand shares.
type libraryFlags struct {
	dir string // --library
}

func newLibraryCmd(g *globalFlags) *cobra.Command {
	lf := &libraryFlags{}
	cmd := &cobra.Command{
		Use:   "library",
		Short: "Keep named events on disk and send them again and again",
		Long: `The library keeps named proactive events, one per file, as indented JSON
with a stable key order, so a team can commit them and review diffs.

Where it lives: --library DIR, else $PE_TUI_LIBRARY, else .pe-tui/events in the
current directory or the nearest parent that has a .pe-tui folder, else
~/.local/share/pe-tui/events (the user data directory).

NAME.json is an ordinary event body; its optional description, default
profile and target are kept beside it in NAME.meta.json, so nothing extra can
reach Amazon. String values may hold placeholders that are expanded at send
time: {{now}}, {{now+23h}}, {{now-5m}}, {{ref}}, {{user:LABEL}}, {{env:NAME}},
{{open}} (a literal "{{") and {{NAME}} given with --set NAME=VALUE.

A name has 1–64 letters, digits, '.', '_' and '-', starts with a letter or
digit, and has no "..".`,
		Example: `  pe-tui library save weather.json --name storm-warning --description "Tornado, en-US"
  pe-tui library list
  pe-tui library show storm-warning --expand
  pe-tui library rm storm-warning`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().StringVar(&lf.dir, "library", "", "library folder (default: $PE_TUI_LIBRARY, ./.pe-tui/events of the project, or the user data directory)")
	cmd.AddCommand(newLibraryListCmd(lf), newLibraryShowCmd(g, lf), newLibraryPathCmd(lf), newLibraryRmCmd(lf), newLibrarySaveCmd(lf))
	return cmd
}

func libraryOpen(lf *libraryFlags) (*library.Library, error) {
	l, err := library.Open(lf.dir)
	if err != nil {
		return nil, exitWith(exitUsage, err.Error())
	}
	return l, nil
}

// libraryListItem is one event as `list --json` prints it.
type libraryListItem struct {
	Name        string `json:"name"`
	Event       string `json:"event,omitempty"`
	Description string `json:"description,omitempty"`
	Profile     string `json:"profile,omitempty"`
	Target      string `json:"target,omitempty"`
	Path        string `json:"path"`
	Error       string `json:"error,omitempty"`
}

func libraryItem(e *library.Entry) libraryListItem {
	it := libraryListItem{Name: e.Name, Event: e.Event, Description: e.Meta.Description, Profile: e.Meta.Profile, Target: e.Meta.Target, Path: e.Path}
	if e.Err != nil {
		it.Error = e.Err.Error()
	}
	return it
}

func newLibraryListCmd(lf *libraryFlags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "List the saved events, with the error of any file that cannot be used",
		Long: `list shows every event of the library: its name, event type and
description. A file that cannot be used (not valid JSON, too large, damaged
metadata) is listed with its error, line and column; it is never changed.`,
		Example: `  pe-tui library list
  pe-tui library list --json | jq -r '.events[].name'
  pe-tui library list --library ./shared-events`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := libraryOpen(lf)
			if err != nil {
				return err
			}
			es, err := l.List()
			if err != nil {
				return exitWith(exitUsage, err.Error())
			}
			out := cmd.OutOrStdout()
			if asJSON {
				items := make([]libraryListItem, 0, len(es))
				for _, e := range es {
					items = append(items, libraryItem(e))
				}
				return libraryJSON(out, map[string]any{"dir": l.Dir, "source": l.Source, "events": items})
			}
			fmt.Fprintf(out, "Library: %s (%s)\n", termtext.Clean(l.Dir), librarySourceText(l.Source))
			if len(es) == 0 {
				fmt.Fprintln(out, "No saved events. Save one with 'pe-tui library save FILE --name NAME'.")
				return nil
			}
			tw := tabwriter.NewWriter(out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tEVENT\tDESCRIPTION")
			for _, e := range es {
				if e.Err != nil {
					fmt.Fprintf(tw, "%s\t%s\t%s\n", historyCell(e.Name), "(unusable)", historyCell(e.Err.Error()))
					continue
				}
				fmt.Fprintf(tw, "%s\t%s\t%s\n", historyCell(e.Name), historyCell(historyShortEvent(e.Event)), historyCell(e.Meta.Description))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: {dir, source, events: [{name, event, description, profile, target, path, error}]}")
	return cmd
}

func librarySourceText(s library.Source) string {
	switch s {
	case library.SourceProject:
		return "the project's .pe-tui/events"
	case library.SourceUser:
		return "your user data directory"
	}
	return "from " + string(s)
}

func libraryJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// libraryGet reads one event, or fails with a usage error that says why.
func libraryGet(l *library.Library, name string) (*library.Entry, error) {
	e, err := l.Get(name)
	if err != nil {
		return e, exitWith(exitUsage, termtext.Clean(err.Error()))
	}
	return e, nil
}

func newLibraryShowCmd(g *globalFlags, lf *libraryFlags) *cobra.Command {
	var asJSON, expand bool
	var sets []string
	var profile string
	cmd := &cobra.Command{
		Use:   "show NAME [--expand [--set NAME=VALUE]...] [--json]",
		Short: "Print a saved event's body (as stored, or with its placeholders expanded)",
		Long: `show prints the event body as it is stored, placeholders and all, so it can
be piped to a file. With --expand it prints the body as it would be sent now:
{{now}} and {{now+23h}} become times, {{ref}} a fresh referenceId,
{{user:LABEL}} the id saved under that label in the profile (--profile, or
the default one), {{env:NAME}} the environment variable and {{NAME}} the
value given with --set NAME=VALUE. A placeholder that cannot be expanded is
reported with its path, and the exit code is 1.`,
		Example: `  pe-tui library show storm-warning
  pe-tui library show storm-warning --expand --set city=Seattle
  pe-tui library show storm-warning --json | jq .meta`,
		Args: exactlyOneArg("library event NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			vars, err := template.ParseSet(sets)
			if err != nil {
				return exitWith(exitUsage, err.Error())
			}
			l, err := libraryOpen(lf)
			if err != nil {
				return err
			}
			e, err := libraryGet(l, args[0])
			if err != nil {
				return err
			}
			body := e.Body
			var findings []template.Finding
			if expand {
				env := template.Env{Vars: vars, User: libraryUserLookup(g, profile, e.Meta.Profile)}
				if body, findings, err = template.Expand(e.Body, env); err != nil {
					return exitWith(exitUsage, fmt.Sprintf("%s: %v", e.Path, err))
				}
			}
			out := cmd.OutOrStdout()
			if asJSON {
				msgs := make([]map[string]string, 0, len(findings))
				for _, f := range findings {
					msgs = append(msgs, map[string]string{"path": f.Path, "placeholder": f.Placeholder, "message": f.Message})
				}
				v := map[string]any{"name": e.Name, "path": e.Path, "meta": e.Meta, "body": json.RawMessage(libraryCompact(body))}
				if expand {
					v["findings"] = msgs
				}
				if err := libraryJSON(out, v); err != nil {
					return err
				}
			} else {
				if libraryIsTerminal(out) {
					body = []byte(termtext.Clean(string(body)))
				}
				if _, err := out.Write(body); err != nil {
					return err
				}
				for _, f := range findings {
					fmt.Fprintln(cmd.ErrOrStderr(), "error: "+termtext.Clean(f.String()))
				}
			}
			if len(findings) > 0 {
				return exitWith(exitRejected, "")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON: {name, path, meta, body[, findings]}")
	cmd.Flags().BoolVar(&expand, "expand", false, "expand the placeholders as a send now would")
	cmd.Flags().StringArrayVar(&sets, "set", nil, "give {{NAME}} a value, as `NAME=VALUE` (repeatable; with --expand)")
	cmd.Flags().StringVar(&profile, "profile", "", "profile whose saved users {{user:LABEL}} reads (default: the event's, then the default profile)")
	return cmd
}

// libraryCompact makes body one line for --json; a body is valid JSON here.
func libraryCompact(body []byte) []byte {
	req, err := schemas.Decode(body)
	if err != nil {
		b, _ := json.Marshal(string(body))
		return b
	}
	return req.EncodeCompact()
}

// libraryUserLookup returns the {{user:LABEL}} lookup over the saved users
// of a profile: the one named, else the event's default, else the default
// profile. Labels match without regard to case. It returns nil when no
// profile can be read; every {{user:…}} is then a finding.
func libraryUserLookup(g *globalFlags, names ...string) func(string) (string, bool) {
	cfg, err := credentials.Load(g.configDir)
	if err != nil {
		return nil
	}
	var p credentials.Profile
	found := false
	for _, n := range names {
		if n == "" {
			continue
		}
		if p, err = cfg.Get(n); err == nil {
			found = true
		}
		break
	}
	if !found {
		if p, found = cfg.Default(); !found {
			return nil
		}
	}
	return func(label string) (string, bool) {
		for _, u := range p.Users {
			if strings.EqualFold(u.Label, label) {
				return u.ID, true
			}
		}
		return "", false
	}
}

func libraryIsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newLibraryPathCmd(lf *libraryFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "path [NAME]",
		Short: "Print the library folder, or the file of one event",
		Example: `  pe-tui library path
  cd "$(pe-tui library path)"
  $EDITOR "$(pe-tui library path storm-warning)"`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := libraryOpen(lf)
			if err != nil {
				return err
			}
			if len(args) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), l.Dir)
				return nil
			}
			if err := library.CheckName(args[0]); err != nil {
				return exitWith(exitUsage, err.Error())
			}
			fmt.Fprintln(cmd.OutOrStdout(), l.Path(args[0]))
			return nil
		},
	}
}

func newLibraryRmCmd(lf *libraryFlags) *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "rm NAME... [--yes]",
		Short: "Remove saved events (asks first on a terminal)",
		Long: `rm removes events and their metadata. On a terminal it asks before
removing; without a terminal it needs --yes. An event changed by someone else
between the question and the answer is not removed.`,
		Example: `  pe-tui library rm storm-warning
  pe-tui library rm old-1 old-2 --yes`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			l, err := libraryOpen(lf)
			if err != nil {
				return err
			}
			var es []*library.Entry
			for _, n := range args {
				e, err := l.Get(n)
				if e == nil { // missing or a bad name; an unusable file can still be removed
					return exitWith(exitUsage, termtext.Clean(err.Error()))
				}
				es = append(es, e)
			}
			if !yes {
				in := cmd.InOrStdin()
				if !sendStdinIsTerminal(in) {
					return exitWith(exitUsage, "refusing to remove without --yes: there is no terminal to confirm on")
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Remove %s from %s? [y/N] ", strings.Join(args, ", "), termtext.Clean(l.Dir))
				line, _ := bufio.NewReader(in).ReadString('\n')
				if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
					return exitWith(exitUsage, "nothing removed")
				}
			}
			for _, e := range es {
				if err := l.Remove(e); err != nil {
					return exitWith(exitUsage, termtext.Clean(err.Error()))
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Removed %s.\n", e.Name)
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "remove without asking")
	return cmd
}

func newLibrarySaveCmd(lf *libraryFlags) *cobra.Command {
	var name, description, profile, target string
	var asIs, replace bool
	cmd := &cobra.Command{
		Use:   "save FILE|-|@NAME --name NAME [--description D] [--profile P] [--target T]",
		Short: "Save an event body into the library",
		Long: `save stores a body under a name. By default its timestamp becomes {{now}},
its referenceId {{ref}} and its expiryTime {{now+…}} (keeping the body's own
expiry distance, or 23h), so it can be sent again and again without a 409 or
an expired window; --as-is keeps the body as given. The body must be JSON;
it is written indented with a stable key order.

An existing name is not overwritten unless --replace is given; a replace
that races with another save is refused, so no change is lost silently.`,
		Example: `  pe-tui library save weather.json --name storm-warning --description "Tornado, en-US"
  pe-tui library save - --name from-stdin < body.json
  pe-tui library save @storm-warning --name storm-warning-de --target eu-dev
  pe-tui library save weather.json --name storm-warning --replace`,
		Args: exactlyOneArg("FILE (or - for standard input, or @NAME)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if name == "" {
				return exitWith(exitUsage, "give the event a name with --name NAME\nRun 'pe-tui library save --help' for usage.")
			}
			if err := library.CheckName(name); err != nil {
				return exitWith(exitUsage, err.Error())
			}
			if err := libraryCheckMeta(description, profile, target); err != nil {
				return exitWith(exitUsage, err.Error())
			}
			l, err := libraryOpen(lf)
			if err != nil {
				return err
			}
			var data []byte
			if src, ok, err := library.ResolveArg(args[0], lf.dir); ok {
				if err != nil {
					return exitWith(exitUsage, termtext.Clean(err.Error()))
				}
				data = src.Body
			} else if data, err = validateReadFile(cmd, args[0]); err != nil {
				return exitWith(exitUsage, err.Error())
			}
			if !asIs {
				if data, err = template.Templatize(data); err != nil {
					return exitWith(exitUsage, fmt.Sprintf("%s: %v; nothing saved", validateDisplayName(args[0]), err))
				}
			}
			var base *library.Entry
			if replace {
				if base, err = l.Get(name); errors.Is(err, library.ErrNotFound) {
					base = nil
				} else if base == nil {
					return exitWith(exitUsage, termtext.Clean(err.Error()))
				}
			}
			meta := library.Meta{Description: description, Profile: profile, Target: target}
			if base != nil && !cmd.Flags().Changed("description") && !cmd.Flags().Changed("profile") && !cmd.Flags().Changed("target") {
				meta = base.Meta // a replace keeps the metadata unless it is given
			}
			if err := l.Save(name, data, meta, base); err != nil {
				var ce *library.ConflictError
				if errors.As(err, &ce) && ce.Exists {
					return exitWith(exitUsage, termtext.Clean(err.Error())+" (--replace overwrites it)")
				}
				return exitWith(exitUsage, termtext.Clean(err.Error()))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Saved %s to %s.\n", name, termtext.Clean(l.Path(name)))
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "the event's name in the library (required)")
	cmd.Flags().StringVar(&description, "description", "", "a one-line description")
	cmd.Flags().StringVar(&profile, "profile", "", "the profile to send it with by default")
	cmd.Flags().StringVar(&target, "target", "", "the target to send it to by default (sandbox, na-dev, …)")
	cmd.Flags().BoolVar(&asIs, "as-is", false, "keep timestamp, referenceId and expiryTime as given (no placeholders)")
	cmd.Flags().BoolVar(&replace, "replace", false, "overwrite an event of the same name")
	return cmd
}

// libraryCheckMeta refuses metadata that would not work or could drive a
// terminal when listed: a description over 200 characters or with control
// characters, a profile name or target that pe-tui would not accept.
func libraryCheckMeta(description, profile, target string) error {
	if len(description) > 200 || strings.IndexFunc(description, unicode.IsControl) >= 0 {
		return errors.New("--description: use one line of at most 200 characters, without control characters")
	}
	if profile != "" {
		if err := credentials.ValidateName(profile); err != nil {
			return fmt.Errorf("--profile: %w", err)
		}
	}
	if target != "" {
		if _, err := alexa.ParseTarget(target); err != nil {
			return fmt.Errorf("--target: %w", err)
		}
	}
	return nil
}
