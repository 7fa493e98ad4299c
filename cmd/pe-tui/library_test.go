package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

const libraryTestBody = `{"timestamp":"2026-01-01T00:00:00Z","referenceId":"abc","expiryTime":"2026-01-01T01:30:00Z","event":{"name":"AMAZON.MessageAlert.Activated","payload":{"state":{"status":"UNREAD","freshness":"NEW"},"messageGroup":{"creator":{"name":"{{who}}"},"count":5,"urgency":"URGENT"}}},"localizedAttributes":[],"relevantAudience":{"type":"Multicast","payload":{}}}`

func libraryTestFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "body.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestLibraryJourney: save (templatized), refuse a second save of the name,
// list --json, show as stored, show --expand with --set, rm refused without
// a terminal or --yes, rm --yes.
func TestLibraryJourney(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "events")
	body := libraryTestFile(t, libraryTestBody)
	code, out, errOut := historyCLI(t, "", "library", "save", body, "--name", "msg", "--description", "Andy's messages", "--target", "sandbox", "--library", lib)
	if code != 0 || !strings.Contains(out, "Saved msg") {
		t.Fatalf("save: %d %s %s", code, out, errOut)
	}
	if code, _, errOut = historyCLI(t, "", "library", "save", body, "--name", "msg", "--library", lib); code != exitUsage || !strings.Contains(errOut, "already exists") {
		t.Fatalf("second save: %d %s", code, errOut)
	}
	code, out, _ = historyCLI(t, "", "library", "list", "--json", "--library", lib)
	var listed struct {
		Dir    string
		Events []libraryListItem
	}
	if err := json.Unmarshal([]byte(out), &listed); err != nil || code != 0 || len(listed.Events) != 1 || listed.Events[0].Description != "Andy's messages" || listed.Events[0].Event != "AMAZON.MessageAlert.Activated" || listed.Dir != lib {
		t.Fatalf("list --json: %d %v %s", code, err, out)
	}
	code, out, _ = historyCLI(t, "", "library", "show", "msg", "--library", lib)
	for _, want := range []string{`"timestamp": "{{now}}"`, `"referenceId": "{{ref}}"`, `"expiryTime": "{{now+1h30m}}"`, `"name": "{{who}}"`} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("show: missing %s in\n%s", want, out)
		}
	}
	if code, _, errOut = historyCLI(t, "", "library", "show", "msg", "--expand", "--library", lib); code != exitRejected || !strings.Contains(errOut, `event.payload.messageGroup.creator.name: {{who}}: unknown placeholder "who"`) {
		t.Errorf("show --expand without --set: %d %s", code, errOut)
	}
	code, out, errOut = historyCLI(t, "", "library", "show", "msg", "--expand", "--set", "who=Bob", "--library", lib)
	req, err := schemas.Decode([]byte(out))
	if code != 0 || err != nil || req.Get("event.payload.messageGroup.creator.name") != "Bob" || strings.Contains(out, "{{") {
		t.Fatalf("show --expand --set: %d %v %s %s", code, err, out, errOut)
	}
	if _, err := schemas.ParseTime(req.String("timestamp")); err != nil {
		t.Errorf("timestamp %q", req.String("timestamp"))
	}
	if code, _, errOut = historyCLI(t, "y\n", "library", "rm", "msg", "--library", lib); code != exitUsage || !strings.Contains(errOut, "--yes") {
		t.Errorf("rm without a terminal: %d %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(lib, "msg.json")); err != nil {
		t.Fatal("rm without confirmation removed the file")
	}
	if code, out, _ = historyCLI(t, "", "library", "rm", "msg", "--yes", "--library", lib); code != 0 || !strings.Contains(out, "Removed msg") {
		t.Fatalf("rm --yes: %d %s", code, out)
	}
	if des, _ := os.ReadDir(lib); len(des) != 0 {
		t.Errorf("left after rm: %v", des)
	}
}

