package importer

import (
	"strconv"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/lazyre"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// placeholderRE matches a pe-tui placeholder inside a string.
var placeholderRE = lazyre.New(`\{\{[^{}\s]+\}\}`)

// nowRE matches {{now}} and {{now±N unit}} with unit s, m, h or d.
var nowRE = lazyre.New(`^\{\{now(?:([+-])(\d+)([smhd]))?\}\}$`)

// nowPlaceholder writes the placeholder for now + d, in the largest whole unit.
func nowPlaceholder(d time.Duration) string {
	if d == 0 {
		return "{{now}}"
	}
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	for _, u := range []struct {
		unit string
		size time.Duration
	}{{"d", 24 * time.Hour}, {"h", time.Hour}, {"m", time.Minute}, {"s", time.Second}} {
		if d%u.size == 0 {
			return "{{now" + sign + strconv.FormatInt(int64(d/u.size), 10) + u.unit + "}}"
		}
	}
	return "{{now" + sign + strconv.FormatInt(int64(d/time.Second), 10) + "s}}"
}

// validate checks an imported body at now. Strings that are exactly a time
// or reference placeholder are given a value for the check only (now ± the
// offset; a fresh reference id), so the envelope times are judged as they
// will be when sent. Findings on a value holding any other placeholder are
// left out: its value is known only when the placeholder is filled.
func validate(req *schemas.Request, now time.Time) []schemas.Finding {
	var opaque []string
	root := mapStrings(req.Clone().Root, "", func(path, s string) any {
		if !strings.Contains(s, "{{") {
			return s
		}
		if m := nowRE().FindStringSubmatch(s); m != nil {
			t := now
			if m[1] != "" {
				n, _ := strconv.Atoi(m[2])
				unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[3]]
				d := time.Duration(n) * unit
				if m[1] == "-" {
					d = -d
				}
				t = now.Add(d)
			}
			return schemas.FormatTime(t.UTC())
		}
		if s == "{{ref}}" {
			return schemas.NewReferenceID()
		}
		if placeholderRE().MatchString(s) {
			opaque = append(opaque, path)
		}
		return s
	})
	check := &schemas.Request{Root: root}
	var out []schemas.Finding
	for _, f := range schemas.Validate(check, now, schemas.ValidateOptions{}) {
		skip := false
		for _, p := range opaque {
			if f.Path == p {
				skip = true
			}
		}
		if !skip {
			out = append(out, f)
		}
	}
	return out
}

// mapStrings replaces every string value of v (in place) by f(path, value).
func mapStrings(v any, path string, f func(path, s string) any) any {
	switch x := v.(type) {
	case string:
		return f(path, x)
	case map[string]any:
		for k, e := range x {
			p := k
			if path != "" {
				p = path + "." + k
			}
			x[k] = mapStrings(e, p, f)
		}
	case []any:
		for i, e := range x {
			x[i] = mapStrings(e, path+"["+strconv.Itoa(i)+"]", f)
		}
	}
	return v
}
