package credentials

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/pe-tui/pe-tui/internal/safefile"
)

// ConfigFileName is the name of the profile file inside the config directory.
const ConfigFileName = "profiles.json"

// configVersion is the version of the profile file this code reads and writes.
const configVersion = 1

// Errors of the profile store; test for them with errors.Is.
var (
	ErrProfileNotFound = errors.New("profile not found")
	ErrProfileExists   = errors.New("profile already exists")
	ErrUserNotFound    = errors.New("user not in profile")
	ErrUserExists      = errors.New("user already in profile")
	// ErrConfigInvalid: the config file exists but is not a profile file this
	// version understands. It is left untouched.
	ErrConfigInvalid = errors.New("config file not understood")
	// ErrConfigChanged: the config file changed on disk after Load; Save
	// refuses to overwrite the other writer's change.
	ErrConfigChanged = errors.New("config file changed since it was read")
)

// Config is the set of profiles and the default profile, as stored in
// <dir>/profiles.json. It holds no secret. Methods change memory only; Save
// writes the file.
type Config struct {
	dir         string
	defaultName string
	profiles    []Profile // sorted by name
	// loaded is the file content Load read (nil: no file); Save refuses to
	// overwrite a file that no longer has this content.
	loaded []byte
}

// configFile is the on-disk form.
type configFile struct {
	Version  int       `json:"version"`
	Default  string    `json:"default,omitempty"`
	Profiles []Profile `json:"profiles"`
}

// DefaultDir returns the directory of the profile file: $PE_TUI_CONFIG_DIR if
// set, else <user config dir>/pe-tui (e.g. ~/.config/pe-tui on Linux).
func DefaultDir() (string, error) {
	if d := os.Getenv("PE_TUI_CONFIG_DIR"); d != "" {
		return d, nil
	}
	base, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find the user config directory (%v); set PE_TUI_CONFIG_DIR or pass --config-dir", err)
	}
	return filepath.Join(base, "pe-tui"), nil
}

// Load reads the profile file in dir ("" means DefaultDir()). A missing file
// gives an empty Config. A file that is damaged or of an unknown version gives
// an error wrapping ErrConfigInvalid that names the file; the file is never
// overwritten.
func Load(dir string) (*Config, error) {
	if dir == "" {
		d, err := DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	c := &Config{dir: dir}
	path := c.Path()
	data, err := readConfigFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return nil, err
	}
	f, err := decodeConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v; fix the file or move it away (pe-tui will not overwrite it)", ErrConfigInvalid, path, err)
	}
	seen := make(map[string]bool, len(f.Profiles))
	for _, p := range f.Profiles {
		np, err := p.normalize()
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %v; fix the file or move it away (pe-tui will not overwrite it)", ErrConfigInvalid, path, err)
		}
		if seen[np.Name] {
			return nil, fmt.Errorf("%w: %s: profile %q appears twice; fix the file or move it away (pe-tui will not overwrite it)", ErrConfigInvalid, path, np.Name)
		}
		seen[np.Name] = true
		c.profiles = append(c.profiles, np)
	}
	if f.Default != "" && !seen[f.Default] {
		return nil, fmt.Errorf("%w: %s: the default profile %q is not defined; fix the file or move it away (pe-tui will not overwrite it)", ErrConfigInvalid, path, f.Default)
	}
	c.defaultName = f.Default
	c.sort()
	c.loaded = data
	return c, nil
}

// decodeConfig parses and checks the file's structure; errors carry a line and
// column, never file content.
func decodeConfig(data []byte) (*configFile, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 {
		return nil, errors.New("the file is empty")
	}
	if kind := jsonKind(trimmed[0]); kind != "object" {
		return nil, fmt.Errorf(`it holds a JSON %s, but a profile file is one JSON object such as {"version": %d, "profiles": []}`, kind, configVersion)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var f configFile
	if err := dec.Decode(&f); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := lineCol(data, se.Offset)
			return nil, fmt.Errorf("not valid JSON at line %d, column %d", line, col)
		case errors.As(err, &te):
			line, col := lineCol(data, te.Offset)
			return nil, fmt.Errorf("line %d, column %d: %s should be a JSON %s, not %s", line, col, te.Field, te.Type, te.Value)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return nil, errors.New("the JSON ends too early")
		default:
			// Unknown fields: "json: unknown field \"x\"" names the key only.
			return nil, errors.New(strings.TrimPrefix(err.Error(), "json: "))
		}
	}
	if dec.More() {
		return nil, errors.New("extra data after the JSON object")
	}
	if f.Version != configVersion {
		return nil, fmt.Errorf("unknown version %d (this pe-tui reads version %d)", f.Version, configVersion)
	}
	return &f, nil
}

