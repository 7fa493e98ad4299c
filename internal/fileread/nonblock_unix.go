//go:build unix

package fileread

import "syscall"

// nonBlock makes opening a FIFO return at once.
const nonBlock = syscall.O_NONBLOCK
