package sandbox

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

var uuidRE = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestStep10AcceptAndDeliver(t *testing.T) {
	c := newClock()
	s, base := startServer(t, Config{Now: c.Now})
	tok := getToken(t, base)
	r := sendEvent(t, base, DevelopmentPath, tok, orderEvent("order7731shipped").bytes())
	expect(t, r, http.StatusAccepted, "")
	id := r.header.Get("x-amzn-requestid")
	if !uuidRE.MatchString(id) {
		t.Fatalf("x-amzn-requestid %q is not a UUID", id)
	}
	got := s.Notifications(DefaultUserID)
	if len(got) != 1 {
		t.Fatalf("notifications: %+v", got)
	}
	n := got[0]
	want := Notification{
		ReferenceID: "order7731shipped", EventName: "AMAZON.OrderStatus.Updated", UserID: DefaultUserID, Locale: "en-US",
		Text: orderText, Stage: StageDevelopment, Audience: "Unicast", RequestID: id,
		Created: t0, Expires: time.Date(2024, 3, 1, 21, 0, 0, 0, time.UTC),
	}
	if n != want {
		t.Fatalf("notification\n got %+v\nwant %+v", n, want)
	}
	if len(s.Notifications("amzn1.ask.account.OTHER")) != 0 {
		t.Fatal("another user got the notification")
	}
}

func TestStep1Token(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	forbidden := amazonJSON("Forbidden", "Token in the request is not valid")
	body := orderEvent("r1").bytes()
	expect(t, sendEvent(t, base, DevelopmentPath, "", body), 403, forbidden)
	expect(t, sendEvent(t, base, DevelopmentPath, "Atc|not-issued-here-at-all", body), 403, forbidden)
	// Another scheme than Bearer.
	req := newRequest(t, http.MethodPost, base+DevelopmentPath, strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Basic "+getToken(t, base))
	expect(t, do(t, req), 403, forbidden)
	// The token check comes before JSON parsing.
	expect(t, sendEvent(t, base, DevelopmentPath, "", []byte("{not json")), 403, forbidden)
	// A lower-case scheme is accepted.
	req = newRequest(t, http.MethodPost, base+DevelopmentPath, strings.NewReader(string(body)))
	req.Header.Set("Authorization", "bearer "+getToken(t, base))
	expect(t, do(t, req), 202, "")
}

func TestStep2LiveNeedsCertification(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	notCertified := amazonJSON("Forbidden", "Skill is not certified for stage=live")
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("l1").bytes()), 403, notCertified)
	expect(t, sendEvent(t, base, LivePath+"/", tok, orderEvent("l1").bytes()), 403, notCertified)
	// Step 2 comes before step 4.
	expect(t, sendEvent(t, base, LivePath, tok, []byte("nope")), 403, notCertified)
	s.SetCertified(true)
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("l1").bytes()), 202, "")
	expect(t, sendEvent(t, base, LivePath+"/", tok, orderEvent("l2").bytes()), 202, "")
	if n := s.Notifications(DefaultUserID); len(n) != 2 || n[0].Stage != StageLive {
		t.Fatalf("live notifications: %+v", n)
	}
}

func TestCertifiedAtStart(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now, Certified: true})
	expect(t, sendEvent(t, base, LivePath, getToken(t, base), orderEvent("c1").bytes()), 202, "")
}

func TestStep3RateLimit(t *testing.T) {
	c := newClock()
	_, base := startServer(t, Config{Now: c.Now, RateLimit: 3})
	tok, other := getToken(t, base), getToken(t, base)
	for i := range 3 {
		// Rejected bodies count too: the limit is step 3, before the body is looked at.
		expect(t, sendEvent(t, base, DevelopmentPath, tok, []byte("x")), 400, amazonJSON("Bad Request", "Malformed JSON"))
		_ = i
	}
	tooMany := amazonJSON("Too Many Requests", "Rate exceeded")
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("q1").bytes()), 429, tooMany)
	// Per token: another token is not limited.
	expect(t, sendEvent(t, base, DevelopmentPath, other, orderEvent("q1").bytes()), 202, "")
	// The window slides with the clock.
	c.Advance(999 * time.Millisecond)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("q2").bytes()), 429, tooMany)
	c.Advance(time.Millisecond)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("q2").bytes()), 202, "")
}

func TestStep3DefaultRateLimitIs50(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	for i := range 50 {
		if r := sendEvent(t, base, DevelopmentPath, tok, []byte("x")); r.status != 400 {
			t.Fatalf("request %d: %d %s", i+1, r.status, r.body)
		}
	}
	expect(t, sendEvent(t, base, DevelopmentPath, tok, []byte("x")), 429, amazonJSON("Too Many Requests", "Rate exceeded"))
}

