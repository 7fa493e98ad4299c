//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNoBlock opens path for reading; O_NONBLOCK makes opening a FIFO
// return at once (Read then refuses it), instead of waiting for a writer.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
