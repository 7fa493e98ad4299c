package doctor

import (
	"bytes"
	"errors"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Encoding names how a manifest file is encoded.
type Encoding string

// The encodings DetectEncoding tells apart.
const (
	UTF8        Encoding = "UTF-8"
	UTF8BOM     Encoding = "UTF-8 with a byte order mark"
	UTF16LE     Encoding = "UTF-16 little-endian"
	UTF16BE     Encoding = "UTF-16 big-endian"
	InvalidUTF8 Encoding = "not valid UTF-8"
)

// DetectEncoding tells the encoding of data and returns its text as UTF-8
// (without a byte order mark) when it can be decoded. UTF-16 is recognised
// by its byte order mark or, without one, by the zero bytes ASCII text has
// in it (what Windows PowerShell's "> skill.json" writes).
func DetectEncoding(data []byte) (Encoding, []byte) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return UTF8BOM, data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return UTF16LE, decodeUTF16(data[2:], false)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return UTF16BE, decodeUTF16(data[2:], true)
	case len(data) >= 2 && data[0] != 0 && data[1] == 0:
		return UTF16LE, decodeUTF16(data, false)
	case len(data) >= 2 && data[0] == 0 && data[1] != 0:
		return UTF16BE, decodeUTF16(data, true)
	case !utf8.Valid(data):
		return InvalidUTF8, nil
	}
	return UTF8, data
}

func decodeUTF16(b []byte, bigEndian bool) []byte {
	units := make([]uint16, len(b)/2)
	for i := range units {
		if bigEndian {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		} else {
			units[i] = uint16(b[2*i+1])<<8 | uint16(b[2*i])
		}
	}
	return []byte(string(utf16.Decode(units)))
}

// CheckManifestFile checks a skill.json given to the doctor: its encoding
// (SMAPI and the ASK CLI want UTF-8 without a byte order mark; a UTF-16 or
// BOM file is a problem even when its JSON is right), then the
// proactive-events parts of the manifest (schemas.CheckManifest). name
// names the file in the summaries.
func CheckManifestFile(name string, data []byte) []Check {
	var out []Check
	enc, text := DetectEncoding(data)
	switch enc {
	case UTF8:
	case InvalidUTF8:
		return append(out, Check{Area: "manifest", Status: Problem,
			Summary: fmt.Sprintf("%s is not valid UTF-8", name),
			Detail:  []string{"Save it as UTF-8 (without a byte order mark), e.g. download it again with 'ask smapi get-skill-manifest … > skill.json' from a UTF-8 shell."}})
	default:
		out = append(out, Check{Area: "manifest", Status: Problem,
			Summary: fmt.Sprintf("%s is encoded as %s; SMAPI and the ASK CLI expect UTF-8 without a byte order mark", name, enc),
			Detail: []string{
				"Windows PowerShell 5's '>' writes UTF-16: use 'ask smapi get-skill-manifest … | Out-File -Encoding utf8NoBOM skill.json' (PowerShell 7) or save it as \"UTF-8\" (not \"UTF-8 with BOM\") in your editor.",
				"The checks below read the decoded text.",
			}})
	}
	findings, err := schemas.CheckManifest(text)
	if err != nil {
		var se *schemas.SyntaxError
		msg := err.Error()
		if errors.As(err, &se) {
			msg = "not valid JSON: " + msg
		}
		return append(out, Check{Area: "manifest", Status: Problem, Summary: fmt.Sprintf("%s: %s", name, msg)})
	}
	bad := 0
	for _, f := range findings {
		st := Info
		if f.Severity == schemas.SeverityError {
			st = Problem
			bad++
		}
		out = append(out, Check{Area: "manifest", Status: st, Summary: fmt.Sprintf("%s: %s at %s: %s", name, f.Code, f.Path, f.Message)})
	}
	if bad == 0 {
		names, _ := schemas.PublishedEvents(text)
		out = append(out, Check{Area: "manifest", Status: OK,
			Summary: fmt.Sprintf("%s declares the notifications permission, an events endpoint and %d published event(s)", name, len(names))})
	} else {
		out = append(out, Check{Area: "manifest", Status: Info, Summary: "the snippet a manifest needs (keep your own endpoint uri and only the events you send):",
			Detail: snippetLines()})
	}
	return out
}
