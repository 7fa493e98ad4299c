package alexa

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// These tests talk to the real sandbox over loopback HTTP.

func TestSendAccepted(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	var progress []Attempt
	resp, err := e.client.Send(context.Background(), e.target, testCreds, event(time.Now(), nextRef(), nil), func(a Attempt) { progress = append(progress, a) })
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	if resp.Status != 202 || !resp.OK() {
		t.Fatalf("status %d (%s), want 202", resp.Status, resp.Message)
	}
	if resp.RequestID == "" || resp.RequestID != resp.Header.Get("x-amzn-requestid") {
		t.Errorf("request id %q, header %q", resp.RequestID, resp.Header.Get("x-amzn-requestid"))
	}
	if !strings.HasPrefix(resp.Explanation, "Accepted") || resp.Message != "" || resp.NetworkErr != "" {
		t.Errorf("explanation %q message %q networkErr %q", resp.Explanation, resp.Message, resp.NetworkErr)
	}
	if len(resp.Attempts) != 1 || resp.Attempts[0].Status != 202 || resp.Attempts[0].Of != 4 || resp.Latency <= 0 || resp.Elapsed < resp.Latency {
		t.Errorf("attempts %+v latency %v elapsed %v", resp.Attempts, resp.Latency, resp.Elapsed)
	}
	if len(progress) != 1 || progress[0] != resp.Attempts[0] {
		t.Errorf("progress %+v", progress)
	}
	if resp.URL != e.base+DevelopmentPath || resp.Stage != StageDevelopment {
		t.Errorf("url %q stage %q", resp.URL, resp.Stage)
	}
	// The event request carried the documented headers.
	e.obs.mu.Lock()
	h := e.obs.headers[len(e.obs.headers)-1]
	tokHeaders := e.obs.headers[0]
	e.obs.mu.Unlock()
	if !strings.HasPrefix(h.Get("Authorization"), "Bearer Atc|") || h.Get("Content-Type") != "application/json" || !strings.HasPrefix(h.Get("User-Agent"), "pe-tui/9.9.9-test") {
		t.Errorf("event headers: auth %.12q type %q ua %q", h.Get("Authorization"), h.Get("Content-Type"), h.Get("User-Agent"))
	}
	if !strings.HasPrefix(tokHeaders.Get("Content-Type"), "application/x-www-form-urlencoded") {
		t.Errorf("token request content type %q", tokHeaders.Get("Content-Type"))
	}
	// The sandbox delivered it to its default user.
	notes := e.srv.Notifications(sandbox.DefaultUserID)
	if len(notes) != 1 || notes[0].RequestID != resp.RequestID {
		t.Errorf("notifications %+v", notes)
	}
}