func TestStep4MalformedJSON(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	for _, body := range []string{"", "{", `{"a":1} trailing`, "\xff\xfe", "[1,2"} {
		expect(t, sendEvent(t, base, DevelopmentPath, tok, []byte(body)), 400, amazonJSON("Bad Request", "Malformed JSON"))
	}
}

func TestStep5Violations(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	window := amazonJSON("Bad Request", "Violations for metadata: ["+ExpirySentence+"]")
	// Too soon (also too close to timestamp: still one sentence).
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("v1").with("expiryTime", "2024-03-01T09:04:59Z").bytes()), 400, window)
	// Too late.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("v2").with("expiryTime", "2024-03-02T09:00:01Z").bytes()), 400, window)
	// The edges are inside the window.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("v3").with("expiryTime", "2024-03-01T09:05:00Z").bytes()), 202, "")
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("v4").with("expiryTime", "2024-03-02T09:00:00Z").bytes()), 202, "")

	// A payload finding: path, message and code.
	bad := weatherEvent("v5")
	bad["event"].(map[string]any)["payload"].(map[string]any)["weatherAlert"].(map[string]any)["alertType"] = "FOG"
	r := sendEvent(t, base, DevelopmentPath, tok, bad.bytes())
	if r.status != 400 || !strings.HasPrefix(r.body, `{"type":"Bad Request","message":"Violations for payload: [event.payload.weatherAlert.alertType: `) ||
		!strings.HasSuffix(r.body, ` (PL_ENUM)]"}`) || !strings.Contains(r.body, "FOG") {
		t.Fatalf("payload violation: %d %s", r.status, r.body)
	}
	// Metadata errors are reported before payload errors.
	bad = bad.with("referenceId", "has space")
	r = sendEvent(t, base, DevelopmentPath, tok, bad.bytes())
	if r.status != 400 || !strings.Contains(r.body, `"Violations for metadata: [referenceId: `) || !strings.Contains(r.body, "(REF_CHARSET)]") || strings.Contains(r.body, "PL_ENUM") {
		t.Fatalf("metadata before payload: %d %s", r.status, r.body)
	}
	// Strict mode: a ⚑ warning is an error (unknown top-level field).
	r = sendEvent(t, base, DevelopmentPath, tok, orderEvent("v6").with("extra", 1).bytes())
	if r.status != 400 || !strings.Contains(r.body, "Violations for metadata: [extra: ") || !strings.Contains(r.body, "(ENV_UNKNOWN_FIELD)") {
		t.Fatalf("strict unknown field: %d %s", r.status, r.body)
	}
	// Strict: WEATHER_NO_SOURCE.
	ns := weatherEvent("v7")
	delete(ns["event"].(map[string]any)["payload"].(map[string]any)["weatherAlert"].(map[string]any), "source")
	ns["localizedAttributes"] = []any{}
	r = sendEvent(t, base, DevelopmentPath, tok, ns.bytes())
	if r.status != 400 || !strings.Contains(r.body, "Violations for payload: [") || !strings.Contains(r.body, "(WEATHER_NO_SOURCE)") {
		t.Fatalf("strict weather source: %d %s", r.status, r.body)
	}
	// Not an object.
	r = sendEvent(t, base, DevelopmentPath, tok, []byte(`[1]`))
	if r.status != 400 || !strings.Contains(r.body, "Violations for metadata: [") || !strings.Contains(r.body, "(ENV_NOT_OBJECT)") {
		t.Fatalf("array body: %d %s", r.status, r.body)
	}
	// A hyphenated referenceId (REF_HYPHEN) is accepted.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("3f2b8c1e-4d5a-4b6c-9e7f-0a1b2c3d4e5f").bytes()), 202, "")
}

func TestStep6Published(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now, Published: []string{"AMAZON.WeatherAlert.Activated"}, Certified: true})
	tok := getToken(t, base)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("p1").bytes()), 403, amazonJSON("Forbidden",
		"Can't find any subscription for stage=development, skillId=amzn1.ask.skill.SANDBOX, topicId=AMAZON.OrderStatus.Updated"))
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("p1").bytes()), 403, amazonJSON("Forbidden",
		"Can't find any subscription for stage=live, skillId=amzn1.ask.skill.SANDBOX, topicId=AMAZON.OrderStatus.Updated"))
	expect(t, sendEvent(t, base, DevelopmentPath, tok, weatherEvent("p2").bytes()), 202, "")
	if len(s.Notifications("")) != 1 {
		t.Fatalf("notifications: %+v", s.Notifications(""))
	}
}

