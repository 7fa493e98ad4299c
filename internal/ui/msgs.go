package ui

import (
	"time"
)

// tickMsg drives the live expiry countdown. Exactly one tick is in flight:
// Init schedules the first and each tickMsg schedules the next.
type tickMsg struct{ at time.Time }

// statusKind says how a status-line message is coloured.
type statusKind int

const (
	statusInfo statusKind = iota // neutral information, e.g. "Saved to out.json"
	statusOK                     // a finished action, e.g. "Copied JSON"
	statusErr                    // a transient error, e.g. "could not write file"
)

// statusMsg puts a transient message in the status line. It is cleared by
// the first tick after its TTL or replaced by the next message.
type statusMsg struct {
	kind statusKind
	text string
	ttl  time.Duration // 0 means the default TTL
	// ofDraft: the message judges the draft as it was (a send's outcome,
	// "Not sent: …"), so the next edit of the draft clears it rather than
	// leaving it to describe a draft that no longer exists. Messages that
	// announce a lasting state leave it false and only expire.
	ofDraft bool
}

// defaultStatusTTL is how long a transient status message stays visible.
const defaultStatusTTL = 5 * time.Second

// editorReadyMsg says the temp file for $EDITOR is written and the editor can start.
type editorReadyMsg struct{ path string }

// editorClosedMsg says the editor process ended (err is its exit error, if any).
type editorClosedMsg struct {
	path string
	err  error
}

// editorResultMsg carries the text read back from the editor's temp file.
type editorResultMsg struct {
	data []byte
	err  error
}

// saveResultMsg reports the outcome of writing the JSON to a file.
type saveResultMsg struct {
	path   string
	exists bool // the file exists and overwrite was not allowed: ask first
	err    error
}

// copiedMsg reports the outcome of a native clipboard write (OSC 52 is always sent).
type copiedMsg struct {
	what      string // "JSON" or "curl commands"
	note      string // said after the copy ("" for none)
	nativeErr error  // nil when the system clipboard got it too
}
