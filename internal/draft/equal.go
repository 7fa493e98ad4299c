package draft

import "reflect"

// Equal reports whether a and b hold the same content: the same schema and
// the same text in every place. It compares what the user edited, not how:
// typing a letter and deleting it again leaves a draft Equal to before.
// Empty and missing maps count as the same.
func Equal(a, b *Draft) bool {
	if a == nil || b == nil {
		return a == b
	}
	return reflect.DeepEqual(normal(a), normal(b))
}

// normal returns a copy of d with empty maps and slices made nil, so that
// Equal does not tell an emptied map from a missing one.
func normal(d *Draft) *Draft {
	c := d.Clone()
	if len(c.Values) == 0 {
		c.Values = nil
	}
	for k, v := range c.Present {
		if !v {
			delete(c.Present, k)
		}
	}
	if len(c.Present) == 0 {
		c.Present = nil
	}
	for k, v := range c.Localized {
		if len(v) == 0 {
			c.Localized[k] = nil
		}
	}
	if len(c.AttrKeys) == 0 {
		c.AttrKeys = nil
	}
	if len(c.Inline) == 0 {
		c.Inline = nil
	}
	if len(c.Shown) == 0 {
		c.Shown = nil
	}
	if len(c.Extra.Raw) == 0 {
		c.Extra.Raw = nil
	}
	if len(c.Extra.Entries) == 0 {
		c.Extra.Entries = nil
	}
	if len(c.Extra.Keys) == 0 {
		c.Extra.Keys = nil
	}
	return c
}
