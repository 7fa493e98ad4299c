// Package library keeps named proactive events on disk, one per file, so a
// developer (or a team, in a committed .pe-tui/events folder) can send them
// again and again.
//
// Layout: NAME.json is an ordinary proactive-event body, written as indented
// JSON in canonical key order with a trailing newline, so diffs are clean.
// Its string values may hold placeholders (package template) that are
// expanded at send time and never stored expanded. Optional metadata
// (description, default profile and target) lives beside it in
// NAME.meta.json. Keeping the metadata in its own file means the event file
// is exactly a body: nothing has to be stripped before sending, so nothing
// can reach Amazon by mistake, and `pe-tui send`, `pe-tui validate` and curl
// can use the file as it is.
//
// Files are never rewritten or dropped behind the user's back: a file that is
// not JSON, too large, not a regular file, or with metadata from a newer
// pe-tui is listed with its error and left untouched. Saves are atomic and
// check that the file did not change since it was read (ConflictError).
package library

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/pe-tui/pe-tui/internal/safefile"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// File names and limits.
const (
	bodySuffix = ".json"
	metaSuffix = ".meta"
	// MaxFileSize caps a library file; an event body is a few kilobytes.
	MaxFileSize = 1 << 20
	// MetaVersion is the metadata format this pe-tui writes and reads.
	MetaVersion = 1
)

// Meta is the optional metadata of a library event. It never goes into the
// body. The event's name is its file name and is not repeated here.
type Meta struct {
	Version     int    `json:"version"`
	Description string `json:"description,omitempty"`
	Profile     string `json:"profile,omitempty"` // default credential profile
	Target      string `json:"target,omitempty"`  // default target, as alexa.ParseTarget reads it
}

func (m Meta) empty() bool { return m.Description == "" && m.Profile == "" && m.Target == "" }

// Entry is one library event as read from disk.
type Entry struct {
	Name string // the file name without .json
	Path string // the body file
	// Body is the file's content as stored (placeholders not expanded); nil
	// when the file could not be read.
	Body []byte
	Meta Meta
	// Event is event.name of the body when it has one.
	Event string
	// Err says why the entry cannot be used: the file is not JSON (wrapping
	// a *schemas.SyntaxError with line and column), too large, not a
	// regular file, its name breaks CheckName, or its metadata is damaged or
	// from a newer pe-tui. It always names the file. The file is untouched.
	Err error
	// Stamp is the version of the body file that was read; Save and Remove
	// check against it.
	Stamp safefile.Stamp
	// metaExists records whether NAME.meta.json was there; metaErr why it
	// could not be used.
	metaExists bool
	metaErr    error
}

// Library is one library folder.
type Library struct {
	Dir    string
	Source Source
}

// Open locates the library (see Locate) for the current directory.
func Open(flagDir string) (*Library, error) {
	cwd, _ := os.Getwd()
	dir, src, err := Locate(flagDir, cwd)
	if err != nil {
		return nil, err
	}
	return &Library{Dir: dir, Source: src}, nil
}

// Path returns the body file of name (which must pass CheckName).
func (l *Library) Path(name string) string { return filepath.Join(l.Dir, name+bodySuffix) }

func (l *Library) metaPath(name string) string {
	return filepath.Join(l.Dir, name+metaSuffix+bodySuffix)
}

// ErrNotFound is returned (wrapped) when a library event does not exist.
var ErrNotFound = errors.New("no such library event")

// ConflictError is returned by Save and Remove when the file is not the
// version the caller read: another process saved, created or removed it.
// Nothing was written; the UI can offer "save as" under another name.
type ConflictError struct {
	Name string
	Path string
	// Exists is set when a new event was saved but the name is taken.
	Exists bool
}

func (e *ConflictError) Error() string {
	if e.Exists {
		return fmt.Sprintf("library event %q already exists (%s); nothing was saved: choose another name, or replace it on purpose", e.Name, e.Path)
	}
	return fmt.Sprintf("library event %q was changed or removed by someone else since it was read (%s); your version was not saved: save it under another name, or reload it and apply your change again", e.Name, e.Path)
}

