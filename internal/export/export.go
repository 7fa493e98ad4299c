// Package export writes a complete, runnable sender program for an event:
// the code a skill backend needs to post the event to Amazon's proactive
// events API (spec §7, §8) in Node, Python, Java, Go or a curl shell script.
//
// Every program follows one contract (Contract): the client id and secret
// come from ALEXA_CLIENT_ID and ALEXA_CLIENT_SECRET; ALEXA_API_URL overrides
// the event API base URL and LWA_TOKEN_URL the token URL (so the program runs
// against 'pe-tui sandbox'); timestamp, expiryTime and referenceId are
// computed when the program runs (ALEXA_REFERENCE_ID pins the referenceId, for
// tests and deliberate retries); 429 and 500 are retried with backoff
// honouring Retry-After, a 403 saying the token is not valid is retried once
// with a fresh token; the exit status is 0 on 2xx, 1 when the event or the
// token is refused, 2 when configuration is missing and 3 when the network
// fails, with Amazon's message on standard error.
//
// Event values are embedded as literals escaped for the target language, so
// no string of an event can become code of the exported program.
package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Lang is a language Generate writes.
type Lang string

// The languages of Generate.
const (
	Node   Lang = "node"   // Node.js 18+ with the built-in fetch
	Python Lang = "python" // Python 3.8+ with urllib
	Java   Lang = "java"   // Java 11+ with java.net.http (run with 'java Sender.java')
	Go     Lang = "go"     // Go with net/http
	Curl   Lang = "curl"   // a POSIX shell script using curl and GNU or BSD date
)

// Langs lists the languages in the order help texts show them.
var Langs = []Lang{Node, Python, Java, Go, Curl}

// ParseLang accepts a language name (and a few common aliases).
func ParseLang(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "node", "js", "javascript", "nodejs":
		return Node, nil
	case "python", "py", "python3":
		return Python, nil
	case "java":
		return Java, nil
	case "go", "golang":
		return Go, nil
	case "curl", "sh", "shell", "bash":
		return Curl, nil
	}
	return "", fmt.Errorf("unknown language %q: use node, python, java, go or curl", s)
}

// FileName is the conventional file name of a program in lang (Java needs
// the class name, Sender).
func FileName(lang Lang) string {
	switch lang {
	case Node:
		return "send-event.mjs"
	case Python:
		return "send_event.py"
	case Java:
		return "Sender.java"
	case Go:
		return "main.go"
	}
	return "send-event.sh"
}

// Environment variables of the contract every exported program follows.
const (
	EnvClientID     = "ALEXA_CLIENT_ID"     // required: the skill's Alexa client id
	EnvClientSecret = "ALEXA_CLIENT_SECRET" // required: the skill's Alexa client secret
	EnvAPIURL       = "ALEXA_API_URL"       // optional: event API base URL (scheme://host[:port])
	EnvTokenURL     = "LWA_TOKEN_URL"       // optional: Login with Amazon token URL
	EnvReferenceID  = "ALEXA_REFERENCE_ID"  // optional: use this referenceId instead of a fresh one
)

// Exit statuses of every exported program.
const (
	ExitAccepted = 0 // 2xx
	ExitRejected = 1 // the event or the token was refused (4xx, or 5xx after the retries)
	ExitConfig   = 2 // a required environment variable is missing
	ExitNetwork  = 3 // no answer
)

// DefaultExpiry is the expiry distance of an exported program when the
// event's own distance between timestamp and expiryTime is not within the
// allowed window of 5 minutes to 24 hours.
const DefaultExpiry = 23 * time.Hour

