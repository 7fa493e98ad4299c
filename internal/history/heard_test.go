package history

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
)

// TestMigrationTwoKeepsVersionOneRecords: a history file of schema version
// 1 (before group sends and heard marks) opens, gains the columns, and its
// records read back unmarked and ungrouped.
func TestMigrationTwoKeepsVersionOneRecords(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v1.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{migrations[0],
		fmt.Sprintf("PRAGMA application_id = %d", ApplicationID), "PRAGMA user_version = 1",
		`INSERT INTO records (sent_at, profile, target, stage, event_name, reference_id, audience, request, status,
			message, request_id, latency_ns, attempts, network_error) VALUES (1, 'p', 'na-dev', 'development',
			'AMAZON.WeatherAlert.Activated', 'r1', 'Multicast', X'7B7D', 202, '', 'q', 5, 1, '')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if v := pragma(t, s, "PRAGMA user_version"); v != fmt.Sprint(len(migrations)) {
		t.Fatalf("user_version %s", v)
	}
	r, err := s.Get(context.Background(), 1)
	if err != nil || r.Heard != nil || r.GroupID != "" || r.ReferenceID != "r1" {
		t.Fatalf("%+v %v", r, err)
	}
}

// TestMarkHeardAndFilter: marks set, change and clear; the heard filter
// and the group filter select exactly the marked and grouped records.
func TestMarkHeardAndFilter(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	ids := appendN(t, s, 4)
	grouped := fixtureRecord(9)
	grouped.GroupID = "g-1"
	gid, err := s.Append(ctx, grouped)
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Mark(ctx, ids[0], &yes))
	must(s.Mark(ctx, ids[1], &no))
	must(s.Mark(ctx, ids[2], &yes))
	must(s.Mark(ctx, ids[2], nil))
	if err := s.Mark(ctx, 999, &yes); !errors.Is(err, ErrNotFound) {
		t.Fatalf("missing record: %v", err)
	}
	count := func(q Query) []int64 {
		var out []int64
		for _, sum := range allSummaries(t, s, q) {
			out = append(out, sum.ID)
		}
		return out
	}
	if got := count(Query{Heard: "yes"}); len(got) != 1 || got[0] != ids[0] {
		t.Fatalf("heard yes: %v", got)
	}
	if got := count(Query{Heard: "no", Text: "x"}); len(got) > 1 {
		t.Fatalf("heard no with text: %v", got)
	}
	if got := count(Query{Heard: "no"}); len(got) != 1 || got[0] != ids[1] {
		t.Fatalf("heard no: %v", got)
	}
	if got := count(Query{Heard: "unmarked"}); len(got) != 3 {
		t.Fatalf("unmarked: %v", got)
	}
	if got := count(Query{GroupID: "g-1"}); len(got) != 1 || got[0] != gid {
		t.Fatalf("group: %v", got)
	}
	if _, err := s.List(ctx, Query{Heard: "maybe"}); err == nil {
		t.Fatal("an unknown heard filter was accepted")
	}
	r, _ := s.Get(ctx, ids[0])
	if r.Heard == nil || !*r.Heard {
		t.Fatalf("heard = %v", r.Heard)
	}
}
