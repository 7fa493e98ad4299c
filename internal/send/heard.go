package send

import (
	"fmt"
	"slices"
	"strings"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// SilenceContext is what the "was it heard?" checklist knows about an
// accepted send.
type SilenceContext struct {
	// Target is where the send went (its region and stage).
	Target alexa.Target
	// EventName is the event's name ("" when unknown).
	EventName string
	// Multicast: the send went to every subscriber, not one user.
	Multicast bool
	// UserRegion is the Unicast user's region when known (NA, EU, FE).
	UserRegion string
	// UserEvents are the events the user is subscribed to, when
	// UserEventsKnown (from a subscription-changed event).
	UserEvents      []string
	UserEventsKnown bool
}

// SilenceChecklist says, one item each, why an accepted (2xx) event may
// still not be heard on a device, fitted to the audience, region and
// stage. It is the one source of this text: `pe-tui send`, `send --to` and
// the TUI's response pane all show it. Only Amazon's targets reach
// devices: for the sandbox (which says who heard it) or another URL it
// returns nil.
func SilenceChecklist(c SilenceContext) []string {
	if !c.Target.IsAmazon() {
		return nil
	}
	event := c.EventName
	if event == "" {
		event = "this event"
	}
	stage := string(c.Target.Stage)
	where := "the " + stage + " stage"
	if c.Target.Region != "" {
		where += " in " + c.Target.Region.Name() + " (" + string(c.Target.Region) + ")"
	}
	var items []string
	if c.Multicast {
		items = append(items, fmt.Sprintf("202 does not mean anyone is subscribed: Multicast is accepted even with zero subscribers. It reaches only accounts that enabled the skill and allowed %s notifications on %s.", event, where))
	} else {
		items = append(items, fmt.Sprintf("Subscription: the user must be subscribed to %s on %s. The user id changes whenever the skill is re-enabled: catch it again with 'pe-tui users catch'.", event, where))
		if c.UserRegion != "" && c.Target.Region != "" && c.UserRegion != string(c.Target.Region) {
			items = append(items, fmt.Sprintf("Wrong region: the user lives in %s but this went to %s; send it to the %s endpoint.", c.UserRegion, c.Target.Region, c.UserRegion))
		}
		if c.UserEventsKnown && c.EventName != "" && !slices.Contains(c.UserEvents, c.EventName) {
			subs := "nothing"
			if len(c.UserEvents) > 0 {
				subs = strings.Join(c.UserEvents, ", ")
			}
			items = append(items, fmt.Sprintf("Not subscribed: the user's last subscription-changed event lists %s, not %s.", subs, c.EventName))
		}
	}
	if c.Target.Region != "" && c.UserRegion == "" {
		var others []string
		for _, r := range []alexa.Region{alexa.RegionNA, alexa.RegionEU, alexa.RegionFE} {
			if r != c.Target.Region {
				others = append(others, string(r))
			}
		}
		items = append(items, fmt.Sprintf("Region: an account that lives outside %s needs the %s endpoint.", c.Target.Region.Name(), strings.Join(others, " or ")))
	}
	items = append(items,
		"Notifications toggle: in the Alexa app, open the skill's settings and allow its notifications; re-enabling a skill turns them off again.",
		"Do Not Disturb: a device in Do Not Disturb stays silent; the notification waits.",
		"No light ring: only devices with a light ring pulse yellow (screens show a banner; some devices show nothing). Ask: \"Alexa, read my notifications\".",
		"\"Alexa, read my notifications\": if it reads the event, it arrived and was only not noticed.",
	)
	if !c.Target.IsLive() {
		items = append(items, "Development stage: only the skill's test accounts (the developer account and its beta testers) get it.")
	}
	return items
}

// SilenceFor is the checklist context of a send result to t: its event
// name and audience. The caller adds what it knows of a Unicast user
// (UserRegion, UserEvents).
func SilenceFor(res Result, t alexa.Target) SilenceContext {
	c := SilenceContext{Target: t}
	if res.Request != nil {
		c.EventName = res.Request.EventName()
		typ, _ := res.Request.Get("relevantAudience.type").(string)
		c.Multicast = typ == schemas.AudienceMulticast
	}
	return c
}