// TestLibraryProjectFolder: from a subdirectory of a project with a
// .pe-tui folder, the library is its .pe-tui/events, shared (0644).
func TestLibraryProjectFolder(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, ".pe-tui"), 0o755); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(root, "src", "skill")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PE_TUI_LIBRARY", "")
	t.Chdir(sub)
	if code, out, _ := historyCLI(t, "", "library", "path"); code != 0 || strings.TrimSpace(out) != filepath.Join(root, ".pe-tui", "events") {
		t.Fatalf("path: %d %s", code, out)
	}
	if code, _, errOut := historyCLI(t, "", "library", "save", libraryTestFile(t, libraryTestBody), "--name", "team-msg", "--as-is"); code != 0 {
		t.Fatal(errOut)
	}
	p := filepath.Join(root, ".pe-tui", "events", "team-msg.json")
	data, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	if !strings.Contains(string(data), `"referenceId": "abc"`) || fi.Mode().Perm() != 0o644 || !strings.HasSuffix(string(data), "}\n") {
		t.Errorf("--as-is or mode: %v\n%s", fi.Mode().Perm(), data)
	}
}

// TestLibrarySaveRefusesBadInput: each refusal exits 2 with a reason and
// writes nothing.
func TestLibrarySaveRefusesBadInput(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "events")
	good := libraryTestFile(t, libraryTestBody)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{good}, "--name NAME"},
		{[]string{good, "--name", "../x"}, "cannot name a library event"},
		{[]string{good, "--name", "a/b"}, "cannot name a library event"},
		{[]string{libraryTestFile(t, `{"a":`), "--name", "x"}, "line 1"},
		{[]string{libraryTestFile(t, `[1,2]`), "--name", "x"}, "not a JSON object"},
		{[]string{good, "--name", "x", "--description", "two\nlines"}, "--description"},
		{[]string{good, "--name", "x", "--description", "\x1b[31mred"}, "--description"},
		{[]string{good, "--name", "x", "--target", "mars-dev"}, "--target"},
		{[]string{good, "--name", "x", "--profile", "../p"}, "--profile"},
		{[]string{"@nope", "--name", "x"}, "no such library event"},
		{[]string{filepath.Join(t.TempDir(), "missing.json"), "--name", "x"}, "cannot read"},
	} {
		args := append([]string{"library", "save"}, c.args...)
		args = append(args, "--library", lib)
		code, _, errOut := historyCLI(t, "", args...)
		if code != exitUsage || !strings.Contains(errOut, c.want) || strings.Contains(errOut, "\x1b") {
			t.Errorf("%v: exit %d, stderr %q, want %q", c.args, code, errOut, c.want)
		}
	}
	if des, _ := os.ReadDir(lib); len(des) != 0 {
		t.Errorf("refused saves wrote %v", des)
	}
}

// TestLibraryReplaceAndCopy: --replace overwrites and keeps the metadata;
// @NAME copies an event.
func TestLibraryReplaceAndCopy(t *testing.T) {
	lib := filepath.Join(t.TempDir(), "events")
	body := libraryTestFile(t, libraryTestBody)
	historyCLI(t, "", "library", "save", body, "--name", "a", "--description", "first", "--library", lib)
	other := libraryTestFile(t, strings.Replace(libraryTestBody, "URGENT", "NORMAL", 1))
	if code, _, errOut := historyCLI(t, "", "library", "save", other, "--name", "a", "--replace", "--library", lib); code != 0 {
		t.Fatal(errOut)
	}
	if code, _, errOut := historyCLI(t, "", "library", "save", "@a", "--name", "b", "--library", lib); code != 0 {
		t.Fatal(errOut)
	}
	_, out, _ := historyCLI(t, "", "library", "show", "b", "--json", "--library", lib)
	_, outA, _ := historyCLI(t, "", "library", "show", "a", "--json", "--library", lib)
	if !strings.Contains(out, "NORMAL") || !strings.Contains(outA, `"description": "first"`) {
		t.Errorf("replace/copy:\n%s\n%s", out, outA)
	}
}

