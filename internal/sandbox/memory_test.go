package sandbox

import (
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestMemoryStaysBounded: bodies far above Amazon's scale are refused
// before they are stored, and the request log keeps a summary of each
// rejection, not the key name it quotes. 100 events with a 900 KB
// sentence and 200 rejections quoting a 60 KB key leave the heap within a
// few MB and /_emulator/requests small.
func TestMemoryStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("sends 100 MB over loopback")
	}
	c := newClock()
	_, base := startServer(t, Config{Now: c.Now, RateLimit: -1})
	tok := getToken(t, base)
	before := heapInUse()

	huge := strings.Repeat("Northwind Books ", 900<<10/16)
	accepted, tooBig := 0, 0
	for i := range 100 {
		ev := orderEvent(fmt.Sprintf("mem-huge-%d", i)).with("localizedAttributes", []any{map[string]any{"locale": "en-US", "sellerName": huge}})
		switch r := sendEvent(t, base, DevelopmentPath, tok, ev.bytes()); r.status {
		case http.StatusAccepted:
			accepted++
		case http.StatusRequestEntityTooLarge:
			tooBig++
		default:
			t.Fatalf("huge event: %d %.200s", r.status, r.body)
		}
	}
	key := strings.Repeat("k", 60<<10)
	for i := range 200 {
		ev := orderEvent(fmt.Sprintf("mem-key-%d", i))
		ev["event"].(map[string]any)["payload"].(map[string]any)[key] = "x"
		if r := sendEvent(t, base, DevelopmentPath, tok, ev.bytes()); r.status != http.StatusBadRequest {
			t.Fatalf("unknown key: %d %.200s", r.status, r.body)
		}
	}
	after := heapInUse()
	grew := int64(after) - int64(before)
	t.Logf("accepted %d, refused as too large %d; heap in use %d MB → %d MB", accepted, tooBig, before>>20, after>>20)
	if grew > 16<<20 {
		t.Errorf("the heap grew by %d MB", grew>>20)
	}
	if accepted != 0 {
		t.Errorf("%d events of 900 KB were accepted; Amazon-scale bodies are at most %d bytes", accepted, MaxBodyBytes)
	}
	r := do(t, newRequest(t, http.MethodGet, base+"/_emulator/requests", nil))
	t.Logf("/_emulator/requests: %d KB", len(r.body)>>10)
	if len(r.body) > 1<<20 {
		t.Errorf("/_emulator/requests is %d KB", len(r.body)>>10)
	}
}

// TestStoreBoundedByBytes: the stored notifications stay within
// maxStoredBytes however long each text is; the newest are kept.
func TestStoreBoundedByBytes(t *testing.T) {
	st := newStore()
	text := strings.Repeat("x", 1<<20)
	exp := t0.Add(time.Hour)
	for i := range 100 {
		n := Notification{ReferenceID: fmt.Sprint("ref", i), UserID: DefaultUserID, Stage: StageDevelopment, Text: text, Expires: exp}
		st.add(t0, []Notification{n}, false, StageDevelopment, n.ReferenceID, exp)
	}
	total := 0
	for i := range st.notes {
		total += noteSize(&st.notes[i])
	}
	if total > maxStoredBytes || total != st.bytes {
		t.Errorf("stored %d bytes (tracked %d), bound %d", total, st.bytes, maxStoredBytes)
	}
	if last := st.notes[len(st.notes)-1]; last.ReferenceID != "ref99" {
		t.Errorf("the newest notification is gone: last is %s", last.ReferenceID)
	}
	if len(st.byKey) != len(st.notes) {
		t.Errorf("index holds %d keys for %d notes", len(st.byKey), len(st.notes))
	}
	st.sweep(exp)
	if st.bytes != 0 || len(st.notes) != 0 {
		t.Errorf("after expiry: %d notes, %d bytes", len(st.notes), st.bytes)
	}
}
