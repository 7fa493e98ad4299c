package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/history"
)

func init() { historySubcommands = append(historySubcommands, newHistoryMarkCmd) }

func newHistoryMarkCmd(g *globalFlags) *cobra.Command {
	return &cobra.Command{
		Use:   "mark ID heard|not-heard|clear",
		Short: "Mark whether a send was heard on a device",
		Long: `A 202 says Amazon accepted the event, not that anyone heard it. After
checking the device, mark the record: heard, not-heard, or clear to remove
the mark. 'pe-tui history list --heard yes|no|unmarked' then filters by it.`,
		Example: `  pe-tui history mark 42 heard
  pe-tui history mark 43 not-heard
  pe-tui history list --heard no`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return exitWith(exitUsage, "give a record ID and heard, not-heard or clear\nRun '"+cmd.CommandPath()+" --help' for usage.")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := historyParseID(args[0])
			if err != nil {
				return err
			}
			var mark *bool
			yes, no := true, false
			switch strings.ToLower(args[1]) {
			case "heard", "yes":
				mark = &yes
			case "not-heard", "no":
				mark = &no
			case "clear":
			default:
				return exitWith(exitUsage, fmt.Sprintf("unknown mark %q: use heard, not-heard or clear", args[1]))
			}
			st, err := historyOpen(g)
			if err != nil {
				return err
			}
			defer st.Close()
			err = st.Mark(cmd.Context(), id, mark)
			if errors.Is(err, history.ErrNotFound) {
				return historyNotFound(id)
			}
			if err != nil {
				return exitWith(exitUsage, err.Error())
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Record %d: %s.\n", id, historyHeardText(mark))
			return nil
		},
	}
}

// historyHeardText says a heard mark in words.
func historyHeardText(h *bool) string {
	switch {
	case h == nil:
		return "not marked"
	case *h:
		return "heard"
	}
	return "not heard"
}
