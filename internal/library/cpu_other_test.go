//go:build !unix

package library

import (
	"testing"
	"time"
)

func cpuTime() time.Duration { return 0 }

func mkfifo(t *testing.T, path string) {}
