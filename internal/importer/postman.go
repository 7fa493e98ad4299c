package importer

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/pe-tui/pe-tui/internal/lazyre"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

type pmCollection struct {
	Event []pmEvent `json:"event"`
	Info  struct {
		Name   string `json:"name"`
		Schema string `json:"schema"`
	} `json:"info"`
	Item     []pmItem        `json:"item"`
	Variable []pmVariable    `json:"variable"`
	Auth     json.RawMessage `json:"auth"`
}

type pmItem struct {
	Event   []pmEvent       `json:"event"`
	Name    string          `json:"name"`
	Item    []pmItem        `json:"item"`
	Request json.RawMessage `json:"request"`
}

// pmEvent is a script attached to a collection, folder or request.
type pmEvent struct {
	Listen string `json:"listen"` // "prerequest" or "test"
	Script struct {
		Exec any `json:"exec"` // a list of lines, or one string
	} `json:"script"`
}

// scriptSetRE matches a pre-request script line that sets a variable.
var scriptSetRE = lazyre.New(`pm\.(?:environment|variables|collectionVariables|globals)\.set\(\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*,\s*(.+?)\s*\)\s*;?\s*$`)

// scriptPlaceholders reads the variables pre-request scripts set to a value
// pe-tui has a placeholder for (now ± a constant, a UUID): the Postman
// tutorials compute timestamp, expiryTime and referenceId this way.
func scriptPlaceholders(events []pmEvent, into map[string]scriptVar) {
	for _, ev := range events {
		if ev.Listen != "prerequest" {
			continue
		}
		var lines []string
		switch x := ev.Script.Exec.(type) {
		case string:
			lines = strings.Split(x, "\n")
		case []any:
			for _, l := range x {
				if s, ok := l.(string); ok {
					lines = append(lines, strings.Split(s, "\n")...)
				}
			}
		}
		for _, line := range lines {
			m := scriptSetRE().FindStringSubmatch(strings.TrimSpace(line))
			if m == nil {
				continue
			}
			lx := &jsLexer{src: m[2]}
			toks, err := lx.all()
			if err != nil || len(toks) == 0 {
				continue
			}
			if ph, ok := recognise(toks); ok && (ph == "{{ref}}" || strings.HasPrefix(ph, "{{now")) {
				into[m[1]] = scriptVar{placeholder: ph, expr: clip(m[2])}
			}
		}
	}
}

// scriptVar is a variable a pre-request script sets, as a placeholder.
type scriptVar struct{ placeholder, expr string }

type pmVariable struct {
	Key      string `json:"key"`
	ID       string `json:"id"` // v2.0 names variables by id
	Value    any    `json:"value"`
	Disabled bool   `json:"disabled"`
}

type pmRequest struct {
	Method string          `json:"method"`
	Header json.RawMessage `json:"header"`
	Body   *struct {
		Mode string `json:"mode"`
		Raw  string `json:"raw"`
	} `json:"body"`
	URL  json.RawMessage `json:"url"`
	Auth json.RawMessage `json:"auth"`
}

type pmHeader struct {
	Key      string `json:"key"`
	Value    string `json:"value"`
	Disabled bool   `json:"disabled"`
}

// postmanDynamic maps Postman's dynamic variables to pe-tui placeholders
// with the same meaning.
var postmanDynamic = map[string]string{
	"$guid":         "{{ref}}",
	"$randomUUID":   "{{ref}}",
	"$isoTimestamp": "{{now}}",
}

var pmVarRE = lazyre.New(`\{\{\s*([^{}]+?)\s*\}\}`)

