package history

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Environment of the helper process started by the multi-process tests.
const (
	helperEnv      = "PE_TUI_HISTORY_TEST_HELPER" // "append" runs the helper
	helperPathEnv  = "PE_TUI_HISTORY_TEST_PATH"   // database file
	helperTagEnv   = "PE_TUI_HISTORY_TEST_TAG"    // referenceId prefix
	helperCountEnv = "PE_TUI_HISTORY_TEST_COUNT"  // records to append; 0: until killed
)

// TestHelperProcess is not a test: run by the tests below as a separate
// process, it appends records and prints "id referenceId" after each Append
// returns.
func TestHelperProcess(t *testing.T) {
	if os.Getenv(helperEnv) != "append" {
		t.Skip("helper process for the multi-process tests")
	}
	s, err := Open(os.Getenv(helperPathEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	tag := os.Getenv(helperTagEnv)
	count, _ := strconv.Atoi(os.Getenv(helperCountEnv))
	out := bufio.NewWriter(os.Stdout)
	for i := 0; count == 0 || i < count; i++ {
		r := fixtureRecord(i)
		r.SentAt = time.Now()
		ref := fmt.Sprintf("%s-%dx", tag, i) // the x ends the word: no reference is a prefix of another
		r.Request = []byte(strings.Replace(string(r.Request), r.ReferenceID, ref, 1))
		r.ReferenceID = ref
		id, err := s.Append(context.Background(), r)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(3)
		}
		fmt.Fprintf(out, "%d %s\n", id, r.ReferenceID)
		out.Flush() // reported only once written
	}
	s.Close()
	os.Exit(0)
}

// startHelper starts the helper process appending to path.
func startHelper(t *testing.T, path, tag string, count int) (*exec.Cmd, *bufio.Scanner, *strings.Builder) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"=append", helperPathEnv+"="+path, helperTagEnv+"="+tag, helperCountEnv+"="+strconv.Itoa(count))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(stdout), &stderr
}

// reported is a line printed by the helper: a record it was told is written.
type reported struct {
	id  int64
	ref string
}

func parseReported(t *testing.T, line string) reported {
	t.Helper()
	idText, ref, ok := strings.Cut(line, " ")
	id, err := strconv.ParseInt(idText, 10, 64)
	if !ok || err != nil {
		t.Fatalf("helper printed %q", line)
	}
	return reported{id, ref}
}

// checkIntact verifies SQLite's and the text index's integrity checks.
func checkIntact(t *testing.T, s *Store) {
	t.Helper()
	if got := pragma(t, s, "PRAGMA integrity_check"); got != "ok" {
		t.Errorf("integrity_check: %s", got)
	}
	if _, err := s.db.Exec("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')"); err != nil {
		t.Errorf("text index integrity-check: %v", err)
	}
}

func TestTwoProcessesAppendingLoseNothing(t *testing.T) {
	const perProcess = 200
	// Both processes start on a file that does not exist yet: they also race
	// to create and migrate it.
	path := filepath.Join(t.TempDir(), "new", FileName)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var all []reported
	for _, tag := range []string{"p1", "p2"} {
		cmd, lines, stderr := startHelper(t, path, tag, perProcess)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []reported
			for lines.Scan() {
				mine = append(mine, parseReported(t, lines.Text()))
			}
			if err := cmd.Wait(); err != nil {
				t.Errorf("helper %s: %v: %s", tag, err, stderr.String())
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if len(all) != 2*perProcess {
		t.Fatalf("helpers reported %d appends, want %d", len(all), 2*perProcess)
	}
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	stored := map[int64]string{}
	for _, sum := range allSummaries(t, s, Query{Limit: MaxLimit}) {
		stored[sum.ID] = sum.ReferenceID
	}
	if len(stored) != 2*perProcess {
		t.Errorf("database holds %d records, want %d", len(stored), 2*perProcess)
	}
	for _, r := range all {
		if stored[r.id] != r.ref {
			t.Errorf("record %d is %q, the helper wrote %q", r.id, stored[r.id], r.ref)
		}
	}
	checkIntact(t, s)
}

func TestKilledWhileAppendingKeepsEveryReportedRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	var all []reported
	for round, killAfter := range []int{25, 83, 160} {
		tag := fmt.Sprintf("k%d", round)
		cmd, lines, stderr := startHelper(t, path, tag, 0)
		n := 0
		for lines.Scan() {
			all = append(all, parseReported(t, lines.Text()))
			n++
			if n == killAfter {
				if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
					t.Fatal(err)
				}
			}
		}
		err := cmd.Wait()
		if n < killAfter {
			t.Fatalf("helper stopped after %d appends: %v: %s", n, err, stderr.String())
		}
		if ee, ok := err.(*exec.ExitError); !ok || ee.Success() {
			t.Fatalf("helper was not killed: %v", err)
		}

		s, err := Open(path)
		if err != nil {
			t.Fatalf("round %d: the database does not open after the kill: %v", round, err)
		}
		for _, r := range all {
			got, err := s.Get(context.Background(), r.id)
			if err != nil {
				t.Fatalf("round %d: record %d (%s) was reported written but is missing: %v", round, r.id, r.ref, err)
			}
			if got.ReferenceID != r.ref {
				t.Fatalf("record %d is %q, want %q", r.id, got.ReferenceID, r.ref)
			}
			if n, _ := s.Count(context.Background(), Query{Text: r.ref}); n != 1 {
				t.Fatalf("record %s found %d times by text search", r.ref, n)
			}
		}
		checkIntact(t, s)
		s.Close()
	}
}