// Unwrap lets errors.Is(err, safefile.ErrChanged) match.
func (e *ConflictError) Unwrap() error { return safefile.ErrChanged }

// List returns every event of the library sorted by name, including the
// ones that cannot be used (with Err set). A missing folder is an empty
// library. Files whose name starts with '.', metadata files and files that
// do not end in .json are not events and are skipped.
func (l *Library) List() ([]*Entry, error) {
	des, err := os.ReadDir(l.Dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("cannot read the library folder %s: %w", l.Dir, err)
	}
	metas := make(map[string]bool)
	var names []string
	for _, de := range des {
		fn := de.Name()
		if strings.HasPrefix(fn, ".") || !strings.HasSuffix(fn, bodySuffix) {
			continue
		}
		if m, ok := strings.CutSuffix(fn, metaSuffix+bodySuffix); ok {
			metas[m] = true
			continue
		}
		names = append(names, strings.TrimSuffix(fn, bodySuffix))
	}
	out := make([]*Entry, len(names))
	// Reading is I/O bound: a few workers overlap the system calls.
	var wg sync.WaitGroup
	next := make(chan int)
	for range min(listWorkers, len(names)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				out[i] = l.read(names[i], metas[names[i]])
			}
		}()
	}
	for i := range names {
		next <- i
	}
	close(next)
	wg.Wait()
	slices.SortFunc(out, func(a, b *Entry) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// Get reads one event. A missing event gives an error matching ErrNotFound;
// an event that exists but cannot be used is returned with its Err, which
// is also the error.
func (l *Library) Get(name string) (*Entry, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	e := l.read(name, true)
	if errors.Is(e.Err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w %q in %s; 'pe-tui library list' shows the saved events", ErrNotFound, name, l.Dir)
	}
	return e, e.Err
}

// listWorkers is how many files List reads at once.
const listWorkers = 4

// read loads name's body and, when hasMeta says it may exist, its
// metadata; failures go into Err.
func (l *Library) read(name string, hasMeta bool) *Entry {
	e := &Entry{Name: name, Path: l.Path(name)}
	if err := CheckName(name); err != nil {
		e.Err = fmt.Errorf("%s: %w; rename the file", e.Path, err)
		return e
	}
	data, st, err := safefile.Read(e.Path, MaxFileSize)
	if err != nil {
		e.Err = readError(e.Path, err)
		return e
	}
	e.Stamp = st
	req, err := schemas.Decode(data)
	if err != nil {
		e.Err = fmt.Errorf("%s is not valid JSON (%w); fix it in an editor, pe-tui leaves it as it is", e.Path, err)
		return e
	}
	e.Body = data
	e.Event = req.EventName()
	e.Meta = Meta{Version: MetaVersion}
	if hasMeta {
		e.Meta, e.metaExists, e.metaErr = readMeta(l.metaPath(name))
		e.Err = e.metaErr
	}
	return e
}

func readError(path string, err error) error {
	var tl *safefile.TooLargeError
	var nr *safefile.NotRegularError
	if errors.As(err, &tl) || errors.As(err, &nr) || errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return fmt.Errorf("cannot read %s: %w", path, err)
}

// readMeta reads a metadata file; a missing one is empty metadata.
func readMeta(path string) (Meta, bool, error) {
	data, _, err := safefile.Read(path, MaxFileSize)
	if errors.Is(err, fs.ErrNotExist) {
		return Meta{Version: MetaVersion}, false, nil
	}
	if err != nil {
		return Meta{}, true, readError(path, err)
	}
	var m Meta
	if err := json.Unmarshal(data, &m); err != nil {
		if req, derr := schemas.Decode(data); derr != nil && req == nil {
			err = derr // line and column
		}
		return Meta{}, true, fmt.Errorf("the metadata file %s is damaged (%w); fix or remove it, pe-tui leaves it as it is", path, err)
	}
	if m.Version > MetaVersion {
		return Meta{}, true, fmt.Errorf("the metadata file %s was written by a newer pe-tui (format %d, this one reads %d); upgrade pe-tui, it leaves the file as it is", path, m.Version, MetaVersion)
	}
	m.Version = MetaVersion
	return m, true, nil
}

// Save stores body under name with its metadata. The body must be JSON; it
// is written indented in canonical key order with a trailing newline
// (placeholders are kept as they are; see template.Templatize for making a
// body reusable). base is the entry the caller read and edited: nil to
// create a new event (a *ConflictError with Exists when the name is taken),
// else the save happens only when the file is still base's version (a
// *ConflictError otherwise). The metadata file is written when meta has
// content or one existed; it is removed when meta becomes empty.
func (l *Library) Save(name string, body []byte, meta Meta, base *Entry) error {
	if err := CheckName(name); err != nil {
		return err
	}
	req, err := schemas.Decode(body)
	if err != nil {
		return fmt.Errorf("library event %q not saved: the body is not valid JSON (%w)", name, err)
	}
	data := req.Encode()
	if len(data) > MaxFileSize {
		return fmt.Errorf("library event %q not saved: it is %d bytes, more than %d", name, len(data), MaxFileSize)
	}
	if base != nil && base.metaErr != nil {
		// Saving would replace or remove a metadata file nobody could read.
		return fmt.Errorf("library event %q not saved: %w", name, base.metaErr)
	}
	path := l.Path(name)
	perm := l.perm()
	// A killed save leaves a hidden temporary file; do not let it linger
	// (and be committed with a project library).
	safefile.RemoveStaleTemps(path, time.Minute)
	if base == nil {
		err = safefile.CreateAtomic(path, data, perm)
		if errors.Is(err, safefile.ErrExists) {
			return &ConflictError{Name: name, Path: path, Exists: true}
		}
	} else {
		err = safefile.ReplaceIf(path, data, perm, base.Stamp, MaxFileSize)
		if errors.Is(err, safefile.ErrChanged) {
			return &ConflictError{Name: name, Path: path}
		}
	}
	if err != nil {
		return fmt.Errorf("library event %q not saved: %w", name, err)
	}
	return l.saveMeta(name, meta, base != nil && base.metaExists)
}

func (l *Library) saveMeta(name string, meta Meta, existed bool) error {
	mp := l.metaPath(name)
	if meta.empty() {
		if existed {
			if err := os.Remove(mp); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("the event was saved, but its old metadata %s could not be removed: %w", mp, err)
			}
		}
		return nil
	}
	meta.Version = MetaVersion
	data, _ := json.MarshalIndent(meta, "", "  ") // a struct of strings always encodes
	if err := safefile.WriteAtomic(mp, append(data, '\n'), l.perm()); err != nil {
		return fmt.Errorf("the event was saved, but its metadata %s was not: %w", mp, err)
	}
	return nil
}

