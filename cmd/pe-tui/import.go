package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/importer"
	"github.com/pe-tui/pe-tui/internal/library"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/template"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

func init() { register(newImportCmd) }

type importOptions struct {
	out    string
	force  bool
	fix    bool
	asJSON bool
	event  int
	// toLibrary names the library event(s) to save instead of writing files.
	toLibrary string
	library   string
}

func newImportCmd(_ *globalFlags) *cobra.Command {
	o := &importOptions{}
	cmd := &cobra.Command{
		Use:   "import [flags] FILE|-",
		Short: "Turn a curl command, Postman collection, JavaScript object or JSON into an event",
		Long: `import reads what a tutorial or an existing backend gave you and turns it into
a pe-tui event body, detecting the format:

  curl        one or more curl command lines (multi-line with \, -d/--data/
              --data-raw/--data-binary @FILE, -H). The body becomes the event,
              the URL the target (region and stage; the sandbox for loopback).
              A token request is skipped; Authorization headers and -u are
              dropped: tokens and secrets are never imported. $(date …) with
              an ISO format, $(uuidgen) and $NAME inside the body become
              {{now}}/{{now+23h}}, {{ref}} and {{env:NAME}}.
  postman     a Postman collection v2.0/v2.1: every request to a proactive-
              events endpoint becomes an event. {{$guid}} and {{$randomUUID}}
              become {{ref}}, {{$isoTimestamp}} becomes {{now}}; a variable a
              pre-request script sets to moment().add(23, 'hours') or a UUID
              becomes {{now+23h}} or {{ref}}; your own variables stay
              {{NAME}}; other dynamic variables are reported.
  javascript  an object literal from JavaScript or TypeScript (unquoted keys,
              single quotes, trailing commas, comments). new Date().toISOString(),
              new Date(Date.now() + 23*3600*1000), moment().add(23, 'hours'),
              uuid() and process.env.NAME become {{now}}, {{now+23h}}, {{ref}}
              and {{env:NAME}}; any other expression is reported by name.
  json        a plain event body; published variants (spec §9) are reported
              with their fix, applied with --fix.

The event JSON goes to standard output, or to -o FILE (an existing file is
never replaced without --force), or into the event library with
--to-library NAME (several events are saved as NAME-1, NAME-2, …; the
detected target becomes the event's default target; timestamp, expiryTime
and referenceId become {{now}}, {{now+…}} and {{ref}} as 'pe-tui library
save' does; an existing name is never replaced). For a collection with several events give
--event N, or -o DIR to write one file per event. The detected format,
target, placeholders, notes and validation findings go to standard error;
--json prints the whole result (events with body, raw text, target,
placeholders, notes and findings) on standard output instead.

Nothing is lost: when a body cannot be parsed, its line and column are
reported and, for standard input, the pasted text is saved to a new file
(pe-tui-import-<time>.txt in the current directory) whose name is printed.

Exit status: 0 every event was imported (findings may remain: the draft is
yours to finish); 1 a body could not be parsed; 2 bad usage or a file that
cannot be read or written.`,
		Example: `  pe-tui import tutorial-curl.sh
  pbpaste | pe-tui import - -o event.json
  pe-tui import collection.postman_collection.json -o events/
  pe-tui import collection.json --event 2 > order.json
  pe-tui import lambda.js --json
  pe-tui import tutorial-curl.sh --to-library storm-warning`,
		Args: exactlyOneArg("file to import (or - for standard input)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return importRun(cmd, o, args[0])
		},
	}
	f := cmd.Flags()
	f.StringVarP(&o.out, "output", "o", "", "write the event to `FILE` (or every event into the directory `DIR/`) instead of standard output")
	f.BoolVar(&o.force, "force", false, "replace existing output files")
	f.BoolVar(&o.fix, "fix", false, "apply the fixes of published variants (spec §9) to the imported body")
	f.BoolVar(&o.asJSON, "json", false, "print the whole import result as JSON")
	f.IntVar(&o.event, "event", 0, "import only event `N` (1-based) of a collection")
	f.StringVar(&o.toLibrary, "to-library", "", "save the event(s) in the library as `NAME` (NAME-1, NAME-2, … for several)")
	f.StringVar(&o.library, "library", "", "library folder for --to-library (default: $PE_TUI_LIBRARY, ./.pe-tui/events of the project, or the user data directory)")
	return cmd
}

func importRun(cmd *cobra.Command, o *importOptions, file string) error {
	data, err := validateReadFile(cmd, file)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	dir := "."
	if file != "-" {
		dir = filepath.Dir(file)
	}
	res, err := importer.Import(data, importer.Options{
		Now: time.Now(),
		ReadFile: func(name string) ([]byte, error) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(dir, name)
			}
			// A curl command read from elsewhere must not make import wait
			// on a FIFO or read a device: validateReadFile reads regular files only.
			return validateReadFile(cmd, name)
		},
	})
	if err != nil {
		return exitWith(exitUsage, validateDisplayName(file)+": "+err.Error())
	}
	if o.toLibrary != "" {
		if o.out != "" {
			return exitWith(exitUsage, "--to-library and -o both say where the event goes: give one")
		}
		if err := library.CheckName(o.toLibrary); err != nil {
			return exitWith(exitUsage, "--to-library: "+termtext.Clean(err.Error()))
		}
	}
	if o.fix {
		for i := range res.Events {
			res.Events[i] = importer.ApplyFixes(res.Events[i], time.Now())
		}
	}
	events := res.Events
	if o.event != 0 {
		if o.event < 1 || o.event > len(events) {
			return exitWith(exitUsage, fmt.Sprintf("--event %d: the input holds %d event(s)", o.event, len(events)))
		}
		events = events[o.event-1 : o.event]
	}
	errOut := untrustedWriter(cmd.ErrOrStderr())
	failed := false
	for _, ev := range events {
		failed = failed || ev.Err != nil
	}
	if failed && file == "-" {
		name := "pe-tui-import-" + time.Now().Format("20060102-150405") + ".txt"
		if err := writeNewFile(name, data, 0o600, false); err != nil {
			fmt.Fprintln(errOut, "the pasted text could not be saved:", err)
		} else {
			fmt.Fprintf(errOut, "the pasted text was saved to %s\n", name)
		}
	}
	if o.asJSON {
		out := *res
		out.Events = events
		enc := json.NewEncoder(cmd.OutOrStdout())
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return exitWith(exitUsage, err.Error())
		}
	} else {
		importReport(errOut, res, events, o.event)
		write := importWrite
		if o.toLibrary != "" {
			write = importToLibrary
		}
		if err := write(cmd, o, events); err != nil {
			return err
		}
	}
	if failed {
		return exitWith(exitRejected, "")
	}
	return nil
}

