// Package autosave keeps the user's unsent draft on disk so that it is never
// lost: the terminal UI touches a Saver on every change, the Saver writes
// the draft a moment after the last change (off the key path), and at start
// the UI loads the kept draft back ("restored your unsent draft from 14:02").
//
// The draft is kept as text, so an unfinished body that is not valid JSON is
// kept too. Writes are atomic (temporary file, fsync, rename) with mode
// 0600. A kept draft that is damaged, unreadable, not a regular file, larger
// than MaxSize or written by a newer pe-tui is reported with an error that
// names the file, and the file is left untouched.
package autosave

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"
	"unicode/utf8"

	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/safefile"
)

// EnvStateDir names the environment variable that chooses the state
// directory the draft is kept in.
const EnvStateDir = "PE_TUI_STATE_DIR"

// FileName is the kept draft's file name in the state directory.
const FileName = "draft.json"

// Version is the draft file format this pe-tui writes and reads.
const Version = 1

// MaxSize caps the kept draft file (an event body is a few kilobytes; the
// cap leaves room for a pasted mistake without reading an unbounded file).
const MaxSize = 4 << 20

// DefaultPath returns where the draft is kept: $PE_TUI_STATE_DIR/draft.json
// when set, else draft.json beside the history database (see
// history.DefaultPath, which honours $PE_TUI_HISTORY and the user state
// directory).
func DefaultPath() (string, error) {
	if d := os.Getenv(EnvStateDir); d != "" {
		return filepath.Join(d, FileName), nil
	}
	h, err := history.DefaultPath()
	if err != nil {
		return "", fmt.Errorf("%w; or set %s", err, EnvStateDir)
	}
	return filepath.Join(filepath.Dir(h), FileName), nil
}

// Meta is what the UI needs besides the text to put a draft back.
type Meta struct {
	Profile   string `json:"profile,omitempty"`   // the active profile
	Target    string `json:"target,omitempty"`    // the chosen target
	Library   string `json:"library,omitempty"`   // the library event it was opened from
	HistoryID int64  `json:"historyId,omitempty"` // the history record it was loaded from
	Unsaved   bool   `json:"unsaved,omitempty"`   // it has changes that were neither sent nor saved
}

// Draft is a kept draft.
type Draft struct {
	Text    []byte    // the body as the user left it, valid JSON or not
	Meta    Meta      // where it came from
	SavedAt time.Time // when it was saved (local time)
}

// file is the on-disk form. Text that is valid UTF-8 is kept readable in
// "text"; anything else goes byte for byte into "textBase64".
type file struct {
	Version    int       `json:"version"`
	SavedAt    time.Time `json:"savedAt"`
	Meta       Meta      `json:"meta"`
	Text       *string   `json:"text,omitempty"`
	TextBase64 *string   `json:"textBase64,omitempty"`
}

// Store is the kept draft at Path.
type Store struct {
	Path string
	// Now is the clock for SavedAt; nil means time.Now.
	Now func() time.Time
}

// Open returns the Store at DefaultPath.
func Open() (*Store, error) {
	p, err := DefaultPath()
	if err != nil {
		return nil, err
	}
	return &Store{Path: p}, nil
}

// Save keeps text (a body, or raw text that is not JSON yet) with its
// metadata, replacing the kept draft atomically.
func (s *Store) Save(text []byte, meta Meta) error {
	now := time.Now
	if s.Now != nil {
		now = s.Now
	}
	f := file{Version: Version, SavedAt: now().Round(0), Meta: meta}
	if utf8.Valid(text) {
		t := string(text)
		f.Text = &t
	} else {
		b := base64.StdEncoding.EncodeToString(text)
		f.TextBase64 = &b
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("draft not kept: %w", err)
	}
	if len(data) > MaxSize {
		return fmt.Errorf("draft not kept: it is %d bytes, more than %d; the previous kept draft in %s is unchanged", len(data), MaxSize, s.Path)
	}
	if err := safefile.WriteAtomic(s.Path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("draft not kept in %s: %w", s.Path, err)
	}
	return nil
}

// staleTemp is the age after which a temporary file of an interrupted
// write is removed by Load.
const staleTemp = time.Minute

// Load returns the kept draft; ok is false when there is none. A file that
// cannot be used gives an error naming it and is left as it is. Temporary
// files that a killed pe-tui left mid-write (older than a minute) are removed.
func (s *Store) Load() (d Draft, ok bool, err error) {
	safefile.RemoveStaleTemps(s.Path, staleTemp)
	data, _, err := safefile.Read(s.Path, MaxSize)
	if errors.Is(err, fs.ErrNotExist) {
		return Draft{}, false, nil
	}
	var tl *safefile.TooLargeError
	var nr *safefile.NotRegularError
	if errors.As(err, &tl) || errors.As(err, &nr) {
		return Draft{}, false, fmt.Errorf("the kept draft cannot be restored: %w", err)
	}
	if err != nil {
		return Draft{}, false, fmt.Errorf("the kept draft %s cannot be read (%w); it was left untouched", s.Path, err)
	}
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return Draft{}, false, s.damaged(err)
	}
	if f.Version > Version {
		return Draft{}, false, fmt.Errorf("the kept draft %s was written by a newer pe-tui (format %d, this one reads %d); it was left untouched: use the newer pe-tui, or move the file away", s.Path, f.Version, Version)
	}
	if f.Version < 1 {
		return Draft{}, false, s.damaged(errors.New("it has no format version"))
	}
	switch {
	case f.Text != nil && f.TextBase64 == nil:
		d.Text = []byte(*f.Text)
	case f.TextBase64 != nil && f.Text == nil:
		if d.Text, err = base64.StdEncoding.DecodeString(*f.TextBase64); err != nil {
			return Draft{}, false, s.damaged(err)
		}
	default:
		return Draft{}, false, s.damaged(errors.New(`it must hold exactly one of "text" and "textBase64"`))
	}
	d.Meta, d.SavedAt = f.Meta, f.SavedAt.Local()
	return d, true, nil
}

func (s *Store) damaged(err error) error {
	return fmt.Errorf("the kept draft %s is damaged (%v); it was left untouched: open it in an editor to copy what you need, then remove it", s.Path, err)
}

// Clear removes the kept draft (after it was sent, saved to the library or
// discarded on purpose). No kept draft is not an error; a path that is not
// a regular file is not removed.
func (s *Store) Clear() error {
	fi, err := os.Lstat(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return &safefile.NotRegularError{Path: s.Path, Mode: fi.Mode()}
	}
	if err := os.Remove(s.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot remove the kept draft %s: %w", s.Path, err)
	}
	return nil
}
