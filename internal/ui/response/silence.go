package response

import (
	"strconv"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/send"
	"github.com/pe-tui/pe-tui/internal/ui/historypane"
)

// SetUsers gives the pane the active profile's saved users, so that the
// checklist of an accepted Unicast send can say what it knows of the
// user: the region they live in and the events they are subscribed to.
func (m *Model) SetUsers(us []credentials.User) {
	m.users = append([]credentials.User(nil), us...)
	m.refresh()
}

// Users returns the saved users the pane knows (SetUsers).
func (m Model) Users() []credentials.User { return m.users }

// checklist says why an accepted event may still not be heard: the one
// text of send.SilenceChecklist, fitted to the audience and, for Unicast,
// to the saved user it went to. It is empty for targets other than Amazon's.
func (m Model) checklist() []string {
	c := send.SilenceFor(m.result, m.target)
	if !c.Multicast && m.result.Request != nil {
		if id, _ := m.result.Request.Get("relevantAudience.payload.user").(string); id != "" {
			for _, u := range m.users {
				if u.ID == id {
					c.UserRegion, c.UserEvents, c.UserEventsKnown = u.Region, u.Events, u.EventsKnown
					break
				}
			}
		}
	}
	return send.SilenceChecklist(c) // resultLines wraps it, and wrap neutralises
}

// markHint offers the history pane's heard mark for an accepted send to
// Amazon that was recorded ("" otherwise).
func (m Model) markHint() string {
	if m.result.RecordID == 0 {
		return ""
	}
	k := markKey()
	return "Heard it on a device? Select #" + strconv.FormatInt(m.result.RecordID, 10) +
		" in the history pane (F2) and press " + k + " to mark it heard or not heard; filter with heard:yes."
}

// markKey is the history pane's key that marks a record heard.
func markKey() string { return historypane.DefaultKeyMap().Mark.Help().Key }
