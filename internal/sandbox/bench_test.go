package sandbox

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// BenchmarkAcceptedEventRoundTrip measures one accepted development event
// over loopback HTTP with a keep-alive client: strict validation, delivery
// and rendering included.
func BenchmarkAcceptedEventRoundTrip(b *testing.B) {
	_, base := startServer(b, Config{Now: newClock().Now, RateLimit: -1})
	tok := getToken(b, base)
	template := orderEvent("BENCHREF").bytes()
	url := base + DevelopmentPath
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		body := bytes.Replace(template, []byte("BENCHREF"), strconv.AppendInt([]byte("b"), int64(i), 36), 1)
		req, _ := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		_ = resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted {
			b.Fatalf("status %d", resp.StatusCode)
		}
	}
}

// BenchmarkTokenIssue measures the token route in process (form parsing,
// credential check, issue, log) with no live token and with 40,000 live
// ones: issuing must not cost more as tokens accumulate.
func BenchmarkTokenIssue(b *testing.B) {
	for _, live := range []int{0, 40_000} {
		b.Run("live="+strconv.Itoa(live), func(b *testing.B) {
			c := newClock()
			s := New(Config{Now: c.Now, Logger: slog.New(slog.DiscardHandler)})
			for range live {
				v := newTokenValue()
				s.tokens[v] = &token{expires: t0.Add(time.Hour)}
				s.tokenOrder = append(s.tokenOrder, issued{v, t0.Add(time.Hour)})
			}
			form := tokenForm("amzn1.application-oa2-client.bench", "bench-secret").Encode()
			h := s.Handler()
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, TokenPath, strings.NewReader(form))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
