package history

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
)

// TestKeptRecordsWaitWhileBusyAndAreAddedOnce: a record kept in the spool
// file (0600, no secret header) stays there while another connection holds
// the write lock, is added by the first Open after it, exactly once, and
// the spool file is gone.
func TestKeptRecordsWaitWhileBusyAndAreAddedOnce(t *testing.T) {
	s := openTestStore(t)
	rec := fixtureRecord(3)
	rec.Headers = http.Header{"Authorization": {"Bearer Atza|secret"}, "Content-Type": {"application/json"}}
	if err := s.Keep(rec); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(s.SpoolPath())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "Atza|secret") {
		t.Fatal("the spool file holds a credential header")
	}
	if fi, _ := os.Stat(s.SpoolPath()); fi.Mode().Perm() != 0o600 {
		t.Fatalf("spool mode %v, want 0600", fi.Mode().Perm())
	}

	lock, err := sql.Open("sqlite", "file:"+s.Path()+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := lock.Begin()
	if err != nil {
		t.Fatal(err)
	}
	busy, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	if busy.Recovered() != 0 || busy.Pending() != 1 {
		t.Fatalf("while locked: recovered %d, pending %d; want 0, 1", busy.Recovered(), busy.Pending())
	}
	busy.Close()
	tx.Rollback()
	lock.Close()

	for i, want := range []int{1, 0} {
		st, err := Open(s.Path())
		if err != nil {
			t.Fatal(err)
		}
		if st.Recovered() != want || st.Pending() != 0 {
			t.Fatalf("open %d: recovered %d, pending %d; want %d, 0", i+1, st.Recovered(), st.Pending(), want)
		}
		st.Close()
	}
	if n := len(allSummaries(t, s, Query{})); n != 1 {
		t.Fatalf("%d records, want the kept one once", n)
	}
	if _, err := os.Stat(s.SpoolPath()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("spool file left: %v", err)
	}
	got, err := s.Get(context.Background(), 1)
	if err != nil || got.ReferenceID != rec.ReferenceID || got.Headers.Get("Authorization") != "" {
		t.Fatalf("recovered record %+v, %v", got, err)
	}
}

// TestSpoolWithACutLineIsSetAside: a spool file whose last line was cut
// short (a crash while writing) does not block every later Open: it is set
// aside whole, named by Unreadable, and Open succeeds.
func TestSpoolWithACutLineIsSetAside(t *testing.T) {
	s := openTestStore(t)
	if err := s.Keep(fixtureRecord(1)); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(s.SpoolPath(), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"sentAt":"2025-03-01T09:00:00Z","req`)
	f.Close()
	st, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if len(st.Unreadable()) != 1 || st.Pending() != 0 || st.Recovered() != 0 {
		t.Fatalf("unreadable %q, pending %d, recovered %d", st.Unreadable(), st.Pending(), st.Recovered())
	}
	if _, err := os.Stat(s.SpoolPath()); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the cut spool file is still in the way: %v", err)
	}
}
