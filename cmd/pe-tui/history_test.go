package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// historyCLI runs the command line and returns the exit code and outputs.
func historyCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := execute(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// historyTestBase is when the first test record was sent.
var historyTestBase = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

// historyTestRecord returns the i-th test record: statuses 202, 400, 500 and
// a network failure in turn; WeatherAlert for even i, OrderStatus for odd.
func historyTestRecord(i int) *history.Record {
	ev := []string{"AMAZON.WeatherAlert.Activated", "AMAZON.OrderStatus.Updated"}[i%2]
	city := []string{"Seattle", "Berlin", "Tokyo"}[i%3]
	ref := fmt.Sprintf("ref-%03d-x", i)
	r := &history.Record{
		SentAt:      historyTestBase.Add(time.Duration(i) * time.Minute),
		Target:      "sandbox",
		Stage:       "development",
		EventName:   ev,
		ReferenceID: ref,
		Audience:    "Multicast",
		Request:     []byte(fmt.Sprintf(`{"referenceId":%q,"event":{"name":%q},"localizedAttributes":[{"locale":"en-US","source":%q}]}`, ref, ev, city)),
		Status:      []int{202, 400, 500, 0}[i%4],
		Latency:     120 * time.Millisecond,
		Attempts:    1,
	}
	switch r.Status {
	case 0:
		r.NetworkErr = "dial tcp 127.0.0.1:9: connect: connection refused"
	case 400:
		r.Message = "expiryTime must be within 24 hours"
		r.Body = []byte(`{"message":"expiryTime must be within 24 hours"}`)
		r.Findings = []schemas.Finding{{Code: "EXP_TOO_LATE", Severity: schemas.SeverityError, Path: "expiryTime", Message: "expires in 30 hours"}}
	}
	if r.Status != 0 {
		r.Headers = http.Header{"Content-Type": {"application/json"}, "X-Amzn-Requestid": {fmt.Sprintf("rq-%d", i)}}
		r.RequestID = fmt.Sprintf("rq-%d", i)
	}
	return r
}

// historyTestFile creates a history with records 0..n-1 and returns its path.
func historyTestFile(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "history.db")
	historyTestSeed(t, path, n)
	return path
}

// historyTestSeed opens (or creates) the history at path and appends records 0..n-1.
func historyTestSeed(t *testing.T, path string, n int) {
	t.Helper()
	st, err := history.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range n {
		if _, err := st.Append(context.Background(), historyTestRecord(i)); err != nil {
			t.Fatal(err)
		}
	}
}

// historyTableRefs returns the REFERENCE ID column of a list table.
func historyTableRefs(t *testing.T, out string) []string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "ID ") || !strings.Contains(lines[0], "REFERENCE ID") {
		t.Fatalf("no table header in %q", out)
	}
	var refs []string
	for _, l := range lines[1:] {
		f := strings.Fields(l)
		refs = append(refs, f[len(f)-1])
	}
	return refs
}

func TestHistoryListTableAndFilters(t *testing.T) {
	path := historyTestFile(t, 12)
	cases := []struct {
		args []string
		want string
	}{
		{nil, "ref-011-x ref-010-x ref-009-x ref-008-x ref-007-x ref-006-x ref-005-x ref-004-x ref-003-x ref-002-x ref-001-x ref-000-x"},
		{[]string{"--limit", "3"}, "ref-011-x ref-010-x ref-009-x"},
		{[]string{"--schema", "weatheralert"}, "ref-010-x ref-008-x ref-006-x ref-004-x ref-002-x ref-000-x"},
		{[]string{"--schema", "AMAZON.OrderStatus.Updated", "--status", "4xx"}, "ref-009-x ref-005-x ref-001-x"},
		{[]string{"--status", "network"}, "ref-011-x ref-007-x ref-003-x"},
		{[]string{"--status", "5XX"}, "ref-010-x ref-006-x ref-002-x"},
		{[]string{"--status", "400"}, "ref-009-x ref-005-x ref-001-x"},
		{[]string{"--status", "409"}, ""},
		{[]string{"--grep", "seattle"}, "ref-009-x ref-006-x ref-003-x ref-000-x"},
		{[]string{"--grep", "within 24", "--schema", "OrderStatus.Updated"}, "ref-009-x ref-005-x ref-001-x"},
		{[]string{"--since", "2025-03-01T09:09:00Z"}, "ref-011-x ref-010-x ref-009-x"},
		{[]string{"--until", "2025-03-01T09:02:00Z"}, "ref-001-x ref-000-x"},
		{[]string{"--target", "na-dev"}, ""},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, out, errOut := historyCLI(t, "", append([]string{"--history", path, "history", "list"}, c.args...)...)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if c.want == "" {
				if !strings.Contains(out, "No recorded sends match.") {
					t.Errorf("output %q", out)
				}
				return
			}
			if got := strings.Join(historyTableRefs(t, out), " "); got != c.want {
				t.Errorf("got  %s\nwant %s", got, c.want)
			}
		})
	}
	// The row holds id, local time, short event, status and target.
	_, out, errOut := historyCLI(t, "", "--history", path, "history", "list", "--limit", "2")
	first := strings.Split(out, "\n")[1]
	wantTime := historyTestBase.Add(11 * time.Minute).Local().Format(time.DateTime)
	for _, want := range []string{"12 ", wantTime, "OrderStatus.Updated", "network", "sandbox", "ref-011-x"} {
		if !strings.Contains(first, want) {
			t.Errorf("row %q lacks %q", first, want)
		}
	}
	if !strings.Contains(errOut, "Showing the newest 2 of 12 records") {
		t.Errorf("no truncation note on stderr: %q", errOut)
	}
}

