package credentials

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
)

// Environment variables that supply credentials without a profile (for CI).
const (
	EnvClientID     = "PE_TUI_CLIENT_ID"
	EnvClientSecret = "PE_TUI_CLIENT_SECRET"
)

// Sources of resolved credentials.
const (
	SourceProfile = "profile"
	SourceEnv     = "env"
)

// ErrNoCredentials: Resolve found no profile and no environment variables.
var ErrNoCredentials = errors.New("no credentials")

// Credentials are what a send needs to get a token. Printing them with any
// fmt verb, or marshalling them to JSON, never shows ClientSecret.
type Credentials struct {
	ProfileName  string // "" when Source is SourceEnv
	ClientID     string
	ClientSecret string
	Region       string // NA | EU | FE
	Stage        string // development | live
	Source       string // SourceProfile | SourceEnv
}

// Resolve picks the credentials to use: the named profile when profileName is
// not empty; else PE_TUI_CLIENT_ID and PE_TUI_CLIENT_SECRET when both are set
// (region NA, stage development; the caller's flags override them); else the
// default profile. Setting only one of the two variables is an error rather
// than a silent fall-back to the default profile. cfg may be nil (no config).
// Keyring errors are passed on wrapped, so errors.Is still finds
// ErrSecretNotFound, ErrKeyringUnavailable or ErrKeyringTimeout.
func Resolve(cfg *Config, store SecretStore, profileName string) (Credentials, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	if profileName != "" {
		p, err := cfg.Get(profileName)
		if err != nil {
			return Credentials{}, err
		}
		return fromProfile(p, store)
	}
	id, secret := os.Getenv(EnvClientID), os.Getenv(EnvClientSecret)
	switch {
	case id != "" && secret != "":
		if err := validateToken("client id in "+EnvClientID, id, maxClientIDLen); err != nil {
			return Credentials{}, err
		}
		return Credentials{ClientID: id, ClientSecret: secret, Region: DefaultRegion, Stage: DefaultStage, Source: SourceEnv}, nil
	case id != "":
		return Credentials{}, fmt.Errorf("%s is set but %s is not; set both, or unset %s to use a profile", EnvClientID, EnvClientSecret, EnvClientID)
	case secret != "":
		return Credentials{}, fmt.Errorf("%s is set but %s is not; set both, or unset %s to use a profile", EnvClientSecret, EnvClientID, EnvClientSecret)
	}
	if p, ok := cfg.Default(); ok {
		return fromProfile(p, store)
	}
	return Credentials{}, fmt.Errorf("%w: pick a profile with --profile NAME, make one the default with 'pe-tui profile use NAME' "+
		"(add one with 'pe-tui profile add NAME --client-id ID'), or set %s and %s", ErrNoCredentials, EnvClientID, EnvClientSecret)
}

func fromProfile(p Profile, store SecretStore) (Credentials, error) {
	if store == nil {
		return Credentials{}, fmt.Errorf("profile %q: %w: no keyring store was given", p.Name, ErrKeyringUnavailable)
	}
	secret, err := store.Get(p.Name)
	if err != nil {
		return Credentials{}, err
	}
	return Credentials{ProfileName: p.Name, ClientID: p.ClientID, ClientSecret: secret, Region: p.Region, Stage: p.Stage, Source: SourceProfile}, nil
}

// redacted stands for a secret that is set.
const redacted = "[redacted]"

func (c Credentials) secretMark() string {
	if c.ClientSecret == "" {
		return ""
	}
	return redacted
}

// String describes c without the secret.
func (c Credentials) String() string {
	return fmt.Sprintf("{ProfileName:%s ClientID:%s ClientSecret:%s Region:%s Stage:%s Source:%s}",
		c.ProfileName, c.ClientID, c.secretMark(), c.Region, c.Stage, c.Source)
}

// GoString is the %#v form, without the secret.
func (c Credentials) GoString() string {
	return fmt.Sprintf("credentials.Credentials{ProfileName:%s, ClientID:%s, ClientSecret:%s, Region:%s, Stage:%s, Source:%s}",
		strconv.Quote(c.ProfileName), strconv.Quote(c.ClientID), strconv.Quote(c.secretMark()),
		strconv.Quote(c.Region), strconv.Quote(c.Stage), strconv.Quote(c.Source))
}

// Format makes every fmt verb (%v, %+v, %#v, %s, %q, %x, %d, …) print the
// redacted form, so no verb can reach the secret field.
func (c Credentials) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		io.WriteString(f, c.GoString())
	case verb == 'q':
		io.WriteString(f, strconv.Quote(c.String()))
	default:
		io.WriteString(f, c.String())
	}
}

// MarshalJSON encodes c without the secret.
func (c Credentials) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ProfileName string `json:"profileName,omitempty"`
		ClientID    string `json:"clientId"`
		Region      string `json:"region"`
		Stage       string `json:"stage"`
		Source      string `json:"source"`
	}{c.ProfileName, c.ClientID, c.Region, c.Stage, c.Source})
}
