package speech

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrExists is returned by WriteFile when the destination exists and force is false.
var ErrExists = errors.New("the file exists")

// WriteFile writes data to path atomically: into a temporary file in the
// same directory, synced, then moved into place. It never writes through a
// FIFO, device or directory, and without force it never replaces an existing
// file (the final step is a hard link, which fails when the name is taken).
func WriteFile(path string, data []byte, force bool) error {
	if path == "" {
		return errors.New("no file name given")
	}
	if fi, err := os.Lstat(path); err == nil {
		switch {
		case fi.IsDir():
			return fmt.Errorf("%s is a directory; give a file name, e.g. %s", path, filepath.Join(path, "preview.wav"))
		case fi.Mode()&fs.ModeSymlink == 0 && !fi.Mode().IsRegular():
			return fmt.Errorf("%s is not a regular file (a FIFO, socket or device); give the name of a file to create", path)
		case !force:
			return fmt.Errorf("%s: %w; add --force to replace it", path, ErrExists)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	tmpName := tmp.Name()
	defer os.Remove(tmpName) // after a link or rename this removes only the temporary name
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if force {
		return os.Rename(tmpName, path)
	}
	if err := os.Link(tmpName, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s: %w; add --force to replace it", path, ErrExists)
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