func TestHistoryListJSON(t *testing.T) {
	path := historyTestFile(t, 5)
	code, out, errOut := historyCLI(t, "", "--history", path, "history", "list", "--json", "--status", "4xx")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var items []history.Summary
	if err := json.Unmarshal([]byte(out), &items); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(items) != 1 || items[0].ReferenceID != "ref-001-x" || items[0].Status != 400 || items[0].Message == "" {
		t.Errorf("items %+v", items)
	}
	_, out, _ = historyCLI(t, "", "--history", path, "history", "list", "--json", "--grep", "zyzzyva")
	if strings.TrimSpace(out) != "[]" {
		t.Errorf("empty result printed %q, want []", out)
	}
}

func TestHistoryListUsageErrors(t *testing.T) {
	path := historyTestFile(t, 1)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--status", "3xx"}, "use an HTTP code (409) or one of 2xx, 4xx, 5xx, token, cancelled, network"},
		{[]string{"--since", "yesterday"}, `--since: "yesterday" is not a time`},
		{[]string{"--limit", "-1"}, "--limit must be 0"},
		{[]string{"extra"}, "unknown command"},
	} {
		code, _, errOut := historyCLI(t, "", append([]string{"--history", path, "history", "list"}, c.args...)...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
}

func TestHistoryShow(t *testing.T) {
	path := historyTestFile(t, 4)
	code, out, errOut := historyCLI(t, "", "--history", path, "history", "show", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"Record 2\n", "Target       sandbox (development)", "Event        AMAZON.OrderStatus.Updated",
		"Reference    ref-001-x", "Status       400 (4xx)", "Message      expiryTime must be within 24 hours",
		"Request id   rq-1", "Latency      120ms, 1 attempt",
		"Findings at send time:\n  error EXP_TOO_LATE expiryTime: expires in 30 hours",
		"Request:\n  {\n    \"referenceId\": \"ref-001-x\",", "Response headers:\n  Content-Type: application/json",
		"Response body:\n  {\n    \"message\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = historyCLI(t, "", "--history", path, "history", "show", "4")
	if !strings.Contains(out, "Status       no response: dial tcp 127.0.0.1:9: connect: connection refused") {
		t.Errorf("network record:\n%s", out)
	}

	code, out, _ = historyCLI(t, "", "--history", path, "history", "show", "--json", "2")
	var rec history.Record
	if code != exitOK || json.Unmarshal([]byte(out), &rec) != nil {
		t.Fatalf("show --json: exit %d, %q", code, out)
	}
	if rec.ID != 2 || rec.ReferenceID != "ref-001-x" || string(rec.Request) != string(historyTestRecord(1).Request) {
		t.Errorf("show --json record %+v", rec)
	}

	for _, c := range []struct{ arg, want string }{
		{"99", "no history record 99; 'pe-tui history list' shows the ids"},
		{"abc", `"abc" is not a record id`},
	} {
		code, _, errOut := historyCLI(t, "", "--history", path, "history", "show", c.arg)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("show %s: exit %d, %q", c.arg, code, errOut)
		}
	}
}

func TestHistoryShowNeutralizesControlCharacters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "h.db")
	st, err := history.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	r := historyTestRecord(1)
	r.Message = "bad \x1b[2J\x1b]0;pwned\x07 message"
	r.Body = []byte("plain \x1b[31mred\x1b[0m text")
	if _, err := st.Append(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	st.Close()
	_, out, _ := historyCLI(t, "", "--history", path, "history", "show", "1")
	if strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("escape sequences reach the terminal:\n%q", out)
	}
	if !strings.Contains(out, `plain \x1b[31mred`) {
		t.Errorf("body not shown as text:\n%s", out)
	}
}

