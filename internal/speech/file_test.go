package speech

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWriteFileRefusesFIFODirectoryAndExisting: a FIFO is refused without
// being opened (no hang), a directory is named as such, an existing file is
// kept unless force, and no temporary file is left behind.
func TestWriteFileRefusesFIFODirectoryAndExisting(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.wav")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- WriteFile(fifo, []byte("x"), true) }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("FIFO: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("writing to a FIFO blocked")
	}
	if err := WriteFile(dir, []byte("x"), true); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("directory: %v", err)
	}
	existing := filepath.Join(dir, "old.wav")
	if err := os.WriteFile(existing, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(existing, []byte("new"), false); !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), "--force") {
		t.Errorf("existing: %v", err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "keep" {
		t.Errorf("existing file changed to %q", b)
	}
	if err := WriteFile(existing, []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(existing); string(b) != "new" {
		t.Errorf("force did not replace: %q", b)
	}
	fresh := filepath.Join(dir, "fresh.wav")
	if err := WriteFile(fresh, []byte("abc"), false); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".tmp") {
			t.Errorf("temporary file left: %s", e.Name())
		}
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.wav"), []byte("x"), false); err == nil || !strings.Contains(err.Error(), "cannot write in") {
		t.Errorf("missing directory: %v", err)
	}
}

// TestWriteFileKeepsSymlinkTarget: replacing a symlink with force replaces
// the link, never the file it points to.
func TestWriteFileKeepsSymlinkTarget(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.wav")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(link, []byte("new"), false); !errors.Is(err, ErrExists) {
		t.Errorf("symlink without force: %v", err)
	}
	if err := WriteFile(link, []byte("new"), true); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(target); string(b) != "precious" {
		t.Errorf("target overwritten: %q", b)
	}
}

func wavHeader(rate, channels, bits int, dataSize uint32, samples int) []byte {
	b := make([]byte, 44+samples)
	copy(b[0:], "RIFF")
	binary.LittleEndian.PutUint32(b[4:], 0x7ffff000)
	copy(b[8:], "WAVEfmt ")
	binary.LittleEndian.PutUint32(b[16:], 16)
	binary.LittleEndian.PutUint16(b[20:], 1)
	binary.LittleEndian.PutUint16(b[22:], uint16(channels))
	binary.LittleEndian.PutUint32(b[24:], uint32(rate))
	binary.LittleEndian.PutUint16(b[32:], uint16(channels*bits/8))
	binary.LittleEndian.PutUint16(b[34:], uint16(bits))
	copy(b[36:], "data")
	binary.LittleEndian.PutUint32(b[40:], dataSize)
	return b
}

func TestParseWAV(t *testing.T) {
	w, err := ParseWAV(wavHeader(22050, 1, 16, 0x7ffff000, 44100))
	if err != nil || w.Duration != time.Second || w.DataBytes != 44100 {
		t.Fatalf("%+v %v", w, err)
	}
	fixed := Fixed(wavHeader(22050, 1, 16, 0x7ffff000, 44100), w)
	if got, err := ParseWAV(fixed); err != nil || got != w || binary.LittleEndian.Uint32(fixed[4:]) != uint32(len(fixed)-8) || binary.LittleEndian.Uint32(fixed[40:]) != 44100 {
		t.Errorf("fixed: %+v %v", got, err)
	}
	for name, b := range map[string][]byte{
		"empty":     nil,
		"text":      []byte("hello, not a wav file at all"),
		"no data":   wavHeader(22050, 1, 16, 0, 0)[:36],
		"zero hz":   wavHeader(0, 1, 16, 10, 10),
		"0 bits":    wavHeader(22050, 1, 0, 10, 10),
		"short fmt": []byte("RIFF\x00\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00"),
	} {
		if _, err := ParseWAV(b); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func FuzzParseWAV(f *testing.F) {
	f.Add(wavHeader(22050, 1, 16, 0x7ffff000, 100))
	f.Add([]byte("RIFF\xff\xff\xff\xffWAVEjunk\xff\xff\xff\xff"))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := ParseWAV(b)
		if err != nil {
			return
		}
		if w.DataOffset+w.DataBytes > len(b) || w.Duration < 0 {
			t.Fatalf("%+v for %d bytes", w, len(b))
		}
		Fixed(append([]byte(nil), b...), w)
	})
}

// TestWriteFileConcurrent: writers racing for one new name without force —
// exactly one wins, the others get ErrExists, and the file is whole.
func TestWriteFileConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "race.wav")
	const n = 8
	errs := make(chan error, n)
	for i := range n {
		go func() { errs <- WriteFile(path, []byte(strings.Repeat(string(rune('a'+i)), 1<<16)), false) }()
	}
	wins := 0
	for range n {
		if err := <-errs; err == nil {
			wins++
		} else if !errors.Is(err, ErrExists) {
			t.Error(err)
		}
	}
	b, _ := os.ReadFile(path)
	if wins != 1 || len(b) != 1<<16 || strings.Count(string(b), string(b[0])) != len(b) {
		t.Errorf("%d winners, %d bytes", wins, len(b))
	}
}
