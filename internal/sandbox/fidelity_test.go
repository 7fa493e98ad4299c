package sandbox

import (
	"net/http"
	"strings"
	"testing"
)

// Bodies that real senders send and Amazon's development endpoint accepts
// (spec §6.1, §9 V9) are accepted; a blank creator renders (spec §5.1).
func TestAcceptedVariants(t *testing.T) {
	s, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	noL10n := weatherEvent("a1")
	delete(noL10n["event"].(map[string]any)["payload"].(map[string]any)["weatherAlert"].(map[string]any), "source")
	delete(noL10n, "localizedAttributes")
	// WEATHER_NO_SOURCE is promoted by strict mode; give the source inline.
	noL10n["event"].(map[string]any)["payload"].(map[string]any)["weatherAlert"].(map[string]any)["source"] = "Example Weather Corp"
	for _, c := range []struct {
		label string
		body  event
	}{
		{"no localizedAttributes", noL10n},
		{"naive utcnow times", weatherEvent("a2").with("timestamp", "2024-03-01T09:00:00.123456").with("expiryTime", "2024-03-01T21:00:00.654321")},
		{"blank creator", messageEvent("a3", "")},
	} {
		t.Run(c.label, func(t *testing.T) {
			expect(t, sendEvent(t, base, DevelopmentPath, tok, c.body.bytes()), http.StatusAccepted, "")
		})
	}
	n := s.Notifications(DefaultUserID)
	if len(n) != 3 || !strings.HasSuffix(n[2].Text, " from .") {
		t.Fatalf("notifications: %+v", n)
	}
	if n[1].Expires.Format("15:04:05.000000") != "21:00:00.654321" {
		t.Errorf("naive expiry read as %s, want 21:00:00.654321 UTC", n[1].Expires)
	}
}

// messageEvent is a MessageAlert Unicast event to DefaultUserID from creator.
func messageEvent(ref, creator string) event {
	e := orderEvent(ref)
	e["event"] = map[string]any{
		"name": "AMAZON.MessageAlert.Activated",
		"payload": map[string]any{
			"state":        map[string]any{"status": "UNREAD", "freshness": "NEW"},
			"messageGroup": map[string]any{"creator": map[string]any{"name": creator}, "count": 3},
		},
	}
	e["localizedAttributes"] = []any{}
	return e
}

// Rejections of the shapes issue 10 and 11 name: Amazon's expiry sentence for
// a past expiry; the payload-less meaning of a null Multicast payload stays
// a (strict) error; duplicate keys and invalid UTF-8 are violations.
func TestRejectedVariants(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	window := amazonJSON("Bad Request", "Violations for metadata: ["+ExpirySentence+"]")
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("r1").with("expiryTime", "2024-02-26T09:00:00Z").bytes()), 400, window)
	r := sendEvent(t, base, DevelopmentPath, tok, weatherEvent("r2").with("relevantAudience", map[string]any{"type": "Multicast", "payload": nil}).bytes())
	if r.status != 400 || !strings.Contains(r.body, "(AUD_MULTICAST_NO_PAYLOAD)") || strings.Contains(r.body, "remove its contents") {
		t.Fatalf("null Multicast payload: %d %s", r.status, r.body)
	}
	typed := orderEvent("r6")
	typed["event"] = map[string]any{"type": "AMAZON.OrderStatus.Updated", "payload": typed["event"].(map[string]any)["payload"]}
	r = sendEvent(t, base, DevelopmentPath, tok, typed.bytes())
	if r.status != 400 || !strings.Contains(r.body, `Violations for payload: [event.name: event.name is missing, but event.type holds AMAZON.OrderStatus.Updated; the field is spelled \"name\"`) {
		t.Fatalf("type for name: %d %s", r.status, r.body)
	}
	dup := strings.Replace(string(orderEvent("r3").bytes()), `"referenceId":"r3"`, `"referenceId":"r3","referenceId":"r4"`, 1)
	r = sendEvent(t, base, DevelopmentPath, tok, []byte(dup))
	if r.status != 400 || !strings.Contains(r.body, "referenceId: ") || !strings.Contains(r.body, "(JSON_DUPLICATE_KEY)") {
		t.Fatalf("duplicate key: %d %s", r.status, r.body)
	}
	bad := strings.Replace(string(orderEvent("r5").bytes()), "Northwind Books", "Northwind \xffBooks", 1)
	r = sendEvent(t, base, DevelopmentPath, tok, []byte(bad))
	if r.status != 400 || !strings.Contains(r.body, "localizedAttributes[0].sellerName: ") || !strings.Contains(r.body, "(JSON_INVALID_UTF8)") {
		t.Fatalf("invalid UTF-8: %d %s", r.status, r.body)
	}
}

