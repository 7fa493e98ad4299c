package importer

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/lazyre"
)

// shellWord is one word of a shell command line after quote removal.
type shellWord struct {
	text string
	line int  // input line where the word starts
	sep  bool // a command separator (newline, ;, &&, ||, |)
}

// shellWords splits a POSIX shell text into words and separators: it joins
// backslash-newline continuations (and cmd.exe's ^ continuations), removes
// quotes ('…', "…", $'…'), keeps $VAR and $(…) as they are written and
// skips # comments. An unclosed quote is an error at the quote.
func shellWords(src string) ([]shellWord, *ParseError) {
	var out []shellWord
	var cur strings.Builder
	inWord := false
	wordLine := 1
	line := 1
	flush := func() {
		if inWord {
			out = append(out, shellWord{text: cur.String(), line: wordLine})
			cur.Reset()
			inWord = false
		}
	}
	start := func() {
		if !inWord {
			inWord = true
			wordLine = line
		}
	}
	errAt := func(off int, format string, args ...any) *ParseError {
		l, c := position(src, off)
		return &ParseError{Line: l, Column: c, Msg: fmt.Sprintf(format, args...)}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src) && src[i+1] == '\n':
			i++
			line++
		case c == '\\' && i+2 < len(src) && src[i+1] == '\r' && src[i+2] == '\n':
			i += 2
			line++
		case c == '^' && i+1 < len(src) && (src[i+1] == '\n' || (src[i+1] == '\r' && i+2 < len(src) && src[i+2] == '\n')):
			// cmd.exe continuation.
			flush()
			if src[i+1] == '\r' {
				i++
			}
			i++
			line++
		case c == '\\':
			start()
			if i+1 < len(src) {
				i++
				cur.WriteByte(src[i])
			}
		case c == '\n':
			flush()
			out = append(out, shellWord{sep: true, line: line})
			line++
		case c == ' ' || c == '\t' || c == '\r':
			flush()
		case c == '#' && !inWord:
			for i < len(src) && src[i] != '\n' {
				i++
			}
			i--
		case c == ';' || c == '|' || c == '&':
			flush()
			if i+1 < len(src) && (src[i+1] == c) {
				i++
			}
			out = append(out, shellWord{sep: true, line: line})
		case c == '\'':
			start()
			end := strings.IndexByte(src[i+1:], '\'')
			if end < 0 {
				return nil, errAt(i, "a single quote opened here is never closed")
			}
			part := src[i+1 : i+1+end]
			cur.WriteString(part)
			line += strings.Count(part, "\n")
			i += end + 1
		case c == '$' && i+1 < len(src) && src[i+1] == '\'':
			start()
			j, err := ansiCQuoted(src, i+2, &cur)
			if err != nil {
				return nil, errAt(i, "%s", err.Msg)
			}
			line += strings.Count(src[i:j], "\n")
			i = j
		case c == '$' && i+1 < len(src) && src[i+1] == '(' && matchParen(src, i+1) < 0:
			return nil, errAt(i, "a $( opened here is never closed with )")
		case (c == '$' || c == '`') && expansion(src, i, nil) > 0:
			start()
			n := expansion(src, i, &cur)
			line += strings.Count(src[i:i+n], "\n")
			i += n - 1
		case c == '"':
			start()
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				if src[j] == '\\' && j+1 < len(src) && strings.IndexByte("\\\"$`\n", src[j+1]) >= 0 {
					j++
					if src[j] != '\n' {
						cur.WriteByte(src[j])
					} else {
						line++
					}
					continue
				}
				if src[j] == '$' || src[j] == '`' {
					if n := expansion(src, j, &cur); n > 0 {
						line += strings.Count(src[j:j+n], "\n")
						j += n - 1
						continue
					}
				}
				if src[j] == '\n' {
					line++
				}
				cur.WriteByte(src[j])
			}
			if j >= len(src) {
				return nil, errAt(i, "a double quote opened here is never closed")
			}
			i = j
		default:
			start()
			cur.WriteByte(c)
		}
	}
	flush()
	return out, nil
}

