package send

import (
	"context"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

const (
	naID = "amzn1.ask.account.NAUSER"
	euID = "amzn1.ask.account.EUUSER"
)

var groupUsers = []Recipient{
	{UserID: naID, Label: "seattle", Region: "NA"},
	{UserID: euID, Label: "berlin", Region: "EU"},
}

// TestPlanGroupRoutesToTheUsersRegion: with target na-dev, the NA user's
// send goes to na-dev and the EU user's to eu-dev (stage kept), saying so;
// each body is Unicast to its user and keeps the referenceId; freshRefs
// gives each a new one; bad groups are refused.
func TestPlanGroupRoutesToTheUsersRegion(t *testing.T) {
	s, _ := newSession(t)
	naDev, _ := alexa.ParseTarget("na-dev")
	r := ref()
	g, err := s.PlanGroup(body(time.Now(), r, time.Hour), naDev, "p", "", groupUsers, false)
	if err != nil {
		t.Fatal(err)
	}
	if g.Region != "NA" || len(g.Rows) != 2 || g.GroupID == "" {
		t.Fatalf("%+v", g)
	}
	na, eu := g.Rows[0], g.Rows[1]
	if na.Routed || na.Plan.Target.Name != "na-dev" || !eu.Routed || eu.Plan.Target.Name != "eu-dev" || eu.Plan.Target.Stage != alexa.StageDevelopment {
		t.Fatalf("routing: na %v %s, eu %v %s", na.Routed, na.Plan.Target.Name, eu.Routed, eu.Plan.Target.Name)
	}
	if !strings.Contains(strings.Join(eu.Notes, " "), "routed to eu-dev (EU): the user lives in EU, not NA") {
		t.Fatalf("notes %v", eu.Notes)
	}
	for i, row := range g.Rows {
		if u, _ := row.Plan.Request.Get("relevantAudience.payload.user").(string); u != groupUsers[i].UserID {
			t.Fatalf("row %d goes to %q", i, u)
		}
		if row.Plan.Request.String(schemas.FieldReferenceID) != r || row.FreshReferenceID || row.Plan.GroupID != g.GroupID {
			t.Fatalf("row %d: ref %s", i, row.Plan.Request.String(schemas.FieldReferenceID))
		}
	}
	g, _ = s.PlanGroup(body(time.Now(), r, time.Hour), naDev, "p", "", groupUsers, true)
	if a, b := g.Rows[0].Plan.Request.String(schemas.FieldReferenceID), g.Rows[1].Plan.Request.String(schemas.FieldReferenceID); a == r || b == r || a == b {
		t.Fatalf("fresh refs %s %s", a, b)
	}
	for _, bad := range [][]Recipient{nil, {groupUsers[0], groupUsers[0]}} {
		if _, err := s.PlanGroup(body(time.Now(), r, time.Hour), naDev, "p", "", bad, false); err == nil {
			t.Fatalf("group %v accepted", bad)
		}
	}
	if _, err := s.PlanGroup([]byte("{"), naDev, "p", "", groupUsers, false); err == nil {
		t.Fatal("bad JSON accepted")
	}
}

// TestSendGroupThroughTheSandbox: a group sent through the real sandbox on
// loopback (serving every region on one URL) with the group standing for
// NA: the EU user's routing decision is recorded, both rows are accepted
// and land in history as rows of one group, each user hears the event,
// and concurrency stays within its bound.
func TestSendGroupThroughTheSandbox(t *testing.T) {
	subs := []sandbox.Subscriber{
		{UserID: naID, Locale: "en-US", EventNames: schemas.Names()},
		{UserID: euID, Locale: "en-GB", EventNames: schemas.Names()},
	}
	srv := sandbox.New(sandbox.Config{Subscribers: subs})
	// The sandbox's handler behind a loopback server that measures how
	// many event posts are in flight at once.
	var inflight, peak atomic.Int32
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.URL.Path, "proactiveEvents") {
			n := inflight.Add(1)
			defer inflight.Add(-1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(20 * time.Millisecond)
		}
		srv.Handler().ServeHTTP(w, r)
	})}
	go hs.Serve(ln)
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	st, _ := openStore(t)
	s := &Session{
		Sender: &Sender{Alexa: alexa.New("test"), History: st},
		Credentials: func(string, alexa.Target) (alexa.Credentials, string, bool, error) {
			return SandboxCredentials, "p", false, nil
		},
	}
	defer s.Close()
	tg, _ := alexa.ParseTarget(base)
	users := append([]Recipient{}, groupUsers...)
	for i := range 6 {
		users = append(users, Recipient{UserID: naID + string(rune('A'+i))})
	}
	g, err := s.PlanGroup(body(time.Now(), ref(), time.Hour), tg, "p", "NA", users, false)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	done := 0
	s.SendGroup(context.Background(), g, false, 2, func(*GroupRow) { mu.Lock(); done++; mu.Unlock() })
	if done != len(users) {
		t.Fatalf("progress told %d rows", done)
	}
	if p := peak.Load(); p > 2 || p < 1 {
		t.Fatalf("peak concurrency %d, bound 2", p)
	}
	eu := g.Rows[1]
	if !eu.Routed || eu.Region != "EU" || eu.Plan.Target.BaseURL != base || !strings.Contains(strings.Join(eu.Notes, " "), "serves every region") {
		t.Fatalf("eu row: %+v", eu)
	}
	for i, row := range g.Rows[:2] {
		if row.Err != nil || !row.Outcome.Response.OK() || row.Outcome.Record.GroupID != g.GroupID {
			t.Fatalf("row %d: %v %+v", i, row.Err, row.Outcome.Response)
		}
		if n := srv.Notifications(row.Recipient.UserID); len(n) != 1 {
			t.Fatalf("user %s heard %d", row.Recipient.UserID, len(n))
		}
	}
	// The unknown users are refused by the sandbox (403): each row says so.
	if r := g.Rows[2]; r.Outcome.Response == nil || r.Outcome.Response.Status != 403 {
		t.Fatalf("unknown user row: %+v", r.Outcome.Response)
	}
	page, err := st.List(context.Background(), history.Query{GroupID: g.GroupID, Limit: 100})
	if err != nil || len(page.Items) != len(users) {
		t.Fatalf("history rows %d, %v", len(page.Items), err)
	}
}
