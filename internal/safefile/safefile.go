// Package safefile reads and writes the small JSON files pe-tui keeps for the
// user (the kept draft, library events) without ever losing or damaging one:
// reads refuse anything that is not a regular file of bounded size (a FIFO
// cannot block the reader, a huge file cannot exhaust memory), and writes go
// to a temporary file in the same directory that is synced and renamed over
// the old one, so a crash leaves either the old or the new content.
package safefile

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Stamp identifies one version of a file's content: when it was read, how
// long it was and its SHA-256. Two stamps are equal when the content is the
// same version; the hash decides, so a rewrite within the file system's
// timestamp resolution is still noticed.
type Stamp struct {
	ModTime time.Time
	Size    int64
	Sum     [sha256.Size]byte
}

// Same reports whether s and o describe the same content.
func (s Stamp) Same(o Stamp) bool { return s.Size == o.Size && s.Sum == o.Sum }

// TooLargeError is returned by Read for a file larger than its limit.
type TooLargeError struct {
	Path  string
	Size  int64
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is %d bytes, more than the %d allowed; it was left untouched (move it away if it is not yours)", e.Path, e.Size, e.Limit)
}

// NotRegularError is returned by Read for a path that is a directory, FIFO,
// device or socket.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is not a regular file (%s); it was left untouched", e.Path, kind(e.Mode))
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "mode " + m.String()
}

// Read returns the content of the regular file at path and its stamp. It
// follows a symbolic link to a regular file (a team may link its library),
// refuses anything else without blocking on it, and reads at most limit bytes.
// A missing file gives an error matching fs.ErrNotExist.
func Read(path string, limit int64) ([]byte, Stamp, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, Stamp{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, Stamp{}, err
	}
	if !fi.Mode().IsRegular() {
		return nil, Stamp{}, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	if fi.Size() > limit {
		return nil, Stamp{}, &TooLargeError{Path: path, Size: fi.Size(), Limit: limit}
	}
	// Size the buffer from fstat so a small file takes one read plus EOF.
	data := make([]byte, 0, fi.Size()+1)
	for int64(len(data)) <= limit {
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)]
		}
		n, err := f.Read(data[len(data):min(cap(data), int(limit+1))])
		data = data[:len(data)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, Stamp{}, err
		}
	}
	if int64(len(data)) > limit {
		return nil, Stamp{}, &TooLargeError{Path: path, Size: int64(len(data)), Limit: limit}
	}
	return data, Stamp{ModTime: fi.ModTime(), Size: int64(len(data)), Sum: sha256.Sum256(data)}, nil
}

// StampOf returns the stamp data would have once written.
func StampOf(data []byte) Stamp {
	return Stamp{Size: int64(len(data)), Sum: sha256.Sum256(data)}
}

// WriteAtomic replaces path with data: a temporary file in the same
// directory (mode perm) is written, synced and renamed over path, and the
// directory is synced, so readers and a crash see the old or the new content,
// never a mix. The directory is created (0700) when missing.
func WriteAtomic(path string, data []byte, perm fs.FileMode) error {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

// ErrExists is returned by CreateAtomic when path already exists.
var ErrExists = errors.New("file already exists")

// CreateAtomic writes data to path only when path does not exist yet, with
// the same all-or-nothing guarantee as WriteAtomic. Two processes creating
// the same path at once: exactly one succeeds, the other gets ErrExists.
func CreateAtomic(path string, data []byte, perm fs.FileMode) error {
	tmp, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	// A hard link never replaces an existing name, unlike rename.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return ErrExists
		}
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

func writeTemp(path string, data []byte, perm fs.FileMode) (string, error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return "", err
	}
	name := f.Name()
	fail := func(err error) (string, error) {
		f.Close()
		os.Remove(name)
		return "", err
	}
	if err := f.Chmod(perm); err != nil {
		return fail(err)
	}
	if _, err := f.Write(data); err != nil {
		return fail(err)
	}
	if err := f.Sync(); err != nil {
		return fail(err)
	}
	if err := f.Close(); err != nil {
		os.Remove(name)
		return "", err
	}
	return name, nil
}

// syncDir makes a rename durable; file systems that cannot sync a directory
// are not an error.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}

// RemoveStaleTemps removes the temporary files WriteAtomic leaves beside
// path when a process is killed mid-write, if they are older than age (a
// younger one may belong to a write in progress). It reports nothing: a
// temporary file that cannot be removed is only clutter.
func RemoveStaleTemps(path string, age time.Duration) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "."+globEscape(filepath.Base(path))+".tmp-*"))
	for _, m := range matches {
		if fi, err := os.Lstat(m); err == nil && fi.Mode().IsRegular() && time.Since(fi.ModTime()) > age {
			os.Remove(m)
		}
	}
}

// globEscape quotes the characters filepath.Match treats specially.
func globEscape(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}
