package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHistoryOnFullDiskSaysSo: on a real full file system (a 256 KiB tmpfs,
// mounted when the test may) opening the history says the disk is full or
// failing instead of only "disk I/O error (4874)".
func TestHistoryOnFullDiskSaysSo(t *testing.T) {
	e := sendSetup(t)
	mnt := filepath.Join(e.dir, "small")
	if err := os.Mkdir(mnt, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=256k"); err != nil {
		t.Skip("cannot mount a small tmpfs here:", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(mnt, 0) })
	db := filepath.Join(mnt, "history.db")
	if got, code := hardRun(t, 20*time.Second, "--history", db, "history", "list"); code != 0 {
		t.Fatalf("a new history on the small disk: exit %d\n%s", code, got)
	}
	os.Remove(db + "-shm")
	os.Remove(db + "-wal")
	fill, err := os.Create(filepath.Join(mnt, "fill"))
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := fill.Write(make([]byte, 4096)); err != nil {
			break
		}
	}
	fill.Close()
	got, code := hardRun(t, 20*time.Second, "--history", db, "history", "list")
	if code != exitUsage || !strings.Contains(got, "free some space") {
		t.Fatalf("full disk: exit %d, output:\n%s", code, got)
	}
}
