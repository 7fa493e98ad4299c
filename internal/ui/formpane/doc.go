// Package formpane is the composer's form pane: the envelope, the payload
// fields generated from the schema catalog and the locale editor, as a
// scrollable list of rows editing a *draft.Draft. It shows what the root
// derived from the draft (draft.Derived: findings, expiry, time echoes,
// locale grid) and reports each change through Changed.
package formpane
