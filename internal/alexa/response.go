package alexa

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Response is the outcome of one event call: the final HTTP response and
// every attempt that led to it. It never holds the access token or the
// client secret.
type Response struct {
	Target      string        // target name, e.g. "na-dev", "sandbox" or a base URL
	Stage       Stage         // the stage the event went to
	URL         string        // the event URL
	Status      int           // final HTTP status; 0 when no response arrived
	Explanation string        // what Status means, in plain words (spec §8.3)
	Type        string        // the "type" (or "code") of the error body, e.g. "Forbidden"
	Message     string        // Amazon's message, unescaped; the raw text when the body is not JSON
	RequestID   string        // x-amzn-requestid
	Header      http.Header   // final response headers
	Body        []byte        // final raw response body
	Latency     time.Duration // round trip of the final attempt
	Elapsed     time.Duration // the whole call: token, attempts and waits
	Attempts    []Attempt     // every HTTP attempt, in order
	NetworkErr  string        // when no response arrived: what happened
}

// OK reports whether the event was accepted (2xx).
func (r *Response) OK() bool { return r != nil && r.Status >= 200 && r.Status < 300 }

// Attempt is one HTTP request of an event call.
type Attempt struct {
	Number   int           // 1-based
	Of       int           // how many attempts the call may make, as known after this one
	Status   int           // HTTP status; 0 when no response arrived
	Error    string        // network error text, when no response arrived
	Duration time.Duration // round trip of this attempt
	Wait     time.Duration // the pause before the next attempt; 0 when none follows
	Retry    string        // why another attempt follows, e.g. "rate limited (429)"; "" when this one is final
}

// String describes the attempt, e.g. "attempt 2/4: 429, retrying in 2s (rate limited (429))".
func (a Attempt) String() string {
	s := fmt.Sprintf("attempt %d/%d: ", a.Number, a.Of)
	if a.Status != 0 {
		s += strconv.Itoa(a.Status)
	} else {
		s += "no response"
		if a.Error != "" {
			s += " (" + a.Error + ")"
		}
	}
	s += " in " + FormatDuration(a.Duration)
	if a.Retry != "" {
		if a.Wait > 0 {
			s += ", retrying in " + FormatDuration(a.Wait)
		} else {
			s += ", retrying now"
		}
		s += ": " + a.Retry
	}
	return s
}

// FormatDuration shows a latency or wait for people, precise enough that a
// fast loopback call never reads "0s": "2.35s", "3.2ms", "412µs", "380ns".
// pe-tui's text output formats every duration with it.
func FormatDuration(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(100 * time.Microsecond).String()
	case d >= time.Microsecond:
		return d.Round(time.Microsecond).String()
	}
	return d.String()
}

type attemptJSON struct {
	Number     int     `json:"number"`
	Of         int     `json:"of"`
	Status     int     `json:"status"`
	Error      string  `json:"error,omitempty"`
	DurationMs float64 `json:"durationMs"`
	WaitMs     float64 `json:"waitMs,omitempty"`
	Retry      string  `json:"retry,omitempty"`
}

// ms is d in milliseconds, to the nanosecond (a sub-microsecond latency is not 0).
func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// MarshalJSON writes durations in milliseconds.
func (a Attempt) MarshalJSON() ([]byte, error) {
	return json.Marshal(attemptJSON{a.Number, a.Of, a.Status, a.Error, ms(a.Duration), ms(a.Wait), a.Retry})
}

// MarshalJSON writes the response for scripts: durations in milliseconds and
// the body as text.
func (r *Response) MarshalJSON() ([]byte, error) {
	body := string(r.Body)
	if !utf8.ValidString(body) {
		body = strings.ToValidUTF8(body, "\uFFFD")
	}
	return json.Marshal(struct {
		Target      string      `json:"target"`
		Stage       Stage       `json:"stage"`
		URL         string      `json:"url"`
		Status      int         `json:"status"`
		Accepted    bool        `json:"accepted"`
		Explanation string      `json:"explanation"`
		Type        string      `json:"type,omitempty"`
		Message     string      `json:"message,omitempty"`
		RequestID   string      `json:"requestId,omitempty"`
		Header      http.Header `json:"headers,omitempty"`
		Body        string      `json:"body"`
		LatencyMs   float64     `json:"latencyMs"`
		ElapsedMs   float64     `json:"elapsedMs"`
		Attempts    []Attempt   `json:"attempts"`
		NetworkErr  string      `json:"networkError,omitempty"`
	}{r.Target, r.Stage, r.URL, r.Status, r.OK(), r.Explanation, r.Type, r.Message, r.RequestID, r.Header,
		body, ms(r.Latency), ms(r.Elapsed), r.Attempts, r.NetworkErr})
}

