package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// fileConfig is the JSON shape of a sandbox config file. The client secret
// is deliberately absent: secrets are not read from files.
type fileConfig struct {
	SkillID              string       `json:"skillId"`
	ClientID             string       `json:"clientId"`
	TokenLifetime        string       `json:"tokenLifetime"`
	Published            []string     `json:"published"`
	Manifest             string       `json:"manifest"`
	Subscribers          []Subscriber `json:"subscribers"`
	Certified            bool         `json:"certified"`
	RateLimit            int          `json:"rateLimit"`
	NotificationLimit    int          `json:"notificationLimit"`
	Faults               *Faults      `json:"faults"`
	SubscriptionEndpoint string       `json:"subscriptionEndpoint"`
	Skills               []fileSkill  `json:"skills"`
}

// fileSkill is one entry of "skills": a skill's ids, events and users.
type fileSkill struct {
	SkillID     string       `json:"skillId"`
	ClientID    string       `json:"clientId"`
	Published   []string     `json:"published"`
	Manifest    string       `json:"manifest"`
	Subscribers []Subscriber `json:"subscribers"`
}

// ConfigFileHelp describes the config file format, for --help texts.
const ConfigFileHelp = `The config file is JSON; every key is optional:
  {
    "skillId": "amzn1.ask.skill.SANDBOX",
    "clientId": "amzn1.application-oa2-client.example",
    "tokenLifetime": "1h",
    "published": ["AMAZON.OrderStatus.Updated"],      (or "manifest": "skill.json")
    "subscribers": [{"userId": "amzn1.ask.account.SANDBOX", "locale": "en-US",
                     "stage": "", "eventNames": ["AMAZON.OrderStatus.Updated"]}],
    "certified": false,
    "rateLimit": 50,                (per second per token; -1 = unlimited)
    "notificationLimit": 10,        (live, per user per rolling 24 h; -1 = unlimited)
    "faults": {"latency": "0s", "forceStatus": 0, "forceStatusCount": 0, "retryAfter": "",
               "dropConnection": false, "dropCount": 0, "routes": "events"},
    "subscriptionEndpoint": "http://127.0.0.1:9000/events"
  }
"manifest" is a skill.json whose manifest.events.publications lists the
published events (a relative path is read from the config file's directory).
Several skills: instead of the top-level skillId, clientId, published,
manifest and subscribers, list them per skill, each with its own skillId and
clientId (the first skill's clientId may be left out; a token request with
any other client id is for the first skill):
    "skills": [{"skillId": "amzn1.ask.skill.A", "clientId": "client-a",
                "published": […], "subscribers": […]},
               {"skillId": "amzn1.ask.skill.B", "clientId": "client-b",
                "manifest": "b/skill.json", "subscribers": […]}]
A token is for the skill whose clientId requested it; a Unicast event sent
with it to a user of another skill only is answered 403 "No enablement".
The /_emulator/subscribers control route reads and replaces the first
skill's users.
A subscriber's "stage" is "development", "live" or "" (both). The client
secret is never read from a file: pipe it in with --secret-stdin or set
PE_TUI_SANDBOX_CLIENT_SECRET.`

