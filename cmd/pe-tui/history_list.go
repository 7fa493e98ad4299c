package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/history"
)

func newHistoryListCmd(g *globalFlags) *cobra.Command {
	var (
		filter historyFilter
		asJSON bool
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "list [flags]",
		Short: "List recorded sends, newest first",
		Long: `list prints the recorded sends, newest first, as a table: id, time (local),
event, status (the HTTP code; when no response arrived "cancelled", "token" when
the token endpoint refused, else "network"), target
and referenceId. The filters combine; --grep matches words and word
beginnings in the request, the response body, Amazon's message and the
network error, in any letter case ("north" finds "Northwind").

--json prints a JSON array of summaries (id, sentAt, profile, target, stage,
eventName, referenceId, audience, status, message, requestId, latency in
nanoseconds, attempts, networkError, originId, and groupId and heard when set).`,
		Example: `  pe-tui history list
  pe-tui history list --status 4xx --limit 50
  pe-tui history list --status 409
  pe-tui history list --status token
  pe-tui history list --schema WeatherAlert --grep Seattle
  pe-tui history list --since 24h --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit < 0 {
				return exitWith(exitUsage, "--limit must be 0 (all) or more")
			}
			q, err := filter.query(time.Now())
			if err != nil {
				return err
			}
			st, err := historyOpen(g)
			if err != nil {
				return err
			}
			defer st.Close()
			return historyList(cmd, st, q, limit, asJSON)
		},
	}
	filter.add(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array of record summaries")
	cmd.Flags().IntVar(&limit, "limit", 20, "show at most `N` records (0: all)")
	return cmd
}

// historyList pages through the records q selects, up to limit (0: all).
func historyList(cmd *cobra.Command, st *history.Store, q history.Query, limit int, asJSON bool) error {
	ctx := cmd.Context()
	out := cmd.OutOrStdout()
	items := []history.Summary{}
	more := false
	for {
		q.Limit = history.MaxLimit
		if limit > 0 {
			q.Limit = min(history.MaxLimit, limit-len(items))
		}
		page, err := st.List(ctx, q)
		if err != nil {
			return exitWith(exitUsage, err.Error())
		}
		items = append(items, page.Items...)
		if page.Next == nil {
			break
		}
		if limit > 0 && len(items) >= limit {
			more = true
			break
		}
		q.Before = page.Next
	}
	if asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(items)
	}
	if len(items) == 0 {
		fmt.Fprintln(out, "No recorded sends match.")
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	// The HEARD and GROUP columns appear when a listed record has a mark or
	// belongs to a group send.
	extra := slices.ContainsFunc(items, func(it history.Summary) bool { return it.Heard != nil || it.GroupID != "" })
	if extra {
		fmt.Fprintln(tw, "ID\tTIME\tEVENT\tSTATUS\tTARGET\tREFERENCE ID\tHEARD\tGROUP")
	} else {
		fmt.Fprintln(tw, "ID\tTIME\tEVENT\tSTATUS\tTARGET\tREFERENCE ID")
	}
	for _, it := range items {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s", it.ID, it.SentAt.Local().Format(time.DateTime),
			historyCell(historyShortEvent(it.EventName)), historyStatus(&it), historyCell(it.Target), historyCell(it.ReferenceID))
		if extra {
			fmt.Fprintf(tw, "\t%s\t%s", historyHeardText(it.Heard), dash(historyCell(it.GroupID)))
		}
		fmt.Fprintln(tw)
	}
	if err := tw.Flush(); err != nil {
		return exitWith(exitUsage, err.Error())
	}
	if more {
		q.Before = nil
		if total, err := st.Count(ctx, q); err == nil {
			fmt.Fprintf(cmd.ErrOrStderr(), "Showing the newest %d of %d records; --limit 0 shows all.\n", len(items), total)
		}
	}
	return nil
}
