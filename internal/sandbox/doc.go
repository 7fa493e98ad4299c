// Package sandbox is the local emulator of Amazon's proactive-events service
// (spec §12): a Login with Amazon token route, the development and live event
// routes, the processing order of spec §12.3 with Amazon's status codes and
// error bodies, per-user delivery of the rendered sentence, expiry, an
// inspection route, and fault injection for client tests.
//
// It serves plain HTTP on loopback only. Start it with New(cfg).Start("127.0.0.1:0")
// in tests, or run `pe-tui sandbox`.
//
// # Routes
//
//	POST /auth/o2/token, /auth/O2/token          token (form: grant_type, client_id, client_secret, scope)
//	POST /v1/proactiveEvents, /v1/proactiveEvents/  live stage
//	POST /v1/proactiveEvents/stages/development  development stage
//	GET  /_emulator/notifications[?user=ID][&stage=development|live]
//	GET  /_emulator/requests                     the last requests and their verdicts
//	GET, POST /_emulator/faults                  read or replace the injected faults (JSON Faults)
//	GET, POST /_emulator/certified               read or set {"certified": bool}
//	GET, PUT /_emulator/subscribers              read or replace the subscribers (JSON array)
//
// The /_emulator routes answer loopback clients only, and only requests that
// name a loopback Host, carry no Origin header and (for POST and PUT) declare
// Content-Type: application/json, so that a page in a local browser cannot
// reach them by DNS rebinding or a cross-origin form post. They are never
// subject to injected faults.
//
// # Limits
//
// A request body is at most MaxBodyBytes (64 KiB; Amazon publishes no
// limit, and a real event is a few KB) and must arrive within
// DefaultBodyTimeout (10 s) of its headers: otherwise 413 or 408. The
// request log keeps the last 1000 requests as summaries (a verdict is cut
// to 512 bytes, bodies are never kept); stored notifications are bounded to
// the newest 100,000 and 32 MB.
//
// # Validation messages (step 5)
//
// Strict validation errors become one 400 body
// {"type":"Bad Request","message":"Violations for <area>: [<finding>; …]"}.
// The area is "metadata" when any envelope finding (timestamp, referenceId,
// expiryTime, audience, localizedAttributes) is an error, else "payload" (event
// findings); only the first area with errors is reported, as a staged validator
// would. Each finding is written "<path>: <message> (<CODE>)", or
// "<message> (<CODE>)" when it has no path. The expiry-window findings
// EXP_TOO_SOON, EXP_TOO_LATE and EXP_VS_TIMESTAMP (strict) are written, once,
// as Amazon's exact sentence
// "expiryTime should be at least 5 minutes in the future and no more than 24
// hours after the current time". EVT_NOT_PUBLISHED is left to step 6 (403),
// and REF_HYPHEN, a warning, is accepted.
//
// # Multicast
//
// A Multicast event goes to every subscriber of its event name and stage. It
// conflicts (409) when one of those users already holds a notification with
// its referenceId, or when an earlier unexpired Multicast used the id
// ("Duplicate referenceId <id> for Multicast"). On live, it is refused with
// 432 when any of those users has reached the notification limit.
package sandbox
