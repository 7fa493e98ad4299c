package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

func init() { register(newPreviewCmd) }

func newPreviewCmd(g *globalFlags) *cobra.Command {
	var ea eventArgFlags
	var (
		locale, tz, trash string
		asJSON            bool
		sp                speakFlags
	)
	cmd := &cobra.Command{
		Use:   "preview [flags] FILE|-|@NAME",
		Short: "Print the sentence Alexa will speak for an event",
		Long: `preview prints an approximation of the notification sentence for the event
in FILE ("-" reads standard input, @NAME a library event), built from the
published templates. Placeholders are expanded as a send would ({{ref}} is a
fixed id); one that cannot be expanded is named and the exit status is 1.

Localized attributes are resolved for --locale (default: the first locale in
localizedAttributes, else en-US). When that locale lacks a key, the value of
the first entry that has it is used and a note says so. Every locale uses the
English templates; for a locale not starting with "en-" a note says the
sentence is approximate. Notes go to standard error, so standard output holds
only the sentence.

Dates and times are spoken in --tz (default UTC).

Hearing it: --speak says the sentence aloud and --wav FILE writes it as a
WAV file (no audio device needed; --force replaces an existing file), both
with espeak-ng in the voice nearest to the locale (a note names the voice
when it is not an exact match). Before speaking, dates and times are
rewritten in the locale's long form, and words a speech engine reads letter
by letter (capitals, identifiers, addresses, emoji) are noted with the
payload field they came from. The spoken duration is reported, with a
warning above 8 seconds (a pe-tui convention: a longer notification is hard
to take in by ear). --json adds "spoken", "voice", "voiceExact",
"speechNotes" and, when espeak-ng is installed, "duration" in seconds.
espeak-ng is optional: without it only --speak and --wav fail, saying how to
install it.

Exit status: 0 when a sentence was printed, 1 when the event cannot be
spoken (invalid JSON, unknown event name, a value the sentence needs is
missing), 2 for bad usage or a file that cannot be read, and for --speak or
--wav when espeak-ng is missing, no audio device exists or the WAV file
cannot be written; 130 when --speak is interrupted (Ctrl+C stops espeak-ng
too).`,
		Example: `  pe-tui preview event.json
  pe-tui preview --locale de-DE event.json
  pe-tui preview --tz America/New_York --json event.json
  pe-tui preview --trash-style alternative trash.json
  pe-tui preview --speak --locale de-DE event.json
  pe-tui preview --wav alert.wav --locale ja-JP event.json
  pe-tui preview @storm-warning --locale de-DE --set city=Oslo`,
		Args: exactlyOneArg(eventArgUsage),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts := schemas.RenderOptions{TimeZone: time.UTC}
			if tz != "" {
				loc, err := time.LoadLocation(tz)
				if err != nil {
					return exitWith(exitUsage, fmt.Sprintf("--tz %q is not a known time zone; use an IANA name such as Europe/Berlin or America/New_York, or UTC", tz))
				}
				opts.TimeZone = loc
			}
			switch strings.ToLower(trash) {
			case "", "default":
			case "alternative":
				opts.TrashStyle = schemas.TrashAlternative
			default:
				return exitWith(exitUsage, fmt.Sprintf("--trash-style %q: use default or alternative", trash))
			}
			if locale != "" && !schemas.IsLocale(locale) {
				return exitWith(exitUsage, fmt.Sprintf("--locale %q is not language-COUNTRY; use e.g. en-US, de-DE or ja-JP", locale))
			}
			if err := sp.check(cmd); err != nil {
				return err
			}
			data, err := eventArgPreview(cmd, g, &ea, args[0])
			if err != nil {
				return err
			}
			return previewRun(cmd, args[0], data, locale, opts, asJSON, &sp)
		},
	}
	f := cmd.Flags()
	f.StringVar(&locale, "locale", "", "speak for this `LOCALE` (default: first locale of localizedAttributes, else en-US)")
	f.StringVar(&tz, "tz", "", "speak dates and times in this IANA time `ZONE` (default UTC)")
	f.StringVar(&trash, "trash-style", "default", `trash sentence wording: "default" ("This coming …") or "alternative" ("The coming … garbage …")`)
	f.BoolVar(&asJSON, "json", false, `print {"locale","text","approximate","fallback"} and how it sounds ("spoken","voice","duration",…)`)
	sp.register(cmd)
	ea.register(cmd, true)
	return cmd
}

// previewRun renders one event body (read from file) and prints the sentence.
func previewRun(cmd *cobra.Command, file string, data []byte, locale string, opts schemas.RenderOptions, asJSON bool, sp *speakFlags) error {
	r, err := schemas.Decode(data)
	if err != nil { // a *schemas.SyntaxError names line and column
		return exitWith(exitRejected, termtext.Clean(validateDisplayName(file)+": "+err.Error()))
	}
	u, err := schemas.Render(r, locale, opts)
	if err != nil {
		return exitWith(exitRejected, termtext.Clean(validateDisplayName(file)+": "+err.Error()+"\nRun 'pe-tui validate "+file+"' to see every problem."))
	}
	out := cmd.OutOrStdout()
	if asJSON {
		spoken, err := sp.hear(cmd.Context(), cmd.ErrOrStderr(), u, r, true)
		if err != nil {
			return err
		}
		b, err := termtext.JSON(spoken, "")
		if err != nil {
			return err
		}
		_, err = out.Write(b)
		return err
	}
	fmt.Fprintln(out, termtext.Clean(u.Text))
	if u.Approximate {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: approximate: no %s template is published, so the English template is used\n", u.Locale)
	}
	if u.Fallback {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: fallback: some localized attributes are missing for %s and come from another locale's entry\n", u.Locale)
	}
	_, err = sp.hear(cmd.Context(), cmd.ErrOrStderr(), u, r, false)
	return err
}
