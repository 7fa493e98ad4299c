package alexa

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// TestNoSecretInOutput runs sends that succeed and fail in every way and
// checks that neither the client secret nor any issued token appears in a
// Response (fields, %v, %+v, %#v, JSON), an Attempt, an error text, or the
// sandbox's log.
func TestNoSecretInOutput(t *testing.T) {
	e := newEnv(t, sandbox.Config{}, false)
	e.client.Timeout = 100 * time.Millisecond
	now := time.Now()
	var outputs []string
	collect := func(resp *Response, err error) {
		if resp != nil {
			js, jerr := json.Marshal(resp)
			if jerr != nil {
				t.Fatal(jerr)
			}
			outputs = append(outputs, fmt.Sprintf("%v", resp), fmt.Sprintf("%+v", resp), fmt.Sprintf("%#v", resp), fmt.Sprintf("%+v", *resp), string(js), string(resp.Body), resp.Message, resp.NetworkErr)
			for _, a := range resp.Attempts {
				outputs = append(outputs, a.String(), fmt.Sprintf("%+v", a))
			}
			for k, vs := range resp.Header {
				outputs = append(outputs, k+": "+strings.Join(vs, ", "))
			}
		}
		if err != nil {
			outputs = append(outputs, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
		}
	}
	run := func(f sandbox.Faults, body []byte, cr Credentials) {
		e.faults(t, f)
		collect(e.client.Send(context.Background(), e.target, cr, body, func(a Attempt) { outputs = append(outputs, a.String()) }))
	}
	ref := nextRef()
	run(sandbox.Faults{}, event(now, ref, nil), testCreds)                                            // 202
	run(sandbox.Faults{}, event(now, ref, nil), testCreds)                                            // 409
	run(sandbox.Faults{}, []byte(`{`), testCreds)                                                     // 400
	run(sandbox.Faults{ForceStatus: 403, ForceStatusCount: 2}, event(now, nextRef(), nil), testCreds) // token refresh, then 403
	run(sandbox.Faults{ForceStatus: 429, RetryAfter: "0"}, event(now, nextRef(), nil), testCreds)     // retries exhausted
	run(sandbox.Faults{ForceStatus: 500, ForceStatusCount: 1}, event(now, nextRef(), nil), testCreds) // 500 then 202
	run(sandbox.Faults{DropConnection: true, DropCount: 1}, event(now, nextRef(), nil), testCreds)    // dropped
	run(sandbox.Faults{Latency: time.Second}, event(now, nextRef(), nil), testCreds)                  // timeout
	run(sandbox.Faults{}, event(now, nextRef(), nil), Credentials{ClientID: testClientID, ClientSecret: testSecret + "x"})
	tok, err := e.client.Token(context.Background(), e.target, testCreds)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, fmt.Sprintf("%v %+v %#v %s", tok, tok, tok, tok), e.logs.String())
	js, _ := json.Marshal(tok)
	outputs = append(outputs, string(js))

	// Every bearer token the client sent.
	var tokens []string
	e.obs.mu.Lock()
	for _, h := range e.obs.headers {
		if a := h.Get("Authorization"); a != "" {
			tokens = append(tokens, strings.TrimPrefix(a, "Bearer "))
		}
	}
	e.obs.mu.Unlock()
	if len(tokens) < 3 {
		t.Fatalf("only %d tokens observed", len(tokens))
	}
	if e.logs.String() == "" {
		t.Fatal("the sandbox logged nothing; the log check would be empty")
	}
	for _, o := range outputs {
		if strings.Contains(o, testSecret) {
			t.Errorf("client secret in output: %.300q", o)
		}
		for _, tk := range tokens {
			if strings.Contains(o, tk) || strings.Contains(o, tk[8:]) {
				t.Errorf("token in output: %.300q", o)
			}
		}
	}
}