var (
	shellVarRE  = lazyre.New(`^\$(?:([A-Za-z_][A-Za-z0-9_]*)|\{([A-Za-z_][A-Za-z0-9_]*)\})`)
	dateOffRE   = lazyre.New(`([+-]?) ?(\d+) ?(seconds?|secs?|minutes?|mins?|hours?|days?)\b`)
	dateBSDRE   = lazyre.New(`-v ?([+-])(\d+)([SMHd])`)
	dateOptRE   = lazyre.New(`(?:^|\s)(?:-d|--date|-v)`)
	dateFieldRE = lazyre.New(`%[sN]`)
)

// expansion recognises a shell expansion at src[i] ($NAME, ${NAME}, $(…) or
// `…`), writes its pe-tui equivalent to b (when b is not nil) and returns its
// length in src, or 0 when there is none. $NAME becomes {{env:NAME}}; a date
// command printing an ISO time becomes {{now}} or {{now±N}}; uuidgen and
// the like become {{ref}}; any other
// command is written as its text with " and \ escaped, so a JSON string
// around it stays valid and validation reports the value.
func expansion(src string, i int, b *strings.Builder) int {
	write := func(s string) {
		if b != nil {
			b.WriteString(s)
		}
	}
	if m := shellVarRE().FindStringSubmatch(src[i:]); m != nil {
		write("{{env:" + m[1] + m[2] + "}}")
		return len(m[0])
	}
	var inner string
	var n int
	switch {
	case strings.HasPrefix(src[i:], "$("):
		k := matchParen(src, i+1)
		if k < 0 {
			return 0
		}
		inner, n = src[i+2:k], k+1-i
	case src[i] == '`':
		k := strings.IndexByte(src[i+1:], '`')
		if k < 0 {
			return 0
		}
		inner, n = src[i+1:i+1+k], k+2
	default:
		return 0
	}
	if ph, ok := dateCommand(inner); ok {
		write(ph)
	} else if idCommand(inner) {
		write("{{ref}}")
	} else {
		write(strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(src[i : i+n]))
	}
	return n
}

// idCommand reports whether a command prints a fresh unique id (uuidgen,
// the kernel's random uuid, openssl rand).
func idCommand(cmd string) bool {
	cmd = strings.TrimSpace(cmd)
	return cmd == "uuidgen" || strings.HasPrefix(cmd, "uuidgen ") || strings.Contains(cmd, "/proc/sys/kernel/random/uuid") || strings.HasPrefix(cmd, "openssl rand ")
}

// dateCommand maps a date(1) command that prints an ISO 8601 time (GNU -d
// "+23 hours", BSD -v+23H, or none) to a now placeholder.
func dateCommand(cmd string) (string, bool) {
	plain := strings.NewReplacer(`"`, "", `'`, "").Replace(strings.TrimSpace(cmd))
	if !strings.HasPrefix(plain, "date ") && plain != "date" {
		return "", false
	}
	if dateFieldRE().MatchString(plain) || !(strings.Contains(plain, "%Y") || strings.Contains(plain, "%F") || strings.Contains(plain, "-I") || strings.Contains(plain, "--iso")) {
		return "", false // epoch seconds or a format that is not ISO 8601
	}
	if m := dateBSDRE().FindStringSubmatch(plain); m != nil {
		v, _ := strconv.Atoi(m[2])
		d := time.Duration(v) * map[string]time.Duration{"S": time.Second, "M": time.Minute, "H": time.Hour, "d": 24 * time.Hour}[m[3]]
		if m[1] == "-" {
			d = -d
		}
		return nowPlaceholder(d), true
	}
	if !dateOptRE().MatchString(plain) {
		return "{{now}}", true
	}
	if m := dateOffRE().FindStringSubmatch(plain); m != nil {
		v, _ := strconv.Atoi(m[2])
		unit := time.Second
		switch m[3][0] {
		case 'm':
			unit = time.Minute
		case 'h':
			unit = time.Hour
		case 'd':
			unit = 24 * time.Hour
		}
		d := time.Duration(v) * unit
		if m[1] == "-" {
			d = -d
		}
		return nowPlaceholder(d), true
	}
	return "", false
}

// matchParen returns the index of the ) closing the ( at src[open], or -1.
func matchParen(src string, open int) int {
	depth := 0
	for j := open; j < len(src); j++ {
		switch src[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j
			}
		case '\'':
			end := strings.IndexByte(src[j+1:], '\'')
			if end < 0 {
				return -1
			}
			j += end + 1
		}
	}
	return -1
}