// importPostman imports every request of a Postman v2.0/v2.1 collection that
// posts to a proactive-events endpoint.
func importPostman(data []byte, opts Options) (*Result, error) {
	var col pmCollection
	if err := json.Unmarshal(data, &col); err != nil {
		return nil, fmt.Errorf("not a Postman collection: %v", err)
	}
	res := &Result{Format: FormatPostman}
	if col.Info.Schema != "" && !strings.Contains(col.Info.Schema, "v2.0") && !strings.Contains(col.Info.Schema, "v2.1") {
		res.Notes = append(res.Notes, "the collection schema "+col.Info.Schema+" is not v2.0 or v2.1; read as v2.1")
	}
	vars := map[string]string{}
	for _, v := range col.Variable {
		key := v.Key
		if key == "" {
			key = v.ID
		}
		if key != "" && !v.Disabled {
			vars[key] = fmt.Sprint(v.Value)
		}
	}
	if len(col.Auth) > 0 && string(col.Auth) != "null" {
		res.Notes = append(res.Notes, "the collection's auth settings were dropped: credentials and tokens are never imported")
	}
	top := map[string]scriptVar{}
	scriptPlaceholders(col.Event, top)
	var walk func(items []pmItem, prefix string, scripts map[string]scriptVar, depth int)
	walk = func(items []pmItem, prefix string, scripts map[string]scriptVar, depth int) {
		if depth > maxDepth {
			res.Notes = append(res.Notes, "folders nested deeper than 64 levels were not read")
			return
		}
		for _, it := range items {
			name := it.Name
			if prefix != "" {
				name = prefix + " / " + it.Name
			}
			// Scripts of inner levels run after (and override) outer ones.
			inner := make(map[string]scriptVar, len(scripts))
			for k, v := range scripts {
				inner[k] = v
			}
			scriptPlaceholders(it.Event, inner)
			if it.Item != nil {
				walk(it.Item, name, inner, depth+1)
				continue
			}
			res.addPostman(name, it.Request, vars, inner, opts)
		}
	}
	walk(col.Item, "", top, 0)
	if len(res.Events) == 0 && len(res.Notes) == 0 {
		res.Notes = append(res.Notes, "the collection holds no request")
	}
	return res, nil
}

func (res *Result) addPostman(name string, raw json.RawMessage, vars map[string]string, scripts map[string]scriptVar, opts Options) {
	var req pmRequest
	var rawURL string
	if err := json.Unmarshal(raw, &rawURL); err == nil {
		res.Notes = append(res.Notes, fmt.Sprintf("request %q has only a URL and no body: not imported", name))
		return
	}
	if err := json.Unmarshal(raw, &req); err != nil {
		res.Notes = append(res.Notes, fmt.Sprintf("request %q is not a Postman request: %v", name, err))
		return
	}
	rawURL = postmanURL(req.URL)
	resolved := pmVarRE().ReplaceAllStringFunc(rawURL, func(m string) string {
		k := strings.TrimSpace(m[2 : len(m)-2])
		if v, ok := vars[k]; ok {
			return v
		}
		return m
	})
	kind, target, shown := classifyURL(resolved)
	if kind == urlUnknown && strings.Contains(resolved, "/v1/proactiveEvents") {
		kind = urlEvents
	}
	switch kind {
	case urlToken:
		res.Notes = append(res.Notes, fmt.Sprintf("request %q asks Login with Amazon for a token: not imported (pe-tui fetches tokens itself; a client secret in it was not kept)", name))
		return
	case urlUnknown:
		res.Notes = append(res.Notes, fmt.Sprintf("request %q (%s) is not a proactive-events request: not imported", name, rawURL))
		return
	}
	if req.Body == nil || req.Body.Mode != "raw" || strings.TrimSpace(req.Body.Raw) == "" {
		res.Notes = append(res.Notes, fmt.Sprintf("request %q has no raw JSON body: not imported", name))
		return
	}
	body, notes, unmapped := mapPostmanVariables(req.Body.Raw, vars, scripts)
	ev := bodyEvent(body, 0, opts)
	ev.Raw = req.Body.Raw
	ev.Name, ev.Target, ev.URL = name, target, shown
	if shown == "" {
		ev.URL = rawURL
	}
	var headers []pmHeader
	_ = json.Unmarshal(req.Header, &headers)
	for _, h := range headers {
		if strings.EqualFold(h.Key, "Authorization") {
			notes = append(notes, "the Authorization header was dropped: tokens are never imported (pe-tui fetches its own)")
		}
	}
	if len(req.Auth) > 0 && string(req.Auth) != "null" {
		notes = append(notes, "the request's auth settings were dropped: credentials and tokens are never imported")
	}
	if target == "" {
		notes = append(notes, "the URL "+rawURL+" names no known region: no target was set; give one with --target")
	}
	ev.Notes = append(notes, ev.Notes...)
	var findings []schemas.Finding
	for _, name := range unmapped {
		path := ""
		if req, err := schemas.Decode(ev.Body); err == nil {
			walkStrings(req.Root, "", func(p, s string) {
				if path == "" && strings.Contains(s, "{{"+name+"}}") {
					path = p
				}
			})
		}
		findings = append(findings, schemas.Finding{Code: CodeVariable, Severity: schemas.SeverityError, Path: path,
			Message: fmt.Sprintf("The Postman dynamic variable {{%s}} has no pe-tui equivalent; replace it with a value or a placeholder such as {{now}} or {{ref}}.", name)})
	}
	ev.Findings = append(findings, ev.Findings...)
	res.Events = append(res.Events, ev)
}