func TestSendLiveStage(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	live := e.target.WithStage(StageLive)
	resp, err := e.client.Send(context.Background(), live, testCreds, event(time.Now(), nextRef(), nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 403 || !strings.Contains(resp.Message, "not certified") || !strings.Contains(resp.Explanation, "not certified") || resp.Type != "Forbidden" {
		t.Errorf("uncertified live: %d %q %q %q", resp.Status, resp.Type, resp.Message, resp.Explanation)
	}
	if len(resp.Attempts) != 1 {
		t.Errorf("a 403 that is not about the token was retried: %+v", resp.Attempts)
	}
	e.srv.SetCertified(true)
	resp, err = e.client.Send(context.Background(), live, testCreds, event(time.Now(), nextRef(), nil), nil)
	if err != nil || resp.Status != 202 || resp.URL != e.base+LivePath {
		t.Errorf("certified live: %v %d %s", err, resp.Status, resp.URL)
	}
}

// TestErrorStatuses walks every error status of spec §12.3 through the client.
func TestErrorStatuses(t *testing.T) {
	const other = "amzn1.ask.account.OTHER"
	cfg := sandbox.Config{
		Published:         []string{"AMAZON.MessageAlert.Activated", "AMAZON.SportsEvent.Updated"},
		Subscribers:       []sandbox.Subscriber{{UserID: sandbox.DefaultUserID, EventNames: []string{"AMAZON.MessageAlert.Activated"}}, {UserID: other, EventNames: []string{"AMAZON.SportsEvent.Updated"}}},
		Certified:         true,
		NotificationLimit: 1,
	}
	e := newEnv(t, cfg, false)
	now := time.Now()
	dup := event(now, nextRef(), unicast(sandbox.DefaultUserID))
	if r, err := e.send(t, dup); err != nil || r.Status != 202 {
		t.Fatalf("first send: %v %+v", err, r)
	}
	expired := event(now.Add(-24*time.Hour), nextRef(), nil)
	badPayload := []byte(strings.Replace(string(event(now, nextRef(), nil)), `"UNREAD"`, `"READ"`, 1))
	notPublished := weather(now, nextRef())
	live := e.target.WithStage(StageLive)
	cases := []struct {
		name     string
		target   Target
		body     []byte
		status   int
		typ      string
		msg      string
		explains string
	}{
		{"malformed JSON", e.target, []byte(`{"timestamp": `), 400, "Bad Request", "Malformed JSON", "missing or malformed"},
		{"expiry window", e.target, expired, 400, "Bad Request", "Violations for metadata: [expiryTime should be at least 5 minutes in the future and no more than 24 hours after the current time", "missing or malformed"},
		{"payload violation", e.target, badPayload, 400, "Bad Request", "Violations for payload: [", "missing or malformed"},
		{"not published", e.target, notPublished, 403, "Forbidden", "Can't find any subscription for stage=development, skillId=" + sandbox.DefaultSkillID + ", topicId=AMAZON.WeatherAlert.Activated", "nobody is subscribed"},
		{"unicast not subscribed", e.target, event(now, nextRef(), unicast(other)), 403, "Forbidden", "Can't find any subscription", "nobody is subscribed"},
		{"unicast unknown user", e.target, event(now, nextRef(), unicast("amzn1.ask.account.NOBODY")), 403, "Forbidden", "Can't find any subscription", "nobody is subscribed"},
		{"duplicate referenceId", e.target, dup, 409, "Conflict", "Duplicate referenceId", "already sent"},
		{"live first", live, event(now, nextRef(), unicast(sandbox.DefaultUserID)), 202, "", "", "Accepted"},
		{"live limit", live, event(now, nextRef(), unicast(sandbox.DefaultUserID)), 432, "Notification Limit Exceeded", "Notification limit exceeded for user " + sandbox.DefaultUserID, "Notification limit"},
	}
	for _, c := range cases {
		resp, err := e.client.Send(context.Background(), c.target, testCreds, c.body, nil)
		if err != nil {
			t.Errorf("%s: error %v", c.name, err)
			continue
		}
		if resp.Status != c.status || resp.Type != c.typ || !strings.Contains(resp.Message, c.msg) || !strings.Contains(resp.Explanation, c.explains) {
			t.Errorf("%s: got %d %q %q (%s); want %d %q %q (%s)", c.name, resp.Status, resp.Type, resp.Message, resp.Explanation, c.status, c.typ, c.msg, c.explains)
		}
		if len(resp.Attempts) != 1 {
			t.Errorf("%s: %d attempts, want 1 (not retried)", c.name, len(resp.Attempts))
		}
		if resp.OK() != (c.status == 202) {
			t.Errorf("%s: OK() = %v", c.name, resp.OK())
		}
	}
	if got := e.waits(); len(got) != 0 {
		t.Errorf("slept %v for statuses that are never retried", got)
	}
}

func TestWrongPathIs404(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	tg, err := ParseTarget(e.base + "/not-here")
	if err != nil {
		t.Fatal(err)
	}
	tg.AuthURL = e.base + AuthPath // the --auth-url override
	resp, err := e.client.Send(context.Background(), tg, testCreds, event(time.Now(), nextRef(), nil), nil)
	if err != nil || resp.Status != 404 || !strings.Contains(resp.Explanation, "Not found") || len(resp.Attempts) != 1 {
		t.Errorf("404: %v %+v", err, resp)
	}
	if e.obs.count(AuthPath) != 1 {
		t.Errorf("token endpoint override not used: %v", e.obs.paths)
	}
}

func TestTokenErrors(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	wrong := Credentials{ClientID: testClientID, ClientSecret: "Wrong-secret-value-98765"}
	resp, err := e.client.Send(context.Background(), e.target, wrong, event(time.Now(), nextRef(), nil), nil)
	var te *TokenError
	if !errors.As(err, &te) || te.Kind != TokenBadCredentials || te.Status != 401 || te.Code != "invalid_client" {
		t.Fatalf("wrong secret: %v (%+v)", err, te)
	}
	if strings.Contains(err.Error(), wrong.ClientSecret) || !strings.Contains(err.Error(), "client secret is wrong") {
		t.Errorf("error text: %v", err)
	}
	if resp == nil || resp.Status != 0 || len(resp.Attempts) != 0 || resp.NetworkErr != err.Error() {
		t.Errorf("response after a token failure: %+v", resp)
	}
	if e.obs.count(DevelopmentPath) != 0 {
		t.Error("the event was posted without a token")
	}
	// A failed token is not cached: the right secret works at once.
	if resp, err := e.send(t, event(time.Now(), nextRef(), nil)); err != nil || resp.Status != 202 {
		t.Errorf("right secret after a wrong one: %v %+v", err, resp)
	}

	// Faults on the token route: a 500 is a server error (not retried), a
	// dropped connection is unreachable.
	e.client.Tokens.Invalidate(e.target.AuthURL, testCreds, Token{})
	e.faults(t, sandbox.Faults{ForceStatus: 500, ForceStatusCount: 1, Routes: sandbox.FaultRoutesToken})
	_, err = e.send(t, event(time.Now(), nextRef(), nil))
	if !errors.As(err, &te) || te.Kind != TokenServerError || te.Status != 500 {
		t.Errorf("token 500: %v", err)
	}
	e.faults(t, sandbox.Faults{DropConnection: true, DropCount: 1, Routes: sandbox.FaultRoutesToken})
	_, err = e.send(t, event(time.Now(), nextRef(), nil))
	if !errors.As(err, &te) || te.Kind != TokenUnreachable || !strings.Contains(err.Error(), "cannot reach the token endpoint") {
		t.Errorf("token dropped: %v", err)
	}

	// Nothing listens: unreachable, and the error says where.
	closed := closedPortURL(t)
	tg, _ := ParseTarget(closed)
	_, err = e.client.Send(context.Background(), tg, testCreds, event(time.Now(), nextRef(), nil), nil)
	if !errors.As(err, &te) || te.Kind != TokenUnreachable || !strings.Contains(err.Error(), "connection refused") || !strings.Contains(err.Error(), closed) {
		t.Errorf("closed port: %v", err)
	}
}

// closedPortURL returns a loopback URL on which nothing listens.
func closedPortURL(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return "http://" + addr
}

// TestTokenCacheConcurrent: 20 concurrent sends share one token request;
// once the cached token is within 60 s of expiry, the next send fetches anew.
func TestTokenCacheConcurrent(t *testing.T) {
	e := newEnv(t, sandbox.Config{RateLimit: -1}, true)
	// A slow token route makes all 20 sends overlap while the token is in flight.
	e.faults(t, sandbox.Faults{Latency: 50 * time.Millisecond, Routes: sandbox.FaultRoutesToken})
	var wg sync.WaitGroup
	statuses := make([]int, 20)
	errs := make([]error, 20)
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := e.client.Send(context.Background(), e.target, testCreds, event(e.now(), nextRef(), nil), nil)
			statuses[i], errs[i] = resp.Status, err
		}()
	}
	wg.Wait()
	for i := range statuses {
		if errs[i] != nil || statuses[i] != 202 {
			t.Fatalf("send %d: %v %d", i, errs[i], statuses[i])
		}
	}
	if n := e.obs.count(AuthPath); n != 1 {
		t.Fatalf("token requested %d times for 20 concurrent sends, want 1", n)
	}
	if n := e.obs.count(DevelopmentPath); n != 20 {
		t.Fatalf("%d event posts, want 20", n)
	}
	// 3540 s after receipt the token (3600 s) is 60 s from expiry: still used one second before.
	e.clock.Advance(3539 * time.Second)
	if resp, err := e.send(t, event(e.now(), nextRef(), nil)); err != nil || resp.Status != 202 {
		t.Fatalf("send before the margin: %v %v", err, resp)
	}
	if n := e.obs.count(AuthPath); n != 1 {
		t.Fatalf("token requested %d times; it was refetched before the 60 s margin", n)
	}
	e.clock.Advance(time.Second)
	if resp, err := e.send(t, event(e.now(), nextRef(), nil)); err != nil || resp.Status != 202 {
		t.Fatalf("send after the margin: %v %v", err, resp)
	}
	if n := e.obs.count(AuthPath); n != 2 {
		t.Fatalf("token requested %d times after expiry, want 2", n)
	}
}

