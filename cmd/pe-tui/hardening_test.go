//go:build unix

package main

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/send/sendtest"
)

// hardRun runs the built binary with the test's environment (sendSetup's)
// and a time limit, so that a run that blocks fails instead of hanging.
func hardRun(t *testing.T, limit time.Duration, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, testBinary(t), args...)
	cmd.Env = os.Environ()
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("pe-tui %s did not finish within %s (blocked?); output:\n%s", strings.Join(args, " "), limit, out)
	}
	return string(out), testExitCode(t, err)
}

// hardCount opens the history afresh and counts its records.
func hardCount(t *testing.T, path string) int {
	t.Helper()
	st, err := history.Open(path)
	if err != nil {
		t.Fatalf("the history no longer opens: %v", err)
	}
	defer st.Close()
	p, err := st.List(context.Background(), history.Query{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	return len(p.Items)
}

func hardHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// TestExportNeverReplacesTheHistoryOrAnotherFile: exporting onto the
// history database (its path, its -wal file, a link to it) is refused and
// the history keeps every record; an existing file that is not an export
// is replaced only with --force; an earlier export is replaced.
func TestExportNeverReplacesTheHistoryOrAnotherFile(t *testing.T) {
	e := sendSetup(t)
	historyTestSeed(t, e.history, 4)
	link := filepath.Join(e.dir, "link.jsonl")
	if err := os.Symlink(e.history, link); err != nil {
		t.Fatal(err)
	}
	walLink := filepath.Join(e.dir, "wal-link.jsonl")
	if err := os.Symlink(e.history+"-wal", walLink); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{e.history, e.history + "-wal", e.history + "-shm", link, walLink} {
		got, code := hardRun(t, time.Minute, "--history", e.history, "history", "export", "--status", "4xx", out)
		if code != exitUsage || !strings.Contains(got, "destroy the history") {
			t.Errorf("export onto %s: exit %d, want 2 with a refusal; output:\n%s", out, code, got)
		}
		if n := hardCount(t, e.history); n != 4 {
			t.Fatalf("after export onto %s the history holds %d records, want 4", out, n)
		}
	}

	notes := filepath.Join(e.dir, "notes.txt")
	if err := os.WriteFile(notes, []byte("my notes, not an export\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	before := hardHash(t, notes)
	got, code := hardRun(t, time.Minute, "history", "export", notes)
	if code != exitUsage || !strings.Contains(got, "--force") || hardHash(t, notes) != before {
		t.Fatalf("export onto a file that is not an export: exit %d, output:\n%s", code, got)
	}
	if got, code := hardRun(t, time.Minute, "history", "export", "--force", notes); code != 0 {
		t.Fatalf("export --force: exit %d\n%s", code, got)
	}
	f, err := os.Open(notes)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if !history.IsExport(f) {
		t.Fatal("export --force did not write an export")
	}
	if got, code := hardRun(t, time.Minute, "history", "export", notes); code != 0 {
		t.Fatalf("export over an earlier export: exit %d\n%s", code, got)
	}

	// Standard output redirected onto the history: the shell empties it
	// first; pe-tui must not start a new history in it and call that an export.
	sh := exec.Command("sh", "-c", shellQuoteTest(testBinary(t))+" history export > "+shellQuoteTest(e.history))
	sh.Env = os.Environ()
	out, err := sh.CombinedOutput()
	if code := testExitCode(t, err); code != exitUsage || !strings.Contains(string(out), "standard output is the history database") {
		t.Fatalf("export > the history: exit %d, output:\n%s", code, out)
	}
}

// hardLock holds the history's write lock from another connection until
// the returned function is called.
func hardLock(t *testing.T, path string) func() {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("DELETE FROM records WHERE id = -1"); err != nil {
		t.Fatal(err)
	}
	released := false
	release := func() {
		if !released {
			released = true
			tx.Rollback()
			db.Close()
		}
	}
	t.Cleanup(release)
	return release
}

// TestSendWhileHistoryLockedIsKeptAndAddedNextRun: another process holds
// the history's write lock longer than the documented 10 s wait; an
// accepted send is kept in the spool file (0600), the command says so and
// exits 2 (a history error); the next run adds the record and says so.
func TestSendWhileHistoryLockedIsKeptAndAddedNextRun(t *testing.T) {
	e := sendSetup(t)
	historyTestSeed(t, e.history, 0)
	release := hardLock(t, e.history)
	path, ref := e.event(time.Hour)
	start := time.Now()
	got, code := hardRun(t, time.Minute, "send", path)
	waited := time.Since(start)
	if code != exitUsage {
		t.Fatalf("send with a locked history: exit %d, want 2 (history error); output:\n%s", code, got)
	}
	spool := history.SpoolPath(e.history)
	for _, want := range []string{"202", "kept in " + spool, "locked"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "context deadline exceeded") {
		t.Errorf("the lock is reported as a bare timeout:\n%s", got)
	}
	if waited < history.BusyWait {
		t.Errorf("gave up after %s; the documented wait is %s", waited, history.BusyWait)
	}
	fi, err := os.Stat(spool)
	if err != nil {
		t.Fatalf("no spool file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("spool file mode %v, want 0600", fi.Mode().Perm())
	}
	release()

	got, code = hardRun(t, time.Minute, "history", "list")
	if code != 0 || !strings.Contains(got, "added 1 send record") {
		t.Fatalf("the next run: exit %d, output:\n%s", code, got)
	}
	recs := e.records()
	if len(recs) != 1 || recs[0].ReferenceID != ref || recs[0].Status != 202 {
		t.Fatalf("history after recovery: %+v", recs)
	}
	if _, err := os.Stat(spool); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the spool file stays after its records were added: %v", err)
	}
}

// TestSendInterruptedBySignalIsRecorded: SIGINT, SIGTERM or SIGHUP while
// the event is at the server cancels the send, records it, and exits 3.
func TestSendInterruptedBySignalIsRecorded(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			e := sendSetup(t)
			ref, out, err := signalStalledSend(t, e, sig)
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != exitNetwork {
				t.Errorf("after %v: %v, want exit status 3\n%s", sig, err, out)
			}
			recs := e.records()
			if len(recs) != 1 || recs[0].ReferenceID != ref || recs[0].Status != 0 || !strings.Contains(recs[0].NetworkErr, "outcome is unknown") {
				t.Fatalf("after %v the history holds %+v, want the interrupted send\n%s", sig, recs, out)
			}
		})
	}
}

// signalStalledSend runs the built binary's `send` (with extra arguments
// before the event file) against a server that takes the event and never
// answers, sends sig once the event arrived, and returns the event's
// referenceId, its output and the process's end.
func signalStalledSend(t *testing.T, e *sendTestEnv, sig os.Signal, extra ...string) (ref, out string, err error) {
	t.Helper()
	t.Setenv("PE_TUI_CLIENT_ID", "amzn1.application-oa2-client.stall")
	t.Setenv("PE_TUI_CLIENT_SECRET", "stall-secret")
	base, got := sendtest.StallServer(t)
	path, ref := e.event(time.Hour)
	cmd := exec.Command(testBinary(t), append(append([]string{"send", "--target", base}, extra...), path)...)
	cmd.Env = os.Environ()
	var buf strings.Builder
	cmd.Stdout, cmd.Stderr = &buf, &buf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-got:
	case <-time.After(20 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the event never reached the server:\n%s", buf.String())
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("pe-tui did not end after %v", sig)
	}
	return ref, buf.String(), err
}

// TestSpecialFilesAreRefused: a FIFO given as an event or import file is
// refused at once with words that say what it is (it used to block forever).
func TestSpecialFilesAreRefused(t *testing.T) {
	e := sendSetup(t)
	fifo := filepath.Join(e.dir, "event.fifo")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	for _, args := range [][]string{
		{"send", fifo}, {"validate", fifo}, {"preview", fifo}, {"history", "import", fifo}, {"--file", fifo},
	} {
		got, code := hardRun(t, 20*time.Second, args...)
		if code != exitUsage || !strings.Contains(got, "named pipe (FIFO), not a regular file") {
			t.Errorf("pe-tui %s: exit %d, output:\n%s", strings.Join(args, " "), code, got)
		}
	}
	big := filepath.Join(e.dir, "big.json")
	if err := os.WriteFile(big, make([]byte, 9<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	got, code := hardRun(t, 20*time.Second, "validate", big)
	if code != exitUsage || !strings.Contains(got, "larger than 8 MiB") {
		t.Errorf("validate of a 9 MiB file: exit %d, output:\n%s", code, got)
	}
}

// TestImportRefusesImpossibleNumbers: status, latency, attempts and stage
// outside what a send can produce stop the import, naming line and field.
func TestImportRefusesImpossibleNumbers(t *testing.T) {
	e := sendSetup(t)
	base := `{"sentAt":"2025-03-01T09:00:00Z","target":"sandbox","stage":"development","request":"e30=","status":202,"latency":1000,"attempts":1`
	for field, line := range map[string]string{
		`"status" -5`:                base + `,"status":-5}`,
		`"status" 99999999999999`:    base + `,"status":99999999999999}`,
		`"latency" -1`:               base + `,"latency":-1}`,
		`"attempts" -3`:              base + `,"attempts":-3}`,
		`"stage" "production"`:       base + `,"stage":"production"}`,
		`"originId" -2 is negative`:  base + `,"originId":-2}`,
		`the record has no "target"`: base + `,"target":""}`,
	} {
		file := filepath.Join(e.dir, "bad.jsonl")
		if err := os.WriteFile(file, []byte(line+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		got, code := hardRun(t, 20*time.Second, "history", "import", file)
		if code != exitUsage || !strings.Contains(got, "line 1") || !strings.Contains(got, field) {
			t.Errorf("import of %s: exit %d, output:\n%s", field, code, got)
		}
	}
	if n := hardCount(t, e.history); n != 0 {
		t.Fatalf("%d records imported from bad lines", n)
	}
}

// TestHistoryWordsForOddCases: a huge age, a sub-millisecond latency, a
// megabyte response body, a history without its table and a foreign file
// wearing pe-tui's application id get clear words, and nothing is changed.
func TestHistoryWordsForOddCases(t *testing.T) {
	e := sendSetup(t)
	rec := historyTestRecord(1)
	rec.Latency = 420 * time.Microsecond
	rec.Body = []byte(strings.Repeat("x", 1<<20))
	st, err := history.Open(e.history)
	if err != nil {
		t.Fatal(err)
	}
	id, err := st.Append(context.Background(), rec)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}

	got, code := hardRun(t, 20*time.Second, "history", "delete", "--older-than", "9999999999d")
	if code != exitUsage || !strings.Contains(got, "1678 to 2262") || hardCount(t, e.history) != 1 {
		t.Errorf("delete --older-than 9999999999d: exit %d, output:\n%s", code, got)
	}

	got, code = hardRun(t, 20*time.Second, "history", "show", fmt.Sprint(id))
	if code != 0 || !strings.Contains(got, "420µs") || len(got) > 64<<10 || !strings.Contains(got, "more bytes not shown") {
		t.Errorf("history show: exit %d, %d bytes, latency line %q", code, len(got), hardLine(got, "Latency"))
	}

	noTable := filepath.Join(e.dir, "no-table.db")
	hardSQL(t, noTable, fmt.Sprintf("PRAGMA application_id = %d", history.ApplicationID), "PRAGMA user_version = 1", "CREATE TABLE notes (x)")
	before := hardHash(t, noTable)
	got, code = hardRun(t, 20*time.Second, "--history", noTable, "history", "list")
	if code != exitUsage || !strings.Contains(got, "records table is missing") || strings.Contains(got, "SQL logic error") || hardHash(t, noTable) != before {
		t.Errorf("a history without its table: exit %d, output:\n%s", code, got)
	}

	foreign := filepath.Join(e.dir, "foreign.db")
	hardSQL(t, foreign, fmt.Sprintf("PRAGMA application_id = %d", history.ApplicationID), "CREATE TABLE accounts (id, balance)")
	before = hardHash(t, foreign)
	got, code = hardRun(t, 20*time.Second, "--history", foreign, "history", "list")
	if code != exitUsage || !strings.Contains(got, "another program") || hardHash(t, foreign) != before {
		t.Errorf("a foreign file with pe-tui's id and version 0: exit %d, output:\n%s", code, got)
	}
}

// hardSQL creates an SQLite file with the statements (rollback journal, so
// the file alone holds everything).
func hardSQL(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatal(s, err)
		}
	}
}

// hardLine returns the first line of s that starts with prefix.
func hardLine(s, prefix string) string {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}
