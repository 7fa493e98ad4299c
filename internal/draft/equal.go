package draft

import (
	"maps"
	"reflect"
	"slices"
	"strings"

	"github.com/pe-tui/pe-tui/internal/template"
)

// Equal reports whether a and b hold the same content: the same schema and
// the same text in every place. It compares what the user edited, not how:
// typing a letter and deleting it again leaves a draft Equal to before.
// Empty and missing maps count as the same, and so does a switch recorded
// off and one never touched. It allocates nothing (it runs on every key).
func Equal(a, b *Draft) bool {
	if a == nil || b == nil {
		return a == b
	}
	if a.Schema != b.Schema || a.Timestamp != b.Timestamp || a.ReferenceID != b.ReferenceID ||
		a.Expiry != b.Expiry || a.AudienceType != b.AudienceType || a.UserID != b.UserID ||
		a.UseReferences != b.UseReferences {
		return false
	}
	if !maps.Equal(a.Values, b.Values) || !slices.Equal(a.Locales, b.Locales) ||
		!maps.Equal(a.AttrKeys, b.AttrKeys) || !sameFlags(a.Present, b.Present) ||
		!sameFlags(a.Inline, b.Inline) || !sameFlags(a.Shown, b.Shown) {
		return false
	}
	for _, m := range []map[string]map[string]string{a.Localized, b.Localized} {
		for loc := range m {
			if !maps.Equal(a.Localized[loc], b.Localized[loc]) {
				return false
			}
		}
	}
	return sameExtra(a.Extra, b.Extra)
}

// sameFlags compares switch maps, a false entry counting as a missing one.
func sameFlags(a, b map[string]bool) bool {
	for k, v := range a {
		if v != b[k] {
			return false
		}
	}
	for k, v := range b {
		if v != a[k] {
			return false
		}
	}
	return true
}

func sameExtra(a, b Extra) bool {
	if a.Tree == nil && b.Tree == nil && len(a.Raw) == 0 && len(b.Raw) == 0 &&
		len(a.Entries) == 0 && len(b.Entries) == 0 && len(a.Keys) == 0 && len(b.Keys) == 0 {
		return true
	}
	return reflect.DeepEqual(a.Tree, b.Tree) && (len(a.Raw) == 0 && len(b.Raw) == 0 || reflect.DeepEqual(a.Raw, b.Raw)) &&
		slices.EqualFunc(a.Entries, b.Entries, func(x, y ExtraEntry) bool { return x.At == y.At && reflect.DeepEqual(x.Value, y.Value) }) &&
		slices.Equal(a.Keys, b.Keys)
}

// HasPlaceholder reports whether any text of d holds "{{": only then does
// DeriveExpanded expand.
func (d *Draft) HasPlaceholder() bool {
	has := func(s string) bool { return strings.Contains(s, template.Open) }
	if has(d.Timestamp) || has(d.ReferenceID) || has(d.Expiry) || has(d.UserID) {
		return true
	}
	for _, v := range d.Values {
		if has(v) {
			return true
		}
	}
	for _, m := range d.Localized {
		for _, v := range m {
			if has(v) {
				return true
			}
		}
	}
	for _, v := range d.Extra.Raw {
		if s, ok := v.(string); ok && has(s) {
			return true
		}
	}
	return d.Extra.Tree != nil && treeHas(d.Extra.Tree.Root)
}

// treeHas reports whether a string in a decoded JSON tree holds "{{".
func treeHas(v any) bool {
	switch t := v.(type) {
	case map[string]any:
		for _, c := range t {
			if treeHas(c) {
				return true
			}
		}
	case []any:
		for _, c := range t {
			if treeHas(c) {
				return true
			}
		}
	case string:
		return strings.Contains(t, template.Open)
	}
	return false
}
