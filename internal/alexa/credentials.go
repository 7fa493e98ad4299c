package alexa

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// Credentials are a skill's Alexa client id and client secret (developer
// console → Build → Permissions → Alexa Skill Messaging). Printing them with
// any fmt verb or marshalling them to JSON never shows the secret.
type Credentials struct {
	ClientID     string
	ClientSecret string
}

// Empty reports whether either part is missing.
func (c Credentials) Empty() bool { return c.ClientID == "" || c.ClientSecret == "" }

// String shows the client id and hides the secret.
func (c Credentials) String() string {
	s := "(none)"
	if c.ClientSecret != "" {
		s = "[redacted]"
	}
	return "client id " + c.ClientID + ", secret " + s
}

// Format implements fmt.Formatter so %v, %+v, %#v and %s all redact the secret.
func (c Credentials) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// MarshalJSON writes the client id only.
func (c Credentials) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ClientID string `json:"clientId"`
	}{c.ClientID})
}

// redactor replaces secrets in text that came from outside (server messages,
// error strings) before it is shown or stored. Build it with newRedactor or
// add, which also cover a secret's form-encoded spelling (a server or proxy
// that echoes the token request body shows the secret that way) and its
// base64 spellings (a server that echoes a header or body base64-encoded).
type redactor []string

// newRedactor returns a redactor for the given secrets.
func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		r = r.add(s)
	}
	return r
}

// add returns r extended by secret, its form-encoded spelling and its base64
// spellings.
func (r redactor) add(secret string) redactor {
	r = append(r, secret)
	if q := url.QueryEscape(secret); q != secret {
		r = append(r, q)
	}
	return append(r, base64Spellings(secret)...)
}

// minBase64Run is the shortest base64 run worth redacting: shorter runs
// could match ordinary text by chance.
const minBase64Run = 12

// base64Spellings returns the runs of base64 text (standard and URL
// alphabets) that encode secret wherever it sits in the encoded input: the
// secret may start at any of the three byte offsets of a base64 group, so
// each offset gives one run, without the characters that also depend on the
// bytes around the secret ("Bearer " before it, say, or a JSON body).
func base64Spellings(secret string) []string {
	var out []string
	for offset := 0; offset < 3; offset++ {
		buf := make([]byte, offset, offset+len(secret))
		buf = append(buf, secret...)
		enc := base64.RawStdEncoding.EncodeToString(buf)
		from := (offset*8 + 5) / 6           // first character made of secret bits only
		to := (offset + len(secret)) * 8 / 6 // characters after it mix in what follows
		if to-from < minBase64Run {
			continue
		}
		std := enc[from:to]
		out = append(out, std)
		if u := strings.NewReplacer("+", "-", "/", "_").Replace(std); u != std {
			out = append(out, u)
		}
	}
	return out
}

func (r redactor) apply(s string) string {
	for _, secret := range r {
		if len(secret) >= 4 && strings.Contains(s, secret) {
			s = strings.ReplaceAll(s, secret, "[redacted]")
		}
	}
	return s
}

func (r redactor) bytes(b []byte) []byte {
	for _, secret := range r {
		if len(secret) >= 4 && strings.Contains(string(b), secret) {
			return []byte(r.apply(string(b)))
		}
	}
	return b
}
