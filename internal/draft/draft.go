package draft

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Draft is what the form edits: every value as text, exactly as typed, plus
// the switches that decide which optional parts are written. It imports no
// terminal package; Request turns it into the wire JSON and FromRequest fills
// it from a loaded body.
//
// Text semantics: a key present in Values means the field is written (even
// with empty text); a missing key means the field is left out. The form deletes
// the key when the user clears a field.
type Draft struct {
	Schema *schemas.Schema // the event schema; never nil in drafts built by this package

	Timestamp   string // as typed: "now", "-5m", an ISO time; "" means now
	ReferenceID string // as typed
	Expiry      string // as typed: "+23h", "tomorrow 9:00", an ISO time; "" means +23h
	// ExpiryFrom is the instant a relative Expiry counts from (when it was
	// typed), so that "+5m" counts down like an absolute time; zero: from
	// the moment of deriving (or sending).
	ExpiryFrom   time.Time
	AudienceType string // schemas.AudienceMulticast or schemas.AudienceUnicast ("" means Multicast)
	UserID       string // the Unicast user id

	// Values holds payload leaf fields by payload-relative path: the enum value,
	// a comma list ("GLASS, BOTTLES") for enum[], integer text, time text
	// (ISO or relative) or plain text. Localizable fields keep their text in
	// Localized instead, unless Inline marks them.
	Values map[string]string
	// Present says which optional objects (update, deliveryDetails, broker,
	// provider) are switched on; required objects are written when they hold a
	// field or are marked here. For a localizable field kept in Localized it
	// says whether the field is written at all.
	Present map[string]bool

	Locales       []string                     // the locales of the locale editor, in order; the first is the primary one
	Localized     map[string]map[string]string // locale → attribute key → text
	UseReferences bool                         // write localizedattribute:KEY references even with a single locale
	// AttrKeys holds, by payload path, the attribute key of a localizable
	// field when it is not the catalog's conventional key (kept from a loaded file).
	AttrKeys map[string]string
	// Inline marks localizable fields that are written inline (from Values)
	// although references are in use: a loaded file mixed both.
	Inline map[string]bool
	// Shown marks fields kept visible and written although their AppliesWhen
	// condition rules them out: a loaded file had them.
	Shown map[string]bool

	Extra Extra // what a loaded file had beyond what the form edits
}

// Extra keeps the parts of a loaded body the form does not edit, so that
// Request writes them back and a loaded file round-trips.
type Extra struct {
	// Tree is the loaded body with every value the draft manages removed:
	// unknown fields and misplaced spellings stay here. nil for new drafts.
	Tree *schemas.Request
	// Raw holds loaded values of another JSON type than the form writes (a
	// number in a text field, a string in an integer field, a non-ISO time),
	// by path from the root. Request writes the raw value back for as long as
	// the field's text is unchanged.
	Raw map[string]any
	// Entries holds localizedAttributes elements the locale editor cannot hold
	// (not an object, no string locale, a repeated locale). Request writes
	// them back at their loaded positions among the editor's entries.
	Entries []ExtraEntry
	// Keys lists loaded attribute keys whose field is not in the event (an
	// unused key of a loaded file); they are written although no field refers to them.
	Keys []string
}

// ExtraEntry is a localizedAttributes element kept as loaded.
type ExtraEntry struct {
	At    int // its index in the loaded array
	Value any // the element
}

// UserOption is a saved Unicast user id offered by the audience section.
type UserOption struct {
	ID    string // amzn1.ask.account.…
	Label string // what the person calls it, e.g. "my Echo Dot"
}

// NewDraft returns a draft of schema s filled with the catalog's sample
// values, so that the preview speaks at once: a new reference id, timestamp
// "now", expiry 23 hours after now as an absolute time (so that the expiry
// window counts down while the form is open), Multicast, en-US only. Relative sample times such as
// "+72h" are resolved against now (in now's location) and written as ISO
// times. Optional objects start switched off unless their condition holds
// (OrderStatus deliveryDetails for a shipped order). A nil s means the first
// catalog schema.
func NewDraft(s *schemas.Schema, now time.Time) *Draft {
	if s == nil {
		s = &schemas.All()[0]
	}
	d := &Draft{
		Schema:       s,
		Timestamp:    "now",
		ReferenceID:  schemas.NewReferenceID(),
		Expiry:       schemas.FormatTime(now.Add(DefaultExpiryAfter)),
		AudienceType: schemas.AudienceMulticast,
		Values:       map[string]string{},
		Present:      map[string]bool{},
		Locales:      []string{schemas.EnUSOnlyLocale},
		Localized:    map[string]map[string]string{schemas.EnUSOnlyLocale: {}},
	}
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Type == schemas.TypeObject {
			d.Present[f.Path] = f.Req != schemas.Optional
			continue
		}
		d.fillExample(f, now)
	}
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Type == schemas.TypeObject && f.Req == schemas.Optional && f.AppliesWhen != nil && d.Applies(f) {
			d.Present[f.Path] = true
		}
	}
	return d
}

