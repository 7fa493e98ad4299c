package users

import (
	"strings"
	"testing"
)

// BenchmarkCatchCloudWatchLine: one log line with a request inside.
func BenchmarkCatchCloudWatchLine(b *testing.B) {
	text := fixture(&testing.T{}, "cloudwatch.log")
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if _, err := Catch(text); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCatchHostileMiB: 1 MiB of nested, never-closing JSON strings
// (the bounded worst case).
func BenchmarkCatchHostileMiB(b *testing.B) {
	unit := `{"a":"{\"userId\":`
	text := []byte(strings.Repeat(unit, MaxInput/len(unit)))
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		_, _ = Catch(text)
	}
}