// maxConfigSize bounds the profile file pe-tui reads.
const maxConfigSize = 4 << 20

// readConfigFile reads the profile file. It opens without blocking and
// refuses anything but a regular file, so a FIFO or device in its place is
// reported instead of hanging pe-tui; a file over maxConfigSize is refused.
// A missing file gives an error wrapping fs.ErrNotExist.
func readConfigFile(path string) ([]byte, error) {
	data, _, err := safefile.Read(path, maxConfigSize)
	var nr *safefile.NotRegularError
	var tl *safefile.TooLargeError
	switch {
	case err == nil, errors.Is(err, fs.ErrNotExist):
		return data, err
	case errors.As(err, &nr):
		return nil, notRegular(path, nr.Mode)
	case errors.As(err, &tl):
		return nil, fmt.Errorf("%w: %s is larger than %d bytes, too large for a profile file; fix the file or move it away (pe-tui will not overwrite it)", ErrConfigInvalid, path, maxConfigSize)
	}
	return nil, fmt.Errorf("reading config file %s: %w", path, err)
}

// jsonKind names the JSON value that starts with b.
func jsonKind(b byte) string {
	switch b {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	default:
		if b == '-' || (b >= '0' && b <= '9') {
			return "number"
		}
		return "value that is not valid JSON"
	}
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1)
	if col < 1 {
		col = 1
	}
	return line, col
}

// Dir is the directory holding the profile file.
func (c *Config) Dir() string { return c.dir }

// Path is the profile file.
func (c *Config) Path() string { return filepath.Join(c.dir, ConfigFileName) }

// Profiles returns copies of all profiles, sorted by name.
func (c *Config) Profiles() []Profile {
	out := make([]Profile, len(c.profiles))
	for i, p := range c.profiles {
		out[i] = p.clone()
	}
	return out
}

// Names returns the profile names, sorted.
func (c *Config) Names() []string {
	out := make([]string, len(c.profiles))
	for i, p := range c.profiles {
		out[i] = p.Name
	}
	return out
}

// Get returns a copy of the named profile, or an error wrapping
// ErrProfileNotFound that lists the profiles there are.
func (c *Config) Get(name string) (Profile, error) {
	i := c.index(name)
	if i < 0 {
		return Profile{}, c.notFound(name)
	}
	return c.profiles[i].clone(), nil
}

// Add stores a new profile after checking it; region and stage default to NA
// and development. The first profile added becomes the default.
func (c *Config) Add(p Profile) error {
	np, err := p.normalize()
	if err != nil {
		return err
	}
	if c.index(np.Name) >= 0 {
		return fmt.Errorf("%w: %q", ErrProfileExists, np.Name)
	}
	c.profiles = append(c.profiles, np)
	c.sort()
	if c.defaultName == "" {
		c.defaultName = np.Name
	}
	return nil
}

// Update replaces an existing profile (matched by name) after checking it.
func (c *Config) Update(p Profile) error {
	np, err := p.normalize()
	if err != nil {
		return err
	}
	i := c.index(np.Name)
	if i < 0 {
		return c.notFound(np.Name)
	}
	c.profiles[i] = np
	return nil
}

// Remove deletes a profile from the config (not its secret: see SecretStore).
// Removing the default profile leaves no default.
func (c *Config) Remove(name string) error {
	i := c.index(name)
	if i < 0 {
		return c.notFound(name)
	}
	c.profiles = append(c.profiles[:i], c.profiles[i+1:]...)
	if c.defaultName == name {
		c.defaultName = ""
	}
	return nil
}

// Use makes the named profile the default.
func (c *Config) Use(name string) error {
	if c.index(name) < 0 {
		return c.notFound(name)
	}
	c.defaultName = name
	return nil
}

