package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui"
)

// lazyTestBody is a valid Multicast MessageAlert sent at now.
func lazyTestBody(t *testing.T, ref string) []byte {
	t.Helper()
	now := time.Now()
	b, err := json.Marshal(map[string]any{
		"timestamp":   now.UTC().Format(time.RFC3339),
		"referenceId": ref,
		"expiryTime":  now.Add(time.Hour).UTC().Format(time.RFC3339),
		"event": map[string]any{
			"name": "AMAZON.MessageAlert.Activated",
			"payload": map[string]any{
				"state":        map[string]any{"status": "UNREAD", "freshness": "NEW"},
				"messageGroup": map[string]any{"creator": map[string]any{"name": "Andy"}, "count": 5, "urgency": "URGENT"},
			},
		},
		"localizedAttributes": []any{},
		"relevantAudience":    map[string]any{"type": "Multicast", "payload": map[string]any{}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// holdHistoryOpen makes every history open wait until the returned func is
// called.
func holdHistoryOpen(t *testing.T) (release func()) {
	gate := make(chan struct{})
	t.Cleanup(func() { historyOpener = history.Open })
	historyOpener = func(p string) (*history.Store, error) {
		<-gate
		return history.Open(p)
	}
	return func() { close(gate) }
}

// A send made right after start, while the history is still opening, waits
// for the open and is recorded: tuiWire's sender (the one the UI uses) to
// the real in-process sandbox, with the open held back.
func TestTUIHistoryRecordsSendMadeBeforeLazyOpen(t *testing.T) {
	release := holdHistoryOpen(t)
	path := filepath.Join(t.TempDir(), "history.db")
	var opts ui.Options
	store, err := tuiWire(&globalFlags{historyPath: path, configDir: filepath.Join(t.TempDir(), "config")}, &opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv, base, err := send.StartSandbox(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts.Sender.SandboxURL = base
	target, _ := alexa.ParseTarget("sandbox")

	type outcome struct {
		res send.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := opts.Sender.Send(context.Background(), send.Request{Body: lazyTestBody(t, "lazy~1"), Target: target, Creds: send.SandboxCredentials})
		done <- outcome{res, err}
	}()
	select {
	case o := <-done:
		t.Fatalf("the send finished while the history was still opening: %+v %v", o.res, o.err)
	case <-time.After(300 * time.Millisecond):
	}
	release()
	o := <-done
	if o.err != nil || o.res.RecordErr != nil || o.res.RecordID == 0 {
		t.Fatalf("send: err %v, record %d, record error %v", o.err, o.res.RecordID, o.res.RecordErr)
	}
	if note, err := store.Opened(); err != nil || note != "" {
		t.Fatalf("Opened: %q %v", note, err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := history.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec, err := st.Get(context.Background(), o.res.RecordID)
	if err != nil || rec.Status != 202 {
		t.Fatalf("the record of the send: %+v %v", rec, err)
	}
}

// When the history cannot be opened, the TUI still starts; Opened says why
// (for the status line), the pane's calls fail with the reason, and a send's
// record is kept in the spool file, which the next open adds.
func TestTUIHistoryOpenErrorIsReportedAndSendIsKept(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	var opts ui.Options
	store, err := tuiWire(&globalFlags{historyPath: path, configDir: filepath.Join(dir, "config")}, &opts, nil)
	if err != nil {
		t.Fatalf("a broken history must not stop the TUI from starting: %v", err)
	}
	defer store.Close()
	_, oerr := opts.HistoryOpened()
	if oerr == nil || !strings.Contains(oerr.Error(), "history") {
		t.Fatalf("Opened error %v, want the reason the history is not available", oerr)
	}
	if _, err := opts.History.List(context.Background(), history.Query{}); err == nil {
		t.Fatal("List must fail with the open error")
	}
	srv, base, err := send.StartSandbox(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	opts.Sender.SandboxURL = base
	target, _ := alexa.ParseTarget("sandbox")
	res, err := opts.Sender.Send(context.Background(), send.Request{Body: lazyTestBody(t, "lazy~2"), Target: target, Creds: send.SandboxCredentials})
	if err != nil || res.Response == nil || res.Response.Status != 202 {
		t.Fatalf("send: %v", err)
	}
	if res.RecordErr == nil || res.KeptIn != history.SpoolPath(path) {
		t.Fatalf("record error %v, kept in %q: want the record kept in the spool file", res.RecordErr, res.KeptIn)
	}
	if data, err := os.ReadFile(history.SpoolPath(path)); err != nil || !strings.Contains(string(data), "lazy~2") {
		t.Fatalf("spool file: %q %v", data, err)
	}
}
