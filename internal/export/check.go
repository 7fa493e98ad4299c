package export

import (
	"errors"
	"slices"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/lazyre"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/template"
)

// The checks below are what `pe-tui export` and the TUI's export dialog both
// ask before generating a program, so that the two refuse the same events.

// ErrTarget is a target an exported program cannot be pointed at by name:
// it reads any other URL from ALEXA_API_URL.
var ErrTarget = errors.New("use a region and stage such as na-dev, or sandbox; the program reads other URLs from ALEXA_API_URL")

// CheckTarget reports whether a program can be generated for t.
func CheckTarget(t alexa.Target) error {
	if !t.IsAmazon() && !t.IsSandbox() {
		return ErrTarget
	}
	return nil
}

// placeholderRE finds the placeholders a refusal names.
var placeholderRE = lazyre.New(`\{\{[^{}]{0,60}\}\}`)

// Placeholders lists the placeholders body still holds, sorted and once
// each: an exported program would send them as literal text.
func Placeholders(body []byte) []string {
	if !template.Has(body) {
		return nil
	}
	names := placeholderRE().FindAllString(string(body), -1)
	slices.Sort(names)
	return slices.Compact(names)
}

// Judge validates req as the exported program will send it: the program
// sets timestamp, expiryTime and referenceId when it runs, so those are
// refreshed to now before the rest is judged.
func Judge(req *schemas.Request, now time.Time) []schemas.Finding {
	return schemas.Validate(schemas.Refresh(req, now), now, schemas.ValidateOptions{})
}