// LoadConfig reads a sandbox config file (see ConfigFileHelp). Errors name
// the file and say what to change.
func LoadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("cannot read the sandbox config file: %w", err)
	}
	cfg, err := ParseConfig(data, filepath.Dir(path))
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig decodes a config file's content; dir resolves a relative
// manifest path. The result has passed Config.Check.
func ParseConfig(data []byte, dir string) (Config, error) {
	var fc fileConfig
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fc); err != nil {
		return Config{}, explainJSONError(data, err)
	}
	if dec.More() {
		return Config{}, errors.New("unexpected data after the JSON object: the file must hold one object")
	}
	cfg := Config{
		SkillID:              fc.SkillID,
		ClientID:             fc.ClientID,
		Published:            fc.Published,
		Subscribers:          fc.Subscribers,
		Certified:            fc.Certified,
		RateLimit:            fc.RateLimit,
		NotificationLimit:    fc.NotificationLimit,
		SubscriptionEndpoint: fc.SubscriptionEndpoint,
	}
	if fc.TokenLifetime != "" {
		d, err := time.ParseDuration(fc.TokenLifetime)
		if err != nil || d <= 0 {
			return Config{}, fmt.Errorf("tokenLifetime %q is not a positive duration such as \"1h\" or \"90s\"", fc.TokenLifetime)
		}
		cfg.TokenLifetime = d
	}
	if fc.Faults != nil {
		cfg.Faults = *fc.Faults
	}
	published, err := publishedOf(fc.Published, fc.Manifest, dir)
	if err != nil {
		return Config{}, err
	}
	cfg.Published = published
	if fc.Skills != nil {
		if fc.SkillID != "" || fc.ClientID != "" || fc.Published != nil || fc.Manifest != "" || fc.Subscribers != nil {
			return Config{}, errors.New(`give the skills either at the top level (skillId, clientId, published, manifest, subscribers) or in "skills", not both`)
		}
		if len(fc.Skills) == 0 {
			return Config{}, errors.New(`"skills" is empty: list at least one skill, or leave the key out for the default skill`)
		}
		for i, fs := range fc.Skills {
			published, err := publishedOf(fs.Published, fs.Manifest, dir)
			if err != nil {
				return Config{}, fmt.Errorf("skill %d: %w", i+1, err)
			}
			if i == 0 {
				cfg.SkillID, cfg.ClientID, cfg.Published, cfg.Subscribers = fs.SkillID, fs.ClientID, published, fs.Subscribers
				continue
			}
			subs := fs.Subscribers
			if subs == nil {
				subs = []Subscriber{} // a user id is skill-scoped: no default user
			}
			cfg.OtherSkills = append(cfg.OtherSkills, Skill{SkillID: fs.SkillID, ClientID: fs.ClientID, Published: published, Subscribers: subs})
		}
	}
	if err := cfg.Check(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// publishedOf returns a skill's published events: the list given, the
// publications of its manifest (relative to dir), or nil (all eight).
func publishedOf(published []string, manifest, dir string) ([]string, error) {
	if manifest == "" {
		return published, nil
	}
	if published != nil {
		return nil, errors.New(`give either "published" or "manifest", not both`)
	}
	if !filepath.IsAbs(manifest) {
		manifest = filepath.Join(dir, manifest)
	}
	return readManifestPublications(manifest)
}

// explainJSONError turns a decoding error into one that gives a position or the bad key.
func explainJSONError(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := position(data, se.Offset-1) // Offset is just past the bad byte
		return fmt.Errorf("invalid JSON at line %d, column %d: %s", line, col, strings.TrimPrefix(se.Error(), "json: "))
	case errors.As(err, &te):
		line, col := position(data, te.Offset)
		return fmt.Errorf("line %d, column %d: %q must be a %s, not a JSON %s", line, col, te.Field, te.Type, te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("unknown key %s: see 'pe-tui sandbox --help' for the keys a config file may hold",
			strings.TrimPrefix(err.Error(), "json: unknown field "))
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the file is empty or cut short: it must hold one JSON object")
	}
	return fmt.Errorf("invalid config: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func position(data []byte, off int64) (line, col int) {
	off = max(0, min(off, int64(len(data))))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = int(off) - (bytes.LastIndexByte(before, '\n') + 1) + 1
	return line, col
}

// readManifestPublications returns manifest.events.publications[].eventName
// of a skill.json (the object with a "manifest" key, or the manifest itself).
func readManifestPublications(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read the skill manifest: %w", err)
	}
	names, err := schemas.PublishedEvents(data)
	if err != nil {
		return nil, fmt.Errorf("skill manifest %s: %w", path, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("skill manifest %s has no manifest.events.publications: add one {\"eventName\": …} per event the skill sends", path)
	}
	return names, nil
}
