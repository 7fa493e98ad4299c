package draft

import (
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/template"
)

// CodeTemplateValue is the code of the hint under a field that holds a
// placeholder: what the placeholder expands to now.
const CodeTemplateValue = "TEMPLATE_VALUE"

// DeriveExpanded is Derive for a draft whose string values may hold
// placeholders ({{now}}, {{ref}}, {{user:LABEL}}, …): x expands them before
// validation, so the findings, the expiry and the preview are about the
// body as it would be sent. Derived.Template keeps the request as written.
// Each placeholder gets a hint with its value under its field, and one that
// cannot be expanded is an error naming it. A nil x is Derive.
func DeriveExpanded(d *Draft, now time.Time, opts schemas.ValidateOptions, x *template.Expander) Derived {
	now = now.Truncate(time.Second)
	req, inputs := d.Request(now)
	dv := Derived{Now: now, Template: req}
	var extra []schemas.Finding
	if x != nil && d.HasPlaceholder() {
		exp := req.Clone()
		exp.Root = expandTree(x, exp.Root, &extra)
		req = exp
		inputs = withoutPlaceholders(inputs)
	}
	fs := append(schemas.Validate(req, now, opts), extra...)
	dv.Request, dv.Inputs, dv.Options, dv.Findings = req, inputs, opts, fs
	dv.Errors, dv.Warnings = Count(fs)
	dv.Expiry = expiryOf(req, fs, now)
	dv.Times = d.timeEchoes(now, x)
	dv.Locales = RequestLocales(req)
	dv.Grid = d.grid()
	return dv
}

// expandTree expands the placeholders of every string in v (a decoded JSON
// tree), adding a hint per expanded placeholder and an error per one that
// cannot be, at the string's path.
func expandTree(x *template.Expander, v any, fs *[]schemas.Finding) any {
	return x.Walk(v, "", func(path string, exps []template.Expansion) {
		for _, e := range exps {
			switch {
			case e.Err != "":
				*fs = append(*fs, schemas.Finding{Code: template.FindingCode, Severity: schemas.SeverityError, Path: path,
					Message: e.Placeholder + ": " + e.Err})
			case path == schemas.FieldTimestamp || path == schemas.FieldExpiryTime:
				// The form echoes these times already.
			default:
				*fs = append(*fs, schemas.Finding{Code: CodeTemplateValue, Severity: schemas.SeverityInfo, Path: path,
					Message: e.Placeholder + " → " + e.Value})
			}
		}
	})
}

// withoutPlaceholders drops the input errors of text that holds a
// placeholder: its expanded value is what is judged.
func withoutPlaceholders(errs []error) []error {
	var out []error
	for _, err := range errs {
		if ie, ok := err.(*InputError); ok && strings.Contains(ie.Text, template.Open) {
			continue
		}
		out = append(out, err)
	}
	return out
}

// Unfilled counts the placeholders of the draft that nothing can expand
// (template.FindingCode errors): the ones the user still has to fill in.
func (dv Derived) Unfilled() int {
	n := 0
	for _, f := range dv.Findings {
		if f.Code == template.FindingCode {
			n++
		}
	}
	return n
}

// SendFindings are the findings a send of the draft is decided on and
// records: Findings without the CodeTemplateValue hints, which say what
// each placeholder stands for in the preview (a send expands its
// placeholders afresh, with a {{ref}} of its own). Its errors and warnings
// are Findings' own, so they count as Errors and Warnings.
func (dv Derived) SendFindings() []schemas.Finding {
	var out []schemas.Finding
	for _, f := range dv.Findings {
		if f.Code != CodeTemplateValue {
			out = append(out, f)
		}
	}
	return out
}
