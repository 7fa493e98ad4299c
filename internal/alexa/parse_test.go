package alexa

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseTarget(t *testing.T) {
	cases := []struct {
		in                      string
		name                    string
		region                  Region
		stage                   Stage
		eventURL, authURL       string
		sandbox, amazon, isLive bool
	}{
		{"", "sandbox", "", StageDevelopment, "", "", true, false, false},
		{"Sandbox", "sandbox", "", StageDevelopment, "", "", true, false, false},
		{"na-dev", "na-dev", RegionNA, StageDevelopment, "https://api.amazonalexa.com/v1/proactiveEvents/stages/development", DefaultAuthURL, false, true, false},
		{"NA-LIVE", "na-live", RegionNA, StageLive, "https://api.amazonalexa.com/v1/proactiveEvents", DefaultAuthURL, false, true, true},
		{"eu-dev", "eu-dev", RegionEU, StageDevelopment, "https://api.eu.amazonalexa.com/v1/proactiveEvents/stages/development", DefaultAuthURL, false, true, false},
		{"eu-live", "eu-live", RegionEU, StageLive, "https://api.eu.amazonalexa.com/v1/proactiveEvents", DefaultAuthURL, false, true, true},
		{"fe-dev", "fe-dev", RegionFE, StageDevelopment, "https://api.fe.amazonalexa.com/v1/proactiveEvents/stages/development", DefaultAuthURL, false, true, false},
		{"fe-live", "fe-live", RegionFE, StageLive, "https://api.fe.amazonalexa.com/v1/proactiveEvents", DefaultAuthURL, false, true, true},
		{"http://127.0.0.1:8787/", "http://127.0.0.1:8787", "", StageDevelopment, "http://127.0.0.1:8787/v1/proactiveEvents/stages/development", "http://127.0.0.1:8787/auth/o2/token", false, false, false},
		{"https://proxy.example/alexa", "https://proxy.example/alexa", "", StageDevelopment, "https://proxy.example/alexa/v1/proactiveEvents/stages/development", "https://proxy.example/alexa/auth/o2/token", false, false, false},
	}
	for _, c := range cases {
		got, err := ParseTarget(c.in)
		if err != nil {
			t.Errorf("ParseTarget(%q): %v", c.in, err)
			continue
		}
		if got.Name != c.name || got.Region != c.region || got.Stage != c.stage || got.EventURL() != c.eventURL || got.AuthURL != c.authURL {
			t.Errorf("ParseTarget(%q) = %+v (event %q), want name %q region %q stage %q event %q auth %q", c.in, got, got.EventURL(), c.name, c.region, c.stage, c.eventURL, c.authURL)
		}
		if got.IsSandbox() != c.sandbox || got.IsAmazon() != c.amazon || got.IsLive() != c.isLive {
			t.Errorf("ParseTarget(%q): sandbox %v amazon %v live %v", c.in, got.IsSandbox(), got.IsAmazon(), got.IsLive())
		}
	}
	for _, bad := range []string{"na", "us-dev", "na-prod", "ftp://x", "http://", "http://u:p@host", "http://h/?q=1", "development"} {
		_, err := ParseTarget(bad)
		if err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
			continue
		}
		if strings.Contains(err.Error(), "u:p") {
			t.Errorf("error repeats URL credentials: %v", err)
		}
	}
	if _, err := ParseTarget("na-prod"); !strings.Contains(err.Error(), "na-dev") {
		t.Errorf("error does not list the names: %v", err)
	}
}