// TestTokenExpiredAtServerRefreshed: the sandbox no longer accepts the cached
// token (its clock moved past expiry while the client's did not): 403 "Token
// in the request is not valid", one new token, one retry, 202.
func TestTokenExpiredAtServerRefreshed(t *testing.T) {
	srvClock := newFakeClock()
	e := newEnv(t, sandbox.Config{Now: srvClock.Now}, false)
	if r, err := e.send(t, event(srvClock.Now(), nextRef(), nil)); err != nil || r.Status != 202 {
		t.Fatalf("first: %v %+v", err, r)
	}
	srvClock.Advance(2 * time.Hour)
	var progress []string
	resp, err := e.client.Send(context.Background(), e.target, testCreds, event(srvClock.Now(), nextRef(), nil), func(a Attempt) { progress = append(progress, a.String()) })
	if err != nil || resp.Status != 202 {
		t.Fatalf("after server-side expiry: %v %+v", err, resp)
	}
	if len(resp.Attempts) != 2 || resp.Attempts[0].Status != 403 || !strings.Contains(resp.Attempts[0].Retry, "token") || resp.Attempts[0].Of != 5 {
		t.Errorf("attempts %+v", resp.Attempts)
	}
	if n := e.obs.count(AuthPath); n != 2 {
		t.Errorf("token requested %d times, want 2", n)
	}
	if len(progress) != 2 || !strings.HasPrefix(progress[0], "attempt 1/5: 403") {
		t.Errorf("progress %q", progress)
	}
	if w := e.waits(); len(w) != 0 {
		t.Errorf("waited %v before the token retry", w)
	}
	// A 403 token error that persists is retried once only.
	e.faults(t, sandbox.Faults{ForceStatus: 403, ForceStatusCount: 5})
	resp, err = e.send(t, event(srvClock.Now(), nextRef(), nil))
	if err != nil || resp.Status != 403 || len(resp.Attempts) != 2 || !strings.Contains(resp.Explanation, "access token is not valid") {
		t.Errorf("persistent 403: %v %+v", err, resp)
	}
	if n := e.obs.count(AuthPath); n != 3 {
		t.Errorf("token requested %d times, want 3", n)
	}
}

