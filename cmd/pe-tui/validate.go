package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

// validateMaxFileSize bounds what validate, preview, send and manifest check read,
// so that a wrong path (a disk image, a log) cannot exhaust memory.
const validateMaxFileSize = 8 << 20

func init() { register(newValidateCmd) }

// validateResult is one file's entry in `pe-tui validate --json`.
type validateResult struct {
	File     string                `json:"file"`
	Valid    bool                  `json:"valid"`
	Mode     string                `json:"mode"`             // "standard" or "strict"
	Target   string                `json:"target,omitempty"` // the --target judged as
	Findings []validateJSONFinding `json:"findings"`
	Error    string                `json:"error,omitempty"` // the file could not be read
}

// validateJSONFinding is a finding as `--json` prints it.
type validateJSONFinding struct {
	Code     string           `json:"code"`
	Severity schemas.Severity `json:"severity"`
	Path     string           `json:"path"`
	Message  string           `json:"message"`
	Fix      *schemas.Fix     `json:"fix,omitempty"`
}

func newValidateCmd(g *globalFlags) *cobra.Command {
	var ea eventArgFlags
	var (
		asJSON, strict bool
		nowFlag        string
		manifestFile   string
		targetFlag     string
	)
	cmd := &cobra.Command{
		Use:   "validate [flags] FILE|-|@NAME...",
		Short: "Check event JSON files against the proactive-events rules",
		Long: `validate checks each FILE (an event request body; "-" reads standard input)
against the envelope, audience, payload and localization rules of the
Alexa proactive-events API and prints the findings with their JSON path.

Errors block sending; warnings do not. --strict turns the warnings marked as
likely rejections (unknown fields, missing localizedAttributes, a locale
lacking a key, …) into errors. --target judges as that target does, exactly
as the TUI and pe-tui send do: the sandbox checks strictly, Amazon's
targets do not (add --strict to check strictly anyway). The report starts
with the mode used: "mode: standard" or "mode: strict". Published variants
(e.g. relationshipToInvitee under inviter) are reported with the fix that
corrects them.

Exit status: 0 when no file has an error (warnings allowed), 1 when any file
has an error (invalid JSON included, reported as JSON_SYNTAX with its line and
column), 2 for bad usage or a file that cannot be read.

@NAME checks a library event, with its placeholders expanded as a send now
would (--set NAME=VALUE, {{user:LABEL}} from --profile); a placeholder that
cannot be expanded is a TEMPLATE_PLACEHOLDER error.`,
		Example: `  pe-tui validate event.json
  pe-tui validate --strict events/*.json
  pe-tui validate --target sandbox event.json
  cat event.json | pe-tui validate -
  pe-tui validate --json --now ` + helpTime(0) + ` event.json
  pe-tui validate --manifest skill-package/skill.json event.json
  pe-tui validate @storm-warning --set city=Oslo`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return exitWith(exitUsage, "give at least one event JSON file (or - for standard input)\nRun 'pe-tui validate --help' for usage.")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			now := time.Now()
			if nowFlag != "" {
				t, err := schemas.ParseTime(nowFlag)
				if err != nil {
					return exitWith(exitUsage, "--now: "+err.Error())
				}
				now = t
			}
			opts := schemas.ValidateOptions{Strict: strict}
			judge := ""
			if targetFlag != "" {
				t, err := alexa.ParseTarget(targetFlag)
				if err != nil {
					return exitWith(exitUsage, "--target: "+err.Error())
				}
				opts, judge = send.ValidationFor(opts, t), t.Name
			}
			if manifestFile != "" {
				data, err := validateReadFile(cmd, manifestFile)
				if err != nil {
					return exitWith(exitUsage, err.Error())
				}
				if opts.Published, err = schemas.PublishedEvents(data); err != nil {
					return exitWith(exitUsage, "--manifest "+manifestFile+": "+err.Error())
				}
			}
			read := func(arg string) ([]byte, []schemas.Finding, error) { return eventArgValidate(cmd, g, &ea, arg) }
			return validateRun(cmd, args, read, now, validateMode{opts, judge}, asJSON)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&asJSON, "json", false, `print a JSON array of {"file","valid","findings":[{"code","severity","path","message"}]}`)
	f.BoolVar(&strict, "strict", false, "treat likely rejections (⚑ warnings) as errors, as the sandbox does")
	f.StringVar(&nowFlag, "now", "", "check expiry and timestamp against this `TIME` (RFC 3339) instead of the clock")
	f.StringVar(&targetFlag, "target", "", "judge as this `TARGET` does (sandbox|na-dev|na-live|eu-dev|…): the sandbox implies --strict")
	ea.register(cmd, true)
	f.StringVar(&manifestFile, "manifest", "", "also require each event to be published by this skill manifest `FILE` (skill.json)")
	return cmd
}

// validateMode is how validate judges: the options (with a target's
// strictness applied) and the target named with --target ("" = none).
type validateMode struct {
	opts   schemas.ValidateOptions
	target string
}

