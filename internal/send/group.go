package send

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/google/uuid"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Recipient is one user of a group Unicast send.
type Recipient struct {
	UserID string
	Label  string // "" when the user has none
	Region string // the user's region (NA, EU, FE); "" = not known
	// Events are what the user is subscribed to, when EventsKnown.
	Events      []string
	EventsKnown bool
}

// Name is the label, else the user id.
func (r Recipient) Name() string {
	if r.Label != "" {
		return r.Label
	}
	return r.UserID
}

// GroupRow is one user's send of a group: its plan, where it goes and why,
// and (after SendGroup) what happened. It is the row of the per-user table
// the CLI prints and the TUI shows.
type GroupRow struct {
	Recipient Recipient
	Plan      *Plan // its own body: Unicast to this user, its own referenceId
	// Region is the region the send goes to: the user's own when known,
	// else the group's.
	Region string
	// Routed: the user lives in another region than the group's target, so
	// the send goes to the user's region (same stage). For a sandbox or URL
	// target the decision is recorded while the request goes to that one
	// URL, which serves every region.
	Routed bool
	// Notes explain the row's decisions (routing, a fresh referenceId).
	Notes []string
	// FreshReferenceID: the body's referenceId was replaced for this user.
	FreshReferenceID bool
	// Outcome and Err are set by SendGroup.
	Outcome Outcome
	Err     error
	Done    bool
}

// GroupPlan is a group Unicast send, prepared by Session.PlanGroup.
type GroupPlan struct {
	// GroupID is the id every row's history record carries.
	GroupID string
	// Target is the group's target as asked; Region the region it stands
	// for (the target's, or for a sandbox or URL target the one given).
	Target alexa.Target
	Region string
	Rows   []*GroupRow
}

// Blocked reports whether any row's validation stops the send unless forced.
func (g *GroupPlan) Blocked() bool {
	for _, r := range g.Rows {
		if r.Plan.Blocked() {
			return true
		}
	}
	return false
}

// DefaultGroupConcurrency bounds the sends of a group in flight at once.
const DefaultGroupConcurrency = 4

// MaxGroupSize bounds the users of one group send.
const MaxGroupSize = 500

