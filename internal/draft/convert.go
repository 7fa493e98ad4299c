package draft

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// InputError says that a typed value could not be converted to the JSON type
// its field needs. Request then writes the text as a JSON string, so nothing
// typed is lost and validation reports the field.
type InputError struct {
	Path   string // path from the root, e.g. "expiryTime" or "event.payload.messageGroup.count"
	Text   string // what was typed
	Reason string // what is wrong and what to type instead
}

func (e *InputError) Error() string { return e.Path + ": " + e.Reason }

// PayloadPrefix is the path from the root to the payload's fields.
const PayloadPrefix = "event.payload."

// Request builds the wire request from the draft at time now: relative times
// are resolved against now in now's location and written as RFC 3339 UTC
// times; an empty timestamp is now and an empty expiry is +23h; ISO times are
// written exactly as typed. Values that do not convert (letters in an integer
// field, an unreadable time) are written as strings and reported as
// *InputError, so validation flags them. Localizable values are references
// with a localizedAttributes entry per locale when RefMode holds, else inline
// with "localizedAttributes": []. Anything a loaded file had beyond the form
// (Extra) is written back in place.
func (d *Draft) Request(now time.Time) (*schemas.Request, []error) {
	b := builder{d: d, now: now, out: d.Extra.Tree.Clone()}
	if b.out == nil || b.out.Object() == nil {
		b.out = &schemas.Request{Root: map[string]any{}}
	}
	b.envelope()
	if d.Schema == nil {
		b.errs = append(b.errs, errors.New("the draft has no schema: pick one of the 8 event schemas"))
		return b.out, b.errs
	}
	b.out.Set("event.name", d.Schema.Name)
	if _, ok := schemas.Walk(b.out.Root, "event.payload"); !ok {
		b.out.Set("event.payload", map[string]any{})
	}
	b.payload()
	b.localizedAttributes()
	return b.out, b.errs
}

type builder struct {
	d    *Draft
	now  time.Time
	out  *schemas.Request
	errs []error
}

// raw returns the loaded value at path when the text still matches it.
func (b *builder) raw(path, text string) (any, bool) {
	v, ok := b.d.Extra.Raw[path]
	if !ok || textOf(v) != text {
		return nil, false
	}
	return v, true
}

func (b *builder) envelope() {
	d := b.d
	b.out.Set(schemas.FieldTimestamp, b.timeValue(schemas.FieldTimestamp, d.Timestamp, "now"))
	if v, ok := b.raw(schemas.FieldReferenceID, d.ReferenceID); ok {
		b.out.Set(schemas.FieldReferenceID, v)
	} else {
		b.out.Set(schemas.FieldReferenceID, d.ReferenceID)
	}
	b.out.Set(schemas.FieldExpiryTime, b.timeValue(schemas.FieldExpiryTime, d.Expiry, DefaultExpiry))

	aud := d.AudienceType
	if aud == "" {
		aud = schemas.AudienceMulticast
	}
	if v, ok := b.raw("relevantAudience.type", d.AudienceType); ok {
		b.out.Set("relevantAudience.type", v)
	} else {
		b.out.Set("relevantAudience.type", aud)
	}
	if _, ok := schemas.Walk(b.out.Root, "relevantAudience.payload"); !ok {
		b.out.Set("relevantAudience.payload", map[string]any{})
	}
	if aud == schemas.AudienceUnicast && d.UserID != "" {
		if v, ok := b.raw("relevantAudience.payload.user", d.UserID); ok {
			b.out.Set("relevantAudience.payload.user", v)
		} else {
			b.out.Set("relevantAudience.payload.user", d.UserID)
		}
	}
}

// timeValue converts time text: the raw loaded value while unchanged, ISO
// text as typed, other forms resolved against now, unreadable text as is.
func (b *builder) timeValue(path, text, blank string) any {
	if v, ok := b.raw(path, text); ok {
		return v
	}
	if strings.TrimSpace(text) == "" {
		if blank == "" {
			return text
		}
		text = blank
	}
	if _, err := schemas.ParseTime(text); err == nil {
		return text
	}
	t, err := ParseWhen(text, b.d.timeBase(path, b.now), b.now.Location())
	if err != nil {
		b.errs = append(b.errs, &InputError{Path: path, Text: text, Reason: err.Error()})
		return text
	}
	return schemas.FormatTime(t)
}

// written reports whether a payload field is part of the event: it is visible
// and, for a leaf, has a value.
func (d *Draft) written(f *schemas.Field) bool {
	if !d.Visible(f.Path) {
		return false
	}
	switch {
	case f.Type == schemas.TypeObject:
		return true
	case d.InEditor(f):
		return d.Present[f.Path]
	}
	_, ok := d.Values[f.Path]
	return ok
}

