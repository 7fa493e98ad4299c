package schemas

import (
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// payloadIndex holds, per schema, the child fields of every object path
// ("" is the payload root), built once from the catalog.
var payloadIndex = func() map[*Schema]map[string][]*Field {
	idx := make(map[*Schema]map[string][]*Field, len(catalog))
	for i := range catalog {
		s := &catalog[i]
		m := map[string][]*Field{}
		for j := range s.Fields {
			f := &s.Fields[j]
			m[f.Parent()] = append(m[f.Parent()], f)
		}
		idx[s] = m
	}
	return idx
}()

const payloadPrefix = "event.payload."

// payload checks event.payload against the schema's field table (spec §6.3, §6.4).
func (v *validator) payload(p map[string]any) {
	v.object(p, p, "", payloadIndex[v.schema])
}

// object checks one payload object at the payload-relative path rel: its
// catalog children in order, then its unknown keys in sorted order.
func (v *validator) object(p, obj map[string]any, rel string, idx map[string][]*Field) {
	children := idx[rel]
	known := 0
	for _, f := range children {
		val, present := obj[f.Name()]
		if !present {
			v.absent(p, f)
			continue
		}
		known++
		v.field(f, val)
		if sub, ok := val.(map[string]any); ok && f.Type == TypeObject {
			v.object(p, sub, f.Path, idx)
		}
	}
	if len(obj) == known {
		return // every key is a known child
	}
	extra := make([]string, 0, len(obj)-known)
	for k := range obj {
		if !hasChild(children, k) {
			extra = append(extra, k)
		}
	}
	slices.Sort(extra)
	for _, k := range extra {
		if v.full(CodePLUnknownField) {
			continue
		}
		path := k
		if rel != "" {
			path = rel + "." + k
		}
		fix := v.variantFix(p, path, true)
		var msg string
		switch {
		case fix != nil:
			msg = fmt.Sprintf("%s is not a field of %s; it belongs at %s (apply the fix to move it).", path, v.schema.Short, fix.Moves[0].To[len(payloadPrefix):])
		case len(children) == 0:
			msg = fmt.Sprintf("%s is not a field of %s; remove it.", path, v.schema.Short)
		default:
			msg = fmt.Sprintf("%s is not a field of %s; remove it (fields here: %s).", path, v.schema.Short, childNames(children))
			if f := similarChild(children, k); f != nil {
				msg = fmt.Sprintf("%s is not a field of %s; did you mean %s?", path, v.schema.Short, f.Path)
			}
		}
		v.add(CodePLUnknownField, payloadPrefix+path, msg, fix)
	}
}

func hasChild(children []*Field, name string) bool {
	for _, f := range children {
		if f.Name() == name {
			return true
		}
	}
	return false
}

func childNames(children []*Field) string {
	names := make([]string, len(children))
	for i, f := range children {
		names[i] = f.Name()
	}
	return strings.Join(names, ", ")
}

// similarChild finds a child whose name differs only in case or a trailing "s".
func similarChild(children []*Field, name string) *Field {
	for _, f := range children {
		n := f.Name()
		if strings.EqualFold(n, name) || strings.EqualFold(n, name+"s") || strings.EqualFold(n+"s", name) {
			return f
		}
	}
	return nil
}

// absent reports a missing field: PL_MISSING for a required one (its parent
// is present, since only present objects are visited), or the field's
// MissingCode for an optional one.
func (v *validator) absent(p map[string]any, f *Field) {
	switch {
	case f.Req == Required || f.Req == RequiredWithParent:
		fix := v.variantFix(p, f.Path, false)
		msg := fmt.Sprintf("%s is missing; add the %s (%s%s).", f.Path, strings.ToLower(f.Label), f.Type, enumHint(f))
		if fix != nil {
			msg = fmt.Sprintf("%s is missing, but %s holds it under a variant name (apply the fix to move it).", f.Path, fix.Moves[0].From[len(payloadPrefix):])
		}
		v.add(CodePLMissing, payloadPrefix+f.Path, msg, fix)
	case f.MissingCode != "":
		v.add(f.MissingCode, payloadPrefix+f.Path, fmt.Sprintf("%s is absent; some published material requires it, so add the %s.", f.Path, strings.ToLower(f.Label)), nil)
	}
}

// enumHint lists a field's allowed values for a message.
func enumHint(f *Field) string {
	if len(f.Enum) == 0 {
		return ""
	}
	if len(f.Enum) > 8 {
		return ", one of " + strings.Join(f.Enum[:8], ", ") + ", …"
	}
	return ", one of " + strings.Join(f.Enum, ", ")
}

// variantFix returns the fix for a published variant (spec §9): with
// fromSide, path is the variant's position and the canonical one must be
// absent; otherwise path is the canonical position and a variant must be present.
func (v *validator) variantFix(p map[string]any, path string, fromSide bool) *Fix {
	for _, vr := range v.schema.Variants {
		if fromSide && vr.From != path || !fromSide && vr.To != path {
			continue
		}
		if _, ok := Walk(p, vr.From); !ok {
			continue
		}
		if _, ok := Walk(p, vr.To); ok {
			continue
		}
		summary := "move " + vr.From + " to " + vr.To
		if vr.Wrap {
			summary += " as a list"
		}
		if vr.Note != "" {
			summary += " (" + vr.Note + ")"
		}
		return &Fix{Summary: summary, Moves: []Move{{From: payloadPrefix + vr.From, To: payloadPrefix + vr.To, Wrap: vr.Wrap}}}
	}
	return nil
}

// field checks a present value against its field definition.
func (v *validator) field(f *Field, val any) {
	path := f.Path
	switch f.Type {
	case TypeObject:
		if _, ok := val.(map[string]any); !ok {
			v.typeError(f, val, "an object {…}")
		}
	case TypeString:
		s, ok := val.(string)
		if !ok {
			v.typeError(f, val, "a string")
			return
		}
		if v.reference(f, s) {
			return
		}
		if strings.TrimSpace(s) == "" {
			v.add(CodePLEmptyString, payloadPrefix+path, fmt.Sprintf("%s is empty; enter the %s (e.g. %q).", path, strings.ToLower(f.Label), f.Example), nil)
		}
	case TypeInt:
		n, ok := intValue(val)
		if !ok {
			v.intError(f, val)
			return
		}
		// Every int field of the catalog is a count or a score (spec §6.3 PL_NEGATIVE).
		if n < 0 {
			v.add(CodePLNegative, payloadPrefix+path, fmt.Sprintf("%s is %d; it cannot be negative, use 0 or more.", path, n), nil)
		}
	case TypeDateTime:
		s, ok := val.(string)
		if !ok {
			v.typeError(f, val, "an ISO 8601 date-time string such as \"2024-03-01T09:00:00Z\"")
			return
		}
		if _, err := ParseTime(s); err != nil {
			v.add(CodePLType, payloadPrefix+path, fmt.Sprintf("%s %q is %s.", path, s, err), nil)
		}
	case TypeEnum:
		s, ok := val.(string)
		if !ok {
			v.typeError(f, val, "a string"+enumHint(f))
			return
		}
		if v.reference(f, s) {
			return
		}
		v.enumValue(f, payloadPrefix+path, s)
	case TypeEnumList:
		v.enumList(f, val)
	}
}

// typeError reports PL_TYPE.
func (v *validator) typeError(f *Field, val any, want string) {
	v.add(CodePLType, payloadPrefix+f.Path, fmt.Sprintf("%s is a JSON %s; it must be %s.", f.Path, jsonKind(val), want), nil)
}

// intError reports PL_TYPE for an int field, saying what is wrong with the
// value as written: a fraction, too large, a number in quotes, not a number.
func (v *validator) intError(f *Field, val any) {
	var msg string
	switch x := val.(type) {
	case json.Number:
		msg = fmt.Sprintf("%s is %s, which %s.", f.Path, x, WholeNumberProblem(string(x)))
	case float64:
		msg = fmt.Sprintf("%s is %v, which %s.", f.Path, x, WholeNumberProblem(strconv.FormatFloat(x, 'f', -1, 64)))
	case string:
		if _, ok := intValue(json.Number(strings.TrimSpace(x))); ok {
			msg = fmt.Sprintf("%s is %q, a number in quotes (a JSON string); write %s without quotes.", f.Path, x, strings.TrimSpace(x))
		} else {
			msg = fmt.Sprintf("%s is %q, which %s.", f.Path, x, WholeNumberProblem(x))
		}
	default:
		v.typeError(f, val, "a whole number")
		return
	}
	v.add(CodePLType, payloadPrefix+f.Path, msg, nil)
}

// WholeNumberProblem says what keeps text, as typed, from being a whole
// number an int field takes: "has a fraction; …", "is too large; …" or "is
// not a number; …", each ending with what to write instead.
func WholeNumberProblem(text string) string {
	s := strings.TrimSpace(text)
	digits := strings.TrimPrefix(s, "-")
	switch {
	case s == "":
		return "is empty; type a whole number such as 3"
	case digits != "" && strings.TrimLeft(digits, "0123456789") == "":
		if strings.HasPrefix(s, "-") {
			return fmt.Sprintf("is too small; it must be a whole number from %d", int64(math.MinInt64))
		}
		return fmt.Sprintf("is too large; it must be a whole number up to %d", int64(math.MaxInt64))
	}
	if fl, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(fl, 0) && !math.IsNaN(fl) {
		if fl != math.Trunc(fl) {
			return fmt.Sprintf("has a fraction; it must be a whole number such as %d", int64(math.Round(fl)))
		}
		return fmt.Sprintf("is too large; it must be a whole number up to %d", int64(math.MaxInt64))
	}
	return "is not a number; type digits such as 3"
}

// enumValue reports PL_ENUM when s is not one of f's values.
func (v *validator) enumValue(f *Field, path, s string) bool {
	if slices.Contains(f.Enum, s) {
		return true
	}
	for _, e := range f.Enum {
		if strings.EqualFold(e, s) {
			v.add(CodePLEnum, path, fmt.Sprintf("%q is not allowed in %s; write %s in upper case.", s, f.Path, e), nil)
			return false
		}
	}
	v.add(CodePLEnum, path, fmt.Sprintf("%q is not allowed in %s; use one of %s.", s, f.Path, strings.Join(f.Enum, ", ")), nil)
	return false
}

// enumList checks an enum[] field: an array, within the item limits, with known and distinct values.
func (v *validator) enumList(f *Field, val any) {
	items, ok := val.([]any)
	if !ok {
		want := "a list of values, e.g. [\"" + f.Enum[0] + "\"]"
		if s, isString := val.(string); isString {
			want = fmt.Sprintf("a list; write [%q]", s)
		}
		v.typeError(f, val, want)
		return
	}
	if len(items) < f.MinItems || (f.MaxItems > 0 && len(items) > f.MaxItems) {
		v.add(CodeTrashCount, payloadPrefix+f.Path, fmt.Sprintf("%s has %d items; give %d to %d.", f.Path, len(items), f.MinItems, f.MaxItems), nil)
	}
	for i, it := range items {
		p := payloadPrefix + f.Path + "[" + strconv.Itoa(i) + "]"
		s, isString := it.(string)
		if !isString {
			v.add(CodePLType, p, fmt.Sprintf("%s[%d] is a JSON %s; it must be a string%s.", f.Path, i, jsonKind(it), enumHint(f)), nil)
			continue
		}
		if !v.enumValue(f, p, s) {
			continue
		}
		for j := 0; j < i; j++ {
			if prev, _ := items[j].(string); prev == s {
				v.add(CodeTrashDuplicate, p, fmt.Sprintf("%s lists %s twice (items %d and %d); remove one.", f.Path, s, j, i), nil)
				break
			}
		}
	}
}
