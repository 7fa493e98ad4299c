package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

// untrustedWriter returns a writer for text that holds untrusted input
// (imported files, recorded responses): every write is neutralised for the
// terminal by termtext.Clean. It is the one place import, export and the
// history diff commands send such text through, so the lead can switch it
// to termtext.Clean.
func untrustedWriter(w io.Writer) io.Writer { return printableWriter{w} }

type printableWriter struct{ w io.Writer }

func (p printableWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(p.w, termtext.Clean(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}

// writeNewFile writes data to path, all or nothing (a temporary file in the
// same directory, then a hard link or, with force, a rename). Without force
// an existing file is never replaced (the error says to add --force).
func writeNewFile(path string, data []byte, perm os.FileMode, force bool) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file; --force replaces files only", path)
	}
	err := safefile.Write(path, data, perm, force)
	if errors.Is(err, safefile.ErrExists) {
		return fmt.Errorf("%s already exists; choose another name or add --force to replace it", path)
	}
	if err != nil {
		return fmt.Errorf("cannot write %s: %w", path, safefile.PlainError(err))
	}
	return nil
}

// slugName turns a request name into a file name part: letters, digits, - and _.
func slugName(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