func TestHistoryDelete(t *testing.T) {
	path := historyTestFile(t, 6)
	code, out, errOut := historyCLI(t, "", "--history", path, "history", "delete", "2", "3")
	if code != exitOK || out != "Deleted record 2.\nDeleted record 3.\n" {
		t.Fatalf("exit %d, %q %q", code, out, errOut)
	}
	if code, _, _ := historyCLI(t, "", "--history", path, "history", "show", "2"); code != exitUsage {
		t.Error("record 2 still shown")
	}
	code, _, errOut = historyCLI(t, "", "--history", path, "history", "delete", "3")
	if code != exitUsage || !strings.Contains(errOut, "no history record 3") {
		t.Errorf("second delete: exit %d, %q", code, errOut)
	}
	code, out, _ = historyCLI(t, "", "--history", path, "history", "delete", "--older-than", "2025-03-01T09:05:00Z")
	if code != exitOK || !strings.HasPrefix(out, "Deleted 3 records sent before ") { // 0, 1, 4 (2 and 3 are gone)
		t.Errorf("--older-than: exit %d, %q", code, out)
	}
	_, out, _ = historyCLI(t, "", "--history", path, "history", "list")
	if got := strings.Join(historyTableRefs(t, out), " "); got != "ref-005-x" {
		t.Errorf("left %s", got)
	}
	for _, args := range [][]string{{}, {"1", "--older-than", "1d"}} {
		code, _, errOut := historyCLI(t, "", append([]string{"--history", path, "history", "delete"}, args...)...)
		if code != exitUsage || !strings.Contains(errOut, "give record ids or --older-than") {
			t.Errorf("delete %v: exit %d, %q", args, code, errOut)
		}
	}
}

func TestHistoryExportImport(t *testing.T) {
	src := historyTestFile(t, 8)
	file := filepath.Join(t.TempDir(), "backup.jsonl")
	code, _, errOut := historyCLI(t, "", "--history", src, "history", "export", file)
	if code != exitOK || !strings.Contains(errOut, "Exported 8 records to "+file) {
		t.Fatalf("export: exit %d, %q", code, errOut)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file: %v, mode %v", err, fi.Mode().Perm())
	}
	data, _ := os.ReadFile(file)
	if strings.Count(string(data), "\n") != 8 {
		t.Errorf("export has %d lines", strings.Count(string(data), "\n"))
	}

	// Filtered export to standard output.
	code, out, _ := historyCLI(t, "", "--history", src, "history", "export", "--status", "4xx")
	if code != exitOK || strings.Count(out, "\n") != 2 || !strings.Contains(out, `"referenceId":"ref-005-x"`) {
		t.Errorf("export --status 4xx: exit %d\n%s", code, out)
	}

	dst := filepath.Join(t.TempDir(), "other.db")
	code, out, errOut = historyCLI(t, "", "--history", dst, "history", "import", file)
	if code != exitOK || !strings.Contains(out, "Imported 8 records from "+file+" (0 already present)") {
		t.Fatalf("import: exit %d, %q %q", code, out, errOut)
	}
	_, a, _ := historyCLI(t, "", "--history", src, "history", "list")
	_, b, _ := historyCLI(t, "", "--history", dst, "history", "list")
	if strings.Join(historyTableRefs(t, a), " ") != strings.Join(historyTableRefs(t, b), " ") {
		t.Errorf("imported history differs:\n%s\n%s", a, b)
	}
	// Again from standard input: nothing new.
	code, out, _ = historyCLI(t, string(data), "--history", dst, "history", "import", "-")
	if code != exitOK || !strings.Contains(out, "Imported 0 records from standard input (8 already present)") {
		t.Errorf("second import: exit %d, %q", code, out)
	}

	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, append(data, []byte("not json\n")...), 0o600)
	empty := filepath.Join(t.TempDir(), "empty.db")
	code, _, errOut = historyCLI(t, "", "--history", empty, "history", "import", bad)
	if code != exitUsage || !strings.Contains(errOut, "line 9") || !strings.Contains(errOut, "nothing was imported") {
		t.Errorf("bad import: exit %d, %q", code, errOut)
	}
	_, out, _ = historyCLI(t, "", "--history", empty, "history", "list")
	if !strings.Contains(out, "No recorded sends match.") {
		t.Errorf("records imported despite the error:\n%s", out)
	}
	code, _, errOut = historyCLI(t, "", "--history", empty, "history", "import", filepath.Join(t.TempDir(), "missing.jsonl"))
	if code != exitUsage || !strings.Contains(errOut, "cannot read") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

