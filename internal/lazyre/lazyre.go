// Package lazyre holds regular expressions that are compiled on first use
// instead of at package initialisation: every start of the binary runs
// every package's initialisation, so a regexp compiled there slows down
// even the commands that never use it (BenchmarkStartToFirstFrame).
package lazyre

import (
	"regexp"
	"sync"
)

// New returns a func that compiles expr on its first call (panicking, as
// regexp.MustCompile does, when expr is not valid) and returns the same
// *regexp.Regexp on every call. It is safe for concurrent use.
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