// ansiCQuoted decodes a $'…' string starting after the quote at src[i] and
// returns the index of its closing quote.
func ansiCQuoted(src string, i int, b *strings.Builder) (int, *ParseError) {
	for ; i < len(src); i++ {
		c := src[i]
		if c == '\'' {
			return i, nil
		}
		if c != '\\' || i+1 >= len(src) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := src[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		default:
			b.WriteByte(e)
		}
	}
	return 0, &ParseError{Msg: "a $' string opened here is never closed"}
}

// curlValueOptions are curl options that take a value (so the next word is
// not the URL). Options that carry a body, a header, a URL or credentials are
// handled by importCurl itself.
var curlValueOptions = map[string]bool{
	"-o": true, "--output": true, "-w": true, "--write-out": true, "-A": true, "--user-agent": true,
	"-e": true, "--referer": true, "-b": true, "--cookie": true, "-c": true, "--cookie-jar": true,
	"-m": true, "--max-time": true, "--connect-timeout": true, "-x": true, "--proxy": true,
	"--cacert": true, "--capath": true, "-E": true, "--cert": true, "--key": true, "-T": true, "--upload-file": true,
	"-F": true, "--form": true, "--retry": true, "--retry-delay": true, "--retry-max-time": true,
	"-K": true, "--config": true, "--resolve": true, "--limit-rate": true, "-r": true, "--range": true,
	"-Y": true, "-y": true, "-z": true, "--interface": true, "--dns-servers": true, "--max-filesize": true,
	"--connect-to": true, "--tls-max": true, "--ciphers": true, "--proto": true, "--proto-redir": true,
}

// curlShortWithValue are the single-letter options whose value may follow
// in the same word (-XPOST, -d'{…}').
const curlShortWithValue = "XHdudoweAbcmxETFKYyzr"

// curlCommand is what one curl command line asks for.
type curlCommand struct {
	url     string
	method  string
	headers []string
	data    []curlData
	line    int // input line of the curl word
	dropped []string
}

type curlData struct {
	text   string
	file   string // -d @file
	line   int
	option string
}

