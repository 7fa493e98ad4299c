package sandbox

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Server is one running emulator. All methods are safe for concurrent use.
type Server struct {
	cfg Config // with defaults applied; immutable after New
	now func() time.Time
	log *slog.Logger

	mu         sync.Mutex
	certified  bool
	subs       []Subscriber
	faults     Faults
	tokens     map[string]*token
	tokenOrder []issued // the tokens in order of issue, for expireTokens
	store      store
	reqs       requestRing

	srvMu   sync.Mutex
	httpSrv *http.Server
	baseURL string

	active    atomic.Int64  // token and event requests being handled
	closing   chan struct{} // closed by Shutdown; ends injected latency early
	closeOnce sync.Once
	post      *http.Client // for subscription-changed events

	bodyTimeout time.Duration // how long a request body may take to arrive
}

// noticeTimeout bounds one subscription-changed post.
const noticeTimeout = 5 * time.Second

// DefaultBodyTimeout is how long a request body may take to arrive, from
// the end of its headers; a client that sends it slower gets 408 and the
// connection is closed, so trickling clients cannot hold connections.
const DefaultBodyTimeout = 10 * time.Second

// New returns an emulator configured by cfg with the defaults of spec §12.1
// applied to zero values. It does not listen until Start; Handler serves it
// from any http.Server.
func New(cfg Config) *Server {
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:       cfg,
		now:       cfg.Now,
		log:       cfg.Logger,
		certified: cfg.Certified,
		subs:      cfg.Subscribers,
		faults:    cfg.Faults,
		tokens:    map[string]*token{},
		store:     newStore(),
		closing:   make(chan struct{}),
		// No proxy (loopback only), and no redirects: a redirect could lead
		// away from the loopback URL that was checked.
		post: &http.Client{Timeout: noticeTimeout, Transport: &http.Transport{},
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		bodyTimeout: DefaultBodyTimeout,
	}
	return s
}

// Start listens on addr (a loopback host:port; port 0 picks a free one) and
// serves in the background. It returns the base URL, e.g. "http://127.0.0.1:8787".
func (s *Server) Start(addr string) (string, error) {
	if err := CheckListenAddr(addr); err != nil {
		return "", err
	}
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.httpSrv != nil {
		return "", errors.New("sandbox already started at " + s.baseURL)
	}
	select {
	case <-s.closing:
		return "", errors.New("sandbox was closed: create a new one with New")
	default:
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("cannot listen on %s: %w (is another sandbox running there? pick another --addr)", addr, err)
	}
	s.httpSrv = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	s.baseURL = "http://" + ln.Addr().String()
	go func(hs *http.Server) { _ = hs.Serve(ln) }(s.httpSrv)
	return s.baseURL, nil
}

// BaseURL returns the URL Start returned, or "" before Start.
func (s *Server) BaseURL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.baseURL
}

// Handler returns the emulator's HTTP handler (all routes).
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

// Shutdown stops accepting connections, ends injected latency, and waits for
// requests in flight until ctx is done; then it closes what is left.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() { close(s.closing) })
	s.srvMu.Lock()
	hs := s.httpSrv
	s.srvMu.Unlock()
	if hs == nil {
		return nil
	}
	if n := s.inFlight(); n > 0 {
		s.log.Info("shutting down", "requests in flight", n)
	}
	err := hs.Shutdown(ctx)
	if err != nil {
		_ = hs.Close()
	}
	return err
}

// inFlight is the number of token and event requests being handled.
func (s *Server) inFlight() int64 { return s.active.Load() }

// Close shuts the server down gracefully, waiting at most 5 seconds.
func (s *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return s.Shutdown(ctx)
}

// SetFaults replaces the injected faults (Faults{} clears them).
func (s *Server) SetFaults(f Faults) error {
	if err := f.Check(); err != nil {
		return err
	}
	s.mu.Lock()
	s.faults = f
	s.mu.Unlock()
	s.log.Info("faults set", "faults", describeFaults(f))
	return nil
}

