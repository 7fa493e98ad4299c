package library

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Every test here uses a real library folder in a temp dir.

const sample = `{"event":{"payload":{"state":{"status":"UNREAD","freshness":"NEW"},"messageGroup":{"urgency":"URGENT","count":5,"creator":{"name":"Andy"}}},"name":"AMAZON.MessageAlert.Activated"},"relevantAudience":{"payload":{},"type":"Multicast"},"expiryTime":"{{now+23h}}","timestamp":"{{now}}","referenceId":"{{ref}}","localizedAttributes":[]}`

func newLib(t *testing.T) *Library {
	t.Helper()
	return &Library{Dir: filepath.Join(t.TempDir(), "events"), Source: SourceFlag}
}

func TestLocateOrder(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvDir, "")
	t.Setenv("XDG_DATA_HOME", filepath.Join(root, "data"))
	if d, src, _ := Locate("", deep); src != SourceUser || d != filepath.Join(root, "data", "pe-tui", "events") {
		t.Errorf("user: %s %s", d, src)
	}
	if err := os.Mkdir(filepath.Join(root, "a", ProjectDir), 0o700); err != nil {
		t.Fatal(err)
	}
	if d, src, _ := Locate("", deep); src != SourceProject || d != filepath.Join(root, "a", ".pe-tui", "events") {
		t.Errorf("project from a child folder: %s %s", d, src)
	}
	t.Setenv(EnvDir, "/env/lib")
	if d, src, _ := Locate("", deep); src != SourceEnv || d != "/env/lib" {
		t.Errorf("env: %s %s", d, src)
	}
	if d, src, _ := Locate("/flag/lib", deep); src != SourceFlag || d != "/flag/lib" {
		t.Errorf("flag: %s %s", d, src)
	}
}