func TestStep7UnicastSubscription(t *testing.T) {
	subs := []Subscriber{
		{UserID: "amzn1.ask.account.DEV", Locale: "en-GB", Stage: StageDevelopment, EventNames: []string{"AMAZON.OrderStatus.Updated"}},
		{UserID: "amzn1.ask.account.LIVE", Stage: StageLive, EventNames: []string{"AMAZON.OrderStatus.Updated"}},
		{UserID: "amzn1.ask.account.WEATHER", EventNames: []string{"AMAZON.WeatherAlert.Activated"}},
	}
	s, base := startServer(t, Config{Now: newClock().Now, Subscribers: subs, Certified: true, SkillID: "amzn1.ask.skill.X"})
	tok := getToken(t, base)
	missing := func(stage string) string {
		return amazonJSON("Forbidden", "Can't find any subscription for stage="+stage+", skillId=amzn1.ask.skill.X, topicId=AMAZON.OrderStatus.Updated")
	}
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("u1").toUser("amzn1.ask.account.UNKNOWN").bytes()), 403, missing(StageDevelopment))
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("u1").toUser("amzn1.ask.account.WEATHER").bytes()), 403, missing(StageDevelopment))
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("u1").toUser("amzn1.ask.account.DEV").bytes()), 403, missing(StageLive))
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("u1").toUser("amzn1.ask.account.LIVE").bytes()), 403, missing(StageDevelopment))
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("u1").toUser("amzn1.ask.account.DEV").bytes()), 202, "")
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("u1").toUser("amzn1.ask.account.LIVE").bytes()), 202, "")
	if n := s.Notifications("amzn1.ask.account.DEV"); len(n) != 1 || n[0].Locale != "en-GB" || n[0].Text != orderText {
		t.Fatalf("DEV: %+v", n)
	}
	// The default subscriber list is replaced, not extended.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("u2").bytes()), 403, missing(StageDevelopment))
}

func TestMulticastDelivery(t *testing.T) {
	subs := []Subscriber{
		{UserID: "amzn1.ask.account.A", Locale: "en-US", EventNames: []string{"AMAZON.WeatherAlert.Activated"}},
		{UserID: "amzn1.ask.account.B", Locale: "de-DE", Stage: StageDevelopment, EventNames: []string{"AMAZON.WeatherAlert.Activated", "AMAZON.OrderStatus.Updated"}},
		{UserID: "amzn1.ask.account.C", Locale: "en-US", Stage: StageLive, EventNames: []string{"AMAZON.WeatherAlert.Activated"}},
		{UserID: "amzn1.ask.account.D", Locale: "en-US", EventNames: []string{"AMAZON.OrderStatus.Updated"}},
	}
	s, base := startServer(t, Config{Now: newClock().Now, Subscribers: subs})
	tok := getToken(t, base)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, weatherEvent("m1").bytes()), 202, "")
	all := s.Notifications("")
	if len(all) != 2 {
		t.Fatalf("want A and B, got %+v", all)
	}
	if a := all[0]; a.UserID != "amzn1.ask.account.A" || a.Text != "There is a tornado alert for your area. Provided by Example Weather Corp." || a.Audience != "Multicast" {
		t.Errorf("A: %+v", a)
	}
	if b := all[1]; b.UserID != "amzn1.ask.account.B" || b.Locale != "de-DE" || b.Text != "There is a tornado alert for your area. Provided by Beispiel Wetterdienst." {
		t.Errorf("B: %+v", b)
	}
	if all[0].RequestID != all[1].RequestID {
		t.Error("one request, one request id")
	}
}

func TestMulticastWithoutSubscribersIsAccepted(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now, Subscribers: []Subscriber{}})
	tok := getToken(t, base)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, weatherEvent("m1").bytes()), 202, "")
	if len(s.Notifications("")) != 0 {
		t.Fatal("nobody is subscribed")
	}
	// The id is still taken for Multicast.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, weatherEvent("m1").bytes()), 409, amazonJSON("Conflict", "Duplicate referenceId m1 for Multicast"))
}

