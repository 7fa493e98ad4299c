package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// TestSandboxScenarioCommand: 'pe-tui sandbox --scenario all' posts every
// scenario to a real loopback skill endpoint and shows what was posted and
// the answers; a handler that breaks on a missing body makes it exit 1
// and the step shows the 500; a non-loopback endpoint is refused.
func TestSandboxScenarioCommand(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var ev struct {
			Request struct{ Body *json.RawMessage }
		}
		json.Unmarshal(b, &ev)
		if ev.Request.Body == nil { // the bug: no body
			http.Error(w, "TypeError: Cannot read properties of undefined (reading 'subscriptions')\x1b[31m", 500)
			return
		}
		io.WriteString(w, `{"version":"1.0","response":{}}`)
	})}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/"
	var out, errb strings.Builder
	code := execute([]string{"sandbox", "--scenario", "all", "--skill-endpoint", url, "--scenario-user", "amzn1.ask.account.T"}, strings.NewReader(""), &out, &errb)
	s := out.String()
	if code != exitRejected {
		t.Fatalf("exit %d\n%s\n%s", code, s, errb.String())
	}
	for _, w := range []string{"== out-of-order", "== duplicate", `"userId": "amzn1.ask.account.T"`, "answer: 500", "Cannot read properties of undefined", "a correct handler now holds: nothing"} {
		if !strings.Contains(s, w) {
			t.Fatalf("lacks %q:\n%s", w, s)
		}
	}
	if strings.Contains(s, "\x1b") {
		t.Fatal("the endpoint's escape sequence reached the output")
	}
	code = execute([]string{"sandbox", "--scenario", "subscribe", "--skill-endpoint", "http://192.0.2.1/"}, strings.NewReader(""), &out, &errb)
	if code != exitUsage || !strings.Contains(errb.String(), "loopback") {
		t.Fatalf("remote endpoint: %d %s", code, errb.String())
	}
}
