package history

import (
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"testing"
	"time"
)

func TestOpenCreatesCurrentSchema(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state", "pe-tui")
	path := filepath.Join(dir, FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := pragma(t, s, "PRAGMA application_id"); got != strconv.Itoa(ApplicationID) {
		t.Errorf("application_id = %s, want %d", got, ApplicationID)
	}
	if got := pragma(t, s, "PRAGMA user_version"); got != strconv.Itoa(len(migrations)) {
		t.Errorf("user_version = %s, want %d", got, len(migrations))
	}
	if got := pragma(t, s, "PRAGMA journal_mode"); got != "wal" {
		t.Errorf("journal_mode = %s, want wal", got)
	}
	if got := pragma(t, s, "PRAGMA foreign_keys"); got != "1" {
		t.Errorf("foreign_keys = %s, want 1", got)
	}
	if got := pragma(t, s, "PRAGMA synchronous"); got != "2" {
		t.Errorf("synchronous = %s, want 2 (FULL)", got)
	}
	if got := pragma(t, s, "PRAGMA busy_timeout"); got != strconv.Itoa(busyTimeoutMS) {
		t.Errorf("busy_timeout = %s", got)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
	}
	di, _ := os.Stat(dir)
	if di.Mode().Perm() != 0o700 {
		t.Errorf("directory mode %v, want 0700", di.Mode().Perm())
	}
	id, err := s.Append(context.Background(), fixtureRecord(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, companion := range []string{"-wal", "-shm"} {
		fi, err := os.Stat(path + companion)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", companion, fi.Mode().Perm())
		}
	}
	s.Close()

	// Reopening keeps the records and migrates nothing.
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Get(context.Background(), id); err != nil {
		t.Fatalf("record lost on reopen: %v", err)
	}
	if got := pragma(t, s, "PRAGMA user_version"); got != strconv.Itoa(len(migrations)) {
		t.Errorf("user_version after reopen = %s", got)
	}
}

func TestOpenEmptyFileBecomesHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := pragma(t, s, "PRAGMA application_id"); got != strconv.Itoa(ApplicationID) {
		t.Errorf("application_id = %s", got)
	}
	if n, err := s.Count(context.Background(), Query{}); err != nil || n != 0 {
		t.Errorf("Count = %d, %v; want 0", n, err)
	}
}

func TestAppendGetRoundTrip(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	for _, i := range []int{0, 1, 3, 4} { // 2xx, 4xx, 5xx, network
		want := fixtureRecord(i)
		want.SentAt = want.SentAt.In(time.FixedZone("CET", 3600))
		id, err := s.Append(ctx, want)
		if err != nil {
			t.Fatal(err)
		}
		if id == 0 || want.ID != id {
			t.Fatalf("Append returned id %d, record has %d", id, want.ID)
		}
		if want.SentAt.Location() != time.UTC {
			t.Errorf("SentAt not normalized to UTC: %v", want.SentAt)
		}
		got, err := s.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(normal(got), normal(want)) {
			t.Errorf("record %d:\n got %+v\nwant %+v", i, got, want)
		}
		if got.StatusClass() != want.StatusClass() {
			t.Errorf("status class %s, want %s", got.StatusClass(), want.StatusClass())
		}
	}
}

// normal makes empty and nil slices and maps compare equal.
func normal(r *Record) Record {
	c := *r
	if len(c.Body) == 0 {
		c.Body = nil
	}
	if len(c.Request) == 0 {
		c.Request = nil
	}
	if len(c.Findings) == 0 {
		c.Findings = nil
	}
	if len(c.Headers) == 0 {
		c.Headers = nil
	}
	return c
}

func TestAppendSameInstantKeepsBoth(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	a, b := fixtureRecord(1), fixtureRecord(2)
	b.SentAt = a.SentAt
	if _, err := s.Append(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Append(ctx, b); err != nil {
		t.Fatal(err)
	}
	if !b.SentAt.After(a.SentAt) || b.SentAt.Sub(a.SentAt) != time.Nanosecond {
		t.Errorf("second record at %v, first at %v: want one nanosecond later", b.SentAt, a.SentAt)
	}
	items := allSummaries(t, s, Query{})
	if len(items) != 2 || items[0].ID != b.ID || items[1].ID != a.ID {
		t.Errorf("order %+v, want b then a", items)
	}
}

func TestAppendZeroSentAtIsNow(t *testing.T) {
	s := openTestStore(t)
	r := fixtureRecord(1)
	r.SentAt = time.Time{}
	before := time.Now()
	if _, err := s.Append(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	if r.SentAt.Before(before) || r.SentAt.After(time.Now()) {
		t.Errorf("SentAt %v is not now", r.SentAt)
	}
}

func TestAppendRedactsSecretHeaders(t *testing.T) {
	s := openTestStore(t)
	r := fixtureRecord(1)
	r.Headers = http.Header{
		"Authorization":        {"Bearer Atza|abc"},
		"Proxy-Authorization":  {"Basic eDp5"},
		"Set-Cookie":           {"session=1"},
		"X-Amz-Security-Token": {"tok"},
		"X-Client-Secret":      {"s"},
		"X-Odd":                {"Bearer hidden", "kept"},
		"X-Empty-After":        {"bearer only"},
		"Content-Type":         {"application/json"},
		"X-Amzn-Requestid":     {"abc-123"},
	}
	if _, err := s.Append(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	want := http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {"abc-123"}, "X-Odd": {"kept"}}
	if !reflect.DeepEqual(r.Headers, want) {
		t.Errorf("Append left headers %v, want %v", r.Headers, want)
	}
	got, err := s.Get(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Headers, want) {
		t.Errorf("stored headers %v, want %v", got.Headers, want)
	}
}

func TestResendOriginAndDeleteSetsNull(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	origin := fixtureRecord(1)
	if _, err := s.Append(ctx, origin); err != nil {
		t.Fatal(err)
	}
	resend := fixtureRecord(2)
	resend.OriginID = origin.ID
	if _, err := s.Append(ctx, resend); err != nil {
		t.Fatal(err)
	}
	got, _ := s.Get(ctx, resend.ID)
	if got.OriginID != origin.ID {
		t.Fatalf("OriginID = %d, want %d", got.OriginID, origin.ID)
	}
	if err := s.Delete(ctx, origin.ID); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, resend.ID)
	if err != nil {
		t.Fatalf("resend gone with its origin: %v", err)
	}
	if got.OriginID != 0 {
		t.Errorf("OriginID after deleting the origin = %d, want 0", got.OriginID)
	}
	// A resend of a record deleted meanwhile is stored without an origin.
	late := fixtureRecord(3)
	late.OriginID = origin.ID
	if _, err := s.Append(ctx, late); err != nil {
		t.Fatal(err)
	}
	if late.OriginID != 0 {
		t.Errorf("OriginID of a resend of a deleted record = %d, want 0", late.OriginID)
	}
}

func TestDeleteAndNotFound(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	ids := appendN(t, s, 3)
	if err := s.Delete(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of a deleted record: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, ids[1]); !errors.Is(err, ErrNotFound) {
		t.Errorf("second Delete: %v, want ErrNotFound", err)
	}
	if n, _ := s.Count(ctx, Query{}); n != 2 {
		t.Errorf("Count = %d, want 2", n)
	}
	// The deleted record's words are gone from the text index.
	if n, _ := s.Count(ctx, Query{Text: fixtureRecord(1).ReferenceID}); n != 0 {
		t.Errorf("text search finds a deleted record")
	}
	if n, _ := s.Count(ctx, Query{Text: fixtureRecord(2).ReferenceID}); n != 1 {
		t.Errorf("text search misses a kept record")
	}
}

func TestDeleteOlderThan(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	appendN(t, s, 20)
	cut := fixtureBase.Add(7 * time.Second) // records 0..6 are older
	n, err := s.DeleteOlderThan(ctx, cut)
	if err != nil {
		t.Fatal(err)
	}
	if n != 7 {
		t.Errorf("deleted %d, want 7", n)
	}
	items := allSummaries(t, s, Query{})
	if len(items) != 13 || items[len(items)-1].SentAt != cut {
		t.Errorf("left %d records, oldest %v; want 13 from %v", len(items), items[len(items)-1].SentAt, cut)
	}
	if got := pragma(t, s, "SELECT count(*) FROM records_fts WHERE records_fts MATCH 'Northwind'"); got != "13" {
		t.Errorf("text index holds %s rows, want 13", got)
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv(EnvPath, "/tmp/x/h.db")
	if p, _ := DefaultPath(); p != "/tmp/x/h.db" {
		t.Errorf("with %s set: %s", EnvPath, p)
	}
	t.Setenv(EnvPath, "")
	if runtimeUsesXDG() {
		t.Setenv("XDG_STATE_HOME", "/state")
		if p, _ := DefaultPath(); p != "/state/pe-tui/history.db" {
			t.Errorf("with XDG_STATE_HOME: %s", p)
		}
		t.Setenv("XDG_STATE_HOME", "relative")
		t.Setenv("HOME", "/home/u")
		if p, _ := DefaultPath(); p != "/home/u/.local/state/pe-tui/history.db" {
			t.Errorf("without XDG_STATE_HOME: %s", p)
		}
	}
}

func TestConcurrentAppendsAndReadsInOneProcess(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	const writers, each = 4, 40
	errs := make(chan error, writers+2)
	done := make(chan struct{})
	for w := range writers {
		go func() {
			for i := range each {
				r := fixtureRecord(w*each + i)
				r.SentAt = time.Now()
				if _, err := s.Append(ctx, r); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for range 2 {
		go func() {
			for {
				select {
				case <-done:
					errs <- nil
					return
				default:
				}
				if _, err := s.List(ctx, Query{Text: "Northwind", StatusClass: "2xx"}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for range writers {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	if n, _ := s.Count(ctx, Query{}); n != writers*each {
		t.Errorf("Count = %d, want %d", n, writers*each)
	}
}
