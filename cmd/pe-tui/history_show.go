package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

func newHistoryShowCmd(g *globalFlags) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show [flags] ID",
		Short: "Show one recorded send in full",
		Long: `show prints everything recorded for one send: when, profile, target, event,
referenceId, audience, the findings at send time, the status and Amazon's
message, the request id, latency and attempts, the request body as sent and
the response headers and body.

--json prints the record as 'pe-tui history export' writes it (request and
response body base64-encoded, so that they are kept byte for byte).`,
		Example: `  pe-tui history show 42
  pe-tui history show --json 42`,
		Args: exactlyOneArg("record id (the numbers 'pe-tui history list' shows)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			rec, err := historyLoad(cmd.Context(), g, args[0])
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(cmd.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(rec)
			}
			historyShow(cmd.OutOrStdout(), rec)
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the record as JSON")
	return cmd
}

// historyShow prints a record for people.
func historyShow(w io.Writer, r *history.Record) {
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "%-12s %s\n", name, historyCell(historyClip(value, historyMaxField)))
		}
	}
	title := fmt.Sprintf("Record %d", r.ID)
	if r.OriginID != 0 {
		title += fmt.Sprintf(" (resend of %d)", r.OriginID)
	}
	fmt.Fprintln(w, title)
	field("Sent", r.SentAt.Local().Format("2006-01-02 15:04:05.000 -07:00"))
	field("Profile", r.Profile)
	target := r.Target
	if r.Stage != "" {
		target += " (" + r.Stage + ")"
	}
	field("Target", target)
	field("Event", r.EventName)
	field("Reference", r.ReferenceID)
	field("Audience", r.Audience)
	if r.Status == 0 {
		field("Status", "no response: "+r.NetworkErr)
	} else {
		field("Status", fmt.Sprintf("%d (%s)", r.Status, r.StatusClass()))
		field("Error", r.NetworkErr)
	}
	field("Message", r.Message)
	field("Request id", r.RequestID)
	attempts := "1 attempt"
	if r.Attempts != 1 {
		attempts = fmt.Sprintf("%d attempts", r.Attempts)
	}
	field("Latency", fmt.Sprintf("%s, %s", alexa.FormatDuration(r.Latency), attempts))
	field("Group", r.GroupID)
	if r.Heard != nil {
		field("Heard", historyHeardText(r.Heard))
	}

	if len(r.Findings) > 0 {
		fmt.Fprintln(w, "\nFindings at send time:")
		for _, f := range r.Findings {
			path := f.Path
			if path == "" {
				path = "(body)"
			}
			fmt.Fprintf(w, "  %s %s %s: %s\n", f.Severity, f.Code, historyCell(path), historyCell(f.Message))
		}
	}
	fmt.Fprintln(w, "\nRequest:")
	fmt.Fprintln(w, historyBody(r.Request))
	if len(r.Headers) > 0 {
		fmt.Fprintln(w, "\nResponse headers:")
		names := make([]string, 0, len(r.Headers))
		for name := range r.Headers {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, v := range r.Headers[name] {
				fmt.Fprintf(w, "  %s: %s\n", historyCell(name), historyCell(v))
			}
		}
	}
	if len(r.Body) > 0 {
		fmt.Fprintln(w, "\nResponse body:")
		fmt.Fprintln(w, historyBody(r.Body))
	}
}

// historyBody renders a body: indented when it is JSON, as text when it is
// UTF-8, else as a size.
func historyBody(b []byte) string {
	if len(b) == 0 {
		return "  (empty)"
	}
	if len(b) > historyMaxBody {
		cut := historyCut(string(b), historyMaxBody)
		return historyBodyText(b[:cut]) + fmt.Sprintf("\n  … %d more bytes not shown ('pe-tui history show --json' prints everything)", len(b)-cut)
	}
	return historyBodyText(b)
}

// historyMaxBody and historyMaxField bound what history show and send print
// of a body and of one field (a server may answer with megabytes).
const (
	historyMaxBody  = 16 << 10
	historyMaxField = 2 << 10
)

// historyClip cuts s to max bytes (at a character boundary) and says how
// much it cut.
func historyClip(s string, max int) string {
	if len(s) <= max {
		return s
	}
	cut := historyCut(s, max)
	return s[:cut] + fmt.Sprintf(" … (%d more bytes not shown)", len(s)-cut)
}

// historyCut returns where to cut s to at most max bytes without splitting a character.
func historyCut(s string, max int) int {
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return cut
}

// historyBodyText renders a body that fits: indented JSON, text or a size.
func historyBodyText(b []byte) string {
	var buf bytes.Buffer
	if json.Indent(&buf, b, "  ", "  ") == nil {
		return "  " + termtext.Clean(buf.String())
	}
	if !utf8.Valid(b) {
		return fmt.Sprintf("  (%d bytes of binary data)", len(b))
	}
	return "  " + strings.ReplaceAll(termtext.Clean(string(b)), "\n", "\n  ")
}