func TestRetry429RetryAfter(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	e.faults(t, sandbox.Faults{ForceStatus: 429, ForceStatusCount: 2, RetryAfter: "3"})
	var progress []Attempt
	resp, err := e.client.Send(context.Background(), e.target, testCreds, event(time.Now(), nextRef(), nil), func(a Attempt) { progress = append(progress, a) })
	if err != nil || resp.Status != 202 {
		t.Fatalf("%v %+v", err, resp)
	}
	if w := e.waits(); !slices.Equal(w, []time.Duration{3 * time.Second, 3 * time.Second}) {
		t.Errorf("waits %v, want Retry-After 3s twice", w)
	}
	if len(resp.Attempts) != 3 || resp.Attempts[0].Status != 429 || resp.Attempts[0].Wait != 3*time.Second || resp.Attempts[2].Wait != 0 {
		t.Errorf("attempts %+v", resp.Attempts)
	}
	if len(progress) != 3 || progress[1].String()[:len("attempt 2/4: 429")] != "attempt 2/4: 429" || !strings.Contains(progress[1].String(), "retrying in 3s") {
		t.Errorf("progress %v", progress)
	}
}

func TestRetry429HTTPDateAndCap(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, true)
	date := e.clock.Now().Add(7 * time.Second).Format(http.TimeFormat)
	e.faults(t, sandbox.Faults{ForceStatus: 429, ForceStatusCount: 1, RetryAfter: date})
	resp, err := e.send(t, event(e.now(), nextRef(), nil))
	if err != nil || resp.Status != 202 {
		t.Fatalf("%v %+v", err, resp)
	}
	if w := e.waits(); !slices.Equal(w, []time.Duration{7 * time.Second}) {
		t.Errorf("HTTP-date Retry-After: waits %v, want 7s", w)
	}
	e.sleeps = nil
	e.faults(t, sandbox.Faults{ForceStatus: 429, ForceStatusCount: 1, RetryAfter: "3600"})
	resp, err = e.send(t, event(e.now(), nextRef(), nil))
	if err != nil || resp.Status != 202 {
		t.Fatalf("%v %+v", err, resp)
	}
	if w := e.waits(); !slices.Equal(w, []time.Duration{DefaultMaxRetryAfter}) {
		t.Errorf("huge Retry-After: waits %v, want the %v cap", w, DefaultMaxRetryAfter)
	}
}

