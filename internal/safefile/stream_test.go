package safefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOpenAndReadFromRefuse: Open refuses a FIFO at once (no writer needed)
// and a directory, and ReadFrom stops one byte past its limit with a
// TooLargeError that names the input.
func TestOpenAndReadFromRefuse(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Open(dir); !errors.As(err, new(*NotRegularError)) {
		t.Errorf("directory: %v", err)
	}
	fifo := filepath.Join(dir, "fifo")
	if mkfifo(fifo) == nil {
		done := make(chan error, 1)
		go func() { _, _, err := Open(fifo); done <- err }()
		select {
		case err := <-done:
			if !strings.Contains(err.Error(), "a named pipe (FIFO), not a regular file") {
				t.Errorf("fifo: %v", err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Open blocked on a FIFO")
		}
	}
	if data, err := ReadFrom(strings.NewReader("12345"), "<stdin>", 5); err != nil || string(data) != "12345" {
		t.Errorf("at the limit: %q %v", data, err)
	}
	var tl *TooLargeError
	if _, err := ReadFrom(strings.NewReader("123456"), "<stdin>", 5); !errors.As(err, &tl) || err.Error() != "<stdin> is larger than 5 bytes" {
		t.Errorf("over the limit: %v", err)
	}
}

// TestStreamAndCreateNew: a failing Stream leaves the old content and no
// temporary file; CreateNew refuses an existing name with ErrExists and
// leaves it as it was; neither creates a missing directory.
func TestStreamAndCreateNew(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "out.jsonl")
	if err := Stream(p, 0o600, Bytes([]byte("old"))); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	if err := Stream(p, 0o600, func(w io.Writer) error { w.Write([]byte("partial")); return boom }); err != boom {
		t.Fatalf("failing write: %v", err)
	}
	if err := CreateNew(p, []byte("new"), 0o644); !errors.Is(err, ErrExists) {
		t.Fatalf("CreateNew over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "old" {
		t.Errorf("content %q", b)
	}
	if des, _ := os.ReadDir(dir); len(des) != 1 {
		t.Errorf("left beside it: %v", des)
	}
	if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode: %v %v", fi.Mode(), err)
	}
	if err := CreateNew(filepath.Join(dir, "missing", "x"), nil, 0o600); err == nil {
		t.Error("CreateNew made a missing directory")
	}
	if err := Stream(filepath.Join(dir, "missing", "x"), 0o600, Bytes(nil)); err == nil {
		t.Error("Stream made a missing directory")
	}
}

// TestWriteRefusesWithoutReplace: Write without replace keeps an existing
// file (ErrExists), with replace it takes the new content; PlainError
// leaves only the cause of a path error.
func TestWriteRefusesWithoutReplace(t *testing.T) {
	p := filepath.Join(t.TempDir(), "a.wav")
	if err := Write(p, []byte("one"), 0o644, false); err != nil {
		t.Fatal(err)
	}
	if err := Write(p, []byte("two"), 0o644, false); !errors.Is(err, ErrExists) {
		t.Fatalf("second write without replace: %v", err)
	}
	if b, _ := os.ReadFile(p); string(b) != "one" {
		t.Fatalf("content %q", b)
	}
	if err := Write(p, []byte("two"), 0o644, true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "two" {
		t.Fatalf("content %q", b)
	}
	_, err := os.Open(filepath.Join(t.TempDir(), "none"))
	if got := PlainError(err).Error(); got != "no such file or directory" {
		t.Errorf("PlainError: %q", got)
	}
}
