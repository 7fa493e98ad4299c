// Package safefile is how pe-tui reads and writes files: event bodies given
// on the command line, history imports and exports, the profile file, the
// kept draft, library events and WAV previews. Reads refuse anything that is
// not a regular file of bounded size (opening a FIFO never blocks, a huge
// file cannot exhaust memory), and writes go to a temporary file in the same
// directory that is synced and renamed (or, to refuse an existing name, hard
// linked) into place, so a crash leaves either the old or the new content.
package safefile

import (
	"bufio"
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

// Error says what was refused; the callers add what to do.
func (e *TooLargeError) Error() string {
	if e.Size < 0 {
		return fmt.Sprintf("%s is larger than %s", e.Path, Size(e.Limit))
	}
	return fmt.Sprintf("%s is %d bytes, more than the %d allowed; it was left untouched (move it away if it is not yours)", e.Path, e.Size, e.Limit)
}

// NotRegularError is returned by Open and Read for a path that is a
// directory, FIFO, device or socket.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return fmt.Sprintf("%s is %s, not a regular file; it was left untouched", e.Path, Kind(e.Mode))
}

// Kind names the type of a file that is not regular, with its article:
// "a directory", "a named pipe (FIFO)", "a socket", "a device".
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file (mode " + m.String() + ")"
}

// Size writes a byte count as people read it: "8 MiB", "1000 bytes".
func Size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Open opens path for reading when it is a regular file (a symbolic link to
// one is followed) and returns it with its FileInfo. A directory, FIFO,
// device or socket is a *NotRegularError; opening never blocks on a FIFO.
// A missing file gives an error matching fs.ErrNotExist.
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, err := openNoBlock(path)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// ReadFrom reads r whole (name says what it is, for errors), refusing more
// than limit bytes with a *TooLargeError whose Size is -1 (unknown).
func ReadFrom(r io.Reader, name string, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &TooLargeError{Path: name, Size: -1, Limit: limit}
	}
	return data, nil
}

// Read returns the content of the regular file at path and its stamp. It
// follows a symbolic link to a regular file (a team may link its library),
// refuses anything else without blocking on it (see Open), and reads at most
// limit bytes. A missing file gives an error matching fs.ErrNotExist.
func Read(path string, limit int64) ([]byte, Stamp, error) {
	f, fi, err := Open(path)
	if err != nil {
		return nil, Stamp{}, err
	}
	defer f.Close()
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
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return Stream(path, perm, Bytes(data))
}

// Stream is WriteAtomic for content too large to hold in memory: write
// produces it (buffered); an error from write leaves path as it was. The
// directory must exist.
func Stream(path string, perm fs.FileMode, write func(io.Writer) error) error {
	tmp, err := writeTemp(path, perm, write)
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
// The directory is created (0700) when missing.
func CreateAtomic(path string, data []byte, perm fs.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return CreateNew(path, data, perm)
}

// CreateNew is CreateAtomic in a directory that must exist.
func CreateNew(path string, data []byte, perm fs.FileMode) error {
	tmp, err := writeTemp(path, perm, Bytes(data))
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

// Write writes data to path (mode perm) all or nothing, in a directory that
// must exist: with replace it is Stream, else CreateNew, which refuses an
// existing name with ErrExists (the "add --force" case of a command).
func Write(path string, data []byte, perm fs.FileMode, replace bool) error {
	if replace {
		return Stream(path, perm, Bytes(data))
	}
	return CreateNew(path, data, perm)
}

// PlainError drops the operation and path that an *fs.PathError repeats,
// for a message that names the path once itself.
func PlainError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Bytes is the write function of Stream for content already in memory.
func Bytes(data []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	}
}

// tempPattern is the name of a temporary file beside path, for CreateTemp
// ("*" is the random part) and, escaped, for RemoveStaleTemps.
func tempPattern(base string) string { return "." + base + ".*.tmp" }

// writeTemp writes a synced temporary file of mode perm beside path and
// returns its name; on any error nothing is left behind.
func writeTemp(path string, perm fs.FileMode, write func(io.Writer) error) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), tempPattern(filepath.Base(path)))
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
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return fail(err)
	}
	if err := bw.Flush(); err != nil {
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
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern(globEscape(filepath.Base(path)))))
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
