package history

import (
	"net/http"
	"strings"
)

// secretHeaderWords mark a header name as possibly carrying a credential;
// such headers are dropped before a record is stored.
var secretHeaderWords = []string{"auth", "token", "secret", "password", "passwd", "cookie", "session", "credential", "api-key", "apikey", "signature"}

// secretHeader reports whether a header must not be stored: its name looks
// like a credential's (Authorization, Set-Cookie, X-Amz-Security-Token, …).
func secretHeader(name string) bool {
	n := strings.ToLower(name)
	for _, w := range secretHeaderWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// secretValue reports whether a header value carries a credential whatever
// the header's name: a bearer or basic authorization value.
func secretValue(v string) bool {
	v = strings.ToLower(strings.TrimSpace(v))
	return strings.HasPrefix(v, "bearer ") || strings.HasPrefix(v, "basic ")
}

// RedactHeaders returns a copy of h without the headers that may carry a
// secret: Authorization, Proxy-Authorization, Cookie, Set-Cookie, any header
// whose name contains auth, token, secret, password, cookie, session,
// credential, api-key or signature, and any value that starts with "Bearer "
// or "Basic ". It returns nil when nothing is left. Append applies it.
func RedactHeaders(h http.Header) http.Header {
	var out http.Header
	for name, values := range h {
		if secretHeader(name) {
			continue
		}
		var kept []string
		for _, v := range values {
			if !secretValue(v) {
				kept = append(kept, v)
			}
		}
		if len(kept) == 0 {
			continue
		}
		if out == nil {
			out = make(http.Header, len(h))
		}
		out[http.CanonicalHeaderKey(name)] = kept
	}
	return out
}
