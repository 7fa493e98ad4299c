// Package doctor checks a developer's proactive-events setup and explains
// each problem in plain words: the OS keyring, each profile's token for each
// region it uses (invalid_client, invalid_scope, an unreachable endpoint),
// its saved users, and a skill manifest file (its encoding included). It
// never prints a secret. It has no terminal code: `pe-tui doctor` prints a
// Report, and the TUI can show the same Report.
package doctor

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Status is the verdict of one check.
type Status string

// The verdicts.
const (
	OK      Status = "ok"      // nothing to do
	Problem Status = "problem" // something stops events from working
	Info    Status = "info"    // worth knowing; not a problem
	Network Status = "network" // the check could not reach the service
)

// Check is one verdict with its explanation. Every text is plain (no
// secret); callers neutralise it for the terminal like any other text.
type Check struct {
	Area    string   `json:"area"`              // "keyring", "token", "users", "manifest", "profiles"
	Profile string   `json:"profile,omitempty"` // the profile checked ("" for the manifest or keyring)
	Region  string   `json:"region,omitempty"`  // the region of a token check
	Status  Status   `json:"status"`
	Summary string   `json:"summary"`          // one line
	Detail  []string `json:"detail,omitempty"` // what to do: steps, commands, a snippet (one line each)
}

// Report is the outcome of Run, in the order the checks ran.
type Report struct {
	Checks []Check `json:"checks"`
}

// Count returns how many checks have the status.
func (r Report) Count(s Status) int {
	n := 0
	for _, c := range r.Checks {
		if c.Status == s {
			n++
		}
	}
	return n
}

// ExitCode is the command's exit status: 3 when a check could not reach
// the network, else 1 when a problem was found, else 0.
func (r Report) ExitCode() int {
	switch {
	case r.Count(Network) > 0:
		return 3
	case r.Count(Problem) > 0:
		return 1
	}
	return 0
}

// TokenFetcher fetches an access token; *alexa.Client satisfies it.
type TokenFetcher interface {
	Token(ctx context.Context, t alexa.Target, cr alexa.Credentials) (alexa.Token, error)
}

// Options say what Run checks.
type Options struct {
	// Config holds the profiles; nil means none are configured.
	Config *credentials.Config
	// Store is the keyring of client secrets.
	Store credentials.SecretStore
	// Profile limits the token and user checks to one profile ("" = all).
	Profile string
	// Target is where tokens are fetched: an Amazon target (each region's
	// token is fetched for that region, keeping the target's stage), a URL
	// target (every region is fetched there), or a zero Target meaning each
	// profile's own region and stage at Amazon.
	Target alexa.Target
	// SandboxCredentials, when set, replace every profile's credentials:
	// the in-process sandbox accepts only its own test credentials, so the
	// token flow is checked but not the profile's secret.
	SandboxCredentials *alexa.Credentials
	// Env holds the PE_TUI_CLIENT_ID / PE_TUI_CLIENT_SECRET credentials when
	// both are set: a send without --profile uses them before the default
	// profile, so they are checked (as profile "environment", region NA),
	// and a keyring that cannot be used is then only worth knowing.
	Env *alexa.Credentials
	// Tokens fetches the tokens (required unless there are no profiles).
	Tokens TokenFetcher
	// Manifest is a skill.json to check (nil = none given); ManifestName
	// names it in the report.
	Manifest     []byte
	ManifestName string
}

// Run performs every check and returns the report. ctx bounds the token
// requests; a cancelled context makes the remaining token checks Network.
func Run(ctx context.Context, o Options) Report {
	var r Report
	kr := checkKeyring(o)
	if kr.Status == Problem && o.Env != nil {
		kr.Status = Info
		kr.Summary += " (the environment credentials are used instead)"
	}
	r.Checks = append(r.Checks, kr)
	var profiles []credentials.Profile
	if o.Config != nil {
		profiles = o.Config.Profiles()
	}
	if o.Profile != "" {
		i := slices.IndexFunc(profiles, func(p credentials.Profile) bool { return p.Name == o.Profile })
		if i < 0 {
			_, err := o.Config.Get(o.Profile)
			r.Checks = append(r.Checks, Check{Area: "profiles", Profile: o.Profile, Status: Problem, Summary: fmt.Sprint(err)})
			profiles = nil
		} else {
			profiles = profiles[i : i+1]
		}
	} else if o.Env != nil {
		env := credentials.Profile{Name: EnvProfile, ClientID: o.Env.ClientID, Region: credentials.DefaultRegion, Stage: credentials.DefaultStage}
		r.Checks = append(r.Checks, checkCredentials(ctx, o, env, *o.Env)...)
	} else if len(profiles) == 0 {
		r.Checks = append(r.Checks, Check{Area: "profiles", Status: Problem, Summary: "no profile is configured",
			Detail: []string{"Add the skill's credentials: pe-tui profile add NAME --client-id ID (the client id and secret are in the developer console: your skill → Build → Permissions → Alexa Skill Messaging)."}})
	}
	for _, p := range profiles {
		r.Checks = append(r.Checks, checkProfile(ctx, o, p)...)
	}
	if o.Manifest != nil {
		r.Checks = append(r.Checks, CheckManifestFile(o.ManifestName, o.Manifest)...)
	}
	return r
}

