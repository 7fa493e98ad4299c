package sandbox

import (
	"cmp"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Stage names as they appear in routes, subscribers and messages.
const (
	StageDevelopment = "development"
	StageLive        = "live"
)

// Defaults of spec §12.1.
const (
	DefaultSkillID           = "amzn1.ask.skill.SANDBOX"   // skill id when none is configured
	DefaultUserID            = "amzn1.ask.account.SANDBOX" // the default test user
	DefaultLocale            = "en-US"                     // locale of the default test user
	DefaultTokenLifetime     = time.Hour                   // expires_in of issued tokens
	DefaultRateLimit         = 50                          // event calls per second per token
	DefaultNotificationLimit = 10                          // live notifications per user per rolling 24 h
	// MaxBodyBytes is the largest request body accepted; larger bodies get
	// 413. Amazon publishes no limit (the spec gives none); a real event is a
	// few KB (every field of the largest schema with localizedAttributes for
	// 20 locales stays under 16 KB), so 64 KiB leaves room for any real event
	// while bounding what one request can make the emulator hold.
	MaxBodyBytes = 64 << 10
)

// Config configures one emulator instance: its first skill (the fields
// below) and, optionally, OtherSkills. The zero value is a usable default:
// one skill, every client id and secret accepted, all eight events
// published, the default test user subscribed to everything.
type Config struct {
	// SkillID names the skill in 403 messages and subscription events ("" = DefaultSkillID).
	SkillID string
	// ClientID and ClientSecret, when set, are the only credentials the token
	// route accepts; when empty, any non-empty value is accepted.
	ClientID, ClientSecret string
	// TokenLifetime is the lifetime of issued tokens (0 = DefaultTokenLifetime).
	TokenLifetime time.Duration
	// Published lists the event names the skill publishes (nil = all eight).
	Published []string
	// Subscribers are the users and their subscriptions (nil = DefaultSubscribers();
	// an empty non-nil slice means nobody is subscribed).
	Subscribers []Subscriber
	// Certified allows the live stage.
	Certified bool
	// RateLimit is the number of event calls per second per token
	// (0 = DefaultRateLimit, negative = unlimited).
	RateLimit int
	// NotificationLimit is the number of live notifications per user per
	// rolling 24 hours (0 = DefaultNotificationLimit, negative = unlimited).
	NotificationLimit int
	// Now is the clock (nil = time.Now). Token expiry, rate limit, expiry
	// window, notification expiry and the notification limit all use it.
	Now func() time.Time
	// Faults are injected from the start; change them later with SetFaults.
	Faults Faults
	// Logger receives one record per request with its verdict and one per
	// delivered sentence (nil = no logging). Secrets and full tokens are never logged.
	Logger *slog.Logger
	// ScopeRefused plays a skill whose manifest declares no proactive events
	// (no events.publications): the token route answers 400 invalid_scope
	// to correct credentials, as Login with Amazon does for such a skill.
	ScopeRefused bool
	// SubscriptionEndpoint, when set, is a loopback http URL that receives a
	// spec §11 ProactiveSubscriptionChanged event for every user whose
	// subscriptions SetSubscribers changes.
	SubscriptionEndpoint string
	// OtherSkills are further skills of the same emulator (spec §12.1), so
	// that "the token of another skill" can be reproduced: a token is issued
	// for the skill whose ClientID the token request names, and a Unicast
	// event for a user who enabled only another skill answers 403 "No
	// enablement". Each needs its own ClientID and SkillID.
	OtherSkills []Skill
}

// Skill is one further skill of the emulator: its ids, the events it
// publishes and its users. The first skill is described by Config itself.
type Skill struct {
	SkillID string `json:"skillId"` // required, distinct from every other skill's
	// ClientID is the client id its tokens are requested with (required,
	// distinct); ClientSecret, when set, is the only secret accepted.
	ClientID     string `json:"clientId"`
	ClientSecret string `json:"-"`
	// Published lists the event names the skill publishes (nil = all eight).
	Published []string `json:"published"`
	// Subscribers are its users (nil = nobody: a user id is skill-scoped).
	Subscribers []Subscriber `json:"subscribers"`
}

// skillView is what event processing needs of the skill a token was issued for.
type skillView struct {
	skillID, clientID string
	published         []string
	subs              []Subscriber
}

// enabled reports whether user is one of the skill's users.
func (k *skillView) enabled(user string) bool {
	return slices.ContainsFunc(k.subs, func(s Subscriber) bool { return s.UserID == user })
}

// Subscriber is one user of the skill and the events they opted into.
type Subscriber struct {
	UserID     string   `json:"userId"`     // skill-scoped id, usually amzn1.ask.account.…
	Locale     string   `json:"locale"`     // locale the sentence is rendered in ("" = en-US)
	Stage      string   `json:"stage"`      // "development", "live" or "" for both
	EventNames []string `json:"eventNames"` // subscribed event names; empty = none
}

// DefaultSubscribers returns the default subscriber list: DefaultUserID in
// en-US, subscribed to all eight events on both stages.
func DefaultSubscribers() []Subscriber {
	return []Subscriber{{UserID: DefaultUserID, Locale: DefaultLocale, EventNames: schemas.Names()}}
}

// subscribedTo reports whether the subscriber gets event name on stage.
func (s *Subscriber) subscribedTo(name, stage string) bool {
	return (s.Stage == "" || s.Stage == stage) && slices.Contains(s.EventNames, name)
}

func (s *Subscriber) locale() string {
	if s.Locale == "" {
		return DefaultLocale
	}
	return s.Locale
}

// Check reports the first problem in the configuration, phrased so that the
// user knows what to change; New applies defaults but does not call it.
func (c *Config) Check() error {
	if c.TokenLifetime < 0 {
		return fmt.Errorf("token lifetime %s is negative: use a positive duration such as 1h", c.TokenLifetime)
	}
	for _, n := range c.Published {
		if schemas.Lookup(n) == nil {
			return fmt.Errorf("published event %q is not one of the 8 event names (%s)", n, strings.Join(schemas.Names(), ", "))
		}
	}
	if err := checkSubscribers(c.Subscribers); err != nil {
		return err
	}
	if err := c.checkOtherSkills(); err != nil {
		return err
	}
	if err := c.Faults.Check(); err != nil {
		return err
	}
	if c.SubscriptionEndpoint != "" {
		if err := checkLoopbackURL(c.SubscriptionEndpoint); err != nil {
			return fmt.Errorf("subscription endpoint: %w", err)
		}
	}
	return nil
}

// checkOtherSkills requires every further skill to have its own skill id
// and client id, and valid events and subscribers.
func (c *Config) checkOtherSkills() error {
	skillIDs := []string{cmp.Or(c.SkillID, DefaultSkillID)}
	clientIDs := []string{c.ClientID}
	for i, k := range c.OtherSkills {
		n := i + 2 // the first skill is Config itself
		switch {
		case strings.TrimSpace(k.SkillID) == "":
			return fmt.Errorf("skill %d has no skillId: give every skill its own id such as amzn1.ask.skill.OTHER", n)
		case strings.TrimSpace(k.ClientID) == "":
			return fmt.Errorf("skill %s has no clientId: give every skill its own client id, so that a token request says which skill it is for", k.SkillID)
		case slices.Contains(skillIDs, k.SkillID):
			return fmt.Errorf("skill id %s is used twice: give every skill its own id", k.SkillID)
		case slices.Contains(clientIDs, k.ClientID):
			return fmt.Errorf("client id %s is used by two skills: give every skill its own client id", k.ClientID)
		}
		skillIDs, clientIDs = append(skillIDs, k.SkillID), append(clientIDs, k.ClientID)
		for _, name := range k.Published {
			if schemas.Lookup(name) == nil {
				return fmt.Errorf("skill %s: published event %q is not one of the 8 event names (%s)", k.SkillID, name, strings.Join(schemas.Names(), ", "))
			}
		}
		if err := checkSubscribers(k.Subscribers); err != nil {
			return fmt.Errorf("skill %s: %w", k.SkillID, err)
		}
	}
	return nil
}

func checkSubscribers(subs []Subscriber) error {
	for i, s := range subs {
		if strings.TrimSpace(s.UserID) == "" {
			return fmt.Errorf("subscriber %d has no userId: give each subscriber a user id such as %s", i+1, DefaultUserID)
		}
		if s.Locale != "" && !schemas.IsLocale(s.Locale) {
			return fmt.Errorf("subscriber %s: locale %q is not language-COUNTRY such as en-US", s.UserID, s.Locale)
		}
		switch s.Stage {
		case "", StageDevelopment, StageLive:
		default:
			return fmt.Errorf("subscriber %s: stage %q is not development, live or empty (both)", s.UserID, s.Stage)
		}
		for _, n := range s.EventNames {
			if schemas.Lookup(n) == nil {
				return fmt.Errorf("subscriber %s: event %q is not one of the 8 event names (%s)", s.UserID, n, strings.Join(schemas.Names(), ", "))
			}
		}
	}
	return nil
}

// checkLoopbackURL accepts http(s) URLs whose host is a loopback address or localhost.
func checkLoopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("%q is not an http URL such as http://127.0.0.1:9000/events", raw)
	}
	if !isLoopbackHost(u.Hostname()) {
		return fmt.Errorf("%q is not on loopback: use 127.0.0.1, ::1 or localhost", raw)
	}
	return nil
}