// importReport prints what was detected and found, event by event.
func importReport(w io.Writer, res *importer.Result, events []importer.Event, only int) {
	fmt.Fprintf(w, "detected: %s, %d event(s)\n", res.Format, len(res.Events))
	for _, n := range res.Notes {
		fmt.Fprintln(w, "note:", n)
	}
	for i, ev := range events {
		num := i + 1
		if only != 0 {
			num = only
		}
		title := "event " + strconv.Itoa(num)
		if ev.Name != "" {
			title += " (" + ev.Name + ")"
		}
		target := ev.Target
		if target == "" {
			target = "not recognised"
		}
		if ev.URL != "" {
			target += " — " + ev.URL
		}
		fmt.Fprintf(w, "%s: target %s\n", title, target)
		if len(ev.Placeholders) > 0 {
			fmt.Fprintf(w, "  placeholders: %s\n", strings.Join(ev.Placeholders, " "))
		}
		for _, n := range ev.Notes {
			fmt.Fprintln(w, "  note:", n)
		}
		if ev.Err != nil {
			where := fmt.Sprintf("line %d, column %d of the body", ev.Err.Line, ev.Err.Column)
			if ev.Line > 1 {
				where += fmt.Sprintf(" (the body starts at line %d of the input)", ev.Line)
			}
			fmt.Fprintf(w, "  cannot parse the body: %s: %s\n", where, ev.Err.Msg)
			continue
		}
		validatePrintReport(w, "  "+title, ev.Findings)
	}
}

// importWrite writes the imported bodies: one to stdout or -o FILE, several
// into -o DIR/.
func importWrite(cmd *cobra.Command, o *importOptions, events []importer.Event) error {
	var ok []importer.Event
	for _, ev := range events {
		if ev.Err == nil {
			ok = append(ok, ev)
		}
	}
	if len(ok) == 0 {
		return nil
	}
	toDir := o.out != "" && (strings.HasSuffix(o.out, "/") || strings.HasSuffix(o.out, string(os.PathSeparator)) || isDir(o.out))
	if len(ok) > 1 && !toDir {
		return exitWith(exitUsage, fmt.Sprintf("the input holds %d events: choose one with --event N, or write them all with -o DIR/", len(ok)))
	}
	if !toDir {
		if o.out == "" {
			_, err := cmd.OutOrStdout().Write(ok[0].Body)
			return err
		}
		if err := writeNewFile(o.out, ok[0].Body, 0o644, o.force); err != nil {
			return exitWith(exitUsage, err.Error())
		}
		fmt.Fprintln(cmd.ErrOrStderr(), "wrote", o.out)
		return nil
	}
	if err := os.MkdirAll(o.out, 0o755); err != nil {
		return exitWith(exitUsage, "cannot create "+o.out+": "+safefile.PlainError(err).Error())
	}
	for i, ev := range ok {
		name := fmt.Sprintf("event-%d", i+1)
		if s := slugName(ev.Name); s != "" {
			name = fmt.Sprintf("%02d-%s", i+1, s)
		}
		path := filepath.Join(o.out, name+".json")
		if err := writeNewFile(path, ev.Body, 0o644, o.force); err != nil {
			return exitWith(exitUsage, err.Error())
		}
		fmt.Fprintln(cmd.ErrOrStderr(), "wrote", path)
	}
	return nil
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// importToLibrary saves the parsed events in the library: one as NAME,
// several as NAME-1, NAME-2, …, with the detected target as the default.
// Nothing is replaced: a taken name stops the import with what was saved.
func importToLibrary(cmd *cobra.Command, o *importOptions, events []importer.Event) error {
	l, err := library.Open(o.library)
	if err != nil {
		return exitWith(exitUsage, termtext.Clean(err.Error()))
	}
	var ok []importer.Event
	for _, ev := range events {
		if ev.Err == nil {
			ok = append(ok, ev)
		}
	}
	for i, ev := range ok {
		name := o.toLibrary
		if len(ok) > 1 {
			name = fmt.Sprintf("%s-%d", o.toLibrary, i+1)
		}
		body, err := template.Templatize(ev.Body)
		if err != nil {
			return exitWith(exitUsage, fmt.Sprintf("event %d not saved: %v", i+1, err))
		}
		meta := library.Meta{Target: ev.Target, Description: ev.Name}
		if err := l.Save(name, body, meta, nil); err != nil {
			return exitWith(exitUsage, termtext.Clean(err.Error()))
		}
		fmt.Fprintf(cmd.ErrOrStderr(), "saved library event %s (%s)\n", name, termtext.Clean(l.Path(name)))
	}
	return nil
}