// keyringProbe is the account the keyring check reads; no profile is named so.
const keyringProbe = "pe-tui-doctor-probe"

// checkKeyring asks the keyring for an entry nobody has: "not found" proves
// it answers.
func checkKeyring(o Options) Check {
	c := Check{Area: "keyring"}
	if o.Store == nil {
		c.Status, c.Summary = Problem, "no OS keyring store is available"
		return c
	}
	_, err := o.Store.Get(keyringProbe)
	if err == nil || errors.Is(err, credentials.ErrSecretNotFound) {
		c.Status, c.Summary = OK, "the OS keyring answers"
		return c
	}
	c.Status, c.Summary = Problem, "the OS keyring cannot be used: "+err.Error()
	c.Detail = []string{credentials.KeyringHint()}
	return c
}

// Regions returns the regions a profile uses: its default region and the
// regions of its saved users, NA, EU, FE order.
func Regions(p credentials.Profile) []string {
	var out []string
	for _, r := range credentials.Regions {
		if r == p.Region || slices.ContainsFunc(p.Users, func(u credentials.User) bool { return u.Region == r }) {
			out = append(out, r)
		}
	}
	return out
}

// EnvProfile names the environment credentials in a report.
const EnvProfile = "environment"

// checkProfile checks the profile's secret, a token for each region it
// uses, and its users.
func checkProfile(ctx context.Context, o Options, p credentials.Profile) []Check {
	if o.SandboxCredentials != nil {
		return checkCredentials(ctx, o, p, alexa.Credentials{})
	}
	secret, err := o.Store.Get(p.Name)
	switch {
	case errors.Is(err, credentials.ErrSecretNotFound):
		return []Check{{Area: "token", Profile: p.Name, Status: Problem,
			Summary: "the OS keyring holds no client secret for this profile",
			Detail:  []string{fmt.Sprintf("Store it again: pe-tui profile add %s --client-id %s --replace", p.Name, p.ClientID)}}}
	case err != nil:
		return []Check{{Area: "token", Profile: p.Name, Status: Problem,
			Summary: "the client secret cannot be read: " + err.Error(), Detail: []string{credentials.KeyringHint()}}}
	}
	return checkCredentials(ctx, o, p, alexa.Credentials{ClientID: p.ClientID, ClientSecret: secret})
}

// checkCredentials fetches a token with creds for each region p uses (the
// in-process sandbox's own credentials instead, when set) and checks p's
// users.
func checkCredentials(ctx context.Context, o Options, p credentials.Profile, creds alexa.Credentials) []Check {
	var out []Check
	if o.SandboxCredentials != nil {
		creds = *o.SandboxCredentials
		out = append(out, Check{Area: "token", Profile: p.Name, Status: Info,
			Summary: "the in-process sandbox accepts only its own test credentials: the token flow is checked, not these client id and secret"})
	}
	// Login with Amazon issues one token for every region: regions whose
	// token endpoint is the same are checked with one request.
	var order []string
	byURL := map[string][]string{}
	targets := map[string]alexa.Target{}
	for _, region := range Regions(p) {
		t := regionTarget(o.Target, p, region)
		if _, seen := byURL[t.AuthURL]; !seen {
			order = append(order, t.AuthURL)
			targets[t.AuthURL] = t
		}
		byURL[t.AuthURL] = append(byURL[t.AuthURL], region)
	}
	for _, u := range order {
		t := targets[u]
		_, err := o.Tokens.Token(ctx, t, creds)
		out = append(out, explainToken(p, strings.Join(byURL[u], ", "), t, err))
	}
	out = append(out, checkUsers(p)...)
	return out
}