// Faults returns the faults in force, with the remaining counts.
func (s *Server) Faults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}

// SetCertified allows (true) or refuses (false) the live stage.
func (s *Server) SetCertified(certified bool) {
	s.mu.Lock()
	s.certified = certified
	s.mu.Unlock()
	s.log.Info("certified set", "certified", certified)
}

// Certified reports whether the live stage is allowed.
func (s *Server) Certified() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.certified
}

// Subscribers returns a copy of the current subscribers.
func (s *Server) Subscribers() []Subscriber {
	s.mu.Lock()
	defer s.mu.Unlock()
	return cloneSubscribers(s.subs)
}

// SetSubscribers replaces the subscribers (nil or empty: nobody). When a
// subscription endpoint is configured, every user whose set of subscribed
// events changed (including users added or removed) gets one spec §11
// ProactiveSubscriptionChanged event posted before it returns (up to 8
// posts at a time, each bounded by 5 s, redirects not followed); a failed
// post is logged, not returned.
func (s *Server) SetSubscribers(subs []Subscriber) error {
	if err := checkSubscribers(subs); err != nil {
		return err
	}
	next := cloneSubscribers(subs)
	s.mu.Lock()
	prev := s.subs
	s.subs = next
	s.mu.Unlock()
	s.log.Info("subscribers set", "count", len(next))
	if s.cfg.SubscriptionEndpoint != "" {
		s.notifySubscriptionChanges(prev, next)
	}
	return nil
}

// Notifications returns the unexpired notifications delivered to user
// ("" = every user), oldest first.
func (s *Server) Notifications(user string) []Notification {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.store.list(now, user, "")
}

// Requests returns the most recent requests to the token and event routes
// (up to 1000), oldest first.
func (s *Server) Requests() []RequestLog {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs.list()
}

// RequestLog is one request to the token or event routes and its verdict.
type RequestLog struct {
	Time      time.Time     `json:"time"`                // receipt, by the emulator's clock
	Method    string        `json:"method"`              // HTTP method
	Path      string        `json:"path"`                // URL path
	Stage     string        `json:"stage,omitempty"`     // development or live for event routes
	Status    int           `json:"status"`              // status answered; 0 when the connection was dropped
	Verdict   string        `json:"verdict"`             // the error message, "token issued", "accepted …" or the fault
	Token     string        `json:"token,omitempty"`     // at most the first 8 characters of the bearer token
	RequestID string        `json:"requestId,omitempty"` // x-amzn-requestid of an accepted event
	Delivered int           `json:"delivered"`           // notifications delivered
	Duration  time.Duration `json:"durationNs"`          // wall time spent, including injected latency
}

// requestRing keeps the last requestRingSize entries.
type requestRing struct {
	buf  []RequestLog
	next int
	full bool
}

const requestRingSize = 1000

func (r *requestRing) add(e RequestLog) {
	if r.buf == nil {
		r.buf = make([]RequestLog, requestRingSize)
	}
	r.buf[r.next] = e
	r.next++
	if r.next == len(r.buf) {
		r.next, r.full = 0, true
	}
}

func (r *requestRing) list() []RequestLog {
	if !r.full {
		return slices.Clone(r.buf[:r.next])
	}
	return append(slices.Clone(r.buf[r.next:]), r.buf[:r.next]...)
}

func describeFaults(f Faults) string {
	if f == (Faults{}) {
		return "none"
	}
	s := ""
	if f.Latency > 0 {
		s += fmt.Sprintf(" latency=%s", f.Latency)
	}
	if f.DropConnection {
		s += fmt.Sprintf(" drop(count=%d)", f.DropCount)
	}
	if f.ForceStatus != 0 {
		s += fmt.Sprintf(" status=%d(count=%d retryAfter=%q)", f.ForceStatus, f.ForceStatusCount, f.RetryAfter)
	}
	routes := f.Routes
	if routes == "" {
		routes = FaultRoutesEvents
	}
	return s[min(1, len(s)):] + " routes=" + routes
}