func TestTargetWithStageAndBase(t *testing.T) {
	na, _ := ParseTarget("na-dev")
	live := na.WithStage(StageLive)
	if live.Name != "na-live" || live.EventURL() != "https://api.amazonalexa.com/v1/proactiveEvents" {
		t.Errorf("WithStage: %+v %s", live, live.EventURL())
	}
	sb, _ := ParseTarget("sandbox")
	if sb.EventURL() != "" {
		t.Errorf("unstarted sandbox has an event URL %q", sb.EventURL())
	}
	sb = sb.WithBaseURL("http://127.0.0.1:5000/").WithStage(StageLive)
	if sb.Name != "sandbox" || sb.EventURL() != "http://127.0.0.1:5000/v1/proactiveEvents" || sb.AuthURL != "http://127.0.0.1:5000/auth/o2/token" {
		t.Errorf("sandbox: %+v %s", sb, sb.EventURL())
	}
	if s, err := ParseStage("LIVE"); err != nil || s != StageLive {
		t.Errorf("ParseStage(LIVE) = %q, %v", s, err)
	}
	if _, err := ParseStage("prod"); err == nil {
		t.Error("ParseStage(prod) accepted")
	}
}

func TestParseErrorBody(t *testing.T) {
	cases := []struct{ body, typ, msg string }{
		{`{"type":"Forbidden","message":"Token in the request is not valid"}`, "Forbidden", "Token in the request is not valid"},
		{`{"code":400,"message":"bad"}`, "400", "bad"},
		{`{"code":"INVALID","message":"x"}`, "INVALID", "x"},
		{`{"error":"invalid_scope","error_description":"The request has an invalid parameter : scope"}`, "invalid_scope", "The request has an invalid parameter : scope"},
		{`{"type":"Bad Request","message":"Violations for payload: [line one\\nline \\\"two\\\"]"}`, "Bad Request", "Violations for payload: [line one\nline \"two\"]"},
		{"  plain text\\nsecond  ", "", "plain text\nsecond"},
		{`<html>oops</html>`, "", "<html>oops</html>"},
		{`{"unrelated":1}`, "", `{"unrelated":1}`},
		{`[1,2]`, "", `[1,2]`},
		{``, "", ""},
		{`{"type":`, "", `{"type":`},
	}
	for _, c := range cases {
		typ, msg := ParseErrorBody([]byte(c.body))
		if typ != c.typ || msg != c.msg {
			t.Errorf("ParseErrorBody(%q) = %q, %q; want %q, %q", c.body, typ, msg, c.typ, c.msg)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		v    string
		d    time.Duration
		okay bool
	}{
		{"", 0, false},
		{"2", 2 * time.Second, true},
		{"0", 0, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second, true},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0, true},
		{"99999999999", 24 * time.Hour, true},
	}
	for _, c := range cases {
		d, ok := parseRetryAfter(c.v, now)
		if d != c.d || ok != c.okay {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", c.v, d, ok, c.d, c.okay)
		}
	}
}

func TestExplain(t *testing.T) {
	cases := []struct {
		status int
		msg    string
		want   string
	}{
		{202, "", "Accepted"},
		{204, "", "Success (204)"},
		{400, "", "missing or malformed"},
		{403, "Token in the request is not valid", "access token is not valid"},
		{403, "No enablement for clientId: a, userId: b", "usually the user enabled another skill. Check the profile"},
		{403, "Can't find any subscription for stage=development, skillId=s, topicId=AMAZON.X", "nobody is subscribed"},
		{403, "Skill is not certified for stage=live", "not certified"},
		{403, "something else", "token is invalid or belongs to another skill"},
		{404, "", "Not found"},
		{409, "", "referenceId was already sent"},
		{429, "", "rate limit"},
		{432, "", "Notification limit"},
		{500, "", "retried with backoff"},
		{503, "", "not retried"},
		{418, "", "Rejected (418"},
		{0, "", "No response"},
	}
	for _, c := range cases {
		if got := Explain(c.status, c.msg); !strings.Contains(got, c.want) {
			t.Errorf("Explain(%d, %q) = %q; want it to contain %q", c.status, c.msg, got, c.want)
		}
	}
}

