package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// routeKind classifies a request path.
type routeKind int

const (
	routeNone routeKind = iota
	routeToken
	routeEvent
	routeControl
)

// route maps a path to its kind and, for event routes, the stage.
func route(path string) (routeKind, string) {
	switch path {
	case TokenPath, TokenPathUpper:
		return routeToken, ""
	case LivePath, LivePath + "/":
		return routeEvent, StageLive
	case DevelopmentPath:
		return routeEvent, StageDevelopment
	}
	if strings.HasPrefix(path, ControlPrefix) {
		return routeControl, ""
	}
	return routeNone, ""
}

// result is a response to write and what to log about it.
type result struct {
	status    int
	body      []byte // nil: empty body
	header    map[string]string
	verdict   string
	token     string // at most 8 characters of the bearer token
	requestID string
	delivered []Notification
}

const jsonContentType = "application/json;charset=UTF-8"

// serve is the emulator's single handler.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	kind, stage := route(r.URL.Path)
	if kind == routeControl {
		s.serveControl(w, r)
		return
	}
	s.active.Add(1)
	defer s.active.Add(-1)
	started := time.Now()
	now := s.now()
	entry := RequestLog{Time: now, Method: r.Method, Path: r.URL.Path, Stage: stage}
	res, dropped := s.handle(w, r, kind, stage, now)
	if kind == routeEvent && !dropped && res.status != 0 {
		res = withRequestID(res)
	}
	if !dropped && res.status != 0 {
		writeResult(w, res)
	}
	entry.Status, entry.Verdict, entry.Token = res.status, summary(res.verdict, maxVerdictBytes), res.token
	entry.Path = summary(entry.Path, maxPathBytes)
	entry.RequestID, entry.Delivered, entry.Duration = res.requestID, len(res.delivered), time.Since(started)
	s.mu.Lock()
	s.reqs.add(entry)
	s.mu.Unlock()
	s.logRequest(entry)
	for _, n := range res.delivered {
		s.log.Info("delivered", "user", n.UserID, "locale", n.Locale, "stage", n.Stage, "event", n.EventName,
			"referenceId", n.ReferenceID, "text", n.Text)
	}
}

// The request log keeps summaries, never bodies: a verdict that quotes a
// huge key name, or a long path, is cut to these sizes.
const (
	maxVerdictBytes = 512
	maxPathBytes    = 256
)

// summary cuts s to at most n bytes at a rune boundary, saying how much was cut.
func summary(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "… (" + strconv.Itoa(len(s)-cut) + " more bytes)"
}

// handle produces the result of a token, event or unknown route. dropped
// reports that the connection was closed without a response.
func (s *Server) handle(w http.ResponseWriter, r *http.Request, kind routeKind, stage string, now time.Time) (res result, dropped bool) {
	if kind == routeNone {
		return notFound(r), false
	}
	if r.Method != http.MethodPost {
		res = methodNotAllowed(r, kind)
		res.header = map[string]string{"Allow": http.MethodPost}
		return res, false
	}
	body, err := s.readBody(w, r)
	if err != nil {
		return bodyError(kind, err), false
	}
	s.mu.Lock()
	act := s.faults.take(kind)
	s.mu.Unlock()
	if act.latency > 0 {
		select {
		case <-time.After(act.latency):
		case <-r.Context().Done():
			return result{verdict: "client went away during injected latency"}, true
		case <-s.closing:
			return amazonError(http.StatusServiceUnavailable, "The sandbox is shutting down"), false
		}
	}
	switch {
	case act.drop:
		dropConnection(w)
		return result{verdict: "injected fault: connection dropped"}, true
	case act.status != 0:
		return forcedResult(kind, act), false
	case kind == routeToken:
		return s.issueToken(r, body, now), false
	default:
		return s.acceptEvent(r, body, stage, now), false
	}
}

// readBody reads the whole body (chunked or not) up to MaxBodyBytes, within
// the body timeout. After a timeout the connection is closed once answered.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rc := http.NewResponseController(w)
	// Not every ResponseWriter supports deadlines (httptest's recorder does not).
	if rc.SetReadDeadline(time.Now().Add(s.bodyTimeout)) == nil {
		defer func() { _ = rc.SetReadDeadline(time.Time{}) }()
	}
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil && isTimeout(err) {
		w.Header().Set("Connection", "close")
		return nil, errBodyTimeout
	}
	return b, err
}

