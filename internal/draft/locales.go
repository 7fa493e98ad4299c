package draft

import (
	"fmt"
	"slices"
	"sort"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// AddLocale appends a locale to the editor with no values yet (the grid then
// shows every key missing in it). It refuses a repeated or malformed locale.
func (d *Draft) AddLocale(locale string) error {
	if !schemas.IsLocale(locale) {
		return fmt.Errorf("locale %q is not in the language-COUNTRY form, e.g. de-DE", locale)
	}
	if slices.Contains(d.Locales, locale) {
		return fmt.Errorf("%s is already in the list", locale)
	}
	d.Locales = append(d.Locales, locale)
	if d.Localized == nil {
		d.Localized = map[string]map[string]string{}
	}
	if d.Localized[locale] == nil {
		d.Localized[locale] = map[string]string{}
	}
	return nil
}

// RemoveLocale removes a locale and its values. The last locale stays: a
// draft always has somewhere to keep its localizable text.
func (d *Draft) RemoveLocale(locale string) error {
	i := slices.Index(d.Locales, locale)
	if i < 0 {
		return fmt.Errorf("%s is not in the list", locale)
	}
	if len(d.Locales) == 1 {
		return fmt.Errorf("%s is the only locale; add another before removing it", locale)
	}
	d.Locales = slices.Delete(d.Locales, i, i+1)
	delete(d.Localized, locale)
	return nil
}

// AvailableLocales returns the Alexa locales not yet in the editor.
func (d *Draft) AvailableLocales() []string {
	var out []string
	for _, l := range schemas.Locales {
		if !slices.Contains(d.Locales, l) {
			out = append(out, l)
		}
	}
	return out
}

// LocalizedText returns a locale's value for an attribute key and whether it is set.
func (d *Draft) LocalizedText(locale, key string) (string, bool) {
	v, ok := d.Localized[locale][key]
	return v, ok
}

// SetLocalized sets a locale's value for an attribute key; empty text
// removes the key from that locale (the grid then shows it missing). The
// fields using the key become present with the first value typed for them,
// and absent when the key is cleared in every locale.
func (d *Draft) SetLocalized(locale, key, text string) {
	if d.Localized == nil {
		d.Localized = map[string]map[string]string{}
	}
	if d.Present == nil {
		d.Present = map[string]bool{}
	}
	m := d.Localized[locale]
	if text == "" {
		delete(m, key)
		if !d.keyInUse(key) {
			for _, f := range d.owners(key) {
				d.Present[f.Path] = false
			}
		}
		return
	}
	if m == nil {
		m = map[string]string{}
		d.Localized[locale] = m
	}
	m[key] = text
	for _, f := range d.owners(key) {
		d.Present[f.Path] = true
	}
}

// keyInUse reports whether any locale has a value for key.
func (d *Draft) keyInUse(key string) bool {
	for _, m := range d.Localized {
		if _, ok := m[key]; ok {
			return true
		}
	}
	return false
}

// owners returns the localizable fields whose text lives under key.
func (d *Draft) owners(key string) []*schemas.Field {
	if d.Schema == nil {
		return nil
	}
	var out []*schemas.Field
	for _, f := range d.Schema.LocalizableFields() {
		if d.InEditor(f) && d.KeyFor(f) == key {
			out = append(out, f)
		}
	}
	return out
}

// writtenLocalized reports whether a localizable field kept in Localized is part of the event.
func (d *Draft) writtenLocalized(f *schemas.Field) bool {
	return d.Present[f.Path] && d.Visible(f.Path)
}

// keyWritten reports whether the values of key go into localizedAttributes:
// a written field uses it, no field of the schema owns it, or a loaded file had it.
func (d *Draft) keyWritten(key string) bool {
	owners := d.owners(key)
	if len(owners) == 0 || slices.Contains(d.Extra.Keys, key) {
		return true
	}
	for _, f := range owners {
		if d.writtenLocalized(f) {
			return true
		}
	}
	return false
}

// LocalizedKeys returns the attribute keys the locale editor shows and
// writes: the keys of the localizable fields in the event (catalog order),
// then other keys found in a locale's values (sorted). Keys of fields that
// are switched off or absent are parked: kept, but neither shown nor written.
func (d *Draft) LocalizedKeys() []string {
	var keys []string
	if d.Schema != nil {
		for _, f := range d.Schema.LocalizableFields() {
			if !d.InEditor(f) || !d.writtenLocalized(f) {
				continue
			}
			if k := d.KeyFor(f); !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
	}
	var extra []string
	add := func(k string) {
		if !slices.Contains(keys, k) && !slices.Contains(extra, k) && d.keyWritten(k) {
			extra = append(extra, k)
		}
	}
	for _, m := range d.Localized {
		for k := range m {
			add(k)
		}
	}
	for _, k := range d.Extra.Keys {
		add(k)
	}
	sort.Strings(extra)
	return append(keys, extra...)
}

// MissingKeys returns the keys of LocalizedKeys that a locale has no value for.
func (d *Draft) MissingKeys(locale string) []string {
	var out []string
	for _, k := range d.LocalizedKeys() {
		if _, ok := d.Localized[locale][k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// AddLocaleWarning is what the locale picker warns before a locale is added
// to an en-US-only schema (spec §3), or "": nothing for other schemas, and
// nothing once the draft holds an unsupported locale, whose
// LOCALE_UNSUPPORTED finding already says it (the warning shows once).
func (d *Draft) AddLocaleWarning() string {
	text := schemas.EnUSOnlyText(d.Schema)
	if text == "" {
		return ""
	}
	for _, l := range d.Locales {
		if l != schemas.EnUSOnlyLocale {
			return ""
		}
	}
	return text + "; any other locale draws " + schemas.CodeLocaleUnsupported
}
