package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

func init() { register(newHistoryCmd) }

// historySubcommands holds constructors of `pe-tui history` subcommands that
// live in other files (e.g. resend in history_resend.go). A file adds its
// constructor from its init: historySubcommands = append(historySubcommands, newHistoryResendCmd).
var historySubcommands []func(*globalFlags) *cobra.Command

func newHistoryCmd(g *globalFlags) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "history",
		Short: "List, show, delete, export and import recorded sends",
		Long: `Every send (from the terminal UI or 'pe-tui send') is recorded with the request
exactly as sent, the validation findings at send time, the status, the response
headers (without any credential) and body, Amazon's message, the request id and
the latency.

The history is an SQLite database: --history PATH, else $PE_TUI_HISTORY, else
$XDG_STATE_HOME/pe-tui/history.db (~/.local/state/pe-tui/history.db) on Linux,
or pe-tui/history.db under the user config directory on macOS and Windows.
A file that is not a pe-tui history is never changed; pe-tui says so and stops.
A send the history could not take (locked by another process for more than
10 s, read-only, disk full) is kept in HISTORY.unrecorded.jsonl (mode 0600);
the next pe-tui run adds it to the history and says so.

Exit codes: 0 success, 2 bad usage, unknown record, or a file that cannot be
read or written.`,
		Example: `  pe-tui history list --status 4xx
  pe-tui history show 42
  pe-tui history resend 42 --as-new
  pe-tui --history /tmp/pe-tui-history.db history list`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(
		newHistoryListCmd(g),
		newHistoryShowCmd(g),
		newHistoryDeleteCmd(g),
		newHistoryExportCmd(g),
		newHistoryImportCmd(g),
	)
	for _, f := range historySubcommands {
		cmd.AddCommand(f(g))
	}
	return cmd
}

// historyOpen opens the history database named by --history, else
// $PE_TUI_HISTORY, else the default path. Its error is ready to return from
// a RunE (exit status 2) and names the file and what to do.
func historyOpen(g *globalFlags) (*history.Store, error) {
	path, err := historyPath(g)
	if err != nil {
		return nil, err
	}
	st, err := history.Open(path)
	if err != nil {
		return nil, exitWith(exitUsage, err.Error())
	}
	if g.stderr != nil {
		historyNoteSpool(g.stderr(), st)
	}
	return st, nil
}

// historyPath is the history file's path: --history, else $PE_TUI_HISTORY,
// else the default path.
func historyPath(g *globalFlags) (string, error) {
	if g.historyPath != "" {
		return g.historyPath, nil
	}
	p, err := history.DefaultPath()
	if err != nil {
		return "", exitWith(exitUsage, err.Error())
	}
	return p, nil
}

// historyNoteSpool says when Open added records an earlier run kept aside
// because the history could not take them, or when some still wait.
func historyNoteSpool(w io.Writer, st *history.Store) {
	if n := st.Recovered(); n > 0 {
		fmt.Fprintf(w, "note: added %s to the history that an earlier run could not write at the time (kept in %s)\n", validatePlural(n, "send record"), st.SpoolPath())
	}
	for _, f := range st.Unreadable() {
		fmt.Fprintf(w, "warning: kept send records could not be read back and are not in the history; the file is set aside as %s\n", f)
	}
	if n := st.Pending(); n > 0 {
		fmt.Fprintf(w, "note: %s kept in %s still wait: the history is busy; a later run adds them\n", validatePlural(n, "send record"), st.SpoolPath())
	}
}

// historyLoad reads the record an argument names ("12") from the history;
// its errors are ready to return from a RunE (exit status 2).
func historyLoad(ctx context.Context, g *globalFlags, arg string) (*history.Record, error) {
	id, err := historyParseID(arg)
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	st, err := historyOpen(g)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	rec, err := st.Get(ctx, id)
	if errors.Is(err, history.ErrNotFound) {
		return nil, historyNotFound(id)
	}
	if err != nil {
		return nil, exitWith(exitUsage, err.Error())
	}
	return rec, nil
}

// historyParseID parses a record id argument.
func historyParseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, exitWith(exitUsage, fmt.Sprintf("%q is not a record id; ids are the numbers 'pe-tui history list' shows", s))
	}
	return id, nil
}

// historyNotFound is the message for an id that names no record.
func historyNotFound(id int64) error {
	return exitWith(exitUsage, fmt.Sprintf("no history record %d; 'pe-tui history list' shows the ids", id))
}

// historyFilter holds the filter flags shared by list and export.
type historyFilter struct {
	schema, status, grep, profile, target, since, until string
	heard, group                                        string
}

