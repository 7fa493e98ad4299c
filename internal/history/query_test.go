package history

import (
	"context"
	"strings"
	"testing"
	"time"
)

// queryFixtureSize covers every combination of event (8) and status (9).
const queryFixtureSize = 144

func TestListFilters(t *testing.T) {
	s := openTestStore(t)
	bulkLoad(t, s, 0, queryFixtureSize)
	ctx := context.Background()
	statusOf := func(i int) int { return testStatuses[i%len(testStatuses)] }
	class := func(i int) string { r := Record{Status: statusOf(i)}; return r.StatusClass() }
	cases := []struct {
		name string
		q    Query
		want func(i int) bool
	}{
		{"all", Query{}, func(int) bool { return true }},
		{"event", Query{EventName: testEvents[3]}, func(i int) bool { return i%8 == 3 }},
		{"unknown event", Query{EventName: "AMAZON.Nothing"}, func(int) bool { return false }},
		{"2xx", Query{StatusClass: "2xx"}, func(i int) bool { return statusOf(i) == 202 }},
		{"4xx", Query{StatusClass: "4xx"}, func(i int) bool { s := statusOf(i); return s >= 400 && s < 500 }},
		{"5xx", Query{StatusClass: "5xx"}, func(i int) bool { s := statusOf(i); return s >= 500 }},
		{"network", Query{StatusClass: "network"}, func(i int) bool { return statusOf(i) == 0 }},
		{"other", Query{StatusClass: "other"}, func(int) bool { return false }},
		{"profile", Query{Profile: "skill-b"}, func(i int) bool { return i%3 == 2 }},
		{"target", Query{Target: "na-dev"}, func(i int) bool { return i%3 == 1 }},
		{"since", Query{Since: fixtureBase.Add(100 * time.Second)}, func(i int) bool { return i >= 100 }},
		{"until", Query{Until: fixtureBase.Add(10 * time.Second)}, func(i int) bool { return i < 10 }},
		{"range", Query{Since: fixtureBase.Add(20 * time.Second), Until: fixtureBase.Add(30 * time.Second)}, func(i int) bool { return i >= 20 && i < 30 }},
		{"event+class", Query{EventName: testEvents[1], StatusClass: "4xx"}, func(i int) bool { return i%8 == 1 && class(i) == "4xx" }},
		{"event+class+profile+target", Query{EventName: testEvents[0], StatusClass: "2xx", Profile: "", Target: "sandbox"},
			func(i int) bool { return i%8 == 0 && class(i) == "2xx" && i%3 == 0 }},
		{"text word", Query{Text: "Seattle"}, func(i int) bool { return i%5 == 0 }},
		{"text case and accents", Query{Text: "MUNCHEN"}, func(i int) bool { return i%5 == 3 }},
		{"text prefix", Query{Text: "tok"}, func(i int) bool { return i%5 == 2 }},
		{"text reference prefix", Query{Text: "ref00001"}, func(i int) bool { return i >= 10 && i < 20 }},
		{"text exact reference", Query{Text: fixtureRecord(77).ReferenceID}, func(i int) bool { return i == 77 }},
		{"text response body phrase", Query{Text: "INVALID_EXP"}, func(i int) bool { return statusOf(i) >= 400 }},
		{"text message", Query{Text: "could not be processed"}, func(i int) bool { return statusOf(i) >= 400 }},
		{"text network error", Query{Text: "connection refused"}, func(i int) bool { return statusOf(i) == 0 }},
		{"text request id, short last word is whole", Query{Text: "req-14"}, func(i int) bool { return i == 14 && statusOf(i) != 0 }},
		{"text request id, three digits are a prefix", Query{Text: "req-131"}, func(i int) bool { return i == 131 }},
		{"text two letters are a whole word", Query{Text: "Se"}, func(int) bool { return false }},
		{"text short whole words", Query{Text: "de-DE"}, func(int) bool { return true }},
		{"text facet words are not text", Query{Text: "xfc2xx"}, func(int) bool { return false }},
		{"text two words", Query{Text: "seattle northwind"}, func(i int) bool { return i%5 == 0 }},
		{"text disjoint words", Query{Text: "Seattle Tokyo"}, func(int) bool { return false }},
		{"text quote", Query{Text: `Seat"tle`}, func(int) bool { return false }},
		{"text substring", Query{Text: `{}`}, func(int) bool { return true }},
		{"text substring none", Query{Text: `}}}}}}`}, func(int) bool { return false }},
		{"text no match", Query{Text: "zyzzyva"}, func(int) bool { return false }},
		{"text+event+class", Query{Text: "Berlin", EventName: testEvents[1], StatusClass: "4xx"},
			func(i int) bool { return i%5 == 1 && i%8 == 1 && class(i) == "4xx" }},
		{"text+range", Query{Text: "Lyon", Since: fixtureBase.Add(50 * time.Second), Until: fixtureBase.Add(90 * time.Second)},
			func(i int) bool { return i%5 == 4 && i >= 50 && i < 90 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want []string
			for i := queryFixtureSize - 1; i >= 0; i-- {
				if c.want(i) {
					want = append(want, fixtureRecord(i).ReferenceID)
				}
			}
			for _, limit := range []int{7, 0} {
				q := c.q
				q.Limit = limit
				var got []string
				for _, sum := range allSummaries(t, s, q) {
					got = append(got, sum.ReferenceID)
				}
				if strings.Join(got, ",") != strings.Join(want, ",") {
					t.Errorf("limit %d: got %d records %v\nwant %d records %v", limit, len(got), got, len(want), want)
				}
			}
			n, err := s.Count(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			if n != len(want) {
				t.Errorf("Count = %d, want %d", n, len(want))
			}
		})
	}
}

func TestListSummaryFields(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	r := fixtureRecord(1)
	if _, err := s.Append(ctx, r); err != nil {
		t.Fatal(err)
	}
	p, err := s.List(ctx, Query{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 1 || p.Next != nil {
		t.Fatalf("page %+v", p)
	}
	got := p.Items[0]
	want := Summary{ID: r.ID, SentAt: r.SentAt, Profile: r.Profile, Target: r.Target, Stage: r.Stage, EventName: r.EventName,
		ReferenceID: r.ReferenceID, Audience: r.Audience, Status: r.Status, Message: r.Message, RequestID: r.RequestID,
		Latency: r.Latency, Attempts: r.Attempts, NetworkErr: r.NetworkErr}
	if got != want {
		t.Errorf("summary\n got %+v\nwant %+v", got, want)
	}
	if got.StatusClass() != "4xx" {
		t.Errorf("StatusClass = %s", got.StatusClass())
	}
}

func TestListRejectsUnknownStatusClass(t *testing.T) {
	s := openTestStore(t)
	_, err := s.List(context.Background(), Query{StatusClass: "3xx"})
	if err == nil || !strings.Contains(err.Error(), "2xx, 4xx, 5xx, token, cancelled, network") {
		t.Errorf("error %v, want one listing the classes", err)
	}
	if _, err := s.Count(context.Background(), Query{StatusClass: "404"}); err == nil {
		t.Error("Count accepted an unknown status class")
	}
}

func TestListPaging(t *testing.T) {
	s := openTestStore(t)
	bulkLoad(t, s, 0, 237)
	ctx := context.Background()
	q := Query{Limit: 50}
	var sizes []int
	var last time.Time
	seen := map[int64]bool{}
	for {
		p, err := s.List(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(p.Items))
		for _, it := range p.Items {
			if seen[it.ID] {
				t.Fatalf("record %d twice", it.ID)
			}
			seen[it.ID] = true
			if !last.IsZero() && !it.SentAt.Before(last) {
				t.Fatalf("not newest first: %v after %v", it.SentAt, last)
			}
			last = it.SentAt
		}
		if p.Next == nil {
			break
		}
		q.Before = p.Next
	}
	if len(seen) != 237 || len(sizes) != 5 || sizes[4] != 37 {
		t.Errorf("pages %v, %d records; want 4×50 + 37", sizes, len(seen))
	}
	// A page that ends exactly at the last record has no Next.
	p, err := s.List(ctx, Query{Limit: 237})
	if err != nil || len(p.Items) != 237 || p.Next != nil {
		t.Errorf("exact page: %d items, next %v, err %v", len(p.Items), p.Next, err)
	}
	// The limit is capped.
	bulkLoad(t, s, 237, 1300)
	p, _ = s.List(ctx, Query{Limit: 5000})
	if len(p.Items) != MaxLimit || p.Next == nil {
		t.Errorf("Limit 5000 gave %d items", len(p.Items))
	}
	p, _ = s.List(ctx, Query{})
	if len(p.Items) != DefaultLimit {
		t.Errorf("Limit 0 gave %d items", len(p.Items))
	}
}

func TestPagingStableWhileRecordsArrive(t *testing.T) {
	for _, q := range []Query{{Limit: 40}, {Limit: 40, Text: "Northwind"}, {Limit: 15, StatusClass: "2xx"}} {
		t.Run(q.Text+q.StatusClass, func(t *testing.T) {
			s := openTestStore(t)
			ctx := context.Background()
			bulkLoad(t, s, 0, 120)
			want := allSummaries(t, s, Query{Text: q.Text, StatusClass: q.StatusClass})
			var got []Summary
			next := 200
			for {
				p, err := s.List(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, p.Items...)
				if p.Next == nil {
					break
				}
				q.Before = p.Next
				// Newer records arrive between pages.
				for range 7 {
					if _, err := s.Append(ctx, fixtureRecord(next)); err != nil {
						t.Fatal(err)
					}
					next++
				}
			}
			if len(got) != len(want) {
				t.Fatalf("paged %d records, want %d", len(got), len(want))
			}
			for i := range want {
				if got[i].ID != want[i].ID {
					t.Fatalf("position %d: record %d, want %d", i, got[i].ID, want[i].ID)
				}
			}
			// A fresh first page shows the new records on top.
			q.Before = nil
			p, _ := s.List(ctx, q)
			if len(p.Items) == 0 || p.Items[0].ReferenceID != fixtureRecord(next-1).ReferenceID && q.StatusClass == "" {
				t.Errorf("fresh first page starts with %+v", p.Items[0])
			}
		})
	}
}

// TestOutcomeClasses: a cancelled send, a token refusal and a network
// failure each get their own class, in Classify and in the query; an exact
// status selects one code.
func TestOutcomeClasses(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	mk := func(i, status int, netErr string) *Record {
		r := fixtureRecord(i)
		r.Status, r.NetworkErr = status, netErr
		return r
	}
	recs := []*Record{
		mk(0, 0, "cancelled while fetching the access token: the event was not sent"),
		mk(1, 0, "token request refused (401 invalid_client): the client id or client secret is wrong"),
		mk(2, 0, "no response from http://127.0.0.1:9: connection refused; check the target and the network"),
		mk(3, 409, ""),
		mk(4, 400, ""),
		mk(5, 0, "token request cancelled"),
	}
	wantClass := []string{"cancelled", "token", "network", "4xx", "4xx", "cancelled"}
	for i, r := range recs {
		if got := r.StatusClass(); got != wantClass[i] {
			t.Errorf("record %d: class %q, want %q", i, got, wantClass[i])
		}
		if _, err := s.Append(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		q    Query
		want []string
	}{
		{Query{StatusClass: "cancelled"}, []string{recs[5].ReferenceID, recs[0].ReferenceID}},
		{Query{StatusClass: "token"}, []string{recs[1].ReferenceID}},
		{Query{StatusClass: "network"}, []string{recs[2].ReferenceID}},
		{Query{Status: 409}, []string{recs[3].ReferenceID}},
		{Query{StatusClass: "4xx", Status: 400}, []string{recs[4].ReferenceID}},
	} {
		var got []string
		for _, sum := range allSummaries(t, s, c.q) {
			got = append(got, sum.ReferenceID)
			if sum.StatusClass() != Classify(sum.Status, sum.NetworkErr) {
				t.Errorf("summary class differs from Classify")
			}
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%+v: got %v, want %v", c.q, got, c.want)
		}
	}
}
