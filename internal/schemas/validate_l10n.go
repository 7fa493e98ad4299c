package schemas

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// reference handles a string payload value that may be a localized-attribute
// reference; it reports whether s is one (spec §6.4).
func (v *validator) reference(f *Field, s string) bool {
	key, isRef := strings.CutPrefix(s, LocalizedAttributePrefix)
	if !isRef {
		return false
	}
	path := payloadPrefix + f.Path
	if key == "" {
		v.add(CodeL10nBadRef, path, fmt.Sprintf("%s refers to an empty key; write %s<KEY>, e.g. %s%s.", f.Path, LocalizedAttributePrefix, LocalizedAttributePrefix, refExampleKey(f)), nil)
		return true
	}
	if !slices.Contains(v.refs, key) {
		v.refs = append(v.refs, key)
	}
	if !f.Localizable {
		v.add(CodeL10nNotAllowed, path, fmt.Sprintf("%s cannot hold a localized attribute; write the value itself.", f.Path), nil)
		return true
	}
	entries, _ := v.root[FieldLocalizedAttributes].([]any)
	if len(entries) > 0 && !keyDefined(entries, key) {
		v.add(CodeL10nUndefinedKey, path, fmt.Sprintf("%s refers to %q, which no localizedAttributes entry defines; add %q to each locale entry.", f.Path, key, key), nil)
	}
	return true
}

func refExampleKey(f *Field) string {
	if f.LocalizedKey != "" {
		return f.LocalizedKey
	}
	return f.Name()
}

// keyDefined reports whether any object entry has key.
func keyDefined(entries []any, key string) bool {
	for _, e := range entries {
		if m, ok := e.(map[string]any); ok {
			if _, has := m[key]; has {
				return true
			}
		}
	}
	return false
}

// localization checks the localizedAttributes array (spec §6.4, §6.3 LOCALE_UNSUPPORTED).
func (v *validator) localization() {
	x, present := v.root[FieldLocalizedAttributes]
	if !present {
		fix := v.envelopeVariantFix("localizedattribute")
		msg := "localizedAttributes is absent; send \"localizedAttributes\": [] when nothing is localized."
		if fix != nil {
			msg = "localizedAttributes is absent, but the body has localizedattribute; apply the fix to rename it."
		}
		v.add(CodeEnvL10nMissing, FieldLocalizedAttributes, msg, fix)
		if len(v.refs) > 0 {
			v.add(CodeL10nNoEntries, FieldLocalizedAttributes, v.noEntriesMessage(), fix)
		}
		return
	}
	entries, isArray := x.([]any)
	if !isArray {
		v.add(CodeL10nEntryShape, FieldLocalizedAttributes, fmt.Sprintf("localizedAttributes is a JSON %s; it must be an array of {\"locale\": …, key: value} objects.", jsonKind(x)), nil)
		return
	}
	if len(entries) == 0 {
		if len(v.refs) > 0 {
			v.add(CodeL10nNoEntries, FieldLocalizedAttributes, v.noEntriesMessage(), nil)
		}
		return
	}
	payloadKnown := v.schema != nil && v.root != nil && isPayloadObject(v.root)
	for i, e := range entries {
		base := FieldLocalizedAttributes + "[" + strconv.Itoa(i) + "]"
		m, isObject := e.(map[string]any)
		if !isObject {
			v.add(CodeL10nEntryShape, base, fmt.Sprintf("entry %d is a JSON %s; it must be an object {\"locale\": \"en-US\", key: value}.", i, jsonKind(e)), nil)
			continue
		}
		v.entryLocale(entries, i, m, base)
		v.entryKeys(entries, m, base, payloadKnown)
	}
}

func isPayloadObject(root map[string]any) bool {
	ev, _ := root[FieldEvent].(map[string]any)
	_, ok := ev["payload"].(map[string]any)
	return ok
}

func (v *validator) noEntriesMessage() string {
	return fmt.Sprintf("the payload refers to %s but localizedAttributes has no entries; add an entry per locale, e.g. {\"locale\": \"en-US\", %q: \"…\"}.",
		quoteList(v.refs), v.refs[0])
}

