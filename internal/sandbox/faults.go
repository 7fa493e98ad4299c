package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// Routes a fault applies to (Faults.Routes).
const (
	FaultRoutesEvents = "events" // the two event routes (the default, also for "")
	FaultRoutesToken  = "token"  // the token route only
	FaultRoutesAll    = "all"    // token and event routes
)

// Faults are injected failures for client tests. They apply before any other
// processing (after the body is read), to the routes named by Routes, never to
// the /_emulator routes. Examples:
//
//	Faults{ForceStatus: 429, ForceStatusCount: 2, RetryAfter: "1"} // next 2 requests 429, then normal
//	Faults{ForceStatus: 500, ForceStatusCount: 1}                  // next request 500
//	Faults{DropConnection: true, DropCount: 1}                     // drop the next connection
//	Faults{Latency: 3 * time.Second}                               // add 3 s to every request
//	Faults{}                                                       // clear all faults
type Faults struct {
	// Latency is added to every matching request until cleared.
	Latency time.Duration
	// ForceStatus, when not 0, is answered instead of processing the request.
	ForceStatus int
	// ForceStatusCount is how many requests get ForceStatus (0 = until cleared).
	ForceStatusCount int
	// RetryAfter is sent as the Retry-After header with a forced status, when set.
	RetryAfter string
	// Message is the forced status's error message ("" = a standard one per status).
	Message string
	// DropConnection closes the connection without any response (the client
	// sees EOF or a reset). It takes precedence over ForceStatus.
	DropConnection bool
	// DropCount is how many requests are dropped (0 = until cleared).
	DropCount int
	// Routes is FaultRoutesEvents (or ""), FaultRoutesToken or FaultRoutesAll.
	Routes string
}

// Check reports the first invalid value.
func (f *Faults) Check() error {
	switch {
	case f.Latency < 0:
		return fmt.Errorf("fault latency %s is negative", f.Latency)
	case f.ForceStatus != 0 && (f.ForceStatus < 200 || f.ForceStatus > 599):
		return fmt.Errorf("forced status %d is not an HTTP status from 200 to 599 (0 = none)", f.ForceStatus)
	case f.ForceStatusCount < 0:
		return fmt.Errorf("forced status count %d is negative (0 = until cleared)", f.ForceStatusCount)
	case f.DropCount < 0:
		return fmt.Errorf("drop count %d is negative (0 = until cleared)", f.DropCount)
	}
	switch f.Routes {
	case "", FaultRoutesEvents, FaultRoutesToken, FaultRoutesAll:
	default:
		return fmt.Errorf("fault routes %q is not events, token or all", f.Routes)
	}
	return nil
}

// faultsJSON is the wire shape of Faults: latency is a duration string.
type faultsJSON struct {
	Latency          json.RawMessage `json:"latency,omitempty"`
	ForceStatus      int             `json:"forceStatus"`
	ForceStatusCount int             `json:"forceStatusCount"`
	RetryAfter       string          `json:"retryAfter,omitempty"`
	Message          string          `json:"message,omitempty"`
	DropConnection   bool            `json:"dropConnection"`
	DropCount        int             `json:"dropCount"`
	Routes           string          `json:"routes,omitempty"`
}

// MarshalJSON writes the latency as a Go duration string ("3s").
func (f Faults) MarshalJSON() ([]byte, error) {
	lat, _ := json.Marshal(f.Latency.String())
	return json.Marshal(faultsJSON{
		Latency: lat, ForceStatus: f.ForceStatus, ForceStatusCount: f.ForceStatusCount,
		RetryAfter: f.RetryAfter, Message: f.Message, DropConnection: f.DropConnection,
		DropCount: f.DropCount, Routes: f.Routes,
	})
}

// UnmarshalJSON reads the latency as a duration string ("250ms", "3s") or a
// number of milliseconds. Unknown keys are an error.
func (f *Faults) UnmarshalJSON(data []byte) error {
	var w faultsJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&w); err != nil {
		return fmt.Errorf("faults: %w", err)
	}
	var lat time.Duration
	if len(w.Latency) > 0 && string(w.Latency) != "null" {
		var s string
		if err := json.Unmarshal(w.Latency, &s); err == nil {
			d, err := time.ParseDuration(s)
			if err != nil {
				return fmt.Errorf("faults: latency %q is not a duration such as \"250ms\" or \"3s\"", s)
			}
			lat = d
		} else {
			ms, err := strconv.ParseFloat(string(w.Latency), 64)
			if err != nil {
				return fmt.Errorf("faults: latency must be a duration string such as \"3s\" or a number of milliseconds")
			}
			lat = time.Duration(ms * float64(time.Millisecond))
		}
	}
	*f = Faults{
		Latency: lat, ForceStatus: w.ForceStatus, ForceStatusCount: w.ForceStatusCount,
		RetryAfter: w.RetryAfter, Message: w.Message, DropConnection: w.DropConnection,
		DropCount: w.DropCount, Routes: w.Routes,
	}
	return nil
}

// appliesTo reports whether the faults cover a route kind.
func (f *Faults) appliesTo(r routeKind) bool {
	switch f.Routes {
	case FaultRoutesAll:
		return r == routeToken || r == routeEvent
	case FaultRoutesToken:
		return r == routeToken
	default:
		return r == routeEvent
	}
}

// faultAction is what one request gets from the injected faults.
type faultAction struct {
	latency    time.Duration
	drop       bool
	status     int
	retryAfter string
	message    string
}

// take decides the faults of one request and consumes counted ones. The
// caller holds the server lock.
func (f *Faults) take(r routeKind) faultAction {
	if !f.appliesTo(r) {
		return faultAction{}
	}
	a := faultAction{latency: f.Latency}
	switch {
	case f.DropConnection:
		a.drop = true
		if f.DropCount > 0 {
			f.DropCount--
			if f.DropCount == 0 {
				f.DropConnection = false
			}
		}
	case f.ForceStatus != 0:
		a.status, a.retryAfter, a.message = f.ForceStatus, f.RetryAfter, f.Message
		if f.ForceStatusCount > 0 {
			f.ForceStatusCount--
			if f.ForceStatusCount == 0 {
				f.ForceStatus, f.RetryAfter, f.Message = 0, "", ""
			}
		}
	}
	return a
}

// forcedMessage is the default error message of a forced status.
func forcedMessage(status int) string {
	switch status {
	case http.StatusTooManyRequests:
		return "Rate exceeded"
	case http.StatusInternalServerError:
		return "Internal service error"
	case http.StatusServiceUnavailable:
		return "Service unavailable"
	case http.StatusForbidden:
		return "Token in the request is not valid"
	}
	if t := statusType(status); t != "" {
		return t
	}
	return "Injected fault " + strconv.Itoa(status)
}

// statusType is the "type" of an Amazon error body: the HTTP reason phrase.
func statusType(status int) string {
	if status == StatusNotificationLimit {
		return "Notification Limit Exceeded"
	}
	return http.StatusText(status)
}

// StatusNotificationLimit is the non-standard status Amazon answers when the
// live notification limit is reached.
const StatusNotificationLimit = 432
