// Package fileread opens and reads the files pe-tui is given by name (event
// bodies, history imports): regular files only, so that a FIFO, a device or
// a socket is refused at once instead of blocking forever or streaming
// without end, and with a size cap for what is read whole.
package fileread

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxEvent bounds an event body read whole: an event is a few kilobytes, so
// a bigger file is a wrong path (a disk image, a log).
const MaxEvent = 8 << 20

// Open opens path for reading when it is a regular file (a symbolic link to
// one is followed). A FIFO, device, socket or directory is refused with an
// error that says what it is; opening never blocks on a FIFO.
func Open(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, PlainError(err))
	}
	if err := regular(path, fi); err != nil {
		return nil, err
	}
	// nonBlock: a FIFO swapped in after the Stat does not block the open.
	f, err := os.OpenFile(path, os.O_RDONLY|nonBlock, 0)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, PlainError(err))
	}
	fi, err = f.Stat()
	if err == nil {
		err = regular(path, fi)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	return f, nil
}

// Read reads the regular file path whole, refusing one larger than max bytes.
func Read(path string, max int64) ([]byte, error) {
	f, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ReadFrom(f, path, max)
}

// ReadFrom reads r whole (name says what it is, for errors), refusing more
// than max bytes.
func ReadFrom(r io.Reader, name string, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", name, PlainError(err))
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%s is larger than %s; an event body is a few kilobytes: check the file name", name, size(max))
	}
	return data, nil
}

// regular refuses anything but a regular file, naming what it is.
func regular(path string, fi fs.FileInfo) error {
	m := fi.Mode()
	var what string
	switch {
	case m.IsRegular():
		return nil
	case m.IsDir():
		what = "is a directory, not a regular file"
	case m&fs.ModeNamedPipe != 0:
		what = "is a named pipe (FIFO), not a regular file"
	case m&fs.ModeSocket != 0:
		what = "is a socket, not a regular file"
	case m&fs.ModeDevice != 0:
		what = "is a device, not a regular file"
	default:
		what = "is not a regular file"
	}
	return fmt.Errorf("%s %s: give the path of a file (or - to read standard input)", path, what)
}

// PlainError drops the operation and path that *fs.PathError repeats.
func PlainError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// size writes a byte count as people read it.
func size(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