// isLoopbackHost reports whether host (without port) is localhost or a loopback IP.
func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// CheckListenAddr reports whether addr (host:port) is a loopback address the
// emulator may listen on.
func CheckListenAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q is not host:port such as 127.0.0.1:8787", addr)
	}
	if !isLoopbackHost(host) {
		return fmt.Errorf("listen address %q is not on loopback: the sandbox serves 127.0.0.1, ::1 or localhost only", addr)
	}
	return nil
}

// withDefaults returns a copy of c with every zero value replaced by its default.
func (c Config) withDefaults() Config {
	if c.SkillID == "" {
		c.SkillID = DefaultSkillID
	}
	if c.TokenLifetime <= 0 {
		c.TokenLifetime = DefaultTokenLifetime
	}
	if c.Published == nil {
		c.Published = schemas.Names()
	} else {
		c.Published = slices.Clone(c.Published)
	}
	if c.Subscribers == nil {
		c.Subscribers = DefaultSubscribers()
	} else {
		c.Subscribers = cloneSubscribers(c.Subscribers)
	}
	if c.RateLimit == 0 {
		c.RateLimit = DefaultRateLimit
	}
	if c.NotificationLimit == 0 {
		c.NotificationLimit = DefaultNotificationLimit
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	others := make([]Skill, len(c.OtherSkills))
	for i, k := range c.OtherSkills {
		if k.Published == nil {
			k.Published = schemas.Names()
		} else {
			k.Published = slices.Clone(k.Published)
		}
		k.Subscribers = cloneSubscribers(k.Subscribers)
		others[i] = k
	}
	c.OtherSkills = others
	return c
}

func cloneSubscribers(in []Subscriber) []Subscriber {
	out := make([]Subscriber, len(in))
	for i, s := range in {
		s.EventNames = slices.Clone(s.EventNames)
		out[i] = s
	}
	return out
}
