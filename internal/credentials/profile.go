// Package credentials keeps pe-tui's credential profiles: the non-secret part
// (name, client id, default region and stage, saved Unicast users) in a JSON
// config file, and the client secret only in the OS keyring, behind a timeout.
//
// Resolve picks the credentials a send uses: an explicit profile, else the
// PE_TUI_CLIENT_ID / PE_TUI_CLIENT_SECRET environment variables, else the
// default profile. Credentials never print or marshal the secret.
package credentials

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// Regions are the Alexa API regions a profile can default to.
var Regions = []string{"NA", "EU", "FE"}

// Stages are the skill stages a profile can default to.
var Stages = []string{"development", "live"}

// Defaults for a profile that names no region or stage.
const (
	DefaultRegion = "NA"
	DefaultStage  = "development"
)

// Profile is the non-secret part of one skill's credentials. The client
// secret is never a field: it lives in the OS keyring under the profile name.
type Profile struct {
	Name     string `json:"name"`
	ClientID string `json:"clientId"`
	Region   string `json:"region"` // NA | EU | FE
	Stage    string `json:"stage"`  // development | live
	// SkillID, when set, is the skill these credentials belong to
	// (amzn1.ask.skill.…); 'pe-tui users catch' refuses users of another skill.
	SkillID string `json:"skillId,omitempty"`
	Users   []User `json:"users"`
}

// User is a saved Unicast target: a skill-scoped user id, a label for it
// and, when known, where the user lives and what they subscribed to. Files
// written before Region, Locale and Events existed load unchanged.
type User struct {
	ID    string `json:"id"`
	Label string `json:"label,omitempty"`
	// Region is the user's API region (NA, EU, FE; "" = not known). A
	// Unicast event reaches the user only through this region's endpoint.
	Region string `json:"region,omitempty"`
	// Locale is the user's locale, e.g. de-DE ("" = not known).
	Locale string `json:"locale,omitempty"`
	// Events are the event names the user is subscribed to, as the last
	// subscription-changed event said; nil = not known, empty = none.
	Events []string `json:"events,omitempty"`
	// EventsKnown says Events is what the user is subscribed to (an empty
	// list then means: to nothing).
	EventsKnown bool `json:"eventsKnown,omitempty"`
}

// Limits on user-supplied profile fields.
const (
	maxNameLen     = 64
	maxClientIDLen = 256
	maxUserIDLen   = 512
	maxLabelLen    = 100
)

// AlexaUserPrefix starts every real Unicast user id (spec §2); other ids only
// work against a sandbox configured with them.
const AlexaUserPrefix = "amzn1.ask.account."

// ValidateName reports whether name can name a profile: 1–64 letters, digits,
// '.', '_' or '-', starting with a letter or digit. The name is also the
// keyring account, so it must be stable and printable.
func ValidateName(name string) error {
	if name == "" {
		return errors.New("the profile name is empty; use letters, digits, '.', '_' or '-'")
	}
	if len(name) > maxNameLen {
		return fmt.Errorf("the profile name is %d characters long; use at most %d", len(name), maxNameLen)
	}
	for i, r := range name {
		ok := r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || (i > 0 && strings.ContainsRune("._-", r)))
		if !ok {
			return fmt.Errorf("the profile name %q has %q at position %d; use letters, digits, '.', '_' or '-' (starting with a letter or digit)", name, r, i+1)
		}
	}
	return nil
}

