package users

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// Timeouts of the Receiver: a client that sends its request slower than
// this is cut off, so a stalled tunnel cannot hold a connection forever.
const (
	ReceiverReadTimeout  = 10 * time.Second
	ReceiverWriteTimeout = 10 * time.Second
	ReceiverIdleTimeout  = 30 * time.Second
)

// Receiver is a small loopback HTTP endpoint that a tunnelled skill endpoint
// (or a test) posts skill requests to; it catches the user of each one. It
// does NOT verify Alexa's request signatures: it listens on loopback only
// and refuses other peers, so only programs on this machine reach it.
//
// Every POST body (at most MaxInput bytes) goes through Catch; each user
// found is passed to OnUser, and the reply is a minimal skill response
// (200) or a plain-text 400 saying what was wrong. A Receiver is started
// once with Start and stopped with Close; both are safe from any goroutine.
type Receiver struct {
	// OnUser is called for every user caught (from the request's
	// goroutine; calls may overlap). Its error is sent back as a 422.
	OnUser func(Caught) error
	// OnReject, when set, is told why a post caught nobody (or was refused).
	OnReject func(peer string, err error)
	// ReadTimeout bounds reading one request (0 = ReceiverReadTimeout).
	ReadTimeout time.Duration
	// AllowHosts are Host header names accepted besides loopback ones: the
	// public name of a tunnel that forwards its own Host (ngrok without
	// --host-header=rewrite). Any other Host is refused, so that a web page
	// re-pointing its own name at 127.0.0.1 (DNS rebinding) saves nobody.
	AllowHosts []string

	mu  sync.Mutex
	srv *http.Server
	ln  net.Listener
}

// CheckLoopbackAddr reports whether addr (host:port) is on loopback.
func CheckLoopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q is not host:port such as 127.0.0.1:8788", addr)
	}
	if !sandbox.IsLoopbackHost(host) {
		return fmt.Errorf("listen address %q is not on loopback: the receiver listens on 127.0.0.1, ::1 or localhost only (it checks no signatures)", addr)
	}
	return nil
}

// Start listens on addr (loopback only; port 0 picks a free port) and
// serves until Close. It returns the base URL, e.g. http://127.0.0.1:8788.
func (r *Receiver) Start(addr string) (string, error) {
	if err := CheckLoopbackAddr(addr); err != nil {
		return "", err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.srv != nil {
		return "", errors.New("the receiver is already running")
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("cannot listen on %s: %w", addr, err)
	}
	r.ln = ln
	rt := r.ReadTimeout
	if rt <= 0 {
		rt = ReceiverReadTimeout
	}
	r.srv = &http.Server{
		Handler:           http.HandlerFunc(r.serve),
		ReadHeaderTimeout: rt,
		ReadTimeout:       rt,
		WriteTimeout:      ReceiverWriteTimeout,
		IdleTimeout:       ReceiverIdleTimeout,
		MaxHeaderBytes:    64 << 10,
	}
	srv := r.srv
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

// Addr is the address the receiver listens on; "" when not started.
func (r *Receiver) Addr() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.ln == nil {
		return ""
	}
	return r.ln.Addr().String()
}

// Close stops the receiver, waiting up to 2 s for requests in flight.
func (r *Receiver) Close() error {
	r.mu.Lock()
	srv := r.srv
	r.srv, r.ln = nil, nil
	r.mu.Unlock()
	if srv == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return srv.Close()
	}
	return nil
}

// skillResponse is the reply to a caught request: a valid, silent skill
// response, so a tunnelled skill does not report an error.
const skillResponse = `{"version":"1.0","response":{"shouldEndSession":true}}`

func (r *Receiver) serve(w http.ResponseWriter, req *http.Request) {
	peer := req.RemoteAddr
	host, _, _ := net.SplitHostPort(peer)
	if !sandbox.IsLoopbackHost(host) {
		r.reject(w, peer, http.StatusForbidden, errors.New("only loopback peers may post here"))
		return
	}
	// A web page in a browser on this machine can post to loopback too;
	// it cannot send application/json without a CORS preflight (refused
	// below as a non-POST), and a DNS-rebound name shows in Host.
	if !r.hostAllowed(req.Host) {
		r.reject(w, peer, http.StatusForbidden, fmt.Errorf("the Host header %q is not a loopback address; if it is your tunnel's name, allow it (pe-tui users catch --allow-host NAME) or make the tunnel rewrite the Host header", req.Host))
		return
	}
	if req.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		r.reject(w, peer, http.StatusMethodNotAllowed, fmt.Errorf("method %s: post a skill request", req.Method))
		return
	}
	if mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type")); mt != "application/json" {
		r.reject(w, peer, http.StatusUnsupportedMediaType, errors.New("post the request as Content-Type: application/json"))
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, MaxInput))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			r.reject(w, peer, http.StatusRequestEntityTooLarge, fmt.Errorf("the body is larger than %d bytes", MaxInput))
			return
		}
		r.reject(w, peer, http.StatusRequestTimeout, fmt.Errorf("reading the body: %v", err))
		return
	}
	caught, err := Catch(body)
	if err != nil {
		r.reject(w, peer, http.StatusBadRequest, err)
		return
	}
	for _, c := range caught {
		if r.OnUser == nil {
			continue
		}
		if err := r.OnUser(c); err != nil {
			r.reject(w, peer, http.StatusUnprocessableEntity, err)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, skillResponse)
}

func (r *Receiver) reject(w http.ResponseWriter, peer string, status int, err error) {
	if r.OnReject != nil {
		r.OnReject(peer, err)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, err.Error()+"\n")
}

// hostAllowed reports whether a request's Host header names loopback or
// one of AllowHosts.
func (r *Receiver) hostAllowed(hostport string) bool {
	h, _, err := net.SplitHostPort(hostport)
	if err != nil {
		h = hostport
	}
	h = strings.Trim(h, "[]")
	if sandbox.IsLoopbackHost(h) {
		return true
	}
	for _, a := range r.AllowHosts {
		if strings.EqualFold(a, h) {
			return true
		}
	}
	return false
}
