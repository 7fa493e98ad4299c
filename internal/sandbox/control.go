package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"strings"
)

// ControlPrefix starts the emulator's own inspection and control routes.
const ControlPrefix = "/_emulator/"

// ControlHelp documents the control routes, for --help texts.
const ControlHelp = `Control routes (loopback clients only; never subject to faults). A request must
name a loopback host (127.0.0.1, [::1] or localhost) in Host, must not carry
an Origin header (browsers send one), and a POST or PUT must be
Content-Type: application/json; so a web page cannot reach them:
  GET      /_emulator/notifications[?user=ID][&stage=development|live]
                                 stored, unexpired notifications with their sentence (the newest
                                 100,000 and 32 MB; request bodies are at most 64 KiB)
  GET      /_emulator/requests   the last 1000 token and event requests and their verdicts
                                 (summaries: a verdict is cut to 512 bytes; bodies are never kept)
  GET      /_emulator/faults     the faults in force
  POST|PUT /_emulator/faults     replace them, e.g. {"forceStatus":429,"forceStatusCount":2,"retryAfter":"1"},
                                 {"forceStatus":500,"forceStatusCount":1}, {"dropConnection":true,"dropCount":1},
                                 {"latency":"3s"}; {} clears; "routes": "events" (default), "token" or "all"
  GET      /_emulator/certified  {"certified": false}
  POST|PUT /_emulator/certified  {"certified": true} allows the live stage
  GET      /_emulator/subscribers
  PUT      /_emulator/subscribers  a JSON array of {"userId","locale","stage","eventNames"}`

// serveControl answers the /_emulator routes.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request) {
	if status, msg := controlRefusal(r); status != 0 {
		writeJSON(w, status, controlError(msg))
		return
	}
	name := strings.TrimPrefix(r.URL.Path, ControlPrefix)
	switch name {
	case "notifications":
		if !allowMethods(w, r, http.MethodGet) {
			return
		}
		q := r.URL.Query()
		stage := q.Get("stage")
		if stage != "" && stage != StageDevelopment && stage != StageLive {
			writeJSON(w, http.StatusBadRequest, controlError("stage must be development or live"))
			return
		}
		now := s.now()
		s.mu.Lock()
		list := s.store.list(now, q.Get("user"), stage)
		s.mu.Unlock()
		writeJSON(w, http.StatusOK, map[string]any{"notifications": list})
	case "requests":
		if !allowMethods(w, r, http.MethodGet) {
			return
		}
		writeJSON(w, http.StatusOK, map[string]any{"requests": s.Requests()})
	case "faults":
		if !allowMethods(w, r, http.MethodGet, http.MethodPost, http.MethodPut) {
			return
		}
		if r.Method != http.MethodGet {
			var f Faults
			if !s.decodeControl(w, r, &f) {
				return
			}
			if err := s.SetFaults(f); err != nil {
				writeJSON(w, http.StatusBadRequest, controlError(err.Error()))
				return
			}
		}
		writeJSON(w, http.StatusOK, s.Faults())
	case "certified":
		if !allowMethods(w, r, http.MethodGet, http.MethodPost, http.MethodPut) {
			return
		}
		if r.Method != http.MethodGet {
			var v struct {
				Certified *bool `json:"certified"`
			}
			if !s.decodeControl(w, r, &v) {
				return
			}
			if v.Certified == nil {
				writeJSON(w, http.StatusBadRequest, controlError(`send {"certified": true} or {"certified": false}`))
				return
			}
			s.SetCertified(*v.Certified)
		}
		writeJSON(w, http.StatusOK, map[string]bool{"certified": s.Certified()})
	case "subscribers":
		if !allowMethods(w, r, http.MethodGet, http.MethodPut) {
			return
		}
		if r.Method == http.MethodPut {
			var subs []Subscriber
			if !s.decodeControl(w, r, &subs) {
				return
			}
			if subs == nil {
				subs = []Subscriber{}
			}
			if err := s.SetSubscribers(subs); err != nil {
				writeJSON(w, http.StatusBadRequest, controlError(err.Error()))
				return
			}
		}
		writeJSON(w, http.StatusOK, s.Subscribers())
	default:
		writeJSON(w, http.StatusNotFound, controlError("no control route "+r.URL.Path+
			": use notifications, requests, faults, certified or subscribers under "+ControlPrefix))
	}
}

func controlError(msg string) map[string]string { return map[string]string{"error": msg} }

// allowMethods answers 405 with an Allow header unless the method is listed.
func allowMethods(w http.ResponseWriter, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	allow := strings.Join(methods, ", ")
	w.Header().Set("Allow", allow)
	writeJSON(w, http.StatusMethodNotAllowed, controlError("method "+r.Method+" is not allowed on "+r.URL.Path+": use "+allow))
	return false
}

// decodeControl reads a JSON control body into v, answering 400 or 413 itself on failure.
func (s *Server) decodeControl(w http.ResponseWriter, r *http.Request, v any) bool {
	body, err := s.readBody(w, r)
	if err != nil {
		res := bodyError(routeControl, err)
		writeJSON(w, res.status, controlError(res.verdict))
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, controlError(fmt.Sprintf("invalid JSON body: %s", strings.TrimPrefix(err.Error(), "json: "))))
		return false
	}
	return true
}

// controlRefusal says why a control request is refused (status and
// message), or returns 0. The peer address alone does not keep a local
// browser out: a page can reach a loopback port by DNS rebinding (its own
// name in Host) or with a cross-origin "simple" POST (text/plain, no
// preflight). So the Host must be a loopback name, no Origin may be present,
// and a body must be declared application/json, which a page cannot send
// cross-origin without a preflight this server never approves.
func controlRefusal(r *http.Request) (int, string) {
	switch {
	case !loopbackClient(r):
		return http.StatusForbidden, "the " + ControlPrefix + " routes answer loopback clients only"
	case !loopbackHost(r.Host):
		return http.StatusForbidden, "the " + ControlPrefix + " routes answer requests for a loopback host only (Host 127.0.0.1, [::1] or localhost)"
	case r.Header.Get("Origin") != "":
		return http.StatusForbidden, "the " + ControlPrefix + " routes refuse requests from web pages (an Origin header was sent)"
	case r.Method == http.MethodPost || r.Method == http.MethodPut:
		if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
			return http.StatusUnsupportedMediaType, "send the body with Content-Type: application/json"
		}
	}
	return 0, ""
}

// loopbackHost reports whether a Host header names this machine's loopback
// interface: localhost, or a loopback IP, with or without a port.
func loopbackHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return isLoopbackHost(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"))
}

// loopbackClient reports whether the request comes from a loopback address.
func loopbackClient(r *http.Request) bool {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
