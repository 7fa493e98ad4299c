package schemas

import "strings"

// ResolveName finds a schema by a name a person typed: the exact event name,
// the event name in any case, or the short name ("WeatherAlert", any case).
// It returns nil when nothing matches.
func ResolveName(name string) *Schema {
	if s := Lookup(name); s != nil {
		return s
	}
	name = strings.TrimSpace(name)
	for i := range catalog {
		if strings.EqualFold(catalog[i].Name, name) || strings.EqualFold(catalog[i].Short, name) {
			return &catalog[i]
		}
	}
	return nil
}

// ShortNames returns the eight short names ("WeatherAlert", …) in catalog order.
func ShortNames() []string {
	out := make([]string, len(catalog))
	for i := range catalog {
		out[i] = catalog[i].Short
	}
	return out
}
