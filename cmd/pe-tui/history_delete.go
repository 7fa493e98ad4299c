package main

import (
	"errors"
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/history"
)

func newHistoryDeleteCmd(g *globalFlags) *cobra.Command {
	var olderThan string
	cmd := &cobra.Command{
		Use:   "delete [flags] ID... | --older-than AGE",
		Short: "Delete recorded sends",
		Long: `delete removes the records with the given ids, or with --older-than every
record sent before that age (or time). Records that resend a deleted record
are kept; they no longer point to it.`,
		Example: `  pe-tui history delete 42
  pe-tui history delete 42 43 44
  pe-tui history delete --older-than 30d`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if (len(args) == 0) == (olderThan == "") {
				return exitWith(exitUsage, "give record ids or --older-than AGE (not both)\nRun 'pe-tui history delete --help' for usage.")
			}
			var ids []int64
			for _, a := range args {
				id, err := historyParseID(a)
				if err != nil {
					return err
				}
				ids = append(ids, id)
			}
			var cut time.Time
			if olderThan != "" {
				var err error
				if cut, err = historyParseWhen(olderThan, time.Now()); err != nil {
					return exitWith(exitUsage, "--older-than: "+err.Error())
				}
			}
			st, err := historyOpen(g)
			if err != nil {
				return err
			}
			defer st.Close()
			out := cmd.OutOrStdout()
			if olderThan != "" {
				n, err := st.DeleteOlderThan(cmd.Context(), cut)
				if err != nil {
					return exitWith(exitUsage, err.Error())
				}
				fmt.Fprintf(out, "Deleted %d records sent before %s.\n", n, cut.Local().Format(time.DateTime))
				return nil
			}
			for _, id := range ids {
				err := st.Delete(cmd.Context(), id)
				if errors.Is(err, history.ErrNotFound) {
					return historyNotFound(id)
				}
				if err != nil {
					return exitWith(exitUsage, err.Error())
				}
				fmt.Fprintf(out, "Deleted record %d.\n", id)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&olderThan, "older-than", "", "delete every record sent before `AGE` (30d, 12h) or a time ("+helpDate(30*24*time.Hour)+", "+helpTime(30*24*time.Hour)+")")
	return cmd
}
