// Package draft is what the composer edits, as plain Go: the Draft (every
// value as typed) with its conversion to and from the wire Request, the
// locale editor's data, the one date-time parser of the program (ParseWhen,
// Describe), and Derive, which computes everything the screen shows about a
// draft at one instant (the request, the findings judged with the target's
// strictness, their counts, the expiry state with its one text, the time
// echoes and the locale grid). It imports no terminal package.
package draft
