// Package sendtest holds test servers for the send pipeline's callers.
package sendtest

import (
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
)

// StallServer starts, on loopback, a server that grants any token request
// and holds every event post open until the client goes away: a send that
// has reached the server and waits for its answer. It returns the base URL
// (a target for alexa.ParseTarget) and a channel that receives one value
// per event post. The server stops when the test ends.
func StallServer(t testing.TB) (string, <-chan struct{}) {
	t.Helper()
	got := make(chan struct{}, 8)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/token") {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"access_token":"Atc|stall","token_type":"bearer","expires_in":3600}`)
			return
		}
		got <- struct{}{}
		<-r.Context().Done()
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String(), got
}