// add declares the filter flags on cmd.
func (f *historyFilter) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&f.schema, "schema", "", "only this event `NAME` (e.g. WeatherAlert or AMAZON.WeatherAlert.Activated)")
	fl.StringVar(&f.status, "status", "", "only this status: an HTTP `CODE` (409) or a class: "+strings.Join(history.StatusClasses, ", "))
	fl.StringVar(&f.grep, "grep", "", "only records whose request or response contains these `WORDS` (word prefixes, any case)")
	fl.StringVar(&f.profile, "profile", "", "only sends with this credential profile `NAME`")
	fl.StringVar(&f.target, "target", "", "only sends to this `TARGET` (sandbox, na-dev, …, or a base URL)")
	fl.StringVar(&f.since, "since", "", "only sends at or after `WHEN`: a time ("+helpTime(24*time.Hour)+"), a date ("+helpDate(7*24*time.Hour)+") or an age (90m, 24h, 7d)")
	fl.StringVar(&f.until, "until", "", "only sends before `WHEN` (same forms as --since)")
	fl.StringVar(&f.heard, "heard", "", "only sends marked heard (yes), not heard (no), or not marked (unmarked); see 'pe-tui history mark'")
	fl.StringVar(&f.group, "group", "", "only the rows of the group send `ID` (pe-tui send --to)")
}

// query turns the flags into a history.Query.
func (f *historyFilter) query(now time.Time) (history.Query, error) {
	q := history.Query{
		EventName: historyEventName(f.schema),
		Profile:   f.profile,
		Target:    f.target,
		Text:      f.grep,
		GroupID:   f.group,
	}
	switch h := strings.ToLower(f.heard); h {
	case "", "yes", "no", "unmarked":
		q.Heard = h
	default:
		return q, exitWith(exitUsage, fmt.Sprintf("--heard %q: use yes, no or unmarked", f.heard))
	}
	if n, err := strconv.Atoi(f.status); err == nil && n >= 100 && n <= 599 {
		q.Status = n
	} else if f.status != "" {
		q.StatusClass = strings.ToLower(f.status)
		valid := false
		for _, c := range history.StatusClasses {
			valid = valid || c == q.StatusClass
		}
		if !valid {
			return q, exitWith(exitUsage, fmt.Sprintf("--status %q: use an HTTP code (409) or one of %s", f.status, strings.Join(history.StatusClasses, ", ")))
		}
	}
	var err error
	if q.Since, err = historyParseWhen(f.since, now); err != nil {
		return q, exitWith(exitUsage, "--since: "+err.Error())
	}
	if q.Until, err = historyParseWhen(f.until, now); err != nil {
		return q, exitWith(exitUsage, "--until: "+err.Error())
	}
	return q, nil
}

// historyEventName resolves a --schema value: a catalog event name or short
// name in any case ("weatheralert", "WeatherAlert.Activated"); any other
// value is taken as an exact event name.
func historyEventName(s string) string {
	if s == "" {
		return ""
	}
	for _, sc := range schemas.All() {
		if strings.EqualFold(s, sc.Name) || strings.EqualFold(s, sc.Short) || strings.EqualFold(s, strings.TrimPrefix(sc.Name, "AMAZON.")) {
			return sc.Name
		}
	}
	return s
}

// historyMaxDays bounds an age in days: the history's times are Unix
// nanoseconds (1678–2262), and a larger age would name a date before them.
const historyMaxDays = 100000

// historyParseWhen parses --since/--until/--older-than with the program's one
// date parser for look-backs (draft.ParsePast): "" (no bound), an age before
// now ("90m", "7d", "2h ago", "-2h"), a date (local midnight) or an ISO 8601
// date-time.
func historyParseWhen(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, ok := strings.CutSuffix(s, "d"); ok {
		if n, err := strconv.Atoi(d); err == nil && n > historyMaxDays {
			return time.Time{}, fmt.Errorf("%q is more than %d days: the history holds times from 1678 to 2262 only; use a smaller age or a date", s, historyMaxDays)
		}
	}
	t, err := draft.ParsePast(s, now, time.Local)
	if err != nil {
		day := now.UTC().Truncate(time.Hour).Add(-24 * time.Hour)
		return time.Time{}, fmt.Errorf("%q is not a time: use e.g. %s, %s, 90m, 24h, 7d or \"2h ago\"", s, day.Format(time.RFC3339), day.Format(time.DateOnly))
	}
	return t, nil
}

// historyShortEvent drops the "AMAZON." prefix of an event name.
func historyShortEvent(name string) string {
	if name == "" {
		return "-"
	}
	return strings.TrimPrefix(name, "AMAZON.")
}

// historyStatus is the status as the table shows it: the code, or the
// outcome class when no response arrived (network, token, cancelled).
func historyStatus(it *history.Summary) string {
	if it.Status == 0 {
		return it.StatusClass()
	}
	return strconv.Itoa(it.Status)
}

// historyCell is one table cell: printable, on one line, "-" when empty.
func historyCell(s string) string {
	if s == "" {
		return "-"
	}
	return strings.NewReplacer("\n", " ", "\t", " ").Replace(termtext.Clean(s))
}
