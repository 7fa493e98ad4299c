package users

import (
	"github.com/pe-tui/pe-tui/internal/credentials"
)

// User is the profile entry for c, with label (which may be "").
func (c Caught) User(label string) credentials.User {
	u := credentials.User{ID: c.UserID, Label: label, Region: c.Region, Locale: c.Locale}
	if c.EventsKnown {
		u.Events, u.EventsKnown = append([]string{}, c.Events...), true
	}
	return u
}

// Save checks c against the profile (its user id's shape; its skill id
// against the profile's, when both are known) and saves or updates the user
// in the profile under the profile lock. It returns the profile as saved
// and whether the user is new. This is what `pe-tui users catch` and the
// TUI call for each user caught; nothing is saved when a check fails.
func Save(dir, profile string, c Caught, label string) (credentials.Profile, bool, error) {
	if err := CheckUserID(c.UserID); err != nil {
		return credentials.Profile{}, false, err
	}
	return credentials.PutProfileUser(dir, profile, c.User(label), func(p credentials.Profile) error {
		return CheckSkill(c, p.SkillID)
	})
}