// postmanURL returns the URL of a request: a string (v2.0 and v2.1) or an
// object with raw, or host and path.
func postmanURL(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var u struct {
		Raw      string   `json:"raw"`
		Protocol string   `json:"protocol"`
		Host     any      `json:"host"`
		Path     any      `json:"path"`
		Port     string   `json:"port"`
		Query    []string `json:"-"`
	}
	if json.Unmarshal(raw, &u) != nil {
		return ""
	}
	if u.Raw != "" {
		return u.Raw
	}
	join := func(v any, sep string) string {
		switch x := v.(type) {
		case string:
			return x
		case []any:
			var parts []string
			for _, p := range x {
				parts = append(parts, fmt.Sprint(p))
			}
			return strings.Join(parts, sep)
		}
		return ""
	}
	out := join(u.Host, ".")
	if u.Protocol != "" {
		out = u.Protocol + "://" + out
	}
	if u.Port != "" {
		out += ":" + u.Port
	}
	if p := join(u.Path, "/"); p != "" {
		out += "/" + p
	}
	return out
}

// mapPostmanVariables rewrites the {{…}} variables of a raw Postman body:
// dynamic variables with a pe-tui meaning become that placeholder, user
// variables stay {{NAME}} (pe-tui's own user variables) unless a
// pre-request script sets them to now ± a constant or a UUID, other dynamic
// variables are returned by name (unmapped) to be reported. A variable written outside a JSON string (a
// number or object put in by Postman) is quoted so the body parses.
func mapPostmanVariables(raw string, vars map[string]string, scripts map[string]scriptVar) (body string, notes, unmapped []string) {
	reported := map[string]bool{}
	var b strings.Builder
	inString, escaped := false, false
	for i := 0; i < len(raw); {
		c := raw[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
		} else if c == '"' {
			inString = true
		}
		if c == '{' && strings.HasPrefix(raw[i:], "{{") {
			if loc := pmVarRE().FindStringSubmatchIndex(raw[i:]); loc != nil && loc[0] == 0 {
				name := raw[i+loc[2] : i+loc[3]]
				rep := "{{" + name + "}}"
				if ph, ok := postmanDynamic[name]; ok {
					rep = ph
					if !reported[name] {
						notes = append(notes, fmt.Sprintf("the Postman variable {{%s}} was imported as %s", name, ph))
					}
				} else if sv, ok := scripts[name]; ok {
					rep = sv.placeholder
					if !reported[name] {
						notes = append(notes, fmt.Sprintf("{{%s}} is set by a pre-request script to %s: imported as %s", name, sv.expr, sv.placeholder))
					}
				} else if strings.HasPrefix(name, "$") {
					if !reported[name] {
						unmapped = append(unmapped, name)
					}
				} else if !reported[name] {
					if v, ok := vars[name]; ok {
						notes = append(notes, fmt.Sprintf("{{%s}} is a variable; the collection sets it to %q: define it in pe-tui before sending", name, clip(v)))
					} else {
						notes = append(notes, fmt.Sprintf("{{%s}} is a variable the collection does not define (a Postman environment or a pre-request script sets it): define it in pe-tui before sending", name))
					}
				}
				reported[name] = true
				if inString {
					b.WriteString(rep)
				} else {
					b.WriteString(`"` + rep + `"`)
					notes = append(notes, fmt.Sprintf("{{%s}} stood outside a JSON string and was quoted; check the value's type", name))
				}
				i += loc[1]
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String(), notes, unmapped
}
