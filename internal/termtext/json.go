package termtext

import (
	"bytes"
	"encoding/json"
)

// JSON encodes v as JSON for a terminal or a script: every string in it,
// keys included, goes through Clean first, so a script that prints a
// decoded value is as safe as pe-tui's own text output. Objects keep their
// keys sorted (as encoding/json writes maps); indent "" writes one line.
// The result ends with a newline.
func JSON(v any, indent string) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", indent)
	if err := enc.Encode(cleanTree(tree)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// cleanTree applies Clean to every string of a decoded JSON value.
func cleanTree(v any) any {
	switch t := v.(type) {
	case string:
		return Clean(t)
	case []any:
		for i := range t {
			t[i] = cleanTree(t[i])
		}
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			out[Clean(k)] = cleanTree(e)
		}
		return out
	}
	return v
}
