package draft

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/template"
)

// Derived is everything the screen shows about a draft at one instant: the
// form, the status line, the preview and the send dialogs all read this one
// value, so that no two places compute a count, a verdict or a text apart.
type Derived struct {
	// Now is the instant everything was derived at, in whole seconds (the
	// request's times are whole seconds too, so a fresh draft reads "23h 0m").
	Now time.Time
	// Request is the wire request (never nil), its placeholders expanded
	// (DeriveExpanded).
	Request *schemas.Request
	// Template is the request as written, placeholders kept: what the
	// library and the kept draft store. It is Request when nothing was expanded.
	Template *schemas.Request
	// Inputs are the typed values that did not convert (*InputError); they
	// are written as typed, so Findings report each of them too. They are
	// not counted apart.
	Inputs []error
	// Options are the validation options the findings were judged with,
	// including the target's strictness.
	Options schemas.ValidateOptions
	// Findings are schemas.Validate(Request, Now, Options).
	Findings []schemas.Finding
	// Errors and Warnings count Findings by severity.
	Errors, Warnings int
	// Expiry is the state of expiryTime, with its one text.
	Expiry Expiry
	// Times holds, by path from the root, what each time input parsed to
	// (timestamp, expiryTime and the payload's date-times that have text).
	Times map[string]TimeEcho
	// Locales are the request's locales in localizedAttributes order, or its
	// default locale when there are none: what the preview cycles through.
	Locales []string
	// Grid says which locale of the editor lacks which localized key.
	Grid Grid
}

// TimeEcho says what a typed time parsed to: Text is "Sun Nov 22 14:00 UTC
// (now)" when Err is nil.
type TimeEcho struct {
	Time time.Time
	Text string
	Err  error
}

// Grid is the locale editor's table: the keys the editor writes and, per
// locale, the keys it has no value for.
type Grid struct {
	Keys    []string
	Locales []string
	Missing map[string][]string // locale → keys without a value
}

// Has reports whether locale has a value for key.
func (g Grid) Has(locale, key string) bool { return !slices.Contains(g.Missing[locale], key) }

// Derive computes what the screen shows about d at now, judging the request
// with opts (the caller passes the target's options: send.ValidationFor).
// now is cut to whole seconds first.
func Derive(d *Draft, now time.Time, opts schemas.ValidateOptions) Derived {
	return DeriveExpanded(d, now, opts, nil)
}

// grid is the locale editor's table of d.
func (d *Draft) grid() Grid {
	g := Grid{Keys: d.LocalizedKeys(), Locales: slices.Clone(d.Locales), Missing: map[string][]string{}}
	for _, loc := range d.Locales {
		g.Missing[loc] = d.MissingKeys(loc)
	}
	return g
}

// Count counts findings by severity (hints are not counted).
func Count(fs []schemas.Finding) (errors, warnings int) {
	for _, f := range fs {
		switch f.Severity {
		case schemas.SeverityError:
			errors++
		case schemas.SeverityWarning:
			warnings++
		}
	}
	return errors, warnings
}

// Summary is the findings count as the status line and the dialogs write it:
// "2 errors, 1 warning", or "no findings".
func (dv Derived) Summary() string { return Summary(dv.Errors, dv.Warnings) }

// Summary writes a findings count: "2 errors, 1 warning", or "no findings".
func Summary(errors, warnings int) string {
	plural := func(n int, word string) string {
		if n == 1 {
			return "1 " + word
		}
		return fmt.Sprintf("%d %ss", n, word)
	}
	var parts []string
	if errors > 0 {
		parts = append(parts, plural(errors, "error"))
	}
	if warnings > 0 {
		parts = append(parts, plural(warnings, "warning"))
	}
	if len(parts) == 0 {
		return "no findings"
	}
	return strings.Join(parts, ", ")
}

// Mode names how strictly opts judge a body: "strict" (every ⚑ warning is
// an error) or "standard". The status line and `pe-tui validate` both print it.
func Mode(opts schemas.ValidateOptions) string {
	if opts.Strict {
		return "strict"
	}
	return "standard"
}

// timeBase is the instant the relative time at path counts from: the
// moment a relative expiry was typed (ExpiryFrom), else now.
func (d *Draft) timeBase(path string, now time.Time) time.Time {
	if path == schemas.FieldExpiryTime && !d.ExpiryFrom.IsZero() {
		return d.ExpiryFrom.In(now.Location())
	}
	return now
}

// timeEchoes parses every time input of the draft the way Request does.
// Text with placeholders is expanded with x first (when x is not nil).
func (d *Draft) timeEchoes(now time.Time, x *template.Expander) map[string]TimeEcho {
	out := map[string]TimeEcho{}
	add := func(path, text, blank string) {
		if strings.TrimSpace(text) == "" {
			text = blank
		}
		if x != nil && strings.Contains(text, template.Open) {
			text, _ = x.String(text)
		}
		if text == "" {
			return
		}
		t, err := ParseWhen(text, d.timeBase(path, now), now.Location())
		if err != nil {
			out[path] = TimeEcho{Err: err}
			return
		}
		out[path] = TimeEcho{Time: t, Text: Describe(t, now)}
	}
	add(schemas.FieldTimestamp, d.Timestamp, "now")
	add(schemas.FieldExpiryTime, d.Expiry, DefaultExpiry)
	if d.Schema != nil {
		for i := range d.Schema.Fields {
			f := &d.Schema.Fields[i]
			if f.Type != schemas.TypeDateTime || !d.Visible(f.Path) {
				continue
			}
			if v, ok := d.Text(f.Path); ok && v != "" {
				add(PayloadPrefix+f.Path, v, "")
			}
		}
	}
	return out
}

// RequestLocales lists the locales of r's localizedAttributes in order, or
// r's default locale when there are none.
func RequestLocales(r *schemas.Request) []string {
	var out []string
	entries, _ := r.Get(schemas.FieldLocalizedAttributes).([]any)
	for _, e := range entries {
		if mm, ok := e.(map[string]any); ok {
			if l, ok := mm["locale"].(string); ok && l != "" && !slices.Contains(out, l) {
				out = append(out, l)
			}
		}
	}
	if len(out) == 0 {
		out = []string{schemas.DefaultLocale(r)}
	}
	return out
}