// importCurl imports every curl command of text that posts to a
// proactive-events endpoint (or that has a body and an unrecognised URL).
func importCurl(text string, opts Options) (*Result, error) {
	words, perr := shellWords(text)
	if perr != nil {
		return &Result{Format: FormatCurl, Events: []Event{{Raw: text, Line: 1, Err: perr}}}, nil
	}
	res := &Result{Format: FormatCurl}
	var cmds [][]shellWord
	var cur []shellWord
	for _, w := range words {
		if w.sep {
			if len(cur) > 0 {
				cmds = append(cmds, cur)
			}
			cur = nil
			continue
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		cmds = append(cmds, cur)
	}
	for _, c := range cmds {
		first := c[0].text
		if first == "$" && len(c) > 1 {
			c = c[1:]
			first = c[0].text
		}
		base := strings.ToLower(filepath.Base(first))
		if base != "curl" && base != "curl.exe" {
			continue
		}
		cc := parseCurl(c)
		res.addCurl(cc, opts)
	}
	if len(res.Events) == 0 && len(res.Notes) == 0 {
		return nil, fmt.Errorf("no curl command with a body was found")
	}
	return res, nil
}

func parseCurl(words []shellWord) *curlCommand {
	cc := &curlCommand{line: words[0].line}
	args := words[1:]
	for i := 0; i < len(args); i++ {
		w := args[i].text
		next := func() (string, int, bool) {
			if i+1 < len(args) {
				i++
				return args[i].text, args[i].line, true
			}
			return "", 0, false
		}
		name, val, hasVal := w, "", false
		if strings.HasPrefix(w, "--") {
			if k, v, ok := strings.Cut(w, "="); ok {
				name, val, hasVal = k, v, true
			}
		} else if strings.HasPrefix(w, "-") && len(w) > 1 {
			// A cluster such as -sSX POST or -XPOST or -d'{…}'.
			name = ""
			for j := 1; j < len(w); j++ {
				if strings.IndexByte(curlShortWithValue, w[j]) >= 0 {
					name = "-" + w[j:j+1]
					if j+1 < len(w) {
						val, hasVal = w[j+1:], true
					}
					break
				}
			}
			if name == "" {
				continue // only flags without values
			}
		} else {
			if cc.url == "" {
				cc.url = w
			}
			continue
		}
		takeValue := func() (string, int) {
			if hasVal {
				return val, args[i].line
			}
			v, l, _ := next()
			return v, l
		}
		switch name {
		case "-X", "--request":
			cc.method, _ = takeValue()
		case "-H", "--header":
			h, _ := takeValue()
			cc.headers = append(cc.headers, h)
		case "-d", "--data", "--data-ascii", "--data-binary", "--data-raw", "--json", "--data-urlencode":
			v, l := takeValue()
			d := curlData{text: v, line: l, option: name}
			if strings.HasPrefix(v, "@") && name != "--data-raw" && name != "--data-urlencode" {
				d.file = v[1:]
			}
			cc.data = append(cc.data, d)
		case "--url":
			cc.url, _ = takeValue()
		case "-u", "--user", "--oauth2-bearer", "--aws-sigv4":
			takeValue()
			cc.dropped = append(cc.dropped, name)
		default:
			if curlValueOptions[name] {
				takeValue()
			}
		}
	}
	return cc
}

// addCurl turns one parsed curl command into an event or a note.
func (res *Result) addCurl(cc *curlCommand, opts Options) {
	kind, target, shown := classifyURL(cc.url)
	where := fmt.Sprintf("curl at line %d", cc.line)
	if kind == urlToken {
		res.Notes = append(res.Notes, where+" asks Login with Amazon for a token: not imported (pe-tui fetches tokens itself; a client secret in it was not kept)")
		return
	}
	if len(cc.data) == 0 {
		res.Notes = append(res.Notes, where+" sends no body: not imported")
		return
	}
	if kind == urlUnknown && cc.url != "" && shown != "" && !strings.Contains(strings.ToLower(cc.url), "proactiveevents") {
		res.Notes = append(res.Notes, fmt.Sprintf("%s posts to %s, which is not a proactive-events endpoint: imported anyway; check it is an event", where, shown))
	}
	var notes []string
	if len(cc.data) > 1 {
		notes = append(notes, fmt.Sprintf("%s has %d data options: joined with & as curl does", where, len(cc.data)))
	}
	var parts []string
	for _, d := range cc.data {
		if d.option == "--data-urlencode" {
			notes = append(notes, "--data-urlencode sends a form value, not a JSON body: its text was taken as it is")
		}
		if d.file == "" {
			parts = append(parts, d.text)
			continue
		}
		if d.file == "-" || opts.ReadFile == nil {
			notes = append(notes, fmt.Sprintf("the body comes from %s, which is not read here: import that file instead", d.text))
			parts = append(parts, "")
			continue
		}
		data, err := opts.ReadFile(d.file)
		if err != nil {
			notes = append(notes, fmt.Sprintf("the body file %s cannot be read: %v", d.file, err))
			parts = append(parts, "")
			continue
		}
		notes = append(notes, "the body was read from "+d.file)
		parts = append(parts, string(data))
	}
	body := strings.Join(parts, "&")
	ev := bodyEvent(body, cc.data[0].line, opts)
	if strings.TrimSpace(body) == "" {
		ev.Err = &ParseError{Line: 1, Column: 1, Msg: "the body is empty"}
		ev.Body = nil
	}
	ev.Target, ev.URL = target, shown
	if target == "sandbox" && strings.HasSuffix(strings.TrimRight(shown, "/"), "/v1/proactiveEvents") {
		notes = append(notes, "the URL is the sandbox's live stage: send with --stage live to use it")
	}
	if kind == urlEvents && target == "" {
		notes = append(notes, "the host of "+shown+" is not one of Amazon's regions: no target was set; give one with --target")
	}
	for _, h := range cc.headers {
		name, _, _ := strings.Cut(h, ":")
		if strings.EqualFold(strings.TrimSpace(name), "Authorization") {
			notes = append(notes, "the Authorization header was dropped: tokens are never imported (pe-tui fetches its own)")
		}
	}
	for _, d := range cc.dropped {
		notes = append(notes, d+" (credentials) was dropped: credentials are never imported; use a pe-tui profile")
	}
	if cc.method != "" && !strings.EqualFold(cc.method, "POST") {
		notes = append(notes, "the command uses "+cc.method+"; events are always sent with POST")
	}
	ev.Notes = append(notes, ev.Notes...)
	res.Events = append(res.Events, ev)
}
