package schemas

// ApplyFix returns a copy of r with the fix's moves performed in order, then
// its assignments. A move whose source is absent, or whose destination
// already holds a value, is skipped, as is an assignment to a path that holds
// a value, so applying a fix twice (or two findings' copies of the same fix)
// is harmless. The original request is not changed; a nil fix returns a copy.
func ApplyFix(r *Request, f *Fix) *Request {
	out := r.Clone()
	if out == nil {
		out = &Request{}
	}
	if f == nil {
		return out
	}
	for _, m := range f.Moves {
		val, ok := Walk(out.Root, m.From)
		if !ok {
			continue
		}
		if _, taken := Walk(out.Root, m.To); taken {
			continue
		}
		if m.Wrap {
			if _, isList := val.([]any); !isList {
				val = []any{val}
			}
		}
		out.Delete(m.From)
		out.Set(m.To, val)
	}
	for _, a := range f.Set {
		if _, taken := Walk(out.Root, a.Path); !taken {
			out.Set(a.Path, a.Value)
		}
	}
	return out
}

// ApplyAllFixes returns a copy of r with the fixes of every finding applied in order.
func ApplyAllFixes(r *Request, findings []Finding) *Request {
	out := r.Clone()
	if out == nil {
		out = &Request{}
	}
	for i := range findings {
		if findings[i].Fix != nil {
			out = ApplyFix(out, findings[i].Fix)
		}
	}
	return out
}