// errBodyTimeout is a request body that did not arrive within the body timeout.
var errBodyTimeout = errors.New("the request body did not arrive in time")

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, os.ErrDeadlineExceeded) || errors.As(err, &ne) && ne.Timeout()
}

func bodyError(kind routeKind, err error) result {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		msg := "The request body is larger than " + strconv.Itoa(MaxBodyBytes) + " bytes"
		if kind == routeToken {
			return oauthError(http.StatusRequestEntityTooLarge, "invalid_request", msg, "refused: "+msg)
		}
		return amazonError(http.StatusRequestEntityTooLarge, msg)
	}
	if errors.Is(err, errBodyTimeout) {
		msg := "The request body did not arrive within the time allowed; send it at once"
		if kind == routeToken {
			return oauthError(http.StatusRequestTimeout, "invalid_request", msg, "refused: "+msg)
		}
		return amazonError(http.StatusRequestTimeout, msg)
	}
	msg := "The request body could not be read: " + err.Error()
	if kind == routeToken {
		return oauthError(http.StatusBadRequest, "invalid_request", "Malformed request", "refused: "+msg)
	}
	return amazonError(http.StatusBadRequest, msg)
}

func notFound(r *http.Request) result {
	return amazonError(http.StatusNotFound, "No route for "+r.Method+" "+r.URL.Path+
		": the sandbox serves "+TokenPath+", "+LivePath+", "+DevelopmentPath+" and "+ControlPrefix+"…")
}

func methodNotAllowed(r *http.Request, kind routeKind) result {
	msg := "Method " + r.Method + " is not allowed on " + r.URL.Path + ": use POST"
	if kind == routeToken {
		return oauthError(http.StatusMethodNotAllowed, "invalid_request", msg, msg)
	}
	return amazonError(http.StatusMethodNotAllowed, msg)
}

// forcedResult is the response of an injected status.
func forcedResult(kind routeKind, a faultAction) result {
	msg := a.message
	if msg == "" {
		msg = forcedMessage(a.status)
	}
	var res result
	switch {
	case a.status >= 200 && a.status < 300:
		res = result{status: a.status}
	case kind == routeToken:
		code := "invalid_request"
		switch {
		case a.status >= 500:
			code = "server_error"
		case a.status == http.StatusUnauthorized:
			code = "invalid_client"
		}
		res = oauthError(a.status, code, msg, "")
	default:
		res = amazonError(a.status, msg)
	}
	res.verdict = "injected fault: status " + strconv.Itoa(a.status)
	if a.retryAfter != "" {
		res.header = map[string]string{"Retry-After": a.retryAfter}
	}
	return res
}

// dropConnection closes the client's connection without writing anything.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Not hijackable (e.g. HTTP/2): abort the response instead.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

func writeResult(w http.ResponseWriter, res result) {
	h := w.Header()
	for k, v := range res.header {
		h.Set(k, v)
	}
	if res.body != nil {
		h.Set("Content-Type", jsonContentType)
		h.Set("Content-Length", strconv.Itoa(len(res.body)))
	}
	w.WriteHeader(res.status)
	if res.body != nil {
		_, _ = w.Write(res.body)
	}
}

func (s *Server) logRequest(e RequestLog) {
	attrs := []slog.Attr{
		slog.String("method", e.Method), slog.String("path", e.Path), slog.Int("status", e.Status),
		slog.String("verdict", e.Verdict),
	}
	if e.Token != "" {
		attrs = append(attrs, slog.String("token", e.Token+"…"))
	}
	if e.RequestID != "" {
		attrs = append(attrs, slog.String("requestId", e.RequestID))
	}
	attrs = append(attrs, slog.Duration("took", e.Duration))
	level := slog.LevelInfo
	if e.Status == 0 || e.Status >= 500 {
		level = slog.LevelWarn
	}
	s.log.LogAttrs(context.Background(), level, "request", attrs...)
}

// writeJSON answers a control route.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"error":"cannot encode the answer"}`)
	}
	body = append(body, '\n')
	writeResult(w, result{status: status, body: body})
}
