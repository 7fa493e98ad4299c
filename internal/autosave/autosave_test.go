package autosave

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/safefile"
)

func newStore(t testing.TB) *Store {
	t.Helper()
	return &Store{Path: filepath.Join(t.TempDir(), "state", FileName)}
}

// TestSaveLoadKeepsTextExactly proves a valid body, unfinished invalid
// JSON and bytes that are not UTF-8 all come back byte for byte, with the
// metadata and time, in a 0600 file.
func TestSaveLoadKeepsTextExactly(t *testing.T) {
	s := newStore(t)
	at := time.Date(2026, 12, 5, 14, 2, 0, 0, time.UTC)
	s.Now = func() time.Time { return at }
	if _, ok, err := s.Load(); ok || err != nil {
		t.Fatalf("empty store: %v %v", ok, err)
	}
	for _, text := range [][]byte{
		[]byte(`{"timestamp":"{{now}}"}`),
		[]byte("{\n  \"event\": {\"name\": \"AMAZON.Weather"),
		{0xff, 0xfe, '{', 0x00, 0x1b, '[', '3', '1', 'm'},
		{},
	} {
		meta := Meta{Profile: "dev", Target: "sandbox", Library: "alert", HistoryID: 42}
		if err := s.Save(text, meta); err != nil {
			t.Fatal(err)
		}
		d, ok, err := s.Load()
		if err != nil || !ok || !bytes.Equal(d.Text, text) || d.Meta != meta || !d.SavedAt.Equal(at) {
			t.Fatalf("round trip of %q: %q %+v %v %v", text, d.Text, d, ok, err)
		}
	}
	fi, _ := os.Stat(s.Path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if err := s.Clear(); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := s.Load(); ok || err != nil {
		t.Fatalf("after Clear: %v %v", ok, err)
	}
	if err := s.Clear(); err != nil {
		t.Fatalf("Clear twice: %v", err)
	}
}

// TestBadKeptDraftIsUntouched proves every unusable kept draft gives an
// error naming the file and the file is left as it was.
func TestBadKeptDraftIsUntouched(t *testing.T) {
	cases := map[string][]byte{
		"damaged":  []byte(`{"version":1,"text":"abc`),
		"newer":    []byte(`{"version":9,"text":"abc"}`),
		"noversio": []byte(`{"text":"abc"}`),
		"both":     []byte(`{"version":1,"text":"a","textBase64":"YQ=="}`),
		"neither":  []byte(`{"version":1}`),
		"badb64":   []byte(`{"version":1,"textBase64":"!!"}`),
		"huge":     bytes.Repeat([]byte(" "), MaxSize+1),
	}
	want := map[string]string{"newer": "newer pe-tui (format 9", "huge": "more than the", "damaged": "is damaged"}
	for name, content := range cases {
		s := newStore(t)
		if err := os.MkdirAll(filepath.Dir(s.Path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(s.Path, content, 0o600); err != nil {
			t.Fatal(err)
		}
		_, ok, err := s.Load()
		if ok || err == nil || !strings.Contains(err.Error(), s.Path) || !strings.Contains(err.Error(), want[name]) {
			t.Errorf("%s: ok=%v err=%v", name, ok, err)
		}
		if got, _ := os.ReadFile(s.Path); !bytes.Equal(got, content) {
			t.Errorf("%s: the file was changed", name)
		}
	}
	s := newStore(t)
	if err := os.MkdirAll(s.Path, 0o700); err != nil { // a directory where the file goes
		t.Fatal(err)
	}
	if _, _, err := s.Load(); !errors.As(err, new(*safefile.NotRegularError)) {
		t.Errorf("directory: %v", err)
	}
	if err := s.Clear(); err == nil {
		t.Error("Clear removed a directory")
	}
}

func TestDefaultPath(t *testing.T) {
	t.Setenv(EnvStateDir, "/state")
	if p, _ := DefaultPath(); p != filepath.Join("/state", FileName) {
		t.Errorf("state dir override: %s", p)
	}
	t.Setenv(EnvStateDir, "")
	t.Setenv("PE_TUI_HISTORY", "/h/hist.db")
	if p, _ := DefaultPath(); p != filepath.Join("/h", FileName) {
		t.Errorf("beside the history: %s", p)
	}
}

// TestSaverDebounces proves a burst of 200 touches is written once, a
// moment after the last, with the last text.
func TestSaverDebounces(t *testing.T) {
	s := newStore(t)
	var saves atomic.Int32
	s.Now = func() time.Time { saves.Add(1); return time.Now() }
	sv := NewSaver(s, 50*time.Millisecond, func(err error) { t.Error(err) })
	for i := range 200 {
		sv.Touch(fmt.Appendf(nil, `{"n":%d}`, i), Meta{})
	}
	if n := saves.Load(); n != 0 {
		t.Fatalf("saved %d times during the burst", n)
	}
	deadline := time.Now().Add(5 * time.Second)
	for saves.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(100 * time.Millisecond)
	d, ok, err := s.Load()
	if n := saves.Load(); n != 1 || !ok || err != nil || string(d.Text) != `{"n":199}` {
		t.Fatalf("%d saves, %q %v %v", n, d.Text, ok, err)
	}
}

// TestSaverFlushClearClose proves Flush writes at once, Clear removes the
// kept draft and drops the pending one, and Close flushes then ignores
// later touches.
func TestSaverFlushClearClose(t *testing.T) {
	s := newStore(t)
	sv := NewSaver(s, time.Hour, nil)
	sv.Touch([]byte("one"), Meta{})
	if err := sv.Flush(); err != nil {
		t.Fatal(err)
	}
	if d, _, _ := s.Load(); string(d.Text) != "one" {
		t.Fatalf("flush: %q", d.Text)
	}
	sv.Touch([]byte("two"), Meta{})
	if err := sv.Clear(); err != nil {
		t.Fatal(err)
	}
	if err := sv.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Load(); ok {
		t.Fatal("Clear left a draft, or Flush wrote the dropped one")
	}
	sv.Touch([]byte("three"), Meta{})
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	sv.Touch([]byte("four"), Meta{})
	if err := sv.Flush(); err != nil {
		t.Fatal(err)
	}
	if d, _, _ := s.Load(); string(d.Text) != "three" {
		t.Fatalf("close: %q", d.Text)
	}
}

// TestSaverKeepsPendingAfterError proves a failed background write is
// reported and retried by the next Flush; the draft is not dropped.
func TestSaverKeepsPendingAfterError(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "state")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil { // a file where the folder goes
		t.Fatal(err)
	}
	s := &Store{Path: filepath.Join(blocker, FileName)}
	errs := make(chan error, 1)
	sv := NewSaver(s, time.Millisecond, func(err error) { errs <- err })
	sv.Touch([]byte("keep me"), Meta{})
	select {
	case err := <-errs:
		if !strings.Contains(err.Error(), s.Path) {
			t.Errorf("error does not name the file: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no error reported")
	}
	if err := os.Remove(blocker); err != nil {
		t.Fatal(err)
	}
	if err := sv.Flush(); err != nil {
		t.Fatal(err)
	}
	if d, _, _ := s.Load(); string(d.Text) != "keep me" {
		t.Fatalf("pending draft lost: %q", d.Text)
	}
}

// TestHelperSaveLoop is the child of TestKillMidSave: it saves forever.
func TestHelperSaveLoop(t *testing.T) {
	p := os.Getenv("AUTOSAVE_HELPER_PATH")
	if p == "" {
		t.Skip("helper process only")
	}
	s := &Store{Path: p}
	big := bytes.Repeat([]byte("x"), 256<<10)
	for i := 0; ; i++ {
		if err := s.Save(append(fmt.Appendf(nil, "%d:", i), big...), Meta{}); err != nil {
			fmt.Println("ERR", err)
			return
		}
		if i == 0 {
			fmt.Println("SAVED")
		}
	}
}

// TestKillMidSave kills a real process that is saving 256 KiB drafts in a
// loop; the kept draft must still load, whole.
func TestKillMidSave(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	s := newStore(t)
	for round := range 3 {
		c := exec.Command(os.Args[0], "-test.run=^TestHelperSaveLoop$", "-test.count=1")
		c.Env = append(os.Environ(), "AUTOSAVE_HELPER_PATH="+s.Path)
		out, _ := c.StdoutPipe()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		buf := make([]byte, 64)
		n, _ := out.Read(buf)
		if !strings.Contains(string(buf[:n]), "SAVED") {
			t.Fatalf("child: %q", buf[:n])
		}
		time.Sleep(time.Duration(20+round*17) * time.Millisecond)
		_ = c.Process.Kill()
		_ = c.Wait()
		d, ok, err := s.Load()
		if err != nil || !ok || len(d.Text) < 256<<10 || !bytes.HasSuffix(d.Text, []byte("xxxx")) {
			t.Fatalf("round %d: kept draft unusable after kill: ok=%v err=%v len=%d", round, ok, err, len(d.Text))
		}
	}
	// The killed writes may leave temporary files; once they are a minute
	// old, Load removes them and only the draft stays.
	des, _ := os.ReadDir(filepath.Dir(s.Path))
	old := time.Now().Add(-2 * time.Minute)
	for _, de := range des {
		_ = os.Chtimes(filepath.Join(filepath.Dir(s.Path), de.Name()), old, old)
	}
	if _, ok, err := s.Load(); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if des, _ := os.ReadDir(filepath.Dir(s.Path)); len(des) != 1 {
		t.Errorf("temporary files left: %v", des)
	}
}

// BenchmarkSave is the cost of one kept-draft write (1 KiB body), with
// fsync: it runs on the Saver's goroutine, never on the key path.
func BenchmarkSave(b *testing.B) {
	s := newStore(b)
	body := bytes.Repeat([]byte(`{"k":"v"},`), 100)
	for b.Loop() {
		if err := s.Save(body, Meta{Profile: "dev"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTouch is the cost the key path pays per change.
func BenchmarkTouch(b *testing.B) {
	s := newStore(b)
	sv := NewSaver(s, time.Hour, nil)
	body := []byte(`{"k":"v"}`)
	b.ReportAllocs()
	for b.Loop() {
		sv.Touch(body, Meta{Profile: "dev"})
	}
	b.StopTimer()
	sv.timer.Stop()
}