// Every answer of the event routes, a 409 included, carries x-amzn-requestid.
func TestRequestIDOnEveryEventAnswer(t *testing.T) {
	_, base := startServer(t, Config{Now: newClock().Now})
	tok := getToken(t, base)
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("d1").bytes()), 202, "")
	for _, r := range []response{
		sendEvent(t, base, DevelopmentPath, tok, orderEvent("d1").bytes()),                  // 409
		sendEvent(t, base, DevelopmentPath, tok, []byte("{")),                               // 400
		sendEvent(t, base, DevelopmentPath, "Atc|nope-nope-nope", orderEvent("d2").bytes()), // 403
		sendEvent(t, base, DevelopmentPath, tok, make([]byte, MaxBodyBytes+1)),              // 413
	} {
		if id := r.header.Get(RequestIDHeader); !uuidRE.MatchString(id) {
			t.Errorf("%d %s: x-amzn-requestid %q is not a UUID", r.status, r.body, id)
		}
	}
}

// twoSkills is a config with skill A (the first) and skill B, each with its own user.
func twoSkills() Config {
	return Config{
		Now:         newClock().Now,
		SkillID:     "amzn1.ask.skill.A",
		ClientID:    "client-a",
		Subscribers: []Subscriber{{UserID: "amzn1.ask.account.USER_A", EventNames: []string{"AMAZON.OrderStatus.Updated"}}},
		OtherSkills: []Skill{{
			SkillID: "amzn1.ask.skill.B", ClientID: "client-b", Published: []string{"AMAZON.OrderStatus.Updated"},
			Subscribers: []Subscriber{{UserID: "amzn1.ask.account.USER_B", EventNames: []string{"AMAZON.OrderStatus.Updated"}}},
		}},
	}
}

// "The token of another skill" (spec §12.1, §12.3 step 7): a Unicast event
// with skill A's token to a user who enabled only skill B is 403 No
// enablement, with A's client id; each skill reaches its own users.
func TestTokenOfAnotherSkill(t *testing.T) {
	s, base := startServer(t, twoSkills())
	tokA := getTokenWith(t, base, "client-a", "any")
	tokB := getTokenWith(t, base, "client-b", "any")
	expect(t, sendEvent(t, base, DevelopmentPath, tokA, orderEvent("o1").toUser("amzn1.ask.account.USER_B").bytes()), 403,
		amazonJSON("Forbidden", "No enablement for clientId: client-a, userId: amzn1.ask.account.USER_B"))
	expect(t, sendEvent(t, base, DevelopmentPath, tokB, orderEvent("o1").toUser("amzn1.ask.account.USER_A").bytes()), 403,
		amazonJSON("Forbidden", "No enablement for clientId: client-b, userId: amzn1.ask.account.USER_A"))
	expect(t, sendEvent(t, base, DevelopmentPath, tokA, orderEvent("o2").toUser("amzn1.ask.account.USER_A").bytes()), 202, "")
	expect(t, sendEvent(t, base, DevelopmentPath, tokB, orderEvent("o3").toUser("amzn1.ask.account.USER_B").bytes()), 202, "")
	// A user no skill knows is still "no subscription", with the token's skill id.
	expect(t, sendEvent(t, base, DevelopmentPath, tokB, orderEvent("o4").toUser("amzn1.ask.account.NOBODY").bytes()), 403,
		amazonJSON("Forbidden", "Can't find any subscription for stage=development, skillId=amzn1.ask.skill.B, topicId=AMAZON.OrderStatus.Updated"))
	// Skill B publishes only OrderStatus.
	expect(t, sendEvent(t, base, DevelopmentPath, tokB, weatherEvent("o5").bytes()), 403,
		amazonJSON("Forbidden", "Can't find any subscription for stage=development, skillId=amzn1.ask.skill.B, topicId=AMAZON.WeatherAlert.Activated"))
	// Multicast reaches only the token's skill's users.
	m := orderEvent("o6").with("relevantAudience", map[string]any{"type": "Multicast", "payload": map[string]any{}})
	expect(t, sendEvent(t, base, DevelopmentPath, tokB, m.bytes()), 202, "")
	if n := s.Notifications("amzn1.ask.account.USER_A"); len(n) != 1 {
		t.Errorf("USER_A got %+v", n)
	}
	if n := s.Notifications("amzn1.ask.account.USER_B"); len(n) != 2 {
		t.Errorf("USER_B got %+v", n)
	}
	// A Multicast id conflicts within its own skill only.
	expect(t, sendEvent(t, base, DevelopmentPath, tokA, m.bytes()), 202, "")
	r := sendEvent(t, base, DevelopmentPath, tokB, m.bytes())
	if r.status != http.StatusConflict {
		t.Errorf("the same Multicast id again for skill B: %d %s", r.status, r.body)
	}
	// The first skill's client id is checked when configured.
	r = postForm(t, base+TokenPath, tokenForm("client-c", "x"), "application/x-www-form-urlencoded")
	if r.status != http.StatusUnauthorized {
		t.Errorf("unknown client id: %d %s", r.status, r.body)
	}
}