func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = strconv.Quote(k)
	}
	return ListWords(q)
}

// entryLocale checks the locale of entry i.
func (v *validator) entryLocale(entries []any, i int, m map[string]any, base string) {
	path := base + ".locale"
	x, present := m["locale"]
	if !present {
		v.add(CodeL10nEntryShape, path, fmt.Sprintf("entry %d has no locale; add \"locale\": \"en-US\" (language-COUNTRY).", i), nil)
		return
	}
	loc, isString := x.(string)
	if !isString {
		v.add(CodeL10nEntryShape, path, fmt.Sprintf("locale of entry %d is a JSON %s; write it as a string such as \"en-US\".", i, jsonKind(x)), nil)
		return
	}
	if !IsLocale(loc) {
		v.add(CodeL10nLocaleFormat, path, fmt.Sprintf("locale %q is not language-COUNTRY; write it like \"en-US\" or \"de-DE\".", loc), nil)
		return
	}
	for j := 0; j < i; j++ {
		if prev, ok := entries[j].(map[string]any); ok {
			if l, _ := prev["locale"].(string); l == loc {
				v.add(CodeL10nDupLocale, path, fmt.Sprintf("locale %s appears in entries %d and %d; merge them into one entry.", loc, j, i), nil)
				return
			}
		}
	}
	if v.schema != nil && v.schema.EnUSOnly && loc != EnUSOnlyLocale {
		v.add(CodeLocaleUnsupported, path, EnUSOnlyText(v.schema)+"; remove the "+loc+" entry.", nil)
	}
}

// EnUSOnlyText is the one wording of an en-US-only schema's limit, "OrderStatus
// supports en-US only", which the LOCALE_UNSUPPORTED finding and the form's
// locale picker both start with; "" for a schema without the limit.
func EnUSOnlyText(s *Schema) string {
	if s == nil || !s.EnUSOnly {
		return ""
	}
	return s.Short + " supports en-US only"
}

// entryKeys checks the attribute keys of one entry, in sorted key order: a
// referenced key it lacks, a non-string value, a key nothing refers to.
func (v *validator) entryKeys(entries []any, m map[string]any, base string, payloadKnown bool) {
	keys := make([]string, 0, len(m)+len(v.refs))
	for k := range m {
		if k != "locale" {
			keys = append(keys, k)
		}
	}
	for _, k := range v.refs {
		if _, has := m[k]; !has && keyDefined(entries, k) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	loc, _ := m["locale"].(string)
	if loc == "" {
		loc = "this entry"
	}
	for _, k := range keys {
		path := base + "." + k
		val, has := m[k]
		switch {
		case !has:
			v.add(CodeL10nKeyMissingInLocale, path, fmt.Sprintf("%s lacks %q, which the payload refers to; add it (else the %s customer hears another locale's text).", loc, k, loc), nil)
		case !isStringValue(val):
			v.add(CodeL10nEntryShape, path, fmt.Sprintf("%q in %s is a JSON %s; write it as a string.", k, loc, jsonKind(val)), nil)
		case payloadKnown && !slices.Contains(v.refs, k):
			v.add(CodeL10nUnusedKey, path, fmt.Sprintf("%q in %s is not referred to by the payload; remove it or refer to it as %s%s.", k, loc, LocalizedAttributePrefix, k), nil)
		case slices.Contains(v.refs, k) && strings.TrimSpace(val.(string)) == "":
			v.add(CodePLEmptyString, path, fmt.Sprintf("%q in %s is empty; enter the text Alexa should speak for %s.", k, loc, loc), nil)
		}
	}
}

func isStringValue(x any) bool {
	_, ok := x.(string)
	return ok
}

// IsLocale reports whether s has the language-COUNTRY shape of a locale,
// ^[a-z]{2}-[A-Z]{2}$ (e.g. en-US); it does not check the list of Locales.
func IsLocale(s string) bool {
	return len(s) == 5 && lower(s[0]) && lower(s[1]) && s[2] == '-' && upper(s[3]) && upper(s[4])
}

func lower(c byte) bool { return c >= 'a' && c <= 'z' }
func upper(c byte) bool { return c >= 'A' && c <= 'Z' }
