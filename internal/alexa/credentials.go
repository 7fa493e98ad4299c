package alexa

import (
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
// that echoes the token request body shows the secret that way).
type redactor []string

// newRedactor returns a redactor for the given secrets.
func newRedactor(secrets ...string) redactor {
	var r redactor
	for _, s := range secrets {
		r = r.add(s)
	}
	return r
}

// add returns r extended by secret and its form-encoded spelling.
func (r redactor) add(secret string) redactor {
	r = append(r, secret)
	if q := url.QueryEscape(secret); q != secret {
		r = append(r, q)
	}
	return r
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
