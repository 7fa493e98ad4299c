package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// TestSendGroupCommand: 'send --to' with a user in NA and one in EU through
// a real sandbox standing for NA routes the EU user (and says so), prints a
// per-user table, records one row per user under one group id; 'history
// mark' and 'history list --heard/--group' then find them. Unknown labels
// send nothing.
func TestSendGroupCommand(t *testing.T) {
	e := profileSetup(t)
	e.addMain() // region EU
	e.mustRun("", "users", "add", usersNA, "--label", "seattle", "--region", "NA")
	e.mustRun("", "users", "add", usersEU, "--label", "berlin", "--region", "EU")
	srv := sandbox.New(sandbox.Config{Subscribers: []sandbox.Subscriber{
		{UserID: usersNA, EventNames: schemas.Names()}, {UserID: usersEU, Locale: "de-DE", EventNames: schemas.Names()}}})
	base, err := srv.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	hist := filepath.Join(t.TempDir(), "h.db")
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "weather-alert.json"))
	if err != nil {
		t.Fatal(err)
	}
	ev := filepath.Join(t.TempDir(), "ev.json")
	fresh := schemas.Refresh(mustDecode(t, data), time.Now()).Encode()
	os.WriteFile(ev, fresh, 0o600)

	e.fail(exitUsage, "", []string{"--history", hist, "send", ev, "--target", base, "--to", "seattle,nobody"}, `"nobody"`, "seattle, berlin")
	r := e.mustRun("", "--history", hist, "send", ev, "--target", base, "--region", "NA", "--to", "seattle,berlin", "--fresh-ref")
	for _, w := range []string{"standing for NA", "seattle", "EU (routed)", "202 Accepted", "berlin: the user lives in EU, not NA"} {
		if !strings.Contains(r.stdout, w) {
			t.Fatalf("stdout lacks %q:\n%s", w, r.stdout)
		}
	}
	r = e.mustRun("", "--history", hist, "send", ev, "--target", base, "--region", "NA", "--to-all", "--json")
	var out struct {
		GroupID string
		Rows    []struct {
			UserID   string
			Region   string
			Routed   bool
			Status   int
			RecordID int64
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out.Rows) != 2 || !out.Rows[1].Routed || out.Rows[0].Routed {
		t.Fatalf("json %v:\n%s", err, r.stdout)
	}
	r = e.mustRun("", "--history", hist, "history", "list", "--group", out.GroupID, "--json")
	var rows []struct{ GroupID string }
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 2 || rows[0].GroupID != out.GroupID {
		t.Fatalf("group rows %v:\n%s", err, r.stdout)
	}
	id := out.Rows[1].RecordID
	e.mustRun("", "--history", hist, "history", "mark", itoa(id), "not-heard")
	r = e.mustRun("", "--history", hist, "history", "list", "--heard", "no")
	if !strings.Contains(r.stdout, "not heard") || strings.Count(r.stdout, "\n") != 2 {
		t.Fatalf("heard no:\n%s", r.stdout)
	}
	e.fail(exitUsage, "", []string{"--history", hist, "history", "mark", itoa(id), "maybe"}, "heard, not-heard or clear")
	e.fail(exitUsage, "", []string{"--history", hist, "history", "list", "--heard", "sometimes"}, "yes, no or unmarked")
}

func mustDecode(t *testing.T, b []byte) *schemas.Request {
	t.Helper()
	r, err := schemas.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func itoa(n int64) string { b, _ := json.Marshal(n); return string(b) }
