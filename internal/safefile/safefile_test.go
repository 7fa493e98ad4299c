package safefile

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestReadRefusesWhatIsNotASmallRegularFile(t *testing.T) {
	dir := t.TempDir()
	reg := filepath.Join(dir, "a.json")
	if err := os.WriteFile(reg, []byte("12345"), 0o600); err != nil {
		t.Fatal(err)
	}
	data, st, err := Read(reg, 5)
	if err != nil || string(data) != "12345" || !st.Same(StampOf(data)) {
		t.Fatalf("%q %v", data, err)
	}
	if _, _, err := Read(reg, 4); !errors.As(err, new(*TooLargeError)) || !strings.Contains(err.Error(), reg) {
		t.Errorf("over the limit: %v", err)
	}
	if _, _, err := Read(dir, 10); !errors.As(err, new(*NotRegularError)) || !strings.Contains(err.Error(), "a directory") {
		t.Errorf("directory: %v", err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(reg, link); err == nil {
		if data, _, err := Read(link, 10); err != nil || string(data) != "12345" {
			t.Errorf("symlink to a regular file: %q %v", data, err)
		}
	}
	if _, _, err := Read(filepath.Join(dir, "missing"), 10); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	// A FIFO with no writer must not block the reader.
	fifo := filepath.Join(dir, "fifo")
	if mkfifo(fifo) == nil {
		done := make(chan error, 1)
		go func() { _, _, err := Read(fifo, 10); done <- err }()
		select {
		case err := <-done:
			if !errors.As(err, new(*NotRegularError)) || !strings.Contains(err.Error(), "named pipe") {
				t.Errorf("fifo: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Read blocked on a FIFO")
		}
	}
}

// TestWriteAtomicLeavesNoTemp proves the mode, the content and that no
// temporary file is left beside the target.
func TestWriteAtomicLeavesNoTemp(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sub")
	p := filepath.Join(dir, "f.json")
	for _, content := range []string{"one", "two"} {
		if err := WriteAtomic(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(p)
	fi, _ := os.Stat(p)
	des, _ := os.ReadDir(dir)
	if string(got) != "two" || fi.Mode().Perm() != 0o600 || len(des) != 1 {
		t.Fatalf("%q %v %d entries", got, fi.Mode(), len(des))
	}
	if err := CreateAtomic(p, []byte("three"), 0o600); !errors.Is(err, ErrExists) {
		t.Fatalf("create over an existing file: %v", err)
	}
	if got, _ := os.ReadFile(p); string(got) != "two" {
		t.Fatalf("create changed the file: %q", got)
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 {
		t.Fatalf("temporary file left: %v", des)
	}
}

// TestReplaceIfChecksTheVersion proves a stale stamp is refused with
// ErrChanged and the file keeps the other writer's content; a lock left by
// a crashed process is broken once stale; a live lock makes the writer wait.
func TestReplaceIfChecksTheVersion(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.json")
	if err := WriteAtomic(p, []byte("v1"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, st1, _ := Read(p, 100)
	if err := ReplaceIf(p, []byte("v2"), 0o600, st1, 100); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceIf(p, []byte("v3"), 0o600, st1, 100); !errors.Is(err, ErrChanged) {
		t.Fatalf("stale stamp: %v", err)
	}
	if err := RemoveIf(p, st1, 100); !errors.Is(err, ErrChanged) {
		t.Fatalf("stale remove: %v", err)
	}
	if got, _ := os.ReadFile(p); !bytes.Equal(got, []byte("v2")) {
		t.Fatalf("content %q", got)
	}
	lockName := filepath.Join(filepath.Dir(p), ".f.json.lock")
	if err := os.WriteFile(lockName, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	_ = os.Chtimes(lockName, old, old)
	_, st2, _ := Read(p, 100)
	if err := ReplaceIf(p, []byte("v3"), 0o600, st2, 100); err != nil {
		t.Fatalf("stale lock not broken: %v", err)
	}
	if _, err := os.Stat(lockName); !errors.Is(err, fs.ErrNotExist) {
		t.Fatal("lock file left behind")
	}
}
