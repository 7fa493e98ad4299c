package sandbox

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzEventBody feeds arbitrary bodies to the development route with a valid
// token: the emulator must answer one of its documented statuses, never panic,
// accept only bodies that deliver, and never answer 500 (no fault is
// injected: a body without an error finding always renders, spec §5.1).
func FuzzEventBody(f *testing.F) {
	f.Add(orderEvent("seed1").bytes())
	f.Add(weatherEvent("seed2").bytes())
	f.Add([]byte(`{"event":{"name":"AMAZON.OrderStatus.Updated","payload":[]}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte("\x00\xff{"))
	f.Add(messageEvent("seed3", " ").bytes())
	f.Add(weatherEvent("seed4").with("timestamp", "2024-03-01T09:00:00.5").with("expiryTime", "2024-03-01T10:00:00").bytes())
	f.Add([]byte(strings.Replace(string(orderEvent("seed5").bytes()), `"referenceId"`, `"referenceId":"x","referenceId"`, 1)))
	s := New(Config{Now: newClock().Now, RateLimit: -1})
	h := s.Handler()
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodPost, TokenPath, strings.NewReader(tokenForm("a", "b").Encode())))
	tok := w.Body.String()
	tok = tok[strings.Index(tok, "Atc|"):]
	tok = tok[:strings.IndexByte(tok, '"')]
	f.Fuzz(func(t *testing.T, body []byte) {
		before := len(s.Notifications(""))
		req := httptest.NewRequest(http.MethodPost, DevelopmentPath, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case 202:
			if w.Body.Len() != 0 {
				t.Fatalf("202 with a body %q", w.Body.String())
			}
		case 400, 403, 409, 413:
			if !strings.HasPrefix(w.Body.String(), `{"type":"`) {
				t.Fatalf("%d body %q", w.Code, w.Body.String())
			}
		default:
			t.Fatalf("status %d for %q: %s", w.Code, body, w.Body.String())
		}
		if w.Header().Get(RequestIDHeader) == "" {
			t.Fatalf("%d without %s", w.Code, RequestIDHeader)
		}
		if after := len(s.Notifications("")); w.Code != 202 && after != before {
			t.Fatalf("a rejected body delivered: %d → %d", before, after)
		}
	})
}

// FuzzParseConfig: any file content gives a config or an error, never a panic.
func FuzzParseConfig(f *testing.F) {
	f.Add([]byte(`{"subscribers":[{"userId":"u","eventNames":["AMAZON.OrderStatus.Updated"]}],"faults":{"latency":5}}`))
	f.Add([]byte(`{"manifest":"x.json"}`))
	f.Add([]byte(`{"faults":{"latency":"1e9h"}}`))
	f.Add([]byte(`{"skills":[{"skillId":"a","clientId":"x"},{"skillId":"b","clientId":"y","manifest":"m.json","subscribers":[{"userId":"u"}]}]}`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := ParseConfig(data, dir)
		if err == nil {
			if cerr := cfg.Check(); cerr != nil {
				t.Fatalf("ParseConfig accepted what Check refuses: %v", cerr)
			}
		} else if err.Error() == "" {
			t.Fatal("empty error")
		}
	})
}
