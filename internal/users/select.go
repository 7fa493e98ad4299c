package users

import (
	"fmt"
	"strings"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

// Select returns the saved users that names pick, in the order given: each
// name is a user id or a label (a label matches case-insensitively). An
// unknown name, a label that several users share, or the same user picked
// twice is an error that lists what there is.
func Select(saved []credentials.User, names []string) ([]credentials.User, error) {
	var out []credentials.User
	seen := map[string]bool{}
	for _, raw := range names {
		name := strings.TrimSpace(raw)
		if name == "" {
			continue
		}
		var hits []credentials.User
		for _, u := range saved {
			if u.ID == name {
				hits = []credentials.User{u}
				break
			}
			if u.Label != "" && strings.EqualFold(u.Label, name) {
				hits = append(hits, u)
			}
		}
		switch {
		case len(hits) == 0:
			return nil, fmt.Errorf("no saved user has the id or label %q (saved: %s); add one with 'pe-tui users catch' or 'pe-tui users add'", name, describe(saved))
		case len(hits) > 1:
			return nil, fmt.Errorf("the label %q belongs to %d users; name them by id", name, len(hits))
		case seen[hits[0].ID]:
			return nil, fmt.Errorf("user %q is named twice", name)
		}
		seen[hits[0].ID] = true
		out = append(out, hits[0])
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no user named; give labels or ids separated by commas (saved: %s)", describe(saved))
	}
	return out, nil
}

// describe lists saved users by label (else id) for error messages.
func describe(saved []credentials.User) string {
	if len(saved) == 0 {
		return "none"
	}
	names := make([]string, 0, len(saved))
	for _, u := range saved {
		if u.Label != "" {
			names = append(names, u.Label)
		} else {
			names = append(names, u.ID)
		}
	}
	return strings.Join(names, ", ")
}