// Known 403 message fragments (spec §8.3, §12.3).
const (
	MsgTokenInvalid   = "Token in the request is not valid"
	msgNoEnablement   = "No enablement for clientId"
	msgNoSubscription = "Can't find any subscription"
	msgNotCertified   = "not certified"
)

// tokenInvalid reports whether a 403 message says the token is invalid.
func tokenInvalid(msg string) bool {
	return strings.Contains(strings.ToLower(msg), strings.ToLower(MsgTokenInvalid))
}

// Explain says in plain words what a status (and, for 403, its message)
// means and what to do (spec §8.3).
func Explain(status int, message string) string {
	switch {
	case status == 0:
		return "No response: the request did not reach the service or the connection failed before an answer."
	case status == http.StatusAccepted:
		return "Accepted: Alexa will deliver the notification to the subscribed customers."
	case status >= 200 && status < 300:
		return fmt.Sprintf("Success (%d): the event was accepted.", status)
	case status >= 300 && status < 400:
		return fmt.Sprintf("Redirected (%d %s): not followed. Amazon's endpoints never redirect, and following would hand the access token and the event to another server. Check the target URL.", status, http.StatusText(status))
	case status == http.StatusBadRequest:
		return "Bad request: a parameter is missing or malformed (schema violation, expiry window), or an earlier request already completed this creation. Fix the body as the message says and send again."
	case status == http.StatusForbidden:
		switch {
		case tokenInvalid(message):
			return "Forbidden: the access token is not valid (expired, revoked, or issued for another skill). A fresh token was fetched and the call retried once; if it still fails, check that the client id and secret belong to this skill."
		case strings.Contains(message, msgNoEnablement):
			return "Forbidden: this user has not enabled the skill this token is for; usually the user enabled another skill. Check the profile: its client id must be that of the skill the user enabled, and the user id must come from that skill (it changes when the skill is re-enabled)."
		case strings.Contains(message, msgNoSubscription):
			return "Forbidden: nobody is subscribed to this event for this stage and skill. Publish the event in the skill manifest, enable the skill's notifications in the Alexa app, and for Unicast check the user id."
		case strings.Contains(message, msgNotCertified):
			return "Forbidden: the skill is not certified, so the live stage is closed to it. Send to the development stage instead."
		}
		return "Forbidden: the token is invalid or belongs to another skill, or the user has no subscription to this event for this stage and skill."
	case status == http.StatusNotFound:
		return "Not found: the target does not serve the proactive events API at this path. Check the target URL and stage."
	case status == http.StatusMethodNotAllowed:
		return "Method not allowed: the target expects a POST at this path. Check the target URL."
	case status == http.StatusConflict:
		return "Conflict: this referenceId was already sent to this customer. Use a new referenceId (resend as new)."
	case status == http.StatusTooManyRequests:
		return "Too many requests: the rate limit was exceeded. The call was retried with backoff; wait a moment and send again."
	case status == 432:
		return "Notification limit reached for this customer (live skills only). Wait, or test on the development stage, which has no limit."
	case status == http.StatusInternalServerError:
		return "Internal error at the service for a valid request. The call was retried with backoff; try again later."
	case status >= 500:
		return fmt.Sprintf("Server error (%d %s): not retried; try again later or check the target.", status, http.StatusText(status))
	case status >= 400:
		return fmt.Sprintf("Rejected (%d %s): not retried; see the message.", status, http.StatusText(status))
	}
	return fmt.Sprintf("Unexpected status %d %s.", status, http.StatusText(status))
}

// ParseErrorBody reads an error body leniently: {"type","message"},
// {"code","message"} (code may be a number or a string), or OAuth's
// {"error","error_description"}; anything else is returned as trimmed raw
// text. Escaped newlines, tabs and quotes in the message are unescaped.
func ParseErrorBody(body []byte) (typ, message string) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return "", ""
	}
	var m map[string]json.RawMessage
	if trimmed[0] == '{' && json.Unmarshal(trimmed, &m) == nil {
		str := func(keys ...string) string {
			for _, k := range keys {
				raw, ok := m[k]
				if !ok {
					continue
				}
				var s string
				if json.Unmarshal(raw, &s) == nil {
					return s
				}
				var n json.Number
				if json.Unmarshal(raw, &n) == nil {
					return n.String()
				}
			}
			return ""
		}
		typ = str("type", "code", "error")
		message = str("message", "Message", "error_description")
		if typ != "" || message != "" {
			return typ, unescapeMessage(message)
		}
	}
	return "", unescapeMessage(string(trimmed))
}

var messageUnescaper = strings.NewReplacer(`\r\n`, "\n", `\n`, "\n", `\t`, "\t", `\"`, `"`, `\\`, `\`)

// unescapeMessage undoes the extra escaping some service messages carry.
func unescapeMessage(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	return messageUnescaper.Replace(s)
}