func TestCheckName(t *testing.T) {
	for _, ok := range []string{"a", "weather-alert", "Order_2.v3", "0day", strings.Repeat("x", 64), "console"} {
		if err := CheckName(ok); err != nil {
			t.Errorf("CheckName(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", ".hidden", "-x", "a/b", `a\b`, "a..b", "..", "a b", "a\x1b[31m", "tab\t", "x.meta", "x.JSON", "nul", "COM1.x", "é", strings.Repeat("x", 65)} {
		err := CheckName(bad)
		if err == nil {
			t.Errorf("CheckName(%q) accepted", bad)
		} else if strings.ContainsAny(err.Error(), "\x1b\t") {
			t.Errorf("error echoes control characters: %q", err)
		}
	}
}

// TestSaveIsCanonicalAndMetaStaysOut proves the body file is canonical
// indented JSON with a trailing newline, holds no metadata (what is sent is
// exactly the file), and the metadata sits in NAME.meta.json.
func TestSaveIsCanonicalAndMetaStaysOut(t *testing.T) {
	l := newLib(t)
	meta := Meta{Description: "Andy's messages", Profile: "dev", Target: "sandbox"}
	if err := l.Save("msg", []byte(sample), meta, nil); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(l.Path("msg"))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := schemas.Decode([]byte(sample))
	if !bytes.Equal(data, req.Encode()) || !bytes.HasSuffix(data, []byte("}\n")) || !bytes.HasPrefix(data, []byte("{\n  \"timestamp\"")) {
		t.Errorf("not canonical:\n%s", data)
	}
	for _, leak := range []string{"Andy's messages", "description", "pe-tui", "profile"} {
		if bytes.Contains(data, []byte(leak)) {
			t.Errorf("the body file holds metadata %q", leak)
		}
	}
	e, err := l.Get("msg")
	if err != nil || e.Meta != (Meta{Version: 1, Description: "Andy's messages", Profile: "dev", Target: "sandbox"}) || e.Event != "AMAZON.MessageAlert.Activated" {
		t.Fatalf("%+v %v", e, err)
	}
	// Saving again with empty metadata removes the metadata file.
	if err := l.Save("msg", e.Body, Meta{}, e); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(l.metaPath("msg")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("metadata file kept: %v", err)
	}
	if fi, _ := os.Stat(l.Path("msg")); fi.Mode().Perm() != 0o600 {
		t.Errorf("user library file mode %v", fi.Mode().Perm())
	}
}

// TestBadFilesAreListedAndUntouched proves a file that is not JSON, too
// large, a FIFO, badly named or with newer or damaged metadata is listed
// with an error naming it (line and column for JSON) and is never changed.
func TestBadFilesAreListedAndUntouched(t *testing.T) {
	l := newLib(t)
	if err := l.Save("good", []byte(sample), Meta{}, nil); err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"broken.json":        []byte("{\n  \"a\": 1,\n  oops\n}\n"),
		"huge.json":          bytes.Repeat([]byte(" "), MaxFileSize+1),
		"bad name.json":      []byte("{}"),
		"newer.json":         []byte("{}"),
		"newer.meta.json":    []byte(`{"version": 2}`),
		"damaged.json":       []byte("{}"),
		"damaged.meta.json":  []byte(`{"version": 1,`),
		".hidden.json":       []byte("not an event"),
		"notes.txt":          []byte("not an event"),
		"orphan.meta.json":   []byte(`{"version":1}`),
		".good.json.lock":    []byte(""),
		".x.json.tmp-123456": []byte("partial"),
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(l.Dir, n), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mkfifo(t, filepath.Join(l.Dir, "fifo.json"))
	done := make(chan []*Entry)
	go func() { es, _ := l.List(); done <- es }()
	var es []*Entry
	select {
	case es = <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("List blocked (on the FIFO?)")
	}
	want := map[string]string{
		"bad name": "cannot name a library event",
		"broken":   "line 3, column 3",
		"damaged":  "damaged.meta.json is damaged",
		"fifo":     "named pipe (FIFO), not a regular file",
		"good":     "",
		"huge":     "more than the 1048576 allowed",
		"newer":    "newer.meta.json was written by a newer pe-tui (format 2",
	}
	if len(es) != len(want) {
		for _, e := range es {
			t.Logf("%s: %v", e.Name, e.Err)
		}
		t.Fatalf("listed %d entries, want %d", len(es), len(want))
	}
	for _, e := range es {
		w, ok := want[e.Name]
		switch {
		case !ok:
			t.Errorf("unexpected entry %q", e.Name)
		case w == "" && e.Err != nil:
			t.Errorf("%s: %v", e.Name, e.Err)
		case w != "" && (e.Err == nil || !strings.Contains(e.Err.Error(), w) || !strings.Contains(e.Err.Error(), l.Dir)):
			t.Errorf("%s: error %v, want one naming the file and %q", e.Name, e.Err, w)
		}
	}
	// Saving over a broken file without having read it as a version fails.
	if err := l.Save("broken", []byte(sample), Meta{}, nil); !errors.As(err, new(*ConflictError)) {
		t.Errorf("create over an existing broken file: %v", err)
	}
	for n, b := range files {
		got, err := os.ReadFile(filepath.Join(l.Dir, n))
		if err != nil || !bytes.Equal(got, b) {
			t.Errorf("%s was changed or removed: %v", n, err)
		}
	}
}

// TestConcurrentSavesNeverLoseAChange: 8 goroutines read the same version
// and save different bodies at once to a real file; exactly one wins, every
// other one gets a *ConflictError, and the file holds the winner's body.
func TestConcurrentSavesNeverLoseAChange(t *testing.T) {
	l := newLib(t)
	if err := l.Save("shared", []byte(sample), Meta{}, nil); err != nil {
		t.Fatal(err)
	}
	const n = 8
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		base, err := l.Get("shared")
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			errs[i] = l.Save("shared", fmt.Appendf(nil, `{"writer":%d}`, i), Meta{}, base)
		}()
	}
	close(start)
	wg.Wait()
	winner := -1
	for i, err := range errs {
		var ce *ConflictError
		switch {
		case err == nil && winner >= 0:
			t.Fatalf("writers %d and %d both saved: a change was lost", winner, i)
		case err == nil:
			winner = i
		case !errors.As(err, &ce) || !errors.Is(err, safefile.ErrChanged):
			t.Errorf("writer %d: %v", i, err)
		}
	}
	data, _ := os.ReadFile(l.Path("shared"))
	if winner < 0 || !bytes.Contains(data, fmt.Appendf(nil, `"writer": %d`, winner)) {
		t.Fatalf("winner %d, file:\n%s", winner, data)
	}
	// Two creators of one new name: one wins, one is told the name is taken.
	var wg2 sync.WaitGroup
	cerrs := make([]error, 2)
	for i := range 2 {
		wg2.Add(1)
		go func() { defer wg2.Done(); cerrs[i] = l.Save("fresh", []byte("{}"), Meta{}, nil) }()
	}
	wg2.Wait()
	if (cerrs[0] == nil) == (cerrs[1] == nil) {
		t.Fatalf("create race: %v / %v", cerrs[0], cerrs[1])
	}
}