// Default returns a copy of the default profile, if there is one.
func (c *Config) Default() (Profile, bool) {
	i := c.index(c.defaultName)
	if i < 0 {
		return Profile{}, false
	}
	return c.profiles[i].clone(), true
}

// AddUser appends a Unicast user to a profile's list.
func (c *Config) AddUser(profile string, u User) error {
	i := c.index(profile)
	if i < 0 {
		return c.notFound(profile)
	}
	if u.Region != "" {
		var err error
		if u.Region, err = NormalizeRegion(u.Region); err != nil {
			return err
		}
	}
	if err := u.validate(); err != nil {
		return err
	}
	p := &c.profiles[i]
	for _, have := range p.Users {
		if have.ID == u.ID {
			return fmt.Errorf("%w: %q is already in profile %q; remove it first to change its label", ErrUserExists, u.ID, profile)
		}
	}
	p.Users = append(p.Users, u)
	return nil
}

// PutUser saves u in a profile: a new user is appended, a known id is
// updated with what u knows (its region, locale and events when set; its
// label when u has one). It reports whether the user is new.
func (c *Config) PutUser(profile string, u User) (added bool, err error) {
	i := c.index(profile)
	if i < 0 {
		return false, c.notFound(profile)
	}
	if u.Region != "" {
		if u.Region, err = NormalizeRegion(u.Region); err != nil {
			return false, err
		}
	}
	if err := u.validate(); err != nil {
		return false, err
	}
	p := &c.profiles[i]
	for j := range p.Users {
		have := &p.Users[j]
		if have.ID != u.ID {
			continue
		}
		if u.Label != "" {
			have.Label = u.Label
		}
		if u.Region != "" {
			have.Region = u.Region
		}
		if u.Locale != "" {
			have.Locale = u.Locale
		}
		if u.EventsKnown {
			have.Events, have.EventsKnown = append([]string{}, u.Events...), true
		}
		return false, nil
	}
	if u.Events != nil {
		u.Events = append([]string{}, u.Events...)
	}
	p.Users = append(p.Users, u)
	return true, nil
}

// RemoveUser deletes a Unicast user from a profile's list.
func (c *Config) RemoveUser(profile, id string) error {
	i := c.index(profile)
	if i < 0 {
		return c.notFound(profile)
	}
	p := &c.profiles[i]
	for j, have := range p.Users {
		if have.ID == id {
			p.Users = append(p.Users[:j], p.Users[j+1:]...)
			return nil
		}
	}
	return fmt.Errorf("%w: %q is not in profile %q", ErrUserNotFound, id, profile)
}

// Save writes the profile file atomically (temporary file in the same
// directory, then rename) with mode 0600, creating the directory with mode
// 0700. It fails with ErrConfigChanged, writing nothing, when the file on
// disk is no longer what Load read.
func (c *Config) Save() error {
	path := c.Path()
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("creating config directory: %w", err)
	}
	current, err := readConfigFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		current = nil
	case err != nil:
		return fmt.Errorf("before saving: %w", err)
	}
	if (current == nil) != (c.loaded == nil) || !bytes.Equal(current, c.loaded) {
		return fmt.Errorf("%w: %s was changed by another program after pe-tui read it; nothing was saved, run the command again", ErrConfigChanged, path)
	}
	f := configFile{Version: configVersion, Default: c.defaultName, Profiles: c.Profiles()}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding config file: %w", err)
	}
	data = append(data, '\n')
	if err := safefile.WriteAtomic(path, data, 0o600); err != nil {
		return fmt.Errorf("writing config file %s: %w", path, err)
	}
	c.loaded = data
	return nil
}

func (c *Config) index(name string) int {
	if name == "" {
		return -1
	}
	for i, p := range c.profiles {
		if p.Name == name {
			return i
		}
	}
	return -1
}

func (c *Config) sort() {
	sort.Slice(c.profiles, func(i, j int) bool { return c.profiles[i].Name < c.profiles[j].Name })
}

// notFound builds the ErrProfileNotFound error for name, listing what exists.
func (c *Config) notFound(name string) error {
	if len(c.profiles) == 0 {
		return fmt.Errorf("%w: %q (there are no profiles; add one with 'pe-tui profile add')", ErrProfileNotFound, name)
	}
	return fmt.Errorf("%w: %q (profiles: %s)", ErrProfileNotFound, name, strings.Join(c.Names(), ", "))
}
