// Package history stores every send and its response in an embedded SQLite
// database, and answers the queries of the history pane and commands.
package history

import (
	"net/http"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Record is one send: the request exactly as sent and what came back.
// It never holds a client secret or an access token.
type Record struct {
	ID          int64             `json:"id"`                     // assigned by the store
	SentAt      time.Time         `json:"sentAt"`                 // when the send started (UTC)
	Profile     string            `json:"profile"`                // credential profile name; "" for the sandbox or environment credentials
	Target      string            `json:"target"`                 // target name ("sandbox", "na-dev", …) or a base URL
	Stage       string            `json:"stage"`                  // "development" or "live"
	EventName   string            `json:"eventName"`              // event.name of the body
	ReferenceID string            `json:"referenceId"`            // referenceId of the body
	Audience    string            `json:"audience"`               // "Multicast" or "Unicast:<userId>"
	Request     []byte            `json:"request"`                // the body exactly as sent
	Findings    []schemas.Finding `json:"findings,omitempty"`     // validation findings at send time
	Status      int               `json:"status"`                 // HTTP status; 0 when no response arrived
	Headers     http.Header       `json:"headers,omitempty"`      // response headers, without Authorization or any secret
	Body        []byte            `json:"body,omitempty"`         // raw response body
	Message     string            `json:"message,omitempty"`      // Amazon's message, unescaped
	RequestID   string            `json:"requestId,omitempty"`    // x-amzn-requestid
	Latency     time.Duration     `json:"latency"`                // time to the final response
	Attempts    int               `json:"attempts"`               // HTTP attempts made, retries included
	NetworkErr  string            `json:"networkError,omitempty"` // network failure text, when no response arrived
	OriginID    int64             `json:"originId,omitempty"`     // the record this one resends, 0 for a fresh send
	GroupID     string            `json:"groupId,omitempty"`      // the group send this record is one row of; "" for a single send
	Heard       *bool             `json:"heard,omitempty"`        // the developer's mark: heard on a device or not; nil = not marked
}

// StatusClass returns the record's outcome class, as Classify does.
func (r *Record) StatusClass() string { return Classify(r.Status, r.NetworkErr) }

// Outcome classes of a send without an HTTP response from the events API.
const (
	ClassCancelled = "cancelled" // the user cancelled the send
	ClassToken     = "token"     // the token endpoint answered and refused (or failed) to issue a token
	ClassNetwork   = "network"   // no response: unreachable, reset, timeout
)

// noResponseClasses tells the classes of a send without a response apart
// by the start of its recorded network error, which send and alexa write:
// a pattern ending in % is a prefix, else the whole text. The first class
// whose pattern matches wins; Classify and the query's SQL both read this.
var noResponseClasses = []struct{ class, like string }{
	{ClassCancelled, "cancelled %"},
	{ClassCancelled, "send cancelled%"},
	{ClassCancelled, "token request cancelled"},
	{ClassToken, "token %"},
}

// Classify returns the outcome class of a send: "2xx", "4xx", "5xx",
// "other" for a response of another status, and for no response
// "cancelled", "token" (the token step was refused) or "network".
func Classify(status int, networkErr string) string {
	switch {
	case status == 0:
		for _, p := range noResponseClasses {
			if pre, ok := strings.CutSuffix(p.like, "%"); ok && strings.HasPrefix(networkErr, pre) || networkErr == p.like {
				return p.class
			}
		}
		return ClassNetwork
	case status >= 200 && status < 300:
		return "2xx"
	case status >= 400 && status < 500:
		return "4xx"
	case status >= 500 && status < 600:
		return "5xx"
	}
	return "other"
}
