package historypane

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// FilterHelp describes the filter syntax in one line, for hints.
const FilterHelp = "words, status:409|4xx|token|cancelled, heard:yes, date:today, since:2h, schema:Weather, target:sandbox"

// ParseFilter turns the filter text of the pane into a history query.
// Free words search the request, the response and the message. Tokens narrow
// the list:
//
//	schema:NAME    a schema by short or full name, or a unique prefix of one,
//	               case-insensitive ("schema:weather", "schema:AMAZON.Occasion");
//	               a full event name outside the catalog is taken as given
//	status:CODE    an exact HTTP status ("status:409")
//	status:CLASS   an outcome class (history.StatusClasses: 2xx, 4xx, 5xx, token,
//	               cancelled, network, other), or a unique prefix ("status:4")
//	target:NAME    a target name (or a unique prefix of one) or a base URL
//	profile:NAME   a profile name, exactly
//	heard:MARK     yes, no or unmarked (the h key's mark), or a unique prefix
//	date:DAY       sent on that local day: today, yesterday or 2026-12-01
//	since:WHEN     sent since then: a duration back from now (2h, 30m, 3d), the
//	               start of a day (today, yesterday, 2026-12-01) or a time as
//	               the composer reads it (2026-12-01T09:00Z)
//
// A token without a value ("status:") is ignored, so a half-typed filter
// still lists something; a later token of the same kind replaces an earlier
// one. The error says what is wrong and what would be accepted.
//
// now and loc resolve the dates (loc nil: UTC).
func ParseFilter(text string, now time.Time, loc *time.Location) (history.Query, error) {
	if loc == nil {
		loc = time.UTC
	}
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
				q.StatusClass, q.Status, err = matchStatus(value)
			}
		case "date":
			if value != "" {
				q.Since, q.Until, err = matchDay(value, now, loc)
			}
		case "since":
			if value != "" {
				q.Since, err = matchSince(value, now, loc)
				q.Until = time.Time{}
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

// matchDay resolves a day to the half-open range of its local midnights.
func matchDay(v string, now time.Time, loc *time.Location) (since, until time.Time, err error) {
	since, ok := dayStart(v, now, loc)
	if !ok {
		return since, until, fmt.Errorf("date:%s is not a day; use today, yesterday or a date (2026-12-01)", v)
	}
	return since, since.AddDate(0, 0, 1), nil
}

// dayStart is the local midnight that starts the day v names: today,
// yesterday or a date.
func dayStart(v string, now time.Time, loc *time.Location) (time.Time, bool) {
	var t time.Time
	switch strings.ToLower(v) {
	case "today":
		t = now
	case "yesterday":
		t = now.In(loc).AddDate(0, 0, -1)
	default:
		d, err := time.ParseInLocation("2006-01-02", v, loc)
		if err != nil {
			return time.Time{}, false
		}
		t = d
	}
	y, mo, d := t.In(loc).Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, loc), true
}

// matchSince resolves since:WHEN: a duration back from now (2h, 90m, 3d,
// 1w) or a time ParseWhen reads.
func matchSince(v string, now time.Time, loc *time.Location) (time.Time, error) {
	if t, ok := dayStart(v, now, loc); ok {
		return t, nil
	}
	text := strings.ReplaceAll(v, "_", " ")
	if c := v[0]; c >= '0' && c <= '9' && !strings.ContainsAny(v, "-:") {
		text = "-" + text
	}
	t, err := draft.ParseWhen(text, now, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("since:%s is not a time; use a duration back from now (2h, 30m, 3d) or a date (2026-12-01)", v)
	}
	return t, nil
}

// matchStatus resolves an exact status code, or an outcome class or a
// unique prefix of one.
func matchStatus(v string) (class string, code int, err error) {
	if n, err := strconv.Atoi(v); err == nil && len(v) == 3 {
		if n < 100 || n > 599 {
			return "", 0, fmt.Errorf("status:%s is not an HTTP status; use a code from 100 to 599 or one of %s", v, strings.Join(history.StatusClasses, ", "))
		}
		return "", n, nil
	}
	low := strings.ToLower(v)
	var hit string
	for _, c := range history.StatusClasses {
		if c == low {
			return c, 0, nil
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
		return hit, 0, nil
	}
	return "", 0, fmt.Errorf("status:%s is not a status; use a code (409) or one of %s", v, strings.Join(history.StatusClasses, ", "))
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
