package historypane

import (
	"github.com/pe-tui/pe-tui/internal/history"
)

// ResendMsg asks the root to send a recorded request again: exactly as it
// was (AsNew false) or with a fresh timestamp, expiry and referenceId
// (AsNew true; see send.Sender.Resend). The pane emits it for r, R and n.
type ResendMsg struct {
	Record *history.Record
	AsNew  bool
}

// LoadMsg asks the root to load a recorded request into the composer. The
// pane emits it for e and l.
type LoadMsg struct {
	Record *history.Record
}

// DeletedMsg reports that the record with ID was deleted from the store.
// The pane's delete command returns it; when it reaches the pane's Update
// the row disappears. The root may show a status line for it too.
type DeletedMsg struct {
	ID int64
}

// RecordAddedMsg tells the pane that a send was recorded with the given id.
// If the list shows its newest rows, the pane reloads them at once;
// otherwise it notes "1 new — press g to go to top". Keys act on the shown
// rows until the reload's page arrives, and that page does not move the
// selection to another record: the new one is selected only if the newest
// row was and the user has not moved since; if the selected record is not
// on the page, the shown rows stay and the note offers g.
type RecordAddedMsg struct {
	ID int64
}

// pageMsg carries one page of the list for a generation (one query).
type pageMsg struct {
	gen    int
	slot   int
	reload bool // a reload of an evicted page, bounded by the page's first load
	page   history.Page
	err    error
}

// countMsg carries the number of records the query of a generation selects.
type countMsg struct {
	gen int
	n   int
	err error
}

// filterTickMsg fires when typing in the filter paused long enough.
type filterTickMsg struct{ seq int }

// detailMsg carries the whole record for the detail view.
type detailMsg struct {
	id  int64
	rec *history.Record
	err error
}

// errMsg reports a failed store call of an action (resend, load, delete).
type errMsg struct {
	op  string // what was attempted, e.g. "delete #42"
	err error
}
