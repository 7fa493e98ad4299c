package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// closedHistory builds a history with n records at a new path and closes it.
func closedHistory(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), FileName)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	bulkLoad(t, s, 0, n)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if hasWAL(path) {
		t.Fatal("the write-ahead log was not checkpointed on close")
	}
	return path
}

// foreignDB creates an SQLite database of "another program" at path.
func foreignDB(t *testing.T, path string, stmts ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, st := range stmts {
		if _, err := db.Exec(st); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesUnusableFilesAndLeavesThemUnchanged(t *testing.T) {
	cases := []struct {
		name    string
		make    func(t *testing.T) string
		problem Problem
		detail  string
	}{
		{"text file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "notes.txt")
			os.WriteFile(p, []byte("my notes about proactive events\nline two\n"), 0o644)
			return p
		}, NotSQLite, ""},
		{"binary file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "blob.bin")
			os.WriteFile(p, bytes.Repeat([]byte{0, 1, 2, 0xff}, 5000), 0o644)
			return p
		}, NotSQLite, ""},
		{"short file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "short.db")
			os.WriteFile(p, []byte("SQLite for"), 0o644)
			return p
		}, Damaged, "only 10 bytes"},
		{"foreign sqlite with tables", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "app.db")
			foreignDB(t, p, "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)", "INSERT INTO notes (text) VALUES ('keep me')")
			return p
		}, Foreign, "table notes"},
		{"foreign sqlite in WAL mode", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "app.db")
			foreignDB(t, p, "PRAGMA journal_mode=WAL", "CREATE TABLE a (x)", "CREATE TABLE b (x)", "INSERT INTO a VALUES (1)")
			return p
		}, Foreign, "tables a, b"},
		{"foreign application id", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "other.db")
			foreignDB(t, p, "PRAGMA application_id = 305419896", "CREATE TABLE records (id INTEGER PRIMARY KEY)")
			return p
		}, Foreign, "application id 0x12345678"},
		{"history from a newer pe-tui", func(t *testing.T) string {
			p := closedHistory(t, 3)
			foreignDB(t, p, "PRAGMA user_version = 99")
			return p
		}, TooNew, "schema version 99"},
		{"truncated history", func(t *testing.T) string {
			p := closedHistory(t, 400)
			data, _ := os.ReadFile(p)
			os.WriteFile(p, data[:len(data)/2], 0o600)
			return p
		}, Damaged, "cut off"},
		{"history with garbage pages", func(t *testing.T) string {
			p := closedHistory(t, 400)
			data, _ := os.ReadFile(p)
			for i := 4096; i < len(data); i++ {
				data[i] = byte(i*31) ^ 0x5a
			}
			os.WriteFile(p, data, 0o600)
			return p
		}, Damaged, ""},
		{"history with a garbage first page", func(t *testing.T) string {
			p := closedHistory(t, 50)
			data, _ := os.ReadFile(p)
			for i := 100; i < 4096; i++ {
				data[i] = 0xee
			}
			os.WriteFile(p, data, 0o600)
			return p
		}, Damaged, ""},
		{"invalid page size", func(t *testing.T) string {
			p := closedHistory(t, 5)
			data, _ := os.ReadFile(p)
			data[16], data[17] = 0x03, 0x00 // 768: not a power of two
			os.WriteFile(p, data, 0o600)
			return p
		}, Damaged, "page size 768"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := c.make(t)
			before, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Open(path)
			if err == nil {
				s.Close()
				t.Fatal("Open accepted the file")
			}
			var fe *FileError
			if !errors.As(err, &fe) {
				t.Fatalf("error %T %v, want *FileError", err, err)
			}
			if fe.Problem != c.problem {
				t.Errorf("problem %d, want %d: %v", fe.Problem, c.problem, err)
			}
			msg := err.Error()
			t.Log(msg)
			for _, want := range []string{path, "pe-tui has not changed it", c.detail} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q lacks %q", msg, want)
				}
			}
			after, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(before, after) {
				t.Error("the file was changed")
			}
		})
	}
}

func TestOpenRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir)
	if err == nil || !strings.Contains(err.Error(), dir+" is a directory") {
		t.Errorf("error %v", err)
	}
}

func TestDamageFoundAfterOpenIsReportedAsFileError(t *testing.T) {
	path := closedHistory(t, 2000)
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Damage the middle of the table behind the open store's back.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := f.Stat()
	garbage := bytes.Repeat([]byte{0xde, 0xad, 0xbe, 0xef}, int(fi.Size()/4))
	if _, err := f.WriteAt(garbage[:fi.Size()-8192], 4096); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s.db.Exec("PRAGMA shrink_memory") // drop cached pages
	var fe *FileError
	_, err = s.Export(context.Background(), &bytes.Buffer{}, Query{})
	if !errors.As(err, &fe) || fe.Problem != Damaged || !strings.Contains(err.Error(), path) {
		t.Errorf("Export on a damaged file: %v, want a Damaged *FileError naming the file", err)
	}
}