// Generate returns the program in lang that sends body (an event request
// body) to target. Only the event, localizedAttributes, relevantAudience and
// any other fields are embedded; timestamp, referenceId and expiryTime are
// computed at run time, keeping the body's expiry distance when it lies in
// the allowed window. The target must be an Amazon region-stage (its URLs are
// the program's defaults) or the sandbox (the program then defaults to
// ALEXA_API_URL being required).
func Generate(lang Lang, body []byte, target alexa.Target) ([]byte, error) {
	req, err := schemas.Decode(body)
	if err != nil {
		return nil, err
	}
	root := req.Object()
	if root == nil {
		return nil, fmt.Errorf("the event is not a JSON object; export needs a request body such as 'pe-tui validate' accepts")
	}
	rest := make(map[string]any, len(root))
	var order []string
	for _, k := range []string{schemas.FieldEvent, schemas.FieldLocalizedAttributes, schemas.FieldRelevantAudience} {
		if v, ok := root[k]; ok {
			rest[k] = v
			order = append(order, k)
		}
	}
	var extra []string
	for k, v := range root {
		switch k {
		case schemas.FieldTimestamp, schemas.FieldReferenceID, schemas.FieldExpiryTime,
			schemas.FieldEvent, schemas.FieldLocalizedAttributes, schemas.FieldRelevantAudience:
			continue
		}
		rest[k] = v
		extra = append(extra, k)
	}
	sortStrings(extra)
	order = append(order, extra...)

	d := data{
		Target:        target.Name,
		Stage:         string(target.Stage),
		ExpirySeconds: int64(expiryDistance(root) / time.Second),
		EventPath:     alexa.DevelopmentPath,
	}
	if target.Stage == alexa.StageLive {
		d.EventPath = alexa.LivePath
	}
	w := literalWriter{lang: lang, order: order}
	apiURL, tokenURL := "", ""
	if target.IsAmazon() {
		apiURL, tokenURL = target.BaseURL, target.AuthURL
	}
	d.APIURL, d.TokenURL, d.EventPath = quoteFor(lang, apiURL), quoteFor(lang, tokenURL), quoteFor(lang, d.EventPath)
	d.Doc = contractDoc
	for _, r := range reasons {
		text := quoteFor(lang, r.text)
		if lang == Curl {
			text = r.text // a shell case branch assigns it in double quotes
		}
		d.Reasons = append(d.Reasons, reason{r.status, text})
	}
	d.Generated = "pe-tui export --lang " + string(lang) + " --target " + target.Name
	if name, ok := root[schemas.FieldEvent].(map[string]any)["name"].(string); ok && schemas.Lookup(name) != nil {
		d.EventName = name
	}
	switch lang {
	case Java:
		// Java has no JSON library in the JDK: the fields are embedded as JSON text.
		js, err := marshalOrdered(rest, order)
		if err != nil {
			return nil, err
		}
		d.Event = javaJSONLiteral(js)
	case Curl:
		js, err := marshalOrdered(rest, order)
		if err != nil {
			return nil, err
		}
		d.Event = shellQuote(string(js))
	default:
		d.Event = w.value(rest, 1, true)
	}
	tpl, ok := templates[lang]
	if !ok {
		return nil, fmt.Errorf("unknown language %q", lang)
	}
	var buf bytes.Buffer
	if err := tpl().Execute(&buf, d); err != nil {
		return nil, err
	}
	if lang == Go {
		return format.Source(buf.Bytes())
	}
	return buf.Bytes(), nil
}

// contractDoc is the header every program carries after its first line,
// one comment line per entry (the language's comment marker is added).
var contractDoc = []string{
	"Environment:",
	"  ALEXA_CLIENT_ID, ALEXA_CLIENT_SECRET  the skill's Alexa client id and secret (required)",
	"  ALEXA_API_URL       event API base URL (default: the chosen region's), e.g. a 'pe-tui sandbox' URL",
	"  LWA_TOKEN_URL       Login with Amazon token URL (default: Amazon's, or $ALEXA_API_URL/auth/o2/token)",
	"  ALEXA_REFERENCE_ID  send with this referenceId instead of a fresh one",
	"Exit status: 0 accepted, 1 refused (Amazon's message on standard error),",
	"2 missing configuration, 3 no answer.",
}

// reason explains a refusal status (spec §8.3) in the programs' error output.
type reason struct {
	Status int    // HTTP status
	Text   string // literal of the program's language
}