// TestLibraryListNeutralizesAndKeepsBrokenFiles: a broken file is listed
// with line and column and left byte for byte; control characters in a
// file name do not reach the terminal.
func TestLibraryListNeutralizesAndKeepsBrokenFiles(t *testing.T) {
	lib := t.TempDir()
	broken := []byte("{\n  \"a\": oops\n}\n")
	if err := os.WriteFile(filepath.Join(lib, "broken.json"), broken, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(lib, "evil\x1b[2J.json"), []byte("{}"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := historyCLI(t, "", "library", "list", "--library", lib)
	if code != 0 || !strings.Contains(out, "line 2, column 8") || strings.Contains(out, "\x1b") || !strings.Contains(out, "cannot name a library event") {
		t.Fatalf("list: %d %q", code, out)
	}
	if got, _ := os.ReadFile(filepath.Join(lib, "broken.json")); string(got) != string(broken) {
		t.Error("the broken file was changed")
	}
}

// TestLibraryUserPlaceholder: {{user:LABEL}} reads the saved users of the
// default profile, the label matched without regard to case.
func TestLibraryUserPlaceholder(t *testing.T) {
	cfgDir := t.TempDir()
	cfg, err := credentials.Load(cfgDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Add(credentials.Profile{Name: "dev", ClientID: "amzn1.application-oa2-client.x", Users: []credentials.User{{ID: "amzn1.ask.account.KITCHEN", Label: "Kitchen"}}}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Use("dev"); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	lib := filepath.Join(t.TempDir(), "events")
	uni := strings.Replace(libraryTestBody, `{"type":"Multicast","payload":{}}`, `{"type":"Unicast","payload":{"user":"{{user:kitchen}}"}}`, 1)
	historyCLI(t, "", "library", "save", libraryTestFile(t, uni), "--name", "u", "--library", lib)
	code, out, errOut := historyCLI(t, "", "--config-dir", cfgDir, "library", "show", "u", "--expand", "--set", "who=A", "--library", lib)
	if code != 0 || !strings.Contains(out, `"user": "amzn1.ask.account.KITCHEN"`) {
		t.Fatalf("%d %s %s", code, out, errOut)
	}
}

// TestLibraryRmAsksOnATerminal runs `pe-tui library rm` in a real terminal
// (tmux): answering n keeps the event, y removes it.
func TestLibraryRmAsksOnATerminal(t *testing.T) {
	bin := testBinary(t)
	lib := filepath.Join(t.TempDir(), "events")
	if code, _, errOut := historyCLI(t, "", "library", "save", libraryTestFile(t, libraryTestBody), "--name", "doomed", "--library", lib); code != 0 {
		t.Fatal(errOut)
	}
	m := profileStartTmux(t, os.Environ(), "sh")
	cmd := bin + " library rm doomed --library " + lib
	m.typeLine(cmd + ` ; echo "RM1""=$?"`)
	m.waitFor("[y/N]")
	m.typeLine("n")
	screen := m.waitFor("RM1=")
	if got := profileExitOf(screen, "RM1="); got != "2" || !strings.Contains(screen, "nothing removed") {
		t.Fatalf("answer n: exit %s\n%s", got, screen)
	}
	if _, err := os.Stat(filepath.Join(lib, "doomed.json")); err != nil {
		t.Fatal("answer n removed the event")
	}
	m.typeLine(cmd + ` ; echo "RM2""=$?"`)
	m.typeLine("y") // read by the prompt; a line typed early waits in the terminal

	screen = m.waitFor("RM2=")
	if got := profileExitOf(screen, "RM2="); got != "0" || !strings.Contains(screen, "Removed doomed.") {
		t.Fatalf("answer y: exit %s\n%s", got, screen)
	}
	if _, err := os.Stat(filepath.Join(lib, "doomed.json")); !os.IsNotExist(err) {
		t.Fatal("answer y kept the event")
	}
}
