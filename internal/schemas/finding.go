package schemas

// Severity says whether a finding blocks sending.
type Severity string

// Severities of spec §6 and §10.
const (
	SeverityError   Severity = "error"   // blocks sending
	SeverityWarning Severity = "warning" // reported; does not block
	SeverityInfo    Severity = "info"    // a hint
)

// Finding is one validation result.
type Finding struct {
	Code     string   `json:"code"`          // e.g. "EXP_TOO_SOON"
	Severity Severity `json:"severity"`      // error, warning or info
	Path     string   `json:"path"`          // JSON path from the root, e.g. "event.payload.state.status" or "localizedAttributes[1].locale"; "" for the whole body
	Message  string   `json:"message"`       // what is wrong and what to do, in one or two sentences
	Fix      *Fix     `json:"fix,omitempty"` // an automatic correction, when one exists
}

// Fix is an automatic correction of a published variant (spec §9).
type Fix struct {
	Summary string `json:"summary"` // what applying it does, e.g. "move invite.inviter.relationshipToInvitee to invite.relationshipToInvitee"
	Moves   []Move `json:"moves"`   // value moves to perform, in order
	// Set lists string values to write after the moves, at paths that are still absent.
	Set []Assign `json:"set,omitempty"`
}

// Assign writes the string Value at Path (a path from the root) when nothing is there.
type Assign struct {
	Path  string `json:"path"`
	Value string `json:"value"`
}

// Move relocates the value at From (a path from the root) to To; the To
// location is created if needed and From is removed.
type Move struct {
	From string `json:"from"`
	To   string `json:"to"`
	Wrap bool   `json:"wrap,omitempty"` // wrap a value that is not an array into a one-element array
}

// Utterance is a rendered preview sentence.
type Utterance struct {
	Locale      string `json:"locale"`      // the locale it was rendered for
	Text        string `json:"text"`        // the sentence
	Approximate bool   `json:"approximate"` // an English template stands in for a non-English locale
	Fallback    bool   `json:"fallback"`    // some attribute came from another locale's entry
}

// HasErrors reports whether any finding is an error.
func HasErrors(fs []Finding) bool {
	for i := range fs {
		if fs[i].Severity == SeverityError {
			return true
		}
	}
	return false
}
