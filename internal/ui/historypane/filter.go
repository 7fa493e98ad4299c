package historypane

import (
	"fmt"
	"strings"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// FilterHelp describes the filter syntax in one line, for hints.
const FilterHelp = "words, schema:Weather, status:4xx, target:sandbox, profile:NAME, heard:yes"

// ParseFilter turns the filter text of the pane into a history query.
// Free words search the request, the response and the message. Tokens narrow
// the list:
//
//	schema:NAME    a schema by short or full name, or a unique prefix of one,
//	               case-insensitive ("schema:weather", "schema:AMAZON.Occasion");
//	               a full event name outside the catalog is taken as given
//	status:CLASS   2xx, 4xx, 5xx, network or other, or a unique prefix ("status:4")
//	target:NAME    a target name (or a unique prefix of one) or a base URL
//	profile:NAME   a profile name, exactly
//	heard:MARK     yes, no or unmarked (the h key's mark), or a unique prefix
//
// A token without a value ("status:") is ignored, so a half-typed filter
// still lists something; a later token of the same kind replaces an earlier
// one. The error says what is wrong and what would be accepted.
func ParseFilter(text string) (history.Query, error) {
	var q history.Query
	var words []string
	for _, part := range strings.Fields(text) {
		key, value, ok := strings.Cut(part, ":")
		if !ok || strings.Contains(key, "/") {
			words = append(words, part)
			continue
		}
		var err error
		switch strings.ToLower(key) {
		case "schema", "event":
			if value != "" {
				q.EventName, err = matchSchema(value)
			}
		case "status":
			if value != "" {
				q.StatusClass, err = matchStatus(value)
			}
		case "target":
			if value != "" {
				q.Target, err = matchTarget(value)
			}
		case "profile":
			q.Profile = value
		case "heard":
			if value != "" {
				q.Heard, err = matchHeard(strings.ToLower(value))
			}
		default:
			words = append(words, part)
		}
		if err != nil {
			return history.Query{}, err
		}
	}
	q.Text = strings.Join(words, " ")
	return q, nil
}

// matchSchema resolves a schema name: exact short or full name first, then
// a unique prefix of either; a dotted name outside the catalog is kept.
func matchSchema(v string) (string, error) {
	low := strings.ToLower(v)
	var hits []*schemas.Schema
	for i := range schemas.All() {
		s := &schemas.All()[i]
		short, full := strings.ToLower(s.Short), strings.ToLower(s.Name)
		if low == short || low == full {
			return s.Name, nil
		}
		if strings.HasPrefix(short, low) || strings.HasPrefix(full, low) {
			hits = append(hits, s)
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0].Name, nil
	case len(hits) > 1:
		names := make([]string, len(hits))
		for i, s := range hits {
			names[i] = s.Short
		}
		return "", fmt.Errorf("schema:%s could be %s; type more of the name", v, strings.Join(names, ", "))
	case strings.Contains(v, "."):
		return v, nil
	}
	short := make([]string, 0, len(schemas.All()))
	for _, s := range schemas.All() {
		short = append(short, s.Short)
	}
	return "", fmt.Errorf("schema:%s matches no schema; use one of %s", v, strings.Join(short, ", "))
}

// matchStatus resolves a status class or a unique prefix of one.
func matchStatus(v string) (string, error) {
	low := strings.ToLower(v)
	var hit string
	for _, c := range history.StatusClasses {
		if c == low {
			return c, nil
		}
		if strings.HasPrefix(c, low) {
			if hit != "" {
				hit = "?"
				continue
			}
			hit = c
		}
	}
	if hit != "" && hit != "?" {
		return hit, nil
	}
	return "", fmt.Errorf("status:%s is not a status class; use %s", v, strings.Join(history.StatusClasses, ", "))
}

// matchTarget resolves a target name or a unique prefix of one; URLs and
// other names are kept as given (history stores custom targets by URL).
func matchTarget(v string) (string, error) {
	if strings.Contains(v, "://") {
		return v, nil
	}
	low := strings.ToLower(v)
	var hits []string
	for _, n := range alexa.TargetNames {
		if n == low {
			return n, nil
		}
		if strings.HasPrefix(n, low) {
			hits = append(hits, n)
		}
	}
	switch len(hits) {
	case 0:
		return v, nil
	case 1:
		return hits[0], nil
	}
	return "", fmt.Errorf("target:%s could be %s; type more of the name", v, strings.Join(hits, ", "))
}