func TestHistoryRefusesForeignFileUnchanged(t *testing.T) {
	path := filepath.Join(t.TempDir(), "notes.txt")
	content := []byte("not a database\n")
	os.WriteFile(path, content, 0o600)
	for _, sub := range [][]string{{"list"}, {"show", "1"}, {"delete", "1"}, {"export"}, {"import", "-"}} {
		code, _, errOut := historyCLI(t, "", append([]string{"--history", path, "history"}, sub...)...)
		if code != exitUsage || !strings.Contains(errOut, path+" is not a pe-tui history database") {
			t.Errorf("%v: exit %d, %q", sub, code, errOut)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, content) {
		t.Error("the file was changed")
	}
}

func TestHistoryPathFromEnvironment(t *testing.T) {
	path := historyTestFile(t, 2)
	t.Setenv(history.EnvPath, path)
	code, out, _ := historyCLI(t, "", "history", "list")
	if code != exitOK || len(historyTableRefs(t, out)) != 2 {
		t.Errorf("with %s: exit %d\n%s", history.EnvPath, code, out)
	}
}

func TestHistorySubcommandHook(t *testing.T) {
	saved := historySubcommands
	t.Cleanup(func() { historySubcommands = saved })
	var sawPath string
	historySubcommands = append(historySubcommands, func(g *globalFlags) *cobra.Command {
		return &cobra.Command{Use: "hooked", RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := historyOpen(g)
			if err != nil {
				return err
			}
			defer st.Close()
			sawPath = st.Path()
			return nil
		}}
	})
	path := historyTestFile(t, 1)
	if code, _, errOut := historyCLI(t, "", "--history", path, "history", "hooked"); code != exitOK || sawPath != path {
		t.Errorf("hooked subcommand: exit %d, %q, opened %q", code, errOut, sawPath)
	}
}

func TestHistoryParseWhen(t *testing.T) {
	now := time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"":                          {},
		"90m":                       now.Add(-90 * time.Minute),
		"7d":                        now.AddDate(0, 0, -7),
		"-5m":                       now.Add(-5 * time.Minute),
		"2h ago":                    now.Add(-2 * time.Hour),
		"2025-03-01T09:00:00+01:00": time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC),
		"2025-03-01":                time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local),
	} {
		got, err := historyParseWhen(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("%q: %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"soon", "2025-13-01", "d"} {
		if _, err := historyParseWhen(bad, now); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// TestHistoryListOutcomeClasses: a token refusal and a cancelled send are
// listed and selected by their own class, not as "network".
func TestHistoryListOutcomeClasses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.db")
	st, err := history.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, ne := range []string{
		"token request refused (401 invalid_client): the client id or client secret is wrong",
		"cancelled while fetching the access token: the event was not sent",
	} {
		r := historyTestRecord(3 + 4*i) // a record without a response
		r.NetworkErr = ne
		if _, err := st.Append(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	for _, c := range []struct{ class, ref string }{{"token", "ref-003-x"}, {"cancelled", "ref-007-x"}} {
		code, out, errOut := historyCLI(t, "", "--history", path, "history", "list", "--status", c.class)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		if refs := historyTableRefs(t, out); len(refs) != 1 || refs[0] != c.ref || !strings.Contains(out, " "+c.class+" ") {
			t.Errorf("--status %s: %q", c.class, out)
		}
	}
}
