package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	usersNA    = "amzn1.ask.account.AFNA7QXLKQ3UZ5TDKPZ6VTOB3ZQBYJ4X6MFRUPXWQ2W3KXH7NAUSER"
	usersEU    = "amzn1.ask.account.AGEU2BERLINUSERZ7Q4M3XK5JH2L9P0RS6TVWYZ"
	usersSkill = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
)

func usersFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "internal", "users", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestUsersCatchSavesUserWithContext: a pasted CloudWatch line saves the EU
// user with region and locale; a §11 event then adds the subscribed
// events, keeping the label; the list shows all of it.
func TestUsersCatchSavesUserWithContext(t *testing.T) {
	e := profileSetup(t)
	e.addMain()
	r := e.mustRun(usersFixture(t, "cloudwatch.log"), "users", "catch", "--label", "berlin")
	for _, w := range []string{usersEU, "region:   EU (https://api.eu.amazonalexa.com)", "locale:   de-DE", "Saved user"} {
		if !strings.Contains(r.stdout, w) {
			t.Fatalf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	r = e.mustRun(usersFixture(t, "subscription_changed.json"), "users", "catch", "-")
	if !strings.Contains(r.stdout, "Updated user") || !strings.Contains(r.stdout, "events:   MessageAlert.Activated,WeatherAlert.Activated") {
		t.Fatalf("stdout:\n%s", r.stdout)
	}
	u := e.config().Profiles()[0].Users
	if len(u) != 1 || u[0].Label != "berlin" || u[0].Region != "EU" || u[0].Locale != "de-DE" || len(u[0].Events) != 2 || !u[0].EventsKnown {
		t.Fatalf("saved %+v", u)
	}
	r = e.mustRun("", "users", "list")
	if !strings.Contains(r.stdout, "berlin  EU") || !strings.Contains(r.stdout, "MessageAlert.Activated,WeatherAlert.Activated") {
		t.Fatalf("list:\n%s", r.stdout)
	}
	e.mustRun("", "users", "rm", "BERLIN")
	if n := len(e.config().Profiles()[0].Users); n != 0 {
		t.Fatalf("%d users left", n)
	}
}

// TestUsersCatchBadInputSavesNothing: no user, several users, a truncated
// line, another skill's user and a badly shaped id each fail with a clear
// message and leave the profile without users.
func TestUsersCatchBadInputSavesNothing(t *testing.T) {
	e := profileSetup(t)
	e.mustRun(profileTestSecret+"\n", "profile", "add", "main", "--client-id", "cid", "--skill-id", "amzn1.ask.skill.OTHER", "--secret-stdin")
	line := usersFixture(t, "cloudwatch.log")
	both := usersFixture(t, "launch_na.json") + usersFixture(t, "intent_eu.json")
	e.fail(exitUsage, `{"request":{"type":"LaunchRequest"}}`, []string{"users", "catch"}, "no user id found")
	r := e.fail(exitUsage, both, []string{"users", "catch"}, "holds 2 users; nothing was saved", "--all", "--pick")
	if !strings.Contains(r.stdout, usersNA) || !strings.Contains(r.stdout, usersEU) {
		t.Fatalf("the users found are not listed:\n%s", r.stdout)
	}
	e.fail(exitUsage, line[:len(line)/2], []string{"users", "catch"}, "cut off")
	e.fail(exitUsage, line, []string{"users", "catch"}, "another skill", "amzn1.ask.skill.OTHER")
	e.fail(exitUsage, `{"context":{"System":{"user":{"userId":"amzn1.ask.account.\u001b[31mX"}}}}`, []string{"users", "catch"}, "wrong shape")
	if n := len(e.config().Profiles()[0].Users); n != 0 {
		t.Fatalf("%d users saved from bad input", n)
	}
	// --pick saves the one chosen; the profile of the right skill accepts it.
	e.mustRun(profileTestSecret+"\n", "profile", "add", "main", "--client-id", "cid", "--skill-id", usersSkill, "--secret-stdin", "--replace")
	e.mustRun(both, "users", "catch", "--pick", usersEU)
	u := e.config().Profiles()[0].Users
	if len(u) != 1 || u[0].ID != usersEU {
		t.Fatalf("saved %+v", u)
	}
}

// TestUsersCatchListen: the real loopback receiver behind 'users catch
// --listen' saves the users posted to it and refuses what is not a request.
func TestUsersCatchListen(t *testing.T) {
	e := profileSetup(t)
	e.addMain()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	usersListenContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	usersListenReady = func(u string) { urls <- u }
	t.Cleanup(func() {
		usersListenReady = nil
		usersListenContext = func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }
	})
	done := make(chan profileResult, 1)
	go func() { done <- e.run("", "users", "catch", "--listen", "127.0.0.1:0") }()
	var url string
	select {
	case url = <-urls:
	case r := <-done:
		t.Fatalf("exited early: %+v", r)
	case <-time.After(10 * time.Second):
		t.Fatal("the receiver did not start")
	}
	for _, f := range []string{"launch_na.json", "subscription_changed_nobody.json"} {
		resp, err := http.Post(url, "application/json", bytes.NewReader([]byte(usersFixture(t, f))))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", f, resp.StatusCode)
		}
	}
	resp, err := http.Post(url, "application/json", strings.NewReader("hello"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	cancel()
	r := <-done
	if r.code != 0 || !strings.Contains(r.stdout, "NOT checked") || !strings.Contains(r.stderr, "refused a post") {
		t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	u := e.config().Profiles()[0].Users
	if len(u) != 2 || u[0].Region != "NA" || u[1].Region != "EU" || !u[1].EventsKnown || len(u[1].Events) != 0 {
		t.Fatalf("saved %+v", u)
	}
	e.fail(exitUsage, "", []string{"users", "catch", "--listen", "0.0.0.0:8788"}, "not on loopback")
}
