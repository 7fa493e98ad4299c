package main

import "time"

// examplesNow is inside the time window of every file in examples/ (their
// timestamp); the README's and the root --help's commands pass it as --now.
const examplesNow = "2026-03-01T09:00:00Z"

// helpTime is a time for a --help example or a flag's help, ago before
// the clock's current hour (UTC): help is built with the command, so its
// dates are never stale. The README's --now for examples/ is fixed on
// purpose instead (examplesNow): those files carry fixed times.
func helpTime(ago time.Duration) string {
	return time.Now().UTC().Truncate(time.Hour).Add(-ago).Format(time.RFC3339)
}

// helpDate is the date (YYYY-MM-DD, UTC) ago before now, for help texts.
func helpDate(ago time.Duration) string {
	return time.Now().UTC().Add(-ago).Format(time.DateOnly)
}
