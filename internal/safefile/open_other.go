//go:build !unix

package safefile

import "os"

// openNoBlock opens path for reading, refusing anything that is not a
// regular file before opening it (there is no O_NONBLOCK here).
func openNoBlock(path string) (*os.File, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: fi.Mode()}
	}
	return os.Open(path)
}