func TestStep8Duplicates(t *testing.T) {
	subs := []Subscriber{
		{UserID: DefaultUserID, EventNames: []string{"AMAZON.OrderStatus.Updated", "AMAZON.WeatherAlert.Activated"}},
		{UserID: "amzn1.ask.account.OTHER", EventNames: []string{"AMAZON.OrderStatus.Updated"}},
	}
	s, base := startServer(t, Config{Now: newClock().Now, Subscribers: subs, Certified: true})
	tok := getToken(t, base)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("d1").bytes()), 202, "")
	dup := amazonJSON("Conflict", "Duplicate referenceId d1 for user "+DefaultUserID)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("d1").bytes()), 409, dup)
	// Same id, another user: fine. Same id, same user, other stage: fine.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("d1").toUser("amzn1.ask.account.OTHER").bytes()), 202, "")
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("d1").bytes()), 202, "")
	// Multicast: a target user already holding the id conflicts.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, weatherEvent("d1").bytes()), 409, dup)
	// Multicast: a previous Multicast with the same id conflicts.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, weatherEvent("m7").bytes()), 202, "")
	expect(t, sendEvent(t, base, DevelopmentPath, tok, weatherEvent("m7").bytes()), 409,
		amazonJSON("Conflict", "Duplicate referenceId m7 for user "+DefaultUserID))
	if err := s.SetSubscribers([]Subscriber{}); err != nil {
		t.Fatal(err)
	}
	expect(t, sendEvent(t, base, DevelopmentPath, tok, weatherEvent("m7").bytes()), 409, amazonJSON("Conflict", "Duplicate referenceId m7 for Multicast"))
	// On the other stage the Multicast id is free.
	expect(t, sendEvent(t, base, LivePath, tok, weatherEvent("m7").bytes()), 202, "")
}

func TestStep9NotificationLimitLiveOnly(t *testing.T) {
	c := newClock()
	s, base := startServer(t, Config{Now: c.Now, Certified: true, NotificationLimit: 2})
	tok := getToken(t, base)
	limit := amazonJSON("Notification Limit Exceeded", "Notification limit exceeded for user "+DefaultUserID)
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("n1").bytes()), 202, "")
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("n2").bytes()), 202, "")
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("n3").bytes()), 432, limit)
	expect(t, sendEvent(t, base, LivePath, tok, weatherEvent("n3").bytes()), 432, limit)
	// Development is never limited.
	for _, ref := range []string{"n1", "n2", "n3", "n4", "n5"} {
		expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent(ref).bytes()), 202, "")
	}
	// Duplicates are checked before the limit.
	expect(t, sendEvent(t, base, LivePath, tok, orderEvent("n1").bytes()), 409, amazonJSON("Conflict", "Duplicate referenceId n1 for user "+DefaultUserID))
	// Rolling 24 h: one day after the first two, the limit is free again.
	c.Advance(24 * time.Hour)
	tok = getToken(t, base)
	fresh := func(ref string) []byte {
		return orderEvent(ref).with("timestamp", "2024-03-02T09:00:00Z").with("expiryTime", "2024-03-02T10:00:00Z").bytes()
	}
	expect(t, sendEvent(t, base, LivePath, tok, fresh("n6")), 202, "")
	expect(t, sendEvent(t, base, LivePath, tok, fresh("n7")), 202, "")
	expect(t, sendEvent(t, base, LivePath, tok, fresh("n8")), 432, limit)
	if n := s.Notifications(DefaultUserID); len(n) != 2 {
		t.Fatalf("after a day only n6 and n7 are unexpired: %+v", n)
	}
}

func TestNotificationExpiry(t *testing.T) {
	c := newClock()
	s, base := startServer(t, Config{Now: c.Now})
	tok := getToken(t, base)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("e1").with("expiryTime", "2024-03-01T09:10:00Z").bytes()), 202, "")
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("e2").bytes()), 202, "")
	if n := s.Notifications(DefaultUserID); len(n) != 2 {
		t.Fatalf("before expiry: %+v", n)
	}
	c.Advance(10*time.Minute - time.Nanosecond)
	if n := s.Notifications(DefaultUserID); len(n) != 2 {
		t.Fatalf("just before expiry: %+v", n)
	}
	c.Advance(time.Nanosecond)
	n := s.Notifications(DefaultUserID)
	if len(n) != 1 || n[0].ReferenceID != "e2" {
		t.Fatalf("at expiryTime e1 is gone: %+v", n)
	}
	// An expired notification no longer blocks its referenceId.
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("e1").with("timestamp", "2024-03-01T09:10:00Z").bytes()), 202, "")
	// The sweep removes expired entries from memory too.
	c.Advance(13 * time.Hour)
	if n := s.Notifications(""); len(n) != 0 {
		t.Fatalf("all expired: %+v", n)
	}
	s.mu.Lock()
	stored, keys := len(s.store.notes), len(s.store.byKey)
	s.mu.Unlock()
	if stored != 0 || keys != 0 {
		t.Fatalf("sweep left %d notifications, %d index entries", stored, keys)
	}
}