func TestSecretsRedactedInFormatting(t *testing.T) {
	const secret = "s3cr3t-VALUE-0123456789"
	const tok = "Atc|MQEBIJ0123456789abcdefSECRETTOKEN"
	c := Credentials{ClientID: "amzn1.application-oa2-client.x", ClientSecret: secret}
	k := Token{value: tok, TokenType: "bearer", ExpiresAt: time.Unix(0, 0)}
	holder := struct {
		C Credentials
		T Token
		P *Token
	}{c, k, &k}
	js, err := json.Marshal(holder)
	if err != nil {
		t.Fatal(err)
	}
	outs := []string{
		fmt.Sprint(c), fmt.Sprintf("%+v", c), fmt.Sprintf("%#v", c), fmt.Sprintf("%s", c), fmt.Sprintf("%q", c),
		fmt.Sprint(k), fmt.Sprintf("%+v", k), fmt.Sprintf("%#v", k), fmt.Sprintf("%x", k),
		fmt.Sprintf("%+v", holder), fmt.Sprintf("%#v", holder), string(js),
	}
	for _, o := range outs {
		if strings.Contains(o, secret) || strings.Contains(o, tok) || strings.Contains(o, "SECRETTOKEN") {
			t.Errorf("secret visible in %q", o)
		}
	}
	if !strings.Contains(fmt.Sprint(k), "Atc|MQEB") || k.Prefix() != "Atc|MQEB" {
		t.Errorf("token prefix not shown: %v", k)
	}
	if !strings.Contains(fmt.Sprint(c), c.ClientID) {
		t.Errorf("client id not shown: %v", c)
	}
}

func TestAttemptString(t *testing.T) {
	a := Attempt{Number: 2, Of: 4, Status: 429, Duration: 3 * time.Millisecond, Wait: 2 * time.Second, Retry: "rate limited (429)"}
	if got := a.String(); got != "attempt 2/4: 429 in 3ms, retrying in 2s: rate limited (429)" {
		t.Errorf("Attempt.String() = %q", got)
	}
	b := Attempt{Number: 1, Of: 4, Error: "connection refused", Duration: time.Millisecond}
	if got := b.String(); got != "attempt 1/4: no response (connection refused) in 1ms" {
		t.Errorf("Attempt.String() = %q", got)
	}
}

// TestURLErrorsNeverRepeatAPassword: a password put into a target or token
// URL stays out of the error, whichever check the URL fails first (a bad
// scheme, no host, or text that does not parse at all).
func TestURLErrorsNeverRepeatAPassword(t *testing.T) {
	const pw = "Hunter2Secret"
	for _, in := range []string{
		"ftp://id:" + pw + "@host",
		"http://id:" + pw + "@",
		"http://id:" + pw + "@host/?q=1",
		"http://id:" + pw + " x@host",
		"http://id:" + pw + "@ho st",
		"http://id:" + pw + "@[::1",
	} {
		_, err := ParseTarget(in)
		if err == nil {
			t.Errorf("ParseTarget(%q) accepted", in)
		} else if strings.Contains(err.Error(), pw) {
			t.Errorf("ParseTarget(%q): error repeats the password: %v", in, err)
		}
		_, err = ParseAuthURL(in)
		if err == nil {
			t.Errorf("ParseAuthURL(%q) accepted", in)
		} else if strings.Contains(err.Error(), pw) {
			t.Errorf("ParseAuthURL(%q): error repeats the password: %v", in, err)
		}
	}
}

// TestFormatDurationNeverRoundsToZero: sub-millisecond and sub-microsecond
// latencies keep their value.
func TestFormatDurationNeverRoundsToZero(t *testing.T) {
	for d, want := range map[time.Duration]string{
		380 * time.Nanosecond:     "380ns",
		412_300 * time.Nanosecond: "412µs",
		3_240 * time.Microsecond:  "3.2ms",
		2_345 * time.Millisecond:  "2.35s",
	} {
		if got := FormatDuration(d); got != want {
			t.Errorf("FormatDuration(%d) = %q, want %q", d, got, want)
		}
	}
	a := Attempt{Number: 1, Of: 1, Status: 202, Duration: 400 * time.Nanosecond}
	if got := a.String(); got != "attempt 1/1: 202 in 400ns" {
		t.Errorf("Attempt.String() = %q", got)
	}
	js, _ := a.MarshalJSON()
	if !strings.Contains(string(js), `"durationMs":0.0004`) {
		t.Errorf("JSON %s loses the sub-microsecond duration", js)
	}
}
