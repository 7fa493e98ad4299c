package history

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// testEvents are the event names the fixtures cycle through.
var testEvents = []string{
	"AMAZON.WeatherAlert.Activated", "AMAZON.SportsEvent.Updated", "AMAZON.MessageAlert.Activated",
	"AMAZON.OrderStatus.Updated", "AMAZON.Occasion.Updated", "AMAZON.TrashCollectionAlert.Activated",
	"AMAZON.MediaContent.Available", "AMAZON.SocialGameInvite.Available",
}

// testStatuses are the statuses the fixtures cycle through (0: network failure).
var testStatuses = []int{202, 400, 202, 500, 0, 403, 202, 429, 503}

var testProfiles = []string{"", "skill-a", "skill-b"}
var testTargets = []string{"sandbox", "na-dev", "eu-live"}

// fixtureBase is the SentAt of fixture record 0; record i is i seconds later.
var fixtureBase = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// fixtureRecord returns the i-th synthetic record: a realistic request body
// and response, fields cycling through the values above.
func fixtureRecord(i int) *Record {
	ev := testEvents[i%len(testEvents)]
	status := testStatuses[i%len(testStatuses)]
	at := fixtureBase.Add(time.Duration(i) * time.Second)
	ref := fmt.Sprintf("ref%06dq%d", i, i*7919%100000)
	city := []string{"Seattle", "Berlin", "Tokyo", "München", "Lyon"}[i%5]
	req := fmt.Sprintf(`{"timestamp":%q,"referenceId":%q,"expiryTime":%q,"event":{"name":%q,"payload":{"state":{"status":"ORDER_SHIPPED"},"order":{"seller":{"name":"localizedattribute:sellerName"}}}},"localizedAttributes":[{"locale":"en-US","sellerName":"Northwind Books %s %d"},{"locale":"de-DE","sellerName":"Nordwind Bücher"}],"relevantAudience":{"type":"Multicast","payload":{}}}`,
		at.Format(time.RFC3339), ref, at.Add(23*time.Hour).Format(time.RFC3339), ev, city, i)
	r := &Record{
		SentAt:      at,
		Profile:     testProfiles[i%len(testProfiles)],
		Target:      testTargets[i%len(testTargets)],
		Stage:       "development",
		EventName:   ev,
		ReferenceID: ref,
		Audience:    "Multicast",
		Request:     []byte(req),
		Status:      status,
		Latency:     time.Duration(100+i%50) * time.Millisecond,
		Attempts:    1 + i%3,
	}
	switch {
	case status == 0:
		r.NetworkErr = "dial tcp 127.0.0.1:9: connect: connection refused"
	case status >= 400:
		r.Message = fmt.Sprintf("Request could not be processed: expiryTime invalid %d", i)
		r.Body = []byte(`{"message":"` + r.Message + `","errorCode":"INVALID_EXPIRY"}`)
		r.Findings = []schemas.Finding{{Code: "EXP_TOO_SOON", Severity: schemas.SeverityWarning, Path: "expiryTime", Message: "expires in 4 minutes"}}
	}
	if status != 0 {
		r.Headers = http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {fmt.Sprintf("req-%d", i)}}
		r.RequestID = fmt.Sprintf("req-%d", i)
	}
	return r
}

// openTestStore opens a new store in a temporary directory.
func openTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "state", "pe-tui", FileName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// appendN appends fixture records 0..n-1 and returns their ids.
func appendN(t testing.TB, s *Store, n int) []int64 {
	t.Helper()
	ids := make([]int64, n)
	for i := range n {
		id, err := s.Append(context.Background(), fixtureRecord(i))
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	return ids
}

// bulkLoad inserts fixture records from..to-1 in one transaction.
func bulkLoad(t testing.TB, s *Store, from, to int) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	ins, err := newInserter(ctx, tx)
	if err != nil {
		t.Fatal(err)
	}
	defer ins.close()
	for i := from; i < to; i++ {
		if _, err := ins.insert(ctx, fixtureRecord(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

// allSummaries pages through q and returns every summary.
func allSummaries(t testing.TB, s *Store, q Query) []Summary {
	t.Helper()
	var out []Summary
	for {
		p, err := s.List(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p.Items...)
		if p.Next == nil {
			return out
		}
		q.Before = p.Next
	}
}

// pragma returns the value of a pragma or single-value query.
func pragma(t testing.TB, s *Store, q string) string {
	t.Helper()
	var v string
	if err := s.db.QueryRow(q).Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

func runtimeUsesXDG() bool {
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "plan9":
		return false
	}
	return true
}
