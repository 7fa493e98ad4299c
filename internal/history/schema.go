package history

import (
	"context"
	"fmt"
)

// migrations are the schema steps; migrations[i] takes the database from
// user_version i to i+1. Append new steps; never edit a released one.
var migrations = []string{
	// 1: the records table and its text index.
	`
CREATE TABLE records (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	sent_at       INTEGER NOT NULL UNIQUE, -- Unix nanoseconds, UTC; unique, it orders the history
	profile       TEXT NOT NULL,
	target        TEXT NOT NULL,
	stage         TEXT NOT NULL,
	event_name    TEXT NOT NULL,
	reference_id  TEXT NOT NULL,
	audience      TEXT NOT NULL,
	request       BLOB NOT NULL,           -- the body exactly as sent
	findings      TEXT,                    -- JSON array of schemas.Finding, NULL when none
	status        INTEGER NOT NULL,        -- 0 when no response arrived
	status_class  TEXT GENERATED ALWAYS AS (CASE
		WHEN status = 0 THEN 'network'
		WHEN status BETWEEN 200 AND 299 THEN '2xx'
		WHEN status BETWEEN 400 AND 499 THEN '4xx'
		WHEN status BETWEEN 500 AND 599 THEN '5xx'
		ELSE 'other' END) VIRTUAL,
	headers       TEXT,                    -- JSON object of redacted response headers, NULL when none
	body          BLOB,                    -- response body
	message       TEXT NOT NULL,
	request_id    TEXT NOT NULL,
	latency_ns    INTEGER NOT NULL,
	attempts      INTEGER NOT NULL,
	network_error TEXT NOT NULL,
	origin_id     INTEGER REFERENCES records(id) ON DELETE SET NULL,
	-- The exact-match filters as words for the text index (see facetWords).
	facets        TEXT GENERATED ALWAYS AS (
		'xfe' || hex(event_name) || ' xfc' || status_class || ' xfp' || hex(profile) || ' xft' || hex(target)) VIRTUAL
);
CREATE INDEX records_origin ON records(origin_id) WHERE origin_id IS NOT NULL;

-- Word index over what was sent and what came back, plus the filter facets.
-- Its rowid is sent_at, so a search walks it newest first and stops after
-- one page; filters are intersected inside the index.
CREATE VIRTUAL TABLE records_fts USING fts5(
	request, body, message, network_error, target, profile, request_id, facets,
	content = 'records', content_rowid = 'sent_at',
	tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER records_fts_insert AFTER INSERT ON records BEGIN
	INSERT INTO records_fts(rowid, request, body, message, network_error, target, profile, request_id, facets)
	VALUES (new.sent_at, new.request, new.body, new.message, new.network_error, new.target, new.profile, new.request_id, new.facets);
END;
CREATE TRIGGER records_fts_delete AFTER DELETE ON records BEGIN
	INSERT INTO records_fts(records_fts, rowid, request, body, message, network_error, target, profile, request_id, facets)
	VALUES ('delete', old.sent_at, old.request, old.body, old.message, old.network_error, old.target, old.profile, old.request_id, old.facets);
END;
CREATE TRIGGER records_fts_update
AFTER UPDATE OF sent_at, request, body, message, network_error, target, profile, request_id, event_name, status ON records BEGIN
	INSERT INTO records_fts(records_fts, rowid, request, body, message, network_error, target, profile, request_id, facets)
	VALUES ('delete', old.sent_at, old.request, old.body, old.message, old.network_error, old.target, old.profile, old.request_id, old.facets);
	INSERT INTO records_fts(rowid, request, body, message, network_error, target, profile, request_id, facets)
	VALUES (new.sent_at, new.request, new.body, new.message, new.network_error, new.target, new.profile, new.request_id, new.facets);
END;
`,
	// 2: group sends (one row per user, sharing group_id) and the
	// developer's verdict on whether a send was heard on a device.
	`
ALTER TABLE records ADD COLUMN group_id TEXT;   -- the group send this record is a row of; NULL for a single send
ALTER TABLE records ADD COLUMN heard INTEGER;   -- 1 heard, 0 not heard, NULL not marked
CREATE INDEX records_group ON records(group_id) WHERE group_id IS NOT NULL;
CREATE INDEX records_heard ON records(heard, sent_at) WHERE heard IS NOT NULL;
`,
}

// migrate applies the pending migrations in one write transaction and stamps
// the application id. Two processes opening a new file at once are
// serialized by the transaction's write lock; the second finds nothing to do.
func (s *Store) migrate(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.openError(err)
	}
	defer tx.Rollback()
	var appID, version int64
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return s.openError(err)
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return s.openError(err)
	}
	if appID != 0 && appID != ApplicationID {
		return &FileError{Path: s.path, Problem: Foreign, Detail: fmt.Sprintf("application id 0x%08x", appID)}
	}
	if version > int64(len(migrations)) {
		return &FileError{Path: s.path, Problem: TooNew, Detail: fmt.Sprintf("schema version %d; this pe-tui knows up to %d", version, len(migrations))}
	}
	if appID == ApplicationID && version == int64(len(migrations)) {
		return nil
	}
	for v := version; v < int64(len(migrations)); v++ {
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			return fmt.Errorf("history: %s: migrating the schema to version %d: %w", s.path, v+1, err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
		return s.wrap("stamping the application id", err)
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return s.wrap("stamping the schema version", err)
	}
	if err := tx.Commit(); err != nil {
		return s.wrap("committing the schema", err)
	}
	return nil
}