// TestHelperProcess is a child process of TestConcurrentProcesses: it reads
// the event, waits for the go file, saves its own body and prints the result.
func TestHelperProcess(t *testing.T) {
	dir, id, gofile := os.Getenv("LIB_HELPER_DIR"), os.Getenv("LIB_HELPER_ID"), os.Getenv("LIB_HELPER_GO")
	if dir == "" {
		t.Skip("helper process only")
	}
	l := &Library{Dir: dir, Source: SourceFlag}
	base, err := l.Get("shared")
	if err != nil {
		fmt.Println("ERR", err)
		return
	}
	fmt.Println("READ")
	for {
		if _, err := os.Stat(gofile); err == nil {
			break
		}
		time.Sleep(time.Millisecond)
	}
	err = l.Save("shared", []byte(`{"writer":"`+id+`"}`), Meta{}, base)
	var ce *ConflictError
	switch {
	case err == nil:
		fmt.Println("SAVED")
	case errors.As(err, &ce):
		fmt.Println("CONFLICT")
	default:
		fmt.Println("ERR", err)
	}
}

// syncBuffer is a child's output, read while the child writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestConcurrentProcesses: the lost-update check across 4 real processes.
func TestConcurrentProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	l := newLib(t)
	if err := l.Save("shared", []byte(sample), Meta{}, nil); err != nil {
		t.Fatal(err)
	}
	gofile := filepath.Join(t.TempDir(), "go")
	const n = 4
	outs := make([]*syncBuffer, n)
	cmds := make([]*exec.Cmd, n)
	for i := range n {
		c := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
		c.Env = append(os.Environ(), "LIB_HELPER_DIR="+l.Dir, fmt.Sprintf("LIB_HELPER_ID=%d", i), "LIB_HELPER_GO="+gofile)
		outs[i] = &syncBuffer{}
		c.Stdout = outs[i]
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = c
	}
	// Let every child read the version before any saves.
	deadline := time.Now().Add(20 * time.Second)
	for i := 0; i < n; {
		if strings.Contains(outs[i].String(), "READ") {
			i++
			continue
		}
		if time.Now().After(deadline) {
			t.Fatal("children did not read in time")
		}
		time.Sleep(5 * time.Millisecond)
	}
	if err := os.WriteFile(gofile, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	saved, conflicts := 0, 0
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("child %d: %v\n%s", i, err, outs[i])
		}
		switch {
		case strings.Contains(outs[i].String(), "SAVED"):
			saved++
		case strings.Contains(outs[i].String(), "CONFLICT"):
			conflicts++
		default:
			t.Errorf("child %d: %s", i, outs[i])
		}
	}
	if saved != 1 || conflicts != n-1 {
		t.Fatalf("saved %d, conflicts %d: a change was lost or refused wrongly", saved, conflicts)
	}
}

