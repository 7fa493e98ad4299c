package alexa

import (
	"fmt"
	"net/url"
	"strings"
)

// Region is one of Amazon's three proactive-events regions (spec §8.1).
type Region string

// The regions of spec §8.1.
const (
	RegionNA Region = "NA" // North America, api.amazonalexa.com
	RegionEU Region = "EU" // Europe, api.eu.amazonalexa.com
	RegionFE Region = "FE" // Far East, api.fe.amazonalexa.com
)

// Stage is the skill stage an event is sent to.
type Stage string

// The two stages of spec §8.1.
const (
	StageDevelopment Stage = "development" // reaches only the developer's test accounts
	StageLive        Stage = "live"        // reaches customers; needs a certified skill
)

// ParseStage accepts "development" (or "dev") and "live"; "" means development.
func ParseStage(s string) (Stage, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "development", "dev":
		return StageDevelopment, nil
	case "live":
		return StageLive, nil
	}
	return "", fmt.Errorf("unknown stage %q: use development or live", s)
}

// Amazon's endpoints (spec §7, §8.1).
const (
	// DefaultAuthURL is Login with Amazon's token endpoint.
	DefaultAuthURL = "https://api.amazon.com/auth/o2/token"
	// AuthPath is the token endpoint's path, used under a custom base URL.
	AuthPath = "/auth/o2/token"
	// LivePath is the event path of the live stage.
	LivePath = "/v1/proactiveEvents"
	// DevelopmentPath is the event path of the development stage.
	DevelopmentPath = "/v1/proactiveEvents/stages/development"
	// SandboxName is the target name of the built-in local sandbox.
	SandboxName = "sandbox"
)

var regionHosts = map[Region]string{
	RegionNA: "api.amazonalexa.com",
	RegionEU: "api.eu.amazonalexa.com",
	RegionFE: "api.fe.amazonalexa.com",
}

// Target says where an event goes: a region and stage of Amazon's service,
// the built-in sandbox, or any base URL.
type Target struct {
	// Name is "sandbox", a region-stage name such as "na-dev", or the base
	// URL as given for a custom target. It is what history records.
	Name string `json:"name"`
	// Region is set for Amazon's targets and empty otherwise.
	Region Region `json:"region,omitempty"`
	// Stage selects the development or live event path.
	Stage Stage `json:"stage"`
	// BaseURL is scheme, host, optional port and optional path prefix,
	// without a trailing slash. It is empty for a sandbox that is not started yet.
	BaseURL string `json:"baseUrl,omitempty"`
	// AuthURL is the token endpoint. For Amazon's targets it is
	// DefaultAuthURL; for the sandbox and custom URLs it is BaseURL+AuthPath
	// unless overridden.
	AuthURL string `json:"authUrl,omitempty"`
}

// TargetNames lists the named targets ParseTarget accepts (a URL is accepted too).
var TargetNames = []string{"sandbox", "na-dev", "na-live", "eu-dev", "eu-live", "fe-dev", "fe-live"}

// ParseTarget parses a target: "sandbox", "na-dev", "na-live", "eu-dev",
// "eu-live", "fe-dev", "fe-live" (case-insensitive), or an http(s) base URL
// such as "http://127.0.0.1:8080". An empty string means the sandbox. The
// sandbox and URLs are given the development stage; use WithStage to change it.
func ParseTarget(s string) (Target, error) {
	s = strings.TrimSpace(s)
	low := strings.ToLower(s)
	if low == "" || low == SandboxName {
		return Target{Name: SandboxName, Stage: StageDevelopment}, nil
	}
	if strings.Contains(low, "://") {
		base, err := normalizeBaseURL(s)
		if err != nil {
			return Target{}, err
		}
		return Target{Name: base, Stage: StageDevelopment, BaseURL: base, AuthURL: base + AuthPath}, nil
	}
	reg, st, ok := strings.Cut(low, "-")
	if ok {
		region := Region(strings.ToUpper(reg))
		host, known := regionHosts[region]
		var stage Stage
		switch st {
		case "dev", "development":
			stage = StageDevelopment
		case "live":
			stage = StageLive
		default:
			known = false
		}
		if known {
			name := reg + "-" + map[Stage]string{StageDevelopment: "dev", StageLive: "live"}[stage]
			return Target{Name: name, Region: region, Stage: stage, BaseURL: "https://" + host, AuthURL: DefaultAuthURL}, nil
		}
	}
	return Target{}, fmt.Errorf("unknown target %q: use one of %s, or a base URL such as http://127.0.0.1:8080", s, strings.Join(TargetNames, ", "))
}