func (b *builder) payload() {
	d := b.d
	for i := range d.Schema.Fields {
		f := &d.Schema.Fields[i]
		full := PayloadPrefix + f.Path
		if f.Type == schemas.TypeObject {
			cur, exists := schemas.Walk(b.out.Root, full)
			_, isMap := cur.(map[string]any)
			switch {
			case !d.Visible(f.Path) || (f.Req == schemas.Optional && !d.Present[f.Path]):
				if isMap {
					b.out.Delete(full)
				}
			case d.Present[f.Path] && !isMap:
				// Replace a non-object only when the user switched the object on.
				if !exists || f.Req == schemas.Optional {
					b.out.Set(full, map[string]any{})
				}
			}
			continue
		}
		if !d.written(f) {
			continue
		}
		if d.InEditor(f) {
			if d.RefMode() {
				b.setLeaf(full, schemas.LocalizedAttributePrefix+d.KeyFor(f))
				continue
			}
			text := d.Localized[d.PrimaryLocale()][d.KeyFor(f)]
			if v, ok := b.raw(full, text); ok {
				b.setLeaf(full, v)
			} else {
				b.setLeaf(full, text)
			}
			continue
		}
		b.setLeaf(full, b.leafValue(f, full, d.Values[f.Path]))
	}
}

// setLeaf stores a leaf value unless an ancestor in the output is a non-object
// kept from a loaded file (then the value cannot be placed and is reported).
func (b *builder) setLeaf(full string, v any) {
	parts := strings.Split(full, ".")
	cur := b.out.Root
	for _, p := range parts[:len(parts)-1] {
		m, ok := cur.(map[string]any)
		if !ok {
			b.errs = append(b.errs, &InputError{Path: full, Text: textOf(v),
				Reason: "its parent is not a JSON object in the loaded file; switch the parent off and on to replace it"})
			return
		}
		if cur, ok = m[p]; !ok {
			break
		}
	}
	b.out.Set(full, v)
}

// leafValue converts a payload field's text to its JSON value.
func (b *builder) leafValue(f *schemas.Field, full, text string) any {
	if v, ok := b.raw(full, text); ok {
		return v
	}
	switch f.Type {
	case schemas.TypeInt:
		if n, ok := integerText(text); ok {
			return json.Number(n)
		}
		b.errs = append(b.errs, &InputError{Path: full, Text: text, Reason: fmt.Sprintf("%q %s", text, schemas.WholeNumberProblem(text))})
		return text
	case schemas.TypeDateTime:
		return b.timeValue(full, text, "")
	case schemas.TypeEnumList:
		items := splitList(text)
		out := make([]any, len(items))
		for i, s := range items {
			out[i] = s
		}
		return out
	}
	return text
}

// integerText returns the canonical JSON form of an integer typed as text.
func integerText(text string) (string, bool) {
	s := strings.TrimSpace(text)
	neg := strings.HasPrefix(s, "-")
	digits := strings.TrimPrefix(s, "-")
	if digits == "" || strings.TrimLeft(digits, "0123456789") != "" {
		return "", false
	}
	digits = strings.TrimLeft(digits, "0")
	if digits == "" {
		return "0", true
	}
	if neg {
		return "-" + digits, true
	}
	return digits, true
}

func (b *builder) localizedAttributes() {
	d := b.d
	var list []any
	layout := d.EntryLocales()
	if len(layout) == 0 {
		if v, ok := d.Extra.Raw[schemas.FieldLocalizedAttributes]; ok {
			b.out.Set(schemas.FieldLocalizedAttributes, v)
			return
		}
	}
	keys := d.LocalizedKeys()
	extra := 0
	for _, loc := range layout {
		if loc == "" {
			if extra < len(d.Extra.Entries) {
				list = append(list, d.Extra.Entries[extra].Value)
			}
			extra++
			continue
		}
		e := map[string]any{"locale": loc}
		for _, k := range keys {
			text, ok := d.Localized[loc][k]
			if !ok {
				continue
			}
			if v, ok := b.raw(entryPath(loc, k), text); ok {
				e[k] = v
			} else {
				e[k] = text
			}
		}
		list = append(list, e)
	}
	if list == nil {
		list = []any{}
	}
	b.out.Set(schemas.FieldLocalizedAttributes, list)
}

// EntryLocales returns, for each element of the localizedAttributes array
// that Request writes, its locale, or "" for an element kept as loaded
// (Extra.Entries) or for an empty locale. It maps a finding's
// localizedAttributes[i] to a locale.
func (d *Draft) EntryLocales() []string {
	var locs []string
	if d.RefMode() {
		for _, l := range d.Locales {
			if l != "" {
				locs = append(locs, l)
			}
		}
	}
	for _, e := range d.Extra.Entries {
		at := min(max(e.At, 0), len(locs))
		locs = slices.Insert(locs, at, "")
	}
	return locs
}