func TestOtherSkillsChecked(t *testing.T) {
	for _, c := range []struct {
		label string
		skill Skill
		want  string
	}{
		{"no skill id", Skill{ClientID: "c"}, "no skillId"},
		{"no client id", Skill{SkillID: "amzn1.ask.skill.B"}, "no clientId"},
		{"same skill id", Skill{SkillID: "amzn1.ask.skill.A", ClientID: "c"}, "used twice"},
		{"same client id", Skill{SkillID: "amzn1.ask.skill.B", ClientID: "client-a"}, "two skills"},
		{"bad event", Skill{SkillID: "amzn1.ask.skill.B", ClientID: "c", Published: []string{"AMAZON.Nope"}}, "AMAZON.Nope"},
		{"bad subscriber", Skill{SkillID: "amzn1.ask.skill.B", ClientID: "c", Subscribers: []Subscriber{{}}}, "no userId"},
	} {
		cfg := twoSkills()
		cfg.OtherSkills = []Skill{c.skill}
		if err := cfg.Check(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.label, err, c.want)
		}
	}
}

func TestConfigFileSkills(t *testing.T) {
	cfg, err := ParseConfig([]byte(`{"skills":[
		{"skillId":"amzn1.ask.skill.A","clientId":"client-a","subscribers":[{"userId":"amzn1.ask.account.USER_A","eventNames":["AMAZON.OrderStatus.Updated"]}]},
		{"skillId":"amzn1.ask.skill.B","clientId":"client-b","published":["AMAZON.OrderStatus.Updated"]}]}`), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.SkillID != "amzn1.ask.skill.A" || cfg.ClientID != "client-a" || len(cfg.Subscribers) != 1 ||
		len(cfg.OtherSkills) != 1 || cfg.OtherSkills[0].ClientID != "client-b" || cfg.OtherSkills[0].Subscribers == nil {
		t.Fatalf("config %+v", cfg)
	}
	for body, want := range map[string]string{
		`{"skillId":"amzn1.ask.skill.A","skills":[{"skillId":"amzn1.ask.skill.B","clientId":"b"}]}`: "not both",
		`{"skills":[]}`: "empty",
		`{"skills":[{},{"skillId":"amzn1.ask.skill.B"}]}`:                                       "no clientId",
		`{"skills":[{},{"skillId":"amzn1.ask.skill.B","clientId":"b","manifest":"nope.json"}]}`: "skill 2",
	} {
		if _, err := ParseConfig([]byte(body), t.TempDir()); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", body, err, want)
		}
	}
}