// normalizeBaseURL checks an http(s) URL and returns it without a trailing
// slash, query or fragment.
func normalizeBaseURL(s string) (string, error) {
	shown := hideUserinfo(s)
	u, err := url.Parse(s)
	if err != nil {
		return "", fmt.Errorf("invalid target URL %q: %v", shown, unwrapURLError(err))
	}
	if u.User != nil {
		return "", fmt.Errorf("invalid target URL %q: credentials do not belong in the URL; use a profile", shown)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", fmt.Errorf("invalid target URL %q: the scheme must be http or https", shown)
	}
	if u.Host == "" {
		return "", fmt.Errorf("invalid target URL %q: a host is needed, e.g. http://127.0.0.1:8080", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("invalid target URL %q: a base URL has no query or fragment", shown)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = ""
	return u.String(), nil
}

// hideUserinfo drops the user:password@ part of a URL given as text, also
// when the text does not parse, so that an error message never repeats a
// password someone put into a URL.
func hideUserinfo(s string) string {
	scheme, rest, ok := strings.Cut(s, "://")
	if !ok {
		scheme, rest = "", s
	} else {
		scheme += "://"
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	if at := strings.LastIndex(rest[:end], "@"); at >= 0 {
		return scheme + rest[at+1:]
	}
	return s
}

// ParseAuthURL checks a token endpoint URL (an http or https URL with a host).
func ParseAuthURL(s string) (string, error) {
	shown := hideUserinfo(strings.TrimSpace(s))
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("invalid token URL %q: use an http(s) URL such as %s", shown, DefaultAuthURL)
	}
	if u.User != nil {
		return "", fmt.Errorf("invalid token URL %q: credentials do not belong in the URL; use a profile", shown)
	}
	return u.String(), nil
}

// WithStage returns the target with another stage; a region-stage name
// follows the new stage.
func (t Target) WithStage(s Stage) Target {
	t.Stage = s
	if t.Region != "" {
		suffix := "dev"
		if s == StageLive {
			suffix = "live"
		}
		t.Name = strings.ToLower(string(t.Region)) + "-" + suffix
	}
	return t
}

// WithBaseURL returns the target served at base (as for a started sandbox);
// the token endpoint moves with it.
func (t Target) WithBaseURL(base string) Target {
	base = strings.TrimRight(base, "/")
	t.BaseURL = base
	t.AuthURL = base + AuthPath
	return t
}

// IsSandbox reports whether the target is the built-in sandbox.
func (t Target) IsSandbox() bool { return t.Name == SandboxName }

// IsAmazon reports whether the target is one of Amazon's regions.
func (t Target) IsAmazon() bool { return t.Region != "" }

// IsLive reports whether the target is the live stage.
func (t Target) IsLive() bool { return t.Stage == StageLive }

// EventURL returns the URL events are posted to, or "" when BaseURL is unset.
func (t Target) EventURL() string {
	if t.BaseURL == "" {
		return ""
	}
	if t.Stage == StageLive {
		return t.BaseURL + LivePath
	}
	return t.BaseURL + DevelopmentPath
}

// String returns the name and stage, e.g. "na-dev" or "sandbox (development)".
func (t Target) String() string {
	if t.Region != "" {
		return t.Name
	}
	return t.Name + " (" + string(t.Stage) + ")"
}

// Name is the region in words ("North America", "Europe", "the Far East");
// "" for an unknown region.
func (r Region) Name() string {
	switch r {
	case RegionNA:
		return "North America"
	case RegionEU:
		return "Europe"
	case RegionFE:
		return "the Far East"
	}
	return ""
}