// regionTarget is where the token for region is fetched.
func regionTarget(base alexa.Target, p credentials.Profile, region string) alexa.Target {
	stage := base.Stage
	if base.Name == "" {
		stage = alexa.Stage(p.Stage)
	}
	if base.Name == "" || base.IsAmazon() {
		suffix := "dev"
		if stage == alexa.StageLive {
			suffix = "live"
		}
		t, err := alexa.ParseTarget(strings.ToLower(region) + "-" + suffix)
		if err == nil {
			if base.AuthURL != "" && base.IsAmazon() {
				t.AuthURL = base.AuthURL
			}
			return t
		}
	}
	return base
}

// explainToken turns a token outcome into a check with what to do.
func explainToken(p credentials.Profile, region string, t alexa.Target, err error) Check {
	c := Check{Area: "token", Profile: p.Name, Region: region}
	if err == nil {
		c.Status = OK
		c.Summary = fmt.Sprintf("%s issued a token (used for %s)", t.AuthURL, region)
		return c
	}
	var te *alexa.TokenError
	if !errors.As(err, &te) {
		c.Status, c.Summary = Problem, err.Error()
		return c
	}
	skill := p.SkillID
	if skill == "" {
		skill = "SKILL_ID"
	}
	switch te.Kind {
	case alexa.TokenBadCredentials:
		c.Status = Problem
		c.Summary = "invalid_client: the client id or client secret is wrong"
		c.Detail = []string{
			"Use the skill's own credentials: developer console → your skill → Build → Permissions → Alexa Skill Messaging (Client Id and Client Secret).",
			"Not a Login with Amazon security profile, not the ASK CLI's credentials, not an AWS key.",
			fmt.Sprintf("Or fetch them with: ask smapi get-skill-credentials -s %s > creds.json", skill),
			fmt.Sprintf("Then store them: pe-tui profile add %s --from-ask-json creds.json --replace", p.Name),
		}
		if p.Name == EnvProfile {
			c.Detail[3] = "Then set " + credentials.EnvClientID + " and " + credentials.EnvClientSecret + " to them (or store them in a profile: pe-tui profile add NAME --from-ask-json creds.json)."
		}
	case alexa.TokenBadScope:
		c.Status = Problem
		c.Summary = "invalid_scope: the credentials are right, but the skill may not send proactive events"
		c.Detail = append([]string{
			"The skill manifest probably does not declare events.publications (and the notifications permission).",
			"The developer console cannot edit events: only SMAPI / the ASK CLI can. Download the manifest:",
			fmt.Sprintf("  ask smapi get-skill-manifest -s %s -g development > skill.json", skill),
			"add to \"manifest\" in skill.json (keep your own endpoint uri and only the events you send):",
		}, snippetLines()...)
		c.Detail = append(c.Detail,
			"save it as UTF-8 without a byte order mark, then upload it:",
			fmt.Sprintf("  ask smapi update-skill-manifest -s %s -g development --manifest file:skill.json", skill),
			"Check the file first with: pe-tui doctor --manifest skill.json")
	case alexa.TokenUnreachable, alexa.TokenCanceled:
		c.Status, c.Summary = Network, err.Error()
	default:
		c.Status, c.Summary = Problem, err.Error()
	}
	return c
}

// snippetEndpoint is the endpoint shown in the snippet; the text around it
// says to keep the skill's own.
const snippetEndpoint = "arn:aws:lambda:us-east-1:123456789012:function:my-skill"

// snippetLines is schemas.ManifestSnippet for all eight events, indented.
func snippetLines() []string {
	b, err := schemas.ManifestSnippet(nil, snippetEndpoint)
	if err != nil {
		return nil
	}
	var out []string
	for _, l := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		out = append(out, "    "+l)
	}
	return out
}

// checkUsers reports saved users whose region, or subscriptions, are
// worth knowing before a Unicast send.
func checkUsers(p credentials.Profile) []Check {
	var out []Check
	for _, u := range p.Users {
		name := u.Label
		if name == "" {
			name = u.ID
		}
		switch {
		case u.Region == "":
			out = append(out, Check{Area: "users", Profile: p.Name, Status: Info,
				Summary: fmt.Sprintf("user %s: region unknown; a send to another region than the account's is refused (403)", name),
				Detail:  []string{fmt.Sprintf("Catch it from a skill request to learn it: pe-tui users catch --profile %s < request.json", p.Name)}})
		case u.EventsKnown && len(u.Events) == 0:
			out = append(out, Check{Area: "users", Profile: p.Name, Status: Info,
				Summary: fmt.Sprintf("user %s: subscribed to no event (the last subscription-changed event said so); Unicast sends to it are refused", name)})
		}
	}
	return out
}
