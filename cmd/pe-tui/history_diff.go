package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/recorddiff"
)

func init() { historySubcommands = append(historySubcommands, newHistoryDiffCmd) }

// historyDiff is what `history diff --json` prints.
type historyDiff struct {
	A        int64               `json:"a"`
	B        int64               `json:"b"`
	Body     []recorddiff.Change `json:"body"`
	Outcomes []recorddiff.Row    `json:"outcomes"`
}

func newHistoryDiffCmd(g *globalFlags) *cobra.Command {
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "diff [flags] A B",
		Short: "Compare two recorded sends: the body paths that changed and the outcomes side by side",
		Long: `diff compares two history records. The request bodies are compared as JSON
structures: each changed, added or removed path is listed with both values
(key order, white space and the spelling of equal numbers do not count).
The outcomes follow side by side: target, event, referenceId, audience,
status, Amazon's message, request id, latency, attempts, response body and
the findings at send time; differing rows are marked with *. --all shows the
rows that are the same too.

Exit status: 0 the bodies are the same, 1 they differ, 2 bad usage or an
unknown record.`,
		Example: `  pe-tui history diff 41 42
  pe-tui history diff --json 41 42`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return exitWith(exitUsage, "give two record ids (the numbers 'pe-tui history list' shows)\nRun '"+cmd.CommandPath()+" --help' for usage.")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var recs [2]*history.Record
			for i, arg := range args {
				var err error
				if recs[i], err = historyLoad(cmd.Context(), g, arg); err != nil {
					return err
				}
			}
			d := historyDiff{A: recs[0].ID, B: recs[1].ID,
				Body:     recorddiff.Bodies(recs[0].Request, recs[1].Request),
				Outcomes: recorddiff.Outcomes(recs[0], recs[1])}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				if err := enc.Encode(d); err != nil {
					return exitWith(exitUsage, err.Error())
				}
			} else {
				historyPrintDiff(untrustedWriter(cmd.OutOrStdout()), d, all)
			}
			if len(d.Body) > 0 {
				return exitWith(exitRejected, "")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the comparison as JSON")
	cmd.Flags().BoolVar(&all, "all", false, "also show the outcome rows that are the same")
	return cmd
}

// historyPrintDiff prints a comparison for people.
func historyPrintDiff(w io.Writer, d historyDiff, all bool) {
	fmt.Fprintf(w, "Request body: record %d → record %d\n", d.A, d.B)
	if len(d.Body) == 0 {
		fmt.Fprintln(w, "  the same")
	}
	for _, c := range d.Body {
		path := c.Path
		if path == "" {
			path = "(body)"
		}
		switch c.Kind {
		case recorddiff.Added:
			fmt.Fprintf(w, "  + %s: %s\n", path, historyCell(string(c.B)))
		case recorddiff.Removed:
			fmt.Fprintf(w, "  - %s: %s\n", path, historyCell(string(c.A)))
		default:
			fmt.Fprintf(w, "  ~ %s: %s → %s\n", path, historyCell(string(c.A)), historyCell(string(c.B)))
		}
	}
	fmt.Fprintln(w, "\nOutcome")
	width := 0
	for _, r := range d.Outcomes {
		width = max(width, len([]rune(historyCell(r.A))))
	}
	width = min(width, 40)
	for _, r := range d.Outcomes {
		if r.Same && !all {
			continue
		}
		mark := " "
		if !r.Same {
			mark = "*"
		}
		fmt.Fprintf(w, "%s %-14s %-*s | %s\n", mark, r.Field, width, diffShorten(historyCell(r.A), 40), diffShorten(historyCell(r.B), 200))
	}
}

// diffShorten shortens s to n characters, marking the cut with "…".
func diffShorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
