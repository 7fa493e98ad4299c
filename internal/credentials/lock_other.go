//go:build !unix && !windows

package credentials

import "os"

// tryLock: this platform has no file locks pe-tui can use; changes are not
// serialized across processes.
func tryLock(*os.File) error { return nil }

func unlockFile(*os.File) {}
