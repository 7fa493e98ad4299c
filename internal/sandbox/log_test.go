package sandbox

import (
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
)

func newTestLogger(w io.Writer) *slog.Logger {
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestLogsHaveVerdictsAndSentencesButNoSecrets(t *testing.T) {
	const id, secret = "amzn1.application-oa2-client.LOGTEST", "S3cr3t-value-that-must-not-leak"
	buf := &syncBuffer{}
	s, base := startServer(t, Config{Now: newClock().Now, ClientID: id, ClientSecret: secret, Logger: newTestLogger(buf)})
	tok := getTokenWith(t, base, id, secret)
	// A wrong secret, and the secret pasted into the id field.
	postForm(t, base+TokenPath, tokenForm(id, secret+"x"), "application/x-www-form-urlencoded")
	postForm(t, base+TokenPath, tokenForm(secret, secret), "application/x-www-form-urlencoded")
	expect(t, sendEvent(t, base, DevelopmentPath, tok, orderEvent("log1").bytes()), 202, "")
	sendEvent(t, base, DevelopmentPath, tok, orderEvent("log1").bytes())
	sendEvent(t, base, LivePath, tok, orderEvent("log2").bytes())
	sendEvent(t, base, DevelopmentPath, tok+"x", orderEvent("log3").bytes())
	sendEvent(t, base, DevelopmentPath, tok, []byte(`{"referenceId":"`+tok+`"}`))
	_ = s.SetFaults(Faults{ForceStatus: 500, ForceStatusCount: 1})
	sendEvent(t, base, DevelopmentPath, tok, orderEvent("log4").bytes())
	// A token sent as a basic-auth password, and a short bogus token.
	req := newRequest(t, http.MethodPost, base+TokenPath, strings.NewReader("grant_type=client_credentials&scope=alexa::proactive_events"))
	req.SetBasicAuth(id, secret)
	do(t, req)
	sendEvent(t, base, DevelopmentPath, "short", orderEvent("log5").bytes())

	out := buf.String()
	for _, leak := range []string{secret, tok, tok[:9], "short"} {
		if strings.Contains(out, leak) {
			t.Errorf("log contains %q:\n%s", leak, out)
		}
	}
	for _, want := range []string{
		"verdict=\"token issued\"",
		"verdict=\"token refused: wrong client id or secret\"",
		"status=202",
		"verdict=\"Duplicate referenceId log1 for user " + DefaultUserID + "\"",
		"verdict=\"Skill is not certified for stage=live\"",
		"verdict=\"Token in the request is not valid\"",
		"verdict=\"injected fault: status 500\"",
		"token=" + tok[:8] + "…",
		"msg=delivered",
		"text=\"" + orderText + "\"",
		"user=" + DefaultUserID,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	// The request log holds no more than 8 characters of a token either.
	for _, e := range s.Requests() {
		if len(e.Token) > 8 || strings.Contains(e.Verdict, secret) {
			t.Errorf("request log entry leaks: %+v", e)
		}
	}
}
