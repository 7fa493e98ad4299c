package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui"
)

// lazyTestBody is a valid MessageAlert (sendTestEnv.event's) and its referenceId.
func lazyTestBody(t *testing.T) ([]byte, string) {
	t.Helper()
	path, ref := (&sendTestEnv{t: t, dir: t.TempDir()}).event(time.Hour)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b, ref
}

// lazyTestWire wires the TUI to the history at path and the real in-process
// sandbox, and returns the send to make through the UI's sender.
func lazyTestWire(t *testing.T, path string) (*lazyHistory, ui.Options, func(body []byte) (send.Result, error)) {
	t.Helper()
	var opts ui.Options
	store, err := tuiWire(&globalFlags{historyPath: path, configDir: filepath.Join(t.TempDir(), "config")}, &opts, nil)
	if err != nil {
		t.Fatalf("tuiWire: %v", err)
	}
	t.Cleanup(func() { store.Close() })
	srv, base, err := send.StartSandbox(sandbox.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	opts.Sender.SandboxURL = base
	target, _ := alexa.ParseTarget("sandbox")
	return store, opts, func(body []byte) (send.Result, error) {
		return opts.Sender.Send(context.Background(), send.Request{Body: body, Target: target, Creds: send.SandboxCredentials})
	}
}

// holdHistoryOpen makes every history open wait until the returned func is
// called (once; a test defers it too, so that cleanup never waits forever).
func holdHistoryOpen(t *testing.T) (release func()) {
	gate := make(chan struct{})
	t.Cleanup(func() { historyOpener = history.Open })
	historyOpener = func(p string) (*history.Store, error) {
		<-gate
		return history.Open(p)
	}
	return sync.OnceFunc(func() { close(gate) })
}

// A send made right after start, while the history is still opening, waits
// for the open and is recorded: tuiWire's sender (the one the UI uses) to
// the real in-process sandbox, with the open held back.
func TestTUIHistoryRecordsSendMadeBeforeLazyOpen(t *testing.T) {
	release := holdHistoryOpen(t)
	defer release()
	path := filepath.Join(t.TempDir(), "history.db")
	store, _, sendNow := lazyTestWire(t, path)
	body, _ := lazyTestBody(t)

	type outcome struct {
		res send.Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := sendNow(body)
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
	_, opts, sendNow := lazyTestWire(t, path) // a broken history must not stop the TUI from starting
	_, oerr := opts.HistoryOpened()
	if oerr == nil || !strings.Contains(oerr.Error(), "history") {
		t.Fatalf("Opened error %v, want the reason the history is not available", oerr)
	}
	if _, err := opts.History.List(context.Background(), history.Query{}); err == nil {
		t.Fatal("List must fail with the open error")
	}
	body, ref := lazyTestBody(t)
	res, err := sendNow(body)
	if err != nil || res.Response == nil || res.Response.Status != 202 {
		t.Fatalf("send: %v", err)
	}
	if res.RecordErr == nil || res.KeptIn != history.SpoolPath(path) {
		t.Fatalf("record error %v, kept in %q: want the record kept in the spool file", res.RecordErr, res.KeptIn)
	}
	if data, err := os.ReadFile(history.SpoolPath(path)); err != nil || !strings.Contains(string(data), ref) {
		t.Fatalf("spool file: %q %v", data, err)
	}
}

// The history is opened on first use, not at start: a TUI that quits
// before using it never opens (or creates) the database, and the first
// use opens it.
func TestTUIHistoryOpensOnFirstUse(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.db")
	var opts ui.Options
	store, err := tuiWire(&globalFlags{historyPath: path, configDir: filepath.Join(dir, "config")}, &opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // an open started at wiring would have created the file by now
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("the history was opened before its first use: %v", err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("closing an unused history opened it: %v", err)
	}
	if _, err := store.Opened(); err == nil {
		t.Fatal("a history used after Close must say it is closed")
	}

	store, err = tuiWire(&globalFlags{historyPath: path, configDir: filepath.Join(dir, "config")}, &opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if _, err := opts.History.Count(context.Background(), history.Query{}); err != nil {
		t.Fatalf("first use: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("the first use did not open the history: %v", err)
	}
}
