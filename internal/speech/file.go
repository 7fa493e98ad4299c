package speech

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pe-tui/pe-tui/internal/safefile"
)

// ErrExists is returned by WriteFile when the destination exists and force
// is false; it is safefile.ErrExists.
var ErrExists = safefile.ErrExists

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
	dir := filepath.Dir(path)
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("cannot write in %s: %w", dir, err)
	}
	err := safefile.Write(path, data, 0o644, force)
	if errors.Is(err, safefile.ErrExists) {
		return fmt.Errorf("%s: %w; add --force to replace it", path, ErrExists)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