func TestRetry429Exhausted(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	e.faults(t, sandbox.Faults{ForceStatus: 429})
	resp, err := e.send(t, event(time.Now(), nextRef(), nil))
	if err != nil || resp.Status != 429 || resp.Message != "Rate exceeded" || !strings.Contains(resp.Explanation, "rate limit") {
		t.Fatalf("%v %+v", err, resp)
	}
	if w := e.waits(); !slices.Equal(w, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second}) {
		t.Errorf("backoff %v, want 1s 2s 4s", w)
	}
	if len(resp.Attempts) != 4 || e.obs.count(DevelopmentPath) != 4 {
		t.Errorf("%d attempts, %d posts; want 4", len(resp.Attempts), e.obs.count(DevelopmentPath))
	}
}

// TestRealRateLimit: the sandbox's own limit (step 3) with a clock the
// client's backoff advances.
func TestRealRateLimit(t *testing.T) {
	e := newEnv(t, sandbox.Config{RateLimit: 1}, true)
	if r, err := e.send(t, event(e.now(), nextRef(), nil)); err != nil || r.Status != 202 {
		t.Fatalf("first: %v %+v", err, r)
	}
	resp, err := e.send(t, event(e.now(), nextRef(), nil))
	if err != nil || resp.Status != 202 || len(resp.Attempts) != 2 || resp.Attempts[0].Status != 429 {
		t.Fatalf("second: %v %+v", err, resp)
	}
	if w := e.waits(); !slices.Equal(w, []time.Duration{time.Second}) {
		t.Errorf("waits %v", w)
	}
}

