//go:build unix

package safefile

import (
	"os"
	"syscall"
)

// openNoBlock opens path for reading without blocking when it is a FIFO.
func openNoBlock(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
}
