package importer

import (
	"net"
	"net/url"
	"strings"

	"github.com/pe-tui/pe-tui/internal/alexa"
)

// urlKind says what a request URL is.
type urlKind int

const (
	urlUnknown urlKind = iota // not recognised
	urlEvents                 // a proactive-events endpoint
	urlToken                  // a Login with Amazon token endpoint
)

var regionOfHost = map[string]string{
	"api.amazonalexa.com":    "na",
	"api.eu.amazonalexa.com": "eu",
	"api.fe.amazonalexa.com": "fe",
}

// classifyURL recognises a request URL: the target name (as alexa.ParseTarget
// spells it) of an events endpoint of Amazon's regions, "sandbox" for a
// loopback host, and the URL shown without credentials or query.
func classifyURL(raw string) (kind urlKind, target, shown string) {
	raw = strings.TrimSpace(raw)
	if raw != "" && !strings.Contains(raw, "://") {
		raw = "https://" + raw // curl's default scheme
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return urlUnknown, "", ""
	}
	u.User, u.RawQuery, u.Fragment = nil, "", ""
	shown = u.String()
	path := strings.TrimRight(u.Path, "/")
	low := strings.ToLower(path)
	switch {
	case low == strings.ToLower(alexa.AuthPath):
		return urlToken, "", shown
	case path == alexa.DevelopmentPath || path == alexa.LivePath:
	default:
		return urlUnknown, "", shown
	}
	stage := "dev"
	if path == alexa.LivePath {
		stage = "live"
	}
	host := strings.ToLower(u.Hostname())
	if reg, ok := regionOfHost[host]; ok {
		return urlEvents, reg + "-" + stage, shown
	}
	if isLoopback(host) {
		return urlEvents, alexa.SandboxName, shown
	}
	return urlEvents, "", shown
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