// perm is the mode of new files: a project library is meant to be
// committed and shared (0644); the user's own library stays private (0600).
func (l *Library) perm() fs.FileMode {
	if l.Source == SourceProject {
		return 0o644
	}
	return 0o600
}

// Remove deletes an event and its metadata, only when the body is still
// base's version (a *ConflictError otherwise). An entry that cannot be used
// (Err set, e.g. invalid JSON) can be removed too, on purpose.
func (l *Library) Remove(base *Entry) error {
	if base == nil {
		return errors.New("library: Remove needs the entry that was read")
	}
	if base.Body == nil && base.Stamp == (safefile.Stamp{}) {
		// Unreadable as an event but present as a file (e.g. not JSON): read
		// its stamp now so the check below still guards against a change.
		_, st, err := safefile.Read(base.Path, MaxFileSize)
		if err != nil {
			return fmt.Errorf("cannot remove %s: %w", base.Path, err)
		}
		base.Stamp = st
	}
	err := safefile.RemoveIf(base.Path, base.Stamp, MaxFileSize)
	if errors.Is(err, safefile.ErrChanged) || errors.Is(err, fs.ErrNotExist) {
		return &ConflictError{Name: base.Name, Path: base.Path}
	}
	if err != nil {
		return fmt.Errorf("cannot remove %s: %w", base.Path, err)
	}
	if err := os.Remove(l.metaPath(base.Name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the event was removed, but its metadata %s was not: %w", l.metaPath(base.Name), err)
	}
	return nil
}