// fillExample sets a field's sample value when it has none.
func (d *Draft) fillExample(f *schemas.Field, now time.Time) {
	if f.Example == "" {
		return
	}
	if _, ok := d.Text(f.Path); ok {
		return
	}
	if d.InEditor(f) {
		if _, ok := d.Localized[d.PrimaryLocale()][d.KeyFor(f)]; ok {
			d.Present[f.Path] = true
			return
		}
	}
	v := f.Example
	if f.Type == schemas.TypeDateTime {
		if t, err := ParseWhen(v, now, now.Location()); err == nil {
			v = schemas.FormatTime(t)
		}
	}
	d.SetText(f.Path, v)
}

// Clone returns a deep copy of the draft (the schema is shared).
func (d *Draft) Clone() *Draft {
	c := *d
	c.Values = maps.Clone(d.Values)
	c.Present = maps.Clone(d.Present)
	c.Locales = slices.Clone(d.Locales)
	c.Localized = make(map[string]map[string]string, len(d.Localized))
	for k, v := range d.Localized {
		c.Localized[k] = maps.Clone(v)
	}
	c.AttrKeys = maps.Clone(d.AttrKeys)
	c.Inline = maps.Clone(d.Inline)
	c.Shown = maps.Clone(d.Shown)
	c.Extra.Tree = d.Extra.Tree.Clone()
	c.Extra.Raw = maps.Clone(d.Extra.Raw)
	c.Extra.Entries = slices.Clone(d.Extra.Entries)
	c.Extra.Keys = slices.Clone(d.Extra.Keys)
	return &c
}

// field returns the schema's field at a payload path, or nil.
func (d *Draft) field(path string) *schemas.Field {
	if d.Schema == nil {
		return nil
	}
	return d.Schema.Field(path)
}

// Applies reports whether f is meaningful for the current enum values (its
// AppliesWhen holds) or is kept visible because a loaded file had it.
func (d *Draft) Applies(f *schemas.Field) bool {
	if f.AppliesWhen == nil || d.Shown[f.Path] {
		return true
	}
	return slices.Contains(f.AppliesWhen.Values, d.Values[f.AppliesWhen.Path])
}

// Visible reports whether the field at path is part of the event as it
// stands: it applies and every optional object above it is switched on.
func (d *Draft) Visible(path string) bool {
	f := d.field(path)
	if f == nil || !d.Applies(f) {
		return false
	}
	for p := f.Parent(); p != ""; {
		pf := d.field(p)
		if pf == nil {
			break
		}
		if !d.Applies(pf) || (pf.Req == schemas.Optional && !d.Present[pf.Path]) {
			return false
		}
		p = pf.Parent()
	}
	return true
}

// RefMode reports whether localizable values are written as
// localizedattribute:KEY references: with two or more locales, or when the
// user asked for references.
func (d *Draft) RefMode() bool { return d.UseReferences || len(d.Locales) > 1 }

// KeyFor returns the localized-attribute key of a localizable field.
func (d *Draft) KeyFor(f *schemas.Field) string {
	if k, ok := d.AttrKeys[f.Path]; ok {
		return k
	}
	if f.LocalizedKey != "" {
		return f.LocalizedKey
	}
	return f.Name()
}

// PrimaryLocale is the first locale of the editor, or en-US when there is none.
func (d *Draft) PrimaryLocale() string {
	if len(d.Locales) > 0 {
		return d.Locales[0]
	}
	return schemas.EnUSOnlyLocale
}

// InEditor reports whether a field's text lives in the locale editor.
func (d *Draft) InEditor(f *schemas.Field) bool {
	return f.Localizable && f.Type == schemas.TypeString && !d.Inline[f.Path]
}

// Text returns the text of a payload leaf field and whether the field is
// present. A localizable field answers with its primary-locale value.
func (d *Draft) Text(path string) (string, bool) {
	if f := d.field(path); f != nil && d.InEditor(f) {
		return d.Localized[d.PrimaryLocale()][d.KeyFor(f)], d.Present[path]
	}
	v, ok := d.Values[path]
	return v, ok
}

// SetText sets the text of a payload leaf field; empty text removes the
// field. A localizable field stores its primary-locale value (see SetLocalized).
func (d *Draft) SetText(path, text string) {
	if f := d.field(path); f != nil && d.InEditor(f) {
		d.SetLocalized(d.PrimaryLocale(), d.KeyFor(f), text)
		return
	}
	if d.Values == nil {
		d.Values = map[string]string{}
	}
	if text == "" {
		delete(d.Values, path)
		return
	}
	d.Values[path] = text
}

// SetPresent switches an optional object on or off. Switching on fills the
// fields below it that have no value with the catalog's sample values.
func (d *Draft) SetPresent(path string, on bool, now time.Time) {
	if d.Present == nil {
		d.Present = map[string]bool{}
	}
	d.Present[path] = on
	if !on || d.Schema == nil {
		return
	}
	for i := range d.Schema.Fields {
		f := &d.Schema.Fields[i]
		if strings.HasPrefix(f.Path, path+".") && f.Type != schemas.TypeObject {
			d.fillExample(f, now)
		}
	}
}

// List returns the items of an enum[] field.
func (d *Draft) List(path string) []string { return splitList(d.Values[path]) }

// SetList stores the items of an enum[] field.
func (d *Draft) SetList(path string, items []string) {
	if d.Values == nil {
		d.Values = map[string]string{}
	}
	d.Values[path] = strings.Join(items, ", ")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
