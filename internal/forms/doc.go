// Package forms is the composer's form: a Draft (every value as typed, pure
// Go, no terminal) with its conversion to and from the wire Request, the time
// parsing behind the date-time inputs (ParseWhen, Describe, ExpiryStatus), and
// Model, the Bubble Tea form pane generated from the schema catalog with its
// envelope section and locale editor. The root UI embeds Model and recomputes
// the request, findings and preview on every ChangedMsg.
package forms