// entryPath names a localized value in Extra.Raw.
func entryPath(locale, key string) string {
	return "localizedAttributes[" + locale + "]." + key
}

// textOf writes a loaded JSON value as the text the form shows.
func textOf(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	case nil:
		return "null"
	case []any:
		items := make([]string, 0, len(t))
		for _, x := range t {
			s, ok := x.(string)
			if !ok {
				return compactJSON(v)
			}
			items = append(items, s)
		}
		return strings.Join(items, ", ")
	}
	return compactJSON(v)
}

func compactJSON(v any) string {
	return string((&schemas.Request{Root: v}).EncodeCompact())
}

// FromRequest fills a draft from a request of one of the 8 schemas, so that
// a loaded or edited JSON body can be edited in the form. Every value goes
// into the draft as text; values of an unexpected JSON type, unknown fields,
// misplaced spellings and localizedAttributes elements the editor cannot hold
// are kept in Extra and written back unchanged by Request. Payload values that
// are localizedattribute:KEY references put the draft in reference mode with
// the locales of localizedAttributes; inline values are kept inline. The error
// says why a body cannot be loaded (not an object, unknown event name).
//
// Known normalisations: a missing timestamp, expiryTime or audience type
// becomes the default (now, +23h, Multicast), and a missing localizedAttributes
// or audience payload is written as [] or {} (spec §9 V9).
func FromRequest(r *schemas.Request) (*Draft, error) {
	if r.Object() == nil {
		return nil, errors.New("the body is not a JSON object: a proactive event is an object with timestamp, referenceId, expiryTime, event, localizedAttributes and relevantAudience")
	}
	s := r.Schema()
	if s == nil {
		name, isString := r.Get("event.name").(string)
		if !isString {
			return nil, errors.New("event.name is missing or not a string: set it to one of the 8 schema names, e.g. AMAZON.WeatherAlert.Activated")
		}
		return nil, fmt.Errorf("event.name %q is not one of the 8 schemas (names are case-sensitive): use one of %s", name, strings.Join(schemas.Names(), ", "))
	}
	l := loader{
		d: &Draft{
			Schema:    s,
			Values:    map[string]string{},
			Present:   map[string]bool{},
			Localized: map[string]map[string]string{},
			Extra:     Extra{Tree: r.Clone(), Raw: map[string]any{}},
		},
		orig: r,
	}
	l.envelope()
	l.entries()
	l.payload()
	l.prune()
	return l.d, nil
}

type loader struct {
	d    *Draft
	orig *schemas.Request
}

// take removes the value at a root path from the Extra tree and returns its
// text; a value of another JSON type than natural(text) would produce is
// remembered in Raw.
func (l *loader) take(path string, natural func(string) any) (string, bool) {
	v, ok := schemas.Walk(l.orig.Root, path)
	if !ok {
		return "", false
	}
	l.d.Extra.Tree.Delete(path)
	text := textOf(v)
	if !reflect.DeepEqual(natural(text), v) {
		l.d.Extra.Raw[path] = v
	}
	return text, true
}

func asString(s string) any { return s }

// resolved stands for a time Request computes (from relative text): it never
// equals a loaded value, so such a value is kept in Raw.
type resolved struct{}

// asTime is what Request writes for time text: ISO text as typed, else a resolved time.
func asTime(s string) any {
	if _, err := schemas.ParseTime(s); err == nil {
		return s
	}
	return resolved{}
}

func (l *loader) envelope() {
	d := l.d
	d.Timestamp, _ = l.take(schemas.FieldTimestamp, asTime)
	d.ReferenceID, _ = l.take(schemas.FieldReferenceID, asString)
	d.Expiry, _ = l.take(schemas.FieldExpiryTime, asTime)
	l.d.Extra.Tree.Delete("event.name")
	if t, ok := l.take("relevantAudience.type", asString); ok {
		d.AudienceType = t
	} else {
		d.AudienceType = schemas.AudienceMulticast
	}
	if d.AudienceType == schemas.AudienceUnicast {
		d.UserID, _ = l.take("relevantAudience.payload.user", asString)
	}
}