// TestRemoveChecksTheVersion proves rm of a version that changed meanwhile
// is refused, and that a broken (non-JSON) file can be removed on purpose.
func TestRemoveChecksTheVersion(t *testing.T) {
	l := newLib(t)
	if err := l.Save("x", []byte(sample), Meta{Description: "d"}, nil); err != nil {
		t.Fatal(err)
	}
	old, _ := l.Get("x")
	cur, _ := l.Get("x")
	if err := l.Save("x", []byte(`{"changed":true}`), cur.Meta, cur); err != nil {
		t.Fatal(err)
	}
	if err := l.Remove(old); !errors.As(err, new(*ConflictError)) {
		t.Fatalf("removing a stale version: %v", err)
	}
	now, _ := l.Get("x")
	if err := l.Remove(now); err != nil {
		t.Fatal(err)
	}
	if es, _ := l.List(); len(es) != 0 {
		t.Fatalf("left: %v", es)
	}
	if _, err := os.Stat(l.metaPath("x")); !errors.Is(err, os.ErrNotExist) {
		t.Error("metadata kept after rm")
	}
	if err := os.WriteFile(l.Path("bad"), []byte("{"), 0o600); err != nil {
		t.Fatal(err)
	}
	bad, err := l.Get("bad")
	if err == nil || bad == nil {
		t.Fatalf("broken file: %v %v", bad, err)
	}
	if err := l.Remove(bad); err != nil {
		t.Fatal(err)
	}
}

func TestResolveArg(t *testing.T) {
	l := newLib(t)
	if err := l.Save("alert", []byte(sample), Meta{Target: "sandbox"}, nil); err != nil {
		t.Fatal(err)
	}
	if e, ok, err := ResolveArg("event.json", l.Dir); ok || e != nil || err != nil {
		t.Errorf("a file name: %v %v %v", e, ok, err)
	}
	e, ok, err := ResolveArg("@alert", l.Dir)
	if !ok || err != nil || e.Name != "alert" || !bytes.Contains(e.Body, []byte("{{ref}}")) || e.Meta.Target != "sandbox" {
		t.Fatalf("@alert: %+v %v %v", e, ok, err)
	}
	for _, bad := range []string{"@", "@missing", "@../etc/passwd", "@a/b"} {
		if _, ok, err := ResolveArg(bad, l.Dir); !ok || err == nil {
			t.Errorf("%s: ok=%v err=%v", bad, ok, err)
		}
	}
	if _, _, err := ResolveArg("@missing", l.Dir); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: %v", err)
	}
}

// BenchmarkList1000 lists a real folder of 1,000 events (budget ≤ 50 ms).
func BenchmarkList1000(b *testing.B) {
	l := &Library{Dir: b.TempDir(), Source: SourceFlag}
	for i := range 1000 {
		meta := Meta{}
		if i%2 == 0 {
			meta.Description = "event number " + fmt.Sprint(i)
		}
		if err := l.Save(fmt.Sprintf("event-%04d", i), []byte(sample), meta, nil); err != nil {
			b.Fatal(err)
		}
	}
	cpu0 := cpuTime()
	for b.Loop() {
		es, err := l.List()
		if err != nil || len(es) != 1000 {
			b.Fatal(err, len(es))
		}
	}
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
}

// TestSaveNeverDropsDamagedMetadata: replacing an event whose metadata file
// cannot be read is refused, and the metadata file stays as it was.
func TestSaveNeverDropsDamagedMetadata(t *testing.T) {
	l := newLib(t)
	if err := l.Save("m", []byte(sample), Meta{Description: "d"}, nil); err != nil {
		t.Fatal(err)
	}
	damaged := []byte(`{"version": 1, "description": "half`)
	if err := os.WriteFile(l.metaPath("m"), damaged, 0o600); err != nil {
		t.Fatal(err)
	}
	base, err := l.Get("m")
	if base == nil || err == nil {
		t.Fatalf("damaged metadata not reported: %v", err)
	}
	if err := l.Save("m", []byte(`{"new":1}`), Meta{}, base); err == nil || !strings.Contains(err.Error(), "m.meta.json") {
		t.Fatalf("save over damaged metadata: %v", err)
	}
	got, _ := os.ReadFile(l.metaPath("m"))
	body, _ := os.ReadFile(l.Path("m"))
	if !bytes.Equal(got, damaged) || bytes.Contains(body, []byte(`"new"`)) {
		t.Fatal("the damaged metadata or the body was changed")
	}
}