// reasons are the explanations of spec §8.3's statuses, in status order.
var reasons = []struct {
	status int
	text   string
}{
	{400, "the event is invalid (or its creation already completed)"},
	{403, "the token is not valid for this skill, or the user has no subscription to this event"},
	{409, "this referenceId was already used for this customer; send with a new one"},
	{429, "too many requests"},
	{432, "the customer's notification limit is reached"},
	{500, "Amazon's internal error"},
}

// data fills a language template; every string in it is already a literal
// of the target language, or text that has no quotes and no backslashes.
type data struct {
	Generated     string   // the command that wrote the program (for its header comment)
	Target        string   // target name, e.g. "na-dev" (a name of alexa.TargetNames)
	Stage         string   // "development" or "live"
	EventName     string   // event.name when it is one of the eight (else "")
	APIURL        string   // literal: default event API base URL; empty requires ALEXA_API_URL
	TokenURL      string   // literal: default token URL; empty requires LWA_TOKEN_URL
	EventPath     string   // literal: the stage's event path
	ExpirySeconds int64    // expiryTime − timestamp at run time
	Doc           []string // contractDoc
	Reasons       []reason // reasons, with literal texts
	Event         string   // the embedded fields as a literal
}

// expiryDistance is the body's expiryTime − timestamp when both parse and the
// distance lies in [5 min, 24 h], else DefaultExpiry.
func expiryDistance(root map[string]any) time.Duration {
	ts, _ := root[schemas.FieldTimestamp].(string)
	exp, _ := root[schemas.FieldExpiryTime].(string)
	t1, err1 := schemas.ParseTime(ts)
	t2, err2 := schemas.ParseTime(exp)
	if err1 != nil || err2 != nil {
		return DefaultExpiry
	}
	d := t2.Sub(t1).Truncate(time.Second)
	if d < 5*time.Minute || d > 24*time.Hour {
		return DefaultExpiry
	}
	// A program started now must still be inside the window when the
	// request arrives: keep a minute of margin at both ends.
	if d < 6*time.Minute {
		d = 6 * time.Minute
	}
	if d > 24*time.Hour-time.Minute {
		d = 24*time.Hour - time.Minute
	}
	return d
}

// quoteFor writes s as a string literal of lang.
func quoteFor(lang Lang, s string) string {
	switch lang {
	case Java:
		return javaString(s)
	case Curl:
		return shellQuote(s)
	}
	return literalWriter{lang: lang}.str(s)
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// marshalOrdered writes the object m as compact ASCII-only JSON with its
// top-level keys in order (nested objects in sorted key order).
func marshalOrdered(m map[string]any, order []string) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, k := range order {
		if i > 0 {
			buf.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(m[k])
		if err != nil {
			return nil, err
		}
		buf.Write(kb)
		buf.WriteByte(':')
		buf.Write(vb)
	}
	buf.WriteByte('}')
	return asciiJSON(buf.Bytes()), nil
}

// asciiJSON rewrites every non-ASCII character of valid JSON text (which can
// only occur inside strings) as a \uXXXX escape, so the text is printable ASCII.
func asciiJSON(b []byte) []byte {
	var out bytes.Buffer
	for _, r := range string(b) {
		if r < 0x80 {
			out.WriteRune(r)
			continue
		}
		writeUTF16Escapes(&out, r, `\u%04x`)
	}
	return out.Bytes()
}

// writeUTF16Escapes writes r as one or two (surrogate pair) escapes in format.
func writeUTF16Escapes(out *bytes.Buffer, r rune, format string) {
	if r >= 0x10000 {
		r -= 0x10000
		fmt.Fprintf(out, format, 0xD800+(r>>10))
		fmt.Fprintf(out, format, 0xDC00+(r&0x3FF))
		return
	}
	fmt.Fprintf(out, format, r)
}

// templates holds the program of each language, each parsed on first use:
// parsing all five at package init cost ~1 ms of every pe-tui start.
var templates = map[Lang]func() *template.Template{
	Node: nodeTemplate, Python: pythonTemplate, Java: javaTemplate, Go: goTemplate, Curl: curlTemplate,
}

func mustParse(name, text string) func() *template.Template {
	return sync.OnceValue(func() *template.Template {
		return template.Must(template.New(name).Delims("[[", "]]").Parse(text))
	})
}