// entries reads localizedAttributes into Locales and Localized.
func (l *loader) entries() {
	d := l.d
	v, ok := schemas.Walk(l.orig.Root, schemas.FieldLocalizedAttributes)
	if !ok {
		return
	}
	d.Extra.Tree.Delete(schemas.FieldLocalizedAttributes)
	list, isList := v.([]any)
	if !isList {
		d.Extra.Raw[schemas.FieldLocalizedAttributes] = v
		return
	}
	for i, el := range list {
		m, isMap := el.(map[string]any)
		loc, isString := m["locale"].(string)
		if !isMap || !isString || loc == "" || slices.Contains(d.Locales, loc) {
			d.Extra.Entries = append(d.Extra.Entries, ExtraEntry{At: i, Value: el})
			continue
		}
		d.Locales = append(d.Locales, loc)
		vals := map[string]string{}
		for k, x := range m {
			if k == "locale" {
				continue
			}
			vals[k] = textOf(x)
			if _, isString := x.(string); !isString {
				d.Extra.Raw[entryPath(loc, k)] = x
			}
		}
		d.Localized[loc] = vals
	}
	if len(list) > 0 {
		d.UseReferences = true
	}
}

func (l *loader) payload() {
	d := l.d
	s := d.Schema
	// Enum values first, so that AppliesWhen can be judged while loading.
	for i := range s.Fields {
		f := &s.Fields[i]
		if f.Type == schemas.TypeEnum {
			if text, ok := l.leafText(f); ok {
				d.Values[f.Path] = text
			}
		}
	}
	var inline []*schemas.Field
	for i := range s.Fields {
		f := &s.Fields[i]
		full := PayloadPrefix + f.Path
		v, exists := schemas.Walk(l.orig.Root, full)
		if !exists {
			continue
		}
		if !d.Applies(f) {
			d.Shown = setFlag(d.Shown, f.Path)
		}
		switch {
		case f.Type == schemas.TypeObject:
			_, isMap := v.(map[string]any)
			d.Present[f.Path] = isMap
		case f.Type == schemas.TypeEnum:
		case f.Localizable && f.Type == schemas.TypeString:
			if str, isString := v.(string); isString && isReference(str) {
				d.Extra.Tree.Delete(full)
				key := strings.TrimPrefix(str, schemas.LocalizedAttributePrefix)
				if key != d.KeyFor(f) {
					d.AttrKeys = setKey(d.AttrKeys, f.Path, key)
				}
				d.Present[f.Path] = true
				d.UseReferences = true
				continue
			}
			inline = append(inline, f)
		default:
			if text, ok := l.leafText(f); ok {
				d.Values[f.Path] = text
			}
		}
	}
	// Inline localizable values: in the locale editor when the body has no
	// references, else kept inline beside the references.
	if len(d.Locales) == 0 && !d.UseReferences {
		d.Locales = []string{schemas.EnUSOnlyLocale}
		d.Localized[schemas.EnUSOnlyLocale] = map[string]string{}
	}
	for _, f := range inline {
		text, _ := l.take(PayloadPrefix+f.Path, asString)
		if d.UseReferences {
			d.Inline = setFlag(d.Inline, f.Path)
			d.Values[f.Path] = text
			continue
		}
		d.Localized[d.PrimaryLocale()][d.KeyFor(f)] = text
		d.Present[f.Path] = true
	}
	// Loaded keys no written field uses are kept as they were.
	for _, m := range d.Localized {
		for k := range m {
			if !d.keyWritten(k) && !slices.Contains(d.Extra.Keys, k) {
				d.Extra.Keys = append(d.Extra.Keys, k)
			}
		}
	}
	slices.Sort(d.Extra.Keys)
}

// leafText takes a payload leaf's value as text.
func (l *loader) leafText(f *schemas.Field) (string, bool) {
	full := PayloadPrefix + f.Path
	b := builder{d: l.d, now: time.Unix(0, 0).UTC()}
	return l.take(full, func(text string) any {
		if f.Type == schemas.TypeDateTime {
			return asTime(text)
		}
		return b.leafValue(f, full, text)
	})
}

// prune removes objects emptied by take from the Extra tree, deepest first,
// so that Request decides about them from the draft.
func (l *loader) prune() {
	tree := l.d.Extra.Tree
	s := l.d.Schema
	for i := len(s.Fields) - 1; i >= 0; i-- {
		if f := &s.Fields[i]; f.Type == schemas.TypeObject {
			pruneEmpty(tree, PayloadPrefix+f.Path)
		}
	}
	for _, p := range []string{"event.payload", "event", "relevantAudience.payload", "relevantAudience"} {
		pruneEmpty(tree, p)
	}
}

func pruneEmpty(tree *schemas.Request, path string) {
	if m, ok := tree.Get(path).(map[string]any); ok && len(m) == 0 {
		tree.Delete(path)
	}
}

func isReference(s string) bool {
	return strings.HasPrefix(s, schemas.LocalizedAttributePrefix) && len(s) > len(schemas.LocalizedAttributePrefix)
}

func setFlag(m map[string]bool, k string) map[string]bool {
	if m == nil {
		m = map[string]bool{}
	}
	m[k] = true
	return m
}

func setKey(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}