// String is the mode as the report's first line names it: "standard",
// "strict", "strict (as sandbox judges)".
func (m validateMode) String() string {
	s := draft.Mode(m.opts)
	if m.target != "" {
		s += " (as " + m.target + " judges)"
	}
	return s
}

// validateRun validates each file and prints the report.
func validateRun(cmd *cobra.Command, files []string, read func(string) ([]byte, []schemas.Finding, error), now time.Time, mode validateMode, asJSON bool) error {
	opts := mode.opts
	out, errOut := cmd.OutOrStdout(), cmd.ErrOrStderr()
	results := make([]validateResult, 0, len(files))
	anyInvalid, anyUnreadable := false, false
	if !asJSON {
		fmt.Fprintln(out, "mode:", mode)
	}
	for _, file := range files {
		res := validateResult{File: file, Mode: draft.Mode(opts), Target: mode.target, Findings: []validateJSONFinding{}}
		data, tfs, err := read(file)
		if err != nil {
			anyUnreadable = true
			res.Error = err.Error()
			results = append(results, res)
			if !asJSON {
				fmt.Fprintln(errOut, "pe-tui:", termtext.Clean(err.Error()))
			}
			continue
		}
		fs := append(tfs, validateFindings(data, now, opts)...)
		res.Valid = !schemas.HasErrors(fs)
		anyInvalid = anyInvalid || !res.Valid
		res.Findings = validateJSONFindings(fs)
		results = append(results, res)
		if !asJSON {
			validatePrintReport(out, validateDisplayName(file), fs)
		}
	}
	if asJSON {
		b, err := termtext.JSON(results, "  ")
		if err == nil {
			_, err = out.Write(b)
		}
		if err != nil {
			return exitWith(exitUsage, "writing the report: "+err.Error())
		}
	}
	switch {
	case anyUnreadable:
		return exitWith(exitUsage, "")
	case anyInvalid:
		return exitWith(exitRejected, "")
	}
	return nil
}

// validateJSONFindings converts findings for --json (an empty list, not null).
func validateJSONFindings(fs []schemas.Finding) []validateJSONFinding {
	out := make([]validateJSONFinding, 0, len(fs))
	for _, f := range fs {
		out = append(out, validateJSONFinding{f.Code, f.Severity, f.Path, f.Message, f.Fix})
	}
	return out
}

// validateFindings decodes and validates one body; invalid JSON is one JSON_SYNTAX finding.
func validateFindings(data []byte, now time.Time, opts schemas.ValidateOptions) []schemas.Finding {
	r, err := schemas.Decode(data)
	if err != nil {
		return []schemas.Finding{validateSyntaxFinding(err)}
	}
	return schemas.Validate(r, now, opts)
}

// validateSyntaxFinding turns a decode error into a JSON_SYNTAX finding.
func validateSyntaxFinding(err error) schemas.Finding {
	msg := err.Error()
	var se *schemas.SyntaxError
	if errors.As(err, &se) {
		msg = se.Error() + "; fix the syntax there."
	}
	return schemas.Finding{Code: schemas.CodeJSONSyntax, Severity: schemas.SeverityError, Message: msg}
}

// validateReadFile reads a file, or standard input for "-", with a size limit.
func validateReadFile(cmd *cobra.Command, name string) ([]byte, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = safefile.ReadFrom(cmd.InOrStdin(), validateDisplayName(name), validateMaxFileSize)
	} else {
		data, _, err = safefile.Read(name, validateMaxFileSize)
	}
	return data, eventArgFileError(validateDisplayName(name), err)
}

func validateDisplayName(file string) string {
	if file == "-" {
		return "<stdin>"
	}
	return file
}

// validatePrintReport prints one file's summary line and findings.
// The counts are written as the TUI's status line writes them (draft.Summary).
func validatePrintReport(w io.Writer, name string, fs []schemas.Finding) {
	errs, warns := draft.Count(fs)
	infos := len(fs) - errs - warns
	var parts []string
	if errs+warns > 0 {
		parts = append(parts, draft.Summary(errs, warns))
	}
	if infos > 0 {
		parts = append(parts, validatePlural(infos, "hint"))
	}
	status := "valid"
	if errs > 0 {
		status = "invalid"
	}
	if len(parts) > 0 {
		status += " (" + strings.Join(parts, ", ") + ")"
	}
	fmt.Fprintf(w, "%s: %s\n", termtext.Clean(name), status)
	for _, f := range fs {
		path := f.Path
		if path == "" {
			path = "(body)"
		}
		fmt.Fprintf(w, "  %-7s %s %s\n", f.Severity, f.Code, termtext.Clean(path))
		fmt.Fprintf(w, "          %s\n", termtext.Clean(f.Message))
		if f.Fix != nil {
			fmt.Fprintf(w, "          fix: %s\n", termtext.Clean(f.Fix.Summary))
		}
	}
}

func validatePlural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