// PlanGroup prepares one Unicast send of body per recipient, to target t
// with the profile asked for. region is the region t stands for when t is
// not one of Amazon's (a sandbox or URL serves every region; "" = NA).
//
// Each row's body is body with relevantAudience set to Unicast to the
// user. Its referenceId is the body's: the service refuses a duplicate per
// (stage, user, referenceId) (spec §12.3 step 8), so users sharing one do
// not collide. A body without one gets a fresh referenceId per user
// (schemas.NewReferenceID); freshRefs gives every row a fresh one, for
// sending the same file to the same users again. A user whose region differs from the group's is routed to the
// user's own region at the same stage (an Amazon target) and the row says
// so; a 403 from the wrong region is not left to happen silently.
func (s *Session) PlanGroup(body []byte, t alexa.Target, profile, region string, rs []Recipient, freshRefs bool) (*GroupPlan, error) {
	if len(rs) == 0 {
		return nil, errors.New("no users to send to")
	}
	if len(rs) > MaxGroupSize {
		return nil, fmt.Errorf("%d users: a group send takes at most %d", len(rs), MaxGroupSize)
	}
	req, err := schemas.Decode(body)
	if err != nil {
		return nil, fmt.Errorf("the event is not valid JSON: %w", err)
	}
	if req.Object() == nil {
		return nil, errors.New("the event is not a JSON object")
	}
	if t.IsAmazon() {
		region = string(t.Region)
	}
	if region == "" {
		region = string(alexa.RegionNA)
	}
	g := &GroupPlan{GroupID: "grp~" + uuid.NewString(), Target: t, Region: region}
	ref := req.String(schemas.FieldReferenceID)
	seen := map[string]bool{}
	for _, rc := range rs {
		if rc.UserID == "" {
			return nil, errors.New("a user without an id")
		}
		if seen[rc.UserID] {
			return nil, fmt.Errorf("user %s is listed twice", rc.Name())
		}
		seen[rc.UserID] = true
		row := &GroupRow{Recipient: rc, Region: region}
		rt := t
		if rc.Region != "" && !strings.EqualFold(rc.Region, region) {
			row.Routed = true
			row.Region = strings.ToUpper(rc.Region)
			if t.IsAmazon() {
				suffix := "dev"
				if t.IsLive() {
					suffix = "live"
				}
				routed, err := alexa.ParseTarget(strings.ToLower(row.Region) + "-" + suffix)
				if err != nil {
					return nil, fmt.Errorf("user %s: %w", rc.Name(), err)
				}
				if t.AuthURL != "" {
					routed.AuthURL = t.AuthURL
				}
				rt = routed
				row.Notes = append(row.Notes, fmt.Sprintf("routed to %s (%s): the user lives in %s, not %s; stage %s kept", rt.Name, row.Region, row.Region, region, t.Stage))
			} else {
				row.Notes = append(row.Notes, fmt.Sprintf("the user lives in %s, not %s: Amazon would route it to %s; %s serves every region", row.Region, region, row.Region, t.Name))
			}
		} else if rc.Region == "" {
			row.Notes = append(row.Notes, "the user's region is unknown: sent to "+region+" (catch the user again to learn it)")
		}
		one := req.Clone()
		one.Set("relevantAudience", map[string]any{
			"type":    schemas.AudienceUnicast,
			"payload": map[string]any{"user": rc.UserID},
		})
		if freshRefs || ref == "" {
			one.Set(schemas.FieldReferenceID, schemas.NewReferenceID())
			row.FreshReferenceID = true
			row.Notes = append(row.Notes, "fresh referenceId "+one.String(schemas.FieldReferenceID))
		}
		row.Plan = s.Plan(one.Encode(), rt, profile)
		row.Plan.GroupID = g.GroupID
		g.Rows = append(g.Rows, row)
	}
	return g, nil
}

// ResolveGroup finds the credentials once (Session.Resolve of the first
// row) and gives them to every row, so the keyring is read once.
func (s *Session) ResolveGroup(g *GroupPlan) error {
	if len(g.Rows) == 0 {
		return nil
	}
	first := g.Rows[0].Plan
	if err := s.Resolve(first); err != nil {
		return err
	}
	for _, r := range g.Rows[1:] {
		if inProcess(r.Plan.Target) == inProcess(first.Target) {
			r.Plan.creds, r.Plan.name, r.Plan.fallback, r.Plan.resolved = first.creds, first.name, first.fallback, true
		}
	}
	return nil
}

// SendGroup sends every row of g, at most concurrency at a time (<= 0:
// DefaultGroupConcurrency). The alexa client retries each row's 429 and
// 500 (honouring Retry-After). progress, when set, is told each row as it
// finishes (from the row's goroutine). Rows are filled in place; each row
// is recorded in history with g.GroupID. A cancelled ctx stops rows not
// yet started (their Err is the context's error).
func (s *Session) SendGroup(ctx context.Context, g *GroupPlan, force bool, concurrency int, progress func(*GroupRow)) {
	if concurrency <= 0 {
		concurrency = DefaultGroupConcurrency
	}
	_ = s.ResolveGroup(g) // a failure is each row's own CredentialsError below
	slots := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	for _, row := range g.Rows {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			row.Err, row.Done = ctx.Err(), true
			if progress != nil {
				progress(row)
			}
			continue
		}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			row.Outcome, row.Err = s.Send(ctx, row.Plan, force, nil)
			row.Done = true
			if progress != nil {
				progress(row)
			}
		}()
	}
	wg.Wait()
}

// Silence is the row's "was it heard?" checklist (SilenceChecklist) with
// what is known of its user.
func (r *GroupRow) Silence() []string {
	c := SilenceFor(r.Outcome.Result, r.Plan.Target)
	c.UserRegion = r.Recipient.Region
	c.UserEvents, c.UserEventsKnown = r.Recipient.Events, r.Recipient.EventsKnown
	return SilenceChecklist(c)
}
