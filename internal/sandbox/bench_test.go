package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"testing"
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