func TestRetry500ThenSuccess(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	e.faults(t, sandbox.Faults{ForceStatus: 500, ForceStatusCount: 1})
	resp, err := e.send(t, event(time.Now(), nextRef(), nil))
	if err != nil || resp.Status != 202 || len(resp.Attempts) != 2 || resp.Attempts[0].Status != 500 || !strings.Contains(resp.Attempts[0].Retry, "500") {
		t.Fatalf("%v %+v", err, resp)
	}
	if w := e.waits(); !slices.Equal(w, []time.Duration{time.Second}) {
		t.Errorf("waits %v", w)
	}
	// Other 5xx are not retried.
	e.faults(t, sandbox.Faults{ForceStatus: 503, ForceStatusCount: 1})
	resp, err = e.send(t, event(time.Now(), nextRef(), nil))
	if err != nil || resp.Status != 503 || len(resp.Attempts) != 1 || !strings.Contains(resp.Explanation, "not retried") {
		t.Errorf("503: %v %+v", err, resp)
	}
}

func TestDroppedConnection(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	e.faults(t, sandbox.Faults{DropConnection: true, DropCount: 1})
	resp, err := e.send(t, event(time.Now(), nextRef(), nil))
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Timeout || ne.Canceled {
		t.Fatalf("want a NetworkError, got %v", err)
	}
	if resp.Status != 0 || len(resp.Attempts) != 1 || resp.Attempts[0].Error == "" || resp.NetworkErr != err.Error() || !strings.Contains(resp.Explanation, "No response") {
		t.Errorf("response %+v", resp)
	}
	if !strings.Contains(err.Error(), "closed the connection") && !strings.Contains(err.Error(), "reset") {
		t.Errorf("error text %q", err)
	}
	if e.obs.count(DevelopmentPath) != 1 {
		t.Errorf("a dropped POST was retried (%d posts)", e.obs.count(DevelopmentPath))
	}
	if r, err := e.send(t, event(time.Now(), nextRef(), nil)); err != nil || r.Status != 202 {
		t.Errorf("after the drop: %v %+v", err, r)
	}
}

func TestSlowServerTimeout(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	e.client.Timeout = 150 * time.Millisecond
	e.faults(t, sandbox.Faults{Latency: 5 * time.Second})
	start := time.Now()
	resp, err := e.send(t, event(time.Now(), nextRef(), nil))
	var ne *NetworkError
	if !errors.As(err, &ne) || !ne.Timeout || ne.Canceled {
		t.Fatalf("want a timeout NetworkError, got %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("the timeout did not end the call (%v)", d)
	}
	if !strings.Contains(err.Error(), "within 150ms") || len(resp.Attempts) != 1 {
		t.Errorf("%v %+v", err, resp.Attempts)
	}
}

func TestCancel(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	e.faults(t, sandbox.Faults{Latency: 5 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err := e.client.Send(ctx, e.target, testCreds, event(time.Now(), nextRef(), nil), nil)
	var ne *NetworkError
	if !errors.As(err, &ne) || !ne.Canceled || ne.Timeout {
		t.Fatalf("want a cancelled NetworkError, got %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancel took %v", d)
	}
	if !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("error text %q", err)
	}

	// Cancelled while waiting to retry (a real sleep this time).
	e.client.Sleep = nil
	e.faults(t, sandbox.Faults{ForceStatus: 429, RetryAfter: "20"})
	ctx, cancel = context.WithCancel(context.Background())
	waiting := make(chan struct{})
	go func() { <-waiting; cancel() }()
	start = time.Now()
	resp, err := e.client.Send(ctx, e.target, testCreds, event(time.Now(), nextRef(), nil), func(a Attempt) {
		if a.Wait > 0 {
			close(waiting)
		}
	})
	if !errors.As(err, &ne) || !ne.Canceled {
		t.Fatalf("cancel during backoff: %v", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancel during backoff took %v", d)
	}
	if resp.Status != 429 || len(resp.Attempts) != 1 || resp.Attempts[0].Wait != 20*time.Second {
		t.Errorf("response %+v", resp)
	}
}
