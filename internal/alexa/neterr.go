package alexa

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/pe-tui/pe-tui/internal/termtext"
)

// DefaultTimeout bounds each HTTP request (token or event) unless configured otherwise.
const DefaultTimeout = 10 * time.Second

// NetworkError is an event call that got no HTTP response: the connection
// was refused or dropped, the server was too slow, or the caller cancelled.
type NetworkError struct {
	URL      string        // the event URL
	Timeout  bool          // no response within Limit
	Limit    time.Duration // the per-request timeout that applied
	Canceled bool          // the caller's context was cancelled
	Err      error         // the underlying error
}

func (e *NetworkError) Error() string {
	switch {
	case e.Canceled:
		return "send cancelled before a response arrived"
	case e.Timeout:
		return "no response from " + e.URL + " within " + e.Limit.String() + "; the server is slow or unreachable, try again or check the target"
	}
	return "no response from " + e.URL + ": " + networkText(e.Err) + "; check the target and the network"
}

func (e *NetworkError) Unwrap() error { return e.Err }

// unwrapURLError drops the *url.Error wrapper (whose text repeats method and URL).
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// isTimeout reports whether err is a timeout (deadline or net timeout).
func isTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// networkText turns a transport error into a short plain sentence.
func networkText(err error) string {
	if err == nil {
		return "unknown error"
	}
	switch {
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused (nothing listens there)"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection reset by the server"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case isTimeout(err):
		return "timed out"
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return "host " + dns.Name + " not found"
	}
	s := unwrapURLError(err).Error()
	if strings.Contains(s, "EOF") || strings.Contains(s, "server closed") {
		return "the server closed the connection without answering"
	}
	// Transport errors quote what the server sent (a malformed header line).
	return termtext.Clean(s)
}
