package speech

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// golden decodes the schemas package's sample event of one schema.
func golden(t testing.TB, short string) *schemas.Request {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "schemas", "testdata", "golden", short+".json"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := schemas.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fakeEngine puts an executable named espeak-ng running script first in PATH
// (for the bounds that the real engine never reaches).
func fakeEngine(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, Binary), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}
