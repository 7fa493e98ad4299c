package formpane

import (
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// rowKind says how a row is edited.
type rowKind int

const (
	kindHeader    rowKind = iota // section title; not focusable
	kindNote                     // lines of text (the missing-key grid); not focusable
	kindText                     // a text input that takes typing while focused
	kindEnum                     // one value of a list: ←/→ cycle, enter opens the picker
	kindMulti                    // several values (garbage types): enter opens a checklist
	kindSwitch                   // on or off: space or enter
	kindLocale                   // a locale of the editor: x removes it
	kindAddLocale                // enter opens the list of locales to add
)

func (k rowKind) focusable() bool { return k != kindHeader && k != kindNote }

// target says which part of the draft a row edits.
type target int

const (
	tNone target = iota
	tTimestamp
	tReference
	tExpiry
	tAudience
	tUser
	tPayload    // a payload field (row.field)
	tCell       // one locale's value of one key
	tReferences // the references toggle
	tLocale     // a locale (row.locale)
	tAddLocale
)

// row is one line (or block) of the form.
type row struct {
	id     string
	kind   rowKind
	target target
	label  string
	field  *schemas.Field // tPayload
	locale string         // tCell, tLocale
	key    string         // tCell
	indent int
}

// Row ids that findings and tests refer to.
const (
	idEnvelope  = "hdr.envelope"
	idPayload   = "hdr.payload"
	idLocales   = "hdr.locales"
	idTimestamp = "env.timestamp"
	idReference = "env.ref"
	idExpiry    = "env.expiry"
	idAudience  = "env.audience"
	idUser      = "env.user"
	idRefs      = "loc.refs"
	idAddLocale = "loc.add"
	idGrid      = "loc.grid"
)

func payloadID(path string) string          { return "pl." + path }
func localeID(locale string) string         { return "loc." + locale }
func cellID(locale, key string) string      { return "cell." + locale + "." + key }
func audienceOptions() []string             { return []string{schemas.AudienceMulticast, schemas.AudienceUnicast} }
func isUnicast(d *draft.Draft) bool         { return d.AudienceType == schemas.AudienceUnicast }
func hasLocalizable(s *schemas.Schema) bool { return len(s.LocalizableFields()) > 0 }

// buildRows lays out the form for the draft as it stands: the envelope, the
// visible payload fields in catalog order, and the locale editor.
func buildRows(d *draft.Draft) []row {
	rows := []row{
		{id: idEnvelope, kind: kindHeader, label: "Envelope"},
		{id: idTimestamp, kind: kindText, target: tTimestamp, label: "Timestamp"},
		{id: idReference, kind: kindText, target: tReference, label: "Reference ID"},
		{id: idExpiry, kind: kindText, target: tExpiry, label: "Expiry"},
		{id: idAudience, kind: kindEnum, target: tAudience, label: "Audience"},
	}
	if isUnicast(d) {
		rows = append(rows, row{id: idUser, kind: kindText, target: tUser, label: "User ID", indent: 1})
	}
	if d.Schema == nil {
		return rows
	}
	rows = append(rows, row{id: idPayload, kind: kindHeader, label: "Payload · " + d.Schema.Name})
	for i := range d.Schema.Fields {
		f := &d.Schema.Fields[i]
		if !d.Visible(f.Path) {
			continue
		}
		r := row{id: payloadID(f.Path), target: tPayload, field: f, label: f.Label, indent: optionalDepth(d, f)}
		switch f.Type {
		case schemas.TypeObject:
			if f.Req != schemas.Optional {
				continue
			}
			r.kind = kindSwitch
		case schemas.TypeEnum:
			r.kind = kindEnum
		case schemas.TypeEnumList:
			r.kind = kindMulti
		default:
			r.kind = kindText
		}
		rows = append(rows, r)
	}
	return append(rows, localeRows(d)...)
}

// optionalDepth counts the optional objects above a field, for indentation.
func optionalDepth(d *draft.Draft, f *schemas.Field) int {
	n := 0
	for p := f.Parent(); p != ""; {
		pf := d.Schema.Field(p)
		if pf == nil {
			break
		}
		if pf.Req == schemas.Optional {
			n++
		}
		p = pf.Parent()
	}
	return n
}

// localeRows lays out the locale editor: the references toggle, each locale
// with a row per key, the add row and the missing-key grid.
func localeRows(d *draft.Draft) []row {
	rows := []row{{id: idLocales, kind: kindHeader, label: "Locales"}}
	keys := d.LocalizedKeys()
	if !hasLocalizable(d.Schema) && len(keys) == 0 && len(d.Locales) <= 1 && len(d.Extra.Entries) == 0 {
		return append(rows, row{id: idGrid, kind: kindNote})
	}
	rows = append(rows, row{id: idRefs, kind: kindSwitch, target: tReferences, label: "References"})
	for _, loc := range d.Locales {
		rows = append(rows, row{id: localeID(loc), kind: kindLocale, target: tLocale, label: loc, locale: loc})
		for _, k := range keys {
			rows = append(rows, row{id: cellID(loc, k), kind: kindText, target: tCell, label: k, locale: loc, key: k, indent: 1})
		}
	}
	rows = append(rows,
		row{id: idAddLocale, kind: kindAddLocale, target: tAddLocale, label: "Add locale"},
		row{id: idGrid, kind: kindNote})
	return rows
}
