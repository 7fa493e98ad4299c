package library

import (
	"fmt"
	"strings"
)

// ArgPrefix marks a command-line argument that names a library event
// instead of a file: `pe-tui send @weather-alert`.
const ArgPrefix = "@"

// ResolveArg reads the library event an argument names. An argument that
// does not start with "@" is not a library reference: ok is false and the
// caller treats it as a file name (a file whose name starts with "@" is
// given as ./@file). For "@NAME", ok is true and the event is read from the
// library that Open(flagDir) locates; e.Body is the stored body with its
// placeholders not expanded (expand it with template.Expand before sending)
// and e.Meta holds the event's default profile and target. A missing
// event, a bad name or a file that cannot be used (invalid JSON, too large,
// a FIFO, newer metadata) is an error naming the file.
func ResolveArg(arg, flagDir string) (e *Entry, ok bool, err error) {
	name, ok := strings.CutPrefix(arg, ArgPrefix)
	if !ok {
		return nil, false, nil
	}
	if name == "" {
		return nil, true, fmt.Errorf("%q names no library event: write @NAME, e.g. @weather-alert", arg)
	}
	l, err := Open(flagDir)
	if err != nil {
		return nil, true, err
	}
	e, err = l.Get(name)
	if err != nil {
		return nil, true, err
	}
	return e, true, nil
}