// NormalizeRegion returns the canonical spelling of a region (NA, EU, FE),
// accepting any case; "" gives DefaultRegion.
func NormalizeRegion(s string) (string, error) {
	if s == "" {
		return DefaultRegion, nil
	}
	for _, r := range Regions {
		if strings.EqualFold(s, r) {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown region %q; use NA, EU or FE", s)
}

// NormalizeStage returns the canonical spelling of a stage (development,
// live), accepting any case; "" gives DefaultStage.
func NormalizeStage(s string) (string, error) {
	if s == "" {
		return DefaultStage, nil
	}
	for _, st := range Stages {
		if strings.EqualFold(s, st) {
			return st, nil
		}
	}
	return "", fmt.Errorf("unknown stage %q; use development or live", s)
}

// normalize checks p and returns it with canonical region and stage, defaults
// filled in and a private copy of Users.
func (p Profile) normalize() (Profile, error) {
	if err := ValidateName(p.Name); err != nil {
		return Profile{}, err
	}
	if err := validateToken("client id", p.ClientID, maxClientIDLen); err != nil {
		return Profile{}, fmt.Errorf("profile %q: %w", p.Name, err)
	}
	var err error
	if p.Region, err = NormalizeRegion(p.Region); err != nil {
		return Profile{}, fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if p.Stage, err = NormalizeStage(p.Stage); err != nil {
		return Profile{}, fmt.Errorf("profile %q: %w", p.Name, err)
	}
	if p.SkillID != "" {
		if err := validateToken("skill id", p.SkillID, maxClientIDLen); err != nil {
			return Profile{}, fmt.Errorf("profile %q: %w", p.Name, err)
		}
	}
	users := make([]User, 0, len(p.Users))
	seen := make(map[string]bool, len(p.Users))
	for _, u := range p.Users {
		if u.Region != "" {
			if u.Region, err = NormalizeRegion(u.Region); err != nil {
				return Profile{}, fmt.Errorf("profile %q: user %q: %w", p.Name, u.ID, err)
			}
		}
		if err := u.validate(); err != nil {
			return Profile{}, fmt.Errorf("profile %q: %w", p.Name, err)
		}
		if seen[u.ID] {
			return Profile{}, fmt.Errorf("profile %q: user %q is listed twice", p.Name, u.ID)
		}
		seen[u.ID] = true
		users = append(users, u)
	}
	p.Users = users
	return p, nil
}

// validate checks a user id and label.
func (u User) validate() error {
	if err := validateToken("user id", u.ID, maxUserIDLen); err != nil {
		return err
	}
	if len([]rune(u.Label)) > maxLabelLen {
		return fmt.Errorf("the label of user %q is longer than %d characters", u.ID, maxLabelLen)
	}
	for _, r := range u.Label {
		if unicode.IsControl(r) {
			return fmt.Errorf("the label of user %q contains a control character", u.ID)
		}
	}
	if u.Region != "" {
		if _, err := NormalizeRegion(u.Region); err != nil {
			return fmt.Errorf("user %q: %w", u.ID, err)
		}
	}
	if u.Locale != "" {
		if err := validateToken("locale", u.Locale, 16); err != nil {
			return fmt.Errorf("user %q: %w", u.ID, err)
		}
	}
	if len(u.Events) > maxUserEvents {
		return fmt.Errorf("user %q lists %d events; at most %d are allowed", u.ID, len(u.Events), maxUserEvents)
	}
	for _, e := range u.Events {
		if err := validateToken("event name", e, 128); err != nil {
			return fmt.Errorf("user %q: %w", u.ID, err)
		}
	}
	return nil
}

// maxUserEvents bounds the events saved with a user (there are 8 schemas).
const maxUserEvents = 32

// validateToken checks a single-word identifier such as a client or user id.
func validateToken(what, s string, maxLen int) error {
	if s == "" {
		return fmt.Errorf("the %s is empty", what)
	}
	if len(s) > maxLen {
		return fmt.Errorf("the %s is %d characters long; at most %d are allowed", what, len(s), maxLen)
	}
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("the %s %q contains a space or control character", what, s)
		}
	}
	return nil
}

// clone returns p with its own copy of Users.
func (p Profile) clone() Profile {
	users := make([]User, len(p.Users))
	for i, u := range p.Users {
		if u.Events != nil {
			u.Events = append([]string{}, u.Events...)
		}
		users[i] = u
	}
	p.Users = users
	return p
}
