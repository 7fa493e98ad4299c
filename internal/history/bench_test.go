package history

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"testing"
	"time"
)

// benchStore opens a store in b.TempDir holding n fixture records, inserted
// in one transaction.
func benchStore(b *testing.B, n int) *Store {
	b.Helper()
	s := openTestStore(b)
	start := time.Now()
	bulkLoad(b, s, 0, n)
	took := time.Since(start)
	if _, err := s.db.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	fi, err := os.Stat(s.Path())
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("fixture of %d records built in %v: %.1f MB", n, took.Round(time.Millisecond), float64(fi.Size())/1e6)
	return s
}

// BenchmarkList measures the queries of the history pane and commands at
// 10,000 and 100,000 records. Budgets (design §5): first page ≤ 100 ms,
// filtered page ≤ 50 ms, memory flat in the record count (compare B/op).
func BenchmarkList(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprintf("records=%d", n), func(b *testing.B) {
			s := benchStore(b, n)
			ctx := context.Background()
			mid, err := s.List(ctx, Query{Limit: n / 2})
			if err != nil {
				b.Fatal(err)
			}
			cases := []struct {
				name string
				q    Query
			}{
				{"first-page", Query{Limit: 50}},
				{"page-in-the-middle", Query{Limit: 50, Before: mid.Next}},
				{"schema+status", Query{Limit: 50, EventName: testEvents[1], StatusClass: "4xx"}},
				{"schema+status+text", Query{Limit: 50, EventName: testEvents[1], StatusClass: "4xx", Text: "Seattle"}},
				{"schema+status+common-text", Query{Limit: 50, EventName: testEvents[1], StatusClass: "4xx", Text: "Northwind"}},
				{"text-in-every-record", Query{Limit: 50, Text: "Northwind"}},
				{"text-one-record", Query{Limit: 50, Text: fixtureRecord(n / 3).ReferenceID}},
				{"text-no-record", Query{Limit: 50, Text: "zyzzyva"}},
				{"common-text+no-such-schema", Query{Limit: 50, Text: "Northwind", EventName: "AMAZON.Nothing"}},
				{"rare-status", Query{Limit: 50, StatusClass: "other"}},
				{"profile+target", Query{Limit: 50, Profile: "skill-a", Target: "na-dev"}},
				{"status+text+time-range", Query{Limit: 50, StatusClass: "5xx", Text: "Berlin",
					Since: fixtureBase.Add(time.Duration(n/4) * time.Second), Until: fixtureBase.Add(time.Duration(n/2) * time.Second)}},
				{"time-range", Query{Limit: 50, Since: fixtureBase.Add(time.Duration(n/4) * time.Second), Until: fixtureBase.Add(time.Duration(n/2) * time.Second)}},
			}
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					rows := 0
					for b.Loop() {
						p, err := s.List(ctx, c.q)
						if err != nil {
							b.Fatal(err)
						}
						rows = len(p.Items)
					}
					b.ReportMetric(float64(rows), "rows")
				})
			}
			b.Run("open+first-page+close", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					st, err := Open(s.Path())
					if err != nil {
						b.Fatal(err)
					}
					if _, err := st.List(ctx, Query{}); err != nil {
						b.Fatal(err)
					}
					st.Close()
				}
			})
			b.Run("count-all", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Count(ctx, Query{}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("count-schema+status+text", func(b *testing.B) {
				for b.Loop() {
					if _, err := s.Count(ctx, Query{EventName: testEvents[1], StatusClass: "4xx", Text: "Seattle"}); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("get", func(b *testing.B) {
				b.ReportAllocs()
				id := mid.Items[0].ID
				for b.Loop() {
					if _, err := s.Get(ctx, id); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("append", func(b *testing.B) {
				i := n
				for b.Loop() {
					r := fixtureRecord(i)
					if _, err := s.Append(ctx, r); err != nil {
						b.Fatal(err)
					}
					i++
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
			})
		})
	}
}

// BenchmarkAppend measures durable appends (one fsync each) to a new history.
func BenchmarkAppend(b *testing.B) {
	s := openTestStore(b)
	ctx := context.Background()
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Append(ctx, fixtureRecord(i)); err != nil {
			b.Fatal(err)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkExportImport measures streaming 10,000 records out and back in.
func BenchmarkExportImport(b *testing.B) {
	src := benchStore(b, 10_000)
	ctx := context.Background()
	var buf bytes.Buffer
	if _, err := src.Export(ctx, &buf, Query{}); err != nil {
		b.Fatal(err)
	}
	b.Run("export", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := src.Export(ctx, io.Discard, Query{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("import", func(b *testing.B) {
		for b.Loop() {
			dst := openTestStore(b)
			if _, err := dst.Import(ctx, bytes.NewReader(buf.Bytes())); err != nil {
				b.Fatal(err)
			}
			dst.Close()
		}
	})
}
