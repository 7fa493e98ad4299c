package history

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// DefaultLimit is the page size of List when Query.Limit is 0; MaxLimit caps it.
const (
	DefaultLimit = 50
	MaxLimit     = 1000
)

// StatusClasses are the values Query.StatusClass accepts besides "".
var StatusClasses = []string{"2xx", "4xx", "5xx", ClassToken, ClassCancelled, ClassNetwork, "other"}

// Query selects records. The zero Query selects every record. All set
// filters must hold.
type Query struct {
	Limit       int       // page size for List (0: DefaultLimit; at most MaxLimit); for Export 0 means all
	Before      *Cursor   // continue after this point (Page.Next of the previous page)
	EventName   string    // exact event.name, e.g. "AMAZON.WeatherAlert.Activated"
	StatusClass string    // one of StatusClasses, as Record.StatusClass returns
	Status      int       // exact HTTP status (0: any)
	Profile     string    // exact profile name
	Target      string    // exact target name or base URL
	Text        string    // words to find in the request, the response and the message; see below
	Since       time.Time // SentAt at or after this instant (zero: no bound)
	Until       time.Time // SentAt before this instant (zero: no bound)
	Heard       string    // one of HeardFilters: "yes", "no", "unmarked"; "" = any
	GroupID     string    // exact group id: the rows of one group send
}

// HeardFilters are the values Query.Heard accepts besides "".
var HeardFilters = []string{"yes", "no", "unmarked"}

// Text search: Query.Text is split at white space, and every part must be
// found in the request, the response body, the message, the network error,
// the target, the profile or the request id. A part is matched as words
// (letters and digits; other characters separate words) occurring in that
// order, the last word as a prefix when it has three or more characters:
// "north" finds "Northwind", "INVALID_EXP" finds "INVALID_EXPIRY",
// "order77" finds "order7731shipped", "de-DE" finds "de-DE" but not "denied".
// Letter case and accents do not matter. A part with no letter or digit
// (e.g. "{}") is found as an exact substring; that search reads every record
// and is slow.

// Cursor marks a position in the newest-first order of records. It is
// opaque: take it from Page.Next.
type Cursor struct {
	sentAt int64
}

// Summary is the light form of a record that List returns: no bodies,
// headers or findings. Get returns the whole Record.
type Summary struct {
	ID          int64         `json:"id"`
	SentAt      time.Time     `json:"sentAt"`
	Profile     string        `json:"profile"`
	Target      string        `json:"target"`
	Stage       string        `json:"stage"`
	EventName   string        `json:"eventName"`
	ReferenceID string        `json:"referenceId"`
	Audience    string        `json:"audience"`
	Status      int           `json:"status"`
	Message     string        `json:"message,omitempty"`
	RequestID   string        `json:"requestId,omitempty"`
	Latency     time.Duration `json:"latency"`
	Attempts    int           `json:"attempts"`
	NetworkErr  string        `json:"networkError,omitempty"`
	OriginID    int64         `json:"originId,omitempty"`
	GroupID     string        `json:"groupId,omitempty"`
	Heard       *bool         `json:"heard,omitempty"`
}

// StatusClass returns the outcome class, as Record.StatusClass.
func (s *Summary) StatusClass() string { return Classify(s.Status, s.NetworkErr) }

// Page is one page of List, newest first.
type Page struct {
	Items []Summary
	Next  *Cursor // the cursor for the following page; nil on the last page
}

// summaryColumns are the columns of a Summary, in scan order.
const summaryColumns = `r.id, r.sent_at, r.profile, r.target, r.stage, r.event_name, r.reference_id, r.audience,
	r.status, r.message, r.request_id, r.latency_ns, r.attempts, r.network_error, r.origin_id, r.group_id, r.heard`

// recordColumns are the columns of a Record, in scan order.
const recordColumns = summaryColumns + `, r.request, r.findings, r.headers, r.body`

// plan is a compiled Query: the FROM and WHERE of the statement, the column
// that orders it (and to which the cursor applies) and the arguments.
type plan struct {
	from  string
	where []string
	args  []any
	key   string
}

// textColumns are the text index columns that Query.Text searches.
const textColumns = "{request body message network_error target profile request_id}"

// compile turns q into a plan; it validates the status class. Any text or
// exact-match filter makes the text index drive the query: it intersects
// the words and the facets (see the facets column) newest first.
func (q *Query) compile() (*plan, error) {
	p := &plan{from: "records r", key: "r.sent_at"}
	var match, words []string
	var substrings []string
	for _, part := range strings.Fields(q.Text) {
		if phrase, ok := wordPhrase(part); ok {
			words = append(words, phrase)
		} else {
			substrings = append(substrings, part)
		}
	}
	if len(words) > 0 {
		match = append(match, textColumns+" : ("+strings.Join(words, " AND ")+")")
	}
	if q.EventName != "" {
		match = append(match, facet("xfe", hexWord(q.EventName)))
	}
	if q.StatusClass != "" {
		valid := false
		for _, c := range StatusClasses {
			valid = valid || c == q.StatusClass
		}
		if !valid {
			return nil, fmt.Errorf("history: unknown status class %q; use one of %s", q.StatusClass, strings.Join(StatusClasses, ", "))
		}
		switch q.StatusClass {
		case ClassNetwork, ClassCancelled, ClassToken:
			// The index knows "no response"; the network error tells the three apart.
			match = append(match, facet("xfc", "network"))
			p.where = append(p.where, noResponseSQL(q.StatusClass))
		default:
			match = append(match, facet("xfc", q.StatusClass))
		}
	}
	if q.Status != 0 {
		p.where = append(p.where, "r.status = ?")
		p.args = append(p.args, q.Status)
	}
	if q.Profile != "" {
		match = append(match, facet("xfp", hexWord(q.Profile)))
	}
	if q.Target != "" {
		match = append(match, facet("xft", hexWord(q.Target)))
	}
	if len(match) > 0 {
		p.from = "records_fts JOIN records r ON r.sent_at = records_fts.rowid"
		p.key = "records_fts.rowid"
		p.where = append(p.where, "records_fts MATCH ?")
		p.args = append(p.args, strings.Join(match, " AND "))
	}
	for _, sub := range substrings {
		p.where = append(p.where, `(instr(CAST(r.request AS TEXT), ?) > 0 OR instr(CAST(r.body AS TEXT), ?) > 0
			OR instr(r.message, ?) > 0 OR instr(r.network_error, ?) > 0)`)
		p.args = append(p.args, sub, sub, sub, sub)
	}
	switch q.Heard {
	case "":
	case "yes":
		p.where = append(p.where, "r.heard = 1")
	case "no":
		p.where = append(p.where, "r.heard = 0")
	case "unmarked":
		p.where = append(p.where, "r.heard IS NULL")
	default:
		return nil, fmt.Errorf("history: unknown heard filter %q; use one of %s", q.Heard, strings.Join(HeardFilters, ", "))
	}
	if q.GroupID != "" {
		p.where = append(p.where, "r.group_id = ?")
		p.args = append(p.args, q.GroupID)
	}
	if !q.Since.IsZero() {
		p.where = append(p.where, p.key+" >= ?")
		p.args = append(p.args, clampNano(q.Since))
	}
	if !q.Until.IsZero() {
		p.where = append(p.where, p.key+" < ?")
		p.args = append(p.args, clampNano(q.Until))
	}
	return p, nil
}

// noResponseSQL is the condition on r.network_error that selects class
// among the sends without a response, as Classify decides it.
func noResponseSQL(class string) string {
	var earlier, mine []string
	for _, p := range noResponseClasses {
		cond := "r.network_error LIKE '" + p.like + "'"
		if !strings.HasSuffix(p.like, "%") {
			cond = "r.network_error = '" + p.like + "'"
		}
		switch {
		case p.class == class:
			mine = append(mine, cond)
		case len(mine) == 0:
			earlier = append(earlier, cond)
		}
	}
	out := "r.status = 0"
	if len(mine) > 0 {
		out += " AND (" + strings.Join(mine, " OR ") + ")"
	}
	if len(earlier) > 0 {
		out += " AND NOT (" + strings.Join(earlier, " OR ") + ")"
	}
	return out
}

// wordPhrase turns one part of Query.Text into an FTS5 phrase: quoted, and
// a prefix query when its last word has three or more characters (shorter
// prefixes would gather most of the index). ok is false when the part holds
// no letter or digit.
func wordPhrase(part string) (phrase string, ok bool) {
	isWord := func(c rune) bool { return unicode.IsLetter(c) || unicode.IsDigit(c) }
	if strings.IndexFunc(part, isWord) < 0 {
		return "", false
	}
	// Inside quotes every character is literal; only the quote is doubled,
	// and NUL, which would end the query string in C, becomes a separator.
	phrase = `"` + phraseEscaper.Replace(part) + `"`
	trimmed := strings.TrimRightFunc(part, func(c rune) bool { return !isWord(c) })
	last := trimmed[strings.LastIndexFunc(trimmed, func(c rune) bool { return !isWord(c) })+1:]
	if utf8.RuneCountInString(last) >= 3 {
		phrase += "*"
	}
	return phrase, true
}

// phraseEscaper doubles quotes and turns NUL into a space inside a phrase.
var phraseEscaper = strings.NewReplacer(`"`, `""`, "\x00", " ")

// facet returns the FTS5 query for one facet word of the facets column.
func facet(prefix, value string) string {
	return `facets : "` + prefix + value + `"`
}

// hexWord encodes an exact value as one index word, as the facets column's
// hex() does (the tokenizer folds the case).
func hexWord(v string) string {
	return hex.EncodeToString([]byte(v))
}

// clampNano returns t in Unix nanoseconds, clamped to the int64 range.
func clampNano(t time.Time) int64 {
	switch {
	case t.Before(minSentAt):
		return minSentAt.UnixNano()
	case t.After(maxSentAt):
		return maxSentAt.UnixNano()
	}
	return t.UnixNano()
}

// sql returns the statement selecting cols in the given order ("DESC" or
// "ASC"), after the cursor when set, with limit (<= 0: none).
func (p *plan) sql(cols, order string, before *Cursor, limit int) (string, []any) {
	where := p.where
	args := p.args
	if before != nil {
		where = append(where[:len(where):len(where)], p.key+" < ?")
		args = append(args[:len(args):len(args)], before.sentAt)
	}
	var b strings.Builder
	b.WriteString("SELECT ")
	b.WriteString(cols)
	b.WriteString(" FROM ")
	b.WriteString(p.from)
	if len(where) > 0 {
		b.WriteString(" WHERE ")
		b.WriteString(strings.Join(where, " AND "))
	}
	if order != "" {
		b.WriteString(" ORDER BY " + p.key + " " + order)
	}
	if limit > 0 {
		b.WriteString(" LIMIT ?")
		args = append(args[:len(args):len(args)], limit)
	}
	return b.String(), args
}

// List returns one page of the records that q selects, newest first (by
// SentAt), starting after q.Before. Its cost depends on the page size, not
// on the number of records; the result holds no bodies.
func (s *Store) List(ctx context.Context, q Query) (Page, error) {
	p, err := q.compile()
	if err != nil {
		return Page{}, err
	}
	limit := q.Limit
	switch {
	case limit <= 0:
		limit = DefaultLimit
	case limit > MaxLimit:
		limit = MaxLimit
	}
	stmt, args := p.sql(summaryColumns, "DESC", q.Before, limit+1)
	rows, err := s.db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return Page{}, s.wrap("listing records", err)
	}
	defer rows.Close()
	page := Page{Items: make([]Summary, 0, min(limit, 64))}
	for rows.Next() {
		if len(page.Items) == limit {
			last := page.Items[limit-1]
			page.Next = &Cursor{sentAt: last.SentAt.UnixNano()}
			break
		}
		var sum Summary
		if err := scanSummary(rows, &sum); err != nil {
			return Page{}, s.wrap("listing records", err)
		}
		page.Items = append(page.Items, sum)
	}
	if err := rows.Err(); err != nil {
		return Page{}, s.wrap("listing records", err)
	}
	return page, nil
}

// Count returns how many records q selects (q.Limit and q.Before are ignored).
func (s *Store) Count(ctx context.Context, q Query) (int, error) {
	p, err := q.compile()
	if err != nil {
		return 0, err
	}
	stmt, args := p.sql("count(*)", "", nil, 0)
	var n int
	if err := s.db.QueryRowContext(ctx, stmt, args...).Scan(&n); err != nil {
		return 0, s.wrap("counting records", err)
	}
	return n, nil
}

// Get returns the whole record with the id, or an error wrapping ErrNotFound.
func (s *Store) Get(ctx context.Context, id int64) (*Record, error) {
	row := s.db.QueryRowContext(ctx, "SELECT "+recordColumns+" FROM records r WHERE r.id = ?", id)
	var r Record
	err := scanRecord(row, &r)
	if err == sql.ErrNoRows {
		return nil, fmt.Errorf("%w: %d", ErrNotFound, id)
	}
	if err != nil {
		return nil, s.wrap(fmt.Sprintf("reading record %d", id), err)
	}
	return &r, nil
}

// scanner is *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanSummary(sc scanner, s *Summary) error {
	var at, latency int64
	var origin, heard sql.NullInt64
	var group sql.NullString
	err := sc.Scan(&s.ID, &at, &s.Profile, &s.Target, &s.Stage, &s.EventName, &s.ReferenceID, &s.Audience,
		&s.Status, &s.Message, &s.RequestID, &latency, &s.Attempts, &s.NetworkErr, &origin, &group, &heard)
	if err != nil {
		return err
	}
	s.SentAt = time.Unix(0, at).UTC()
	s.Latency = time.Duration(latency)
	s.OriginID = origin.Int64
	s.GroupID = group.String
	s.Heard = heardValue(heard)
	return nil
}

func scanRecord(sc scanner, r *Record) error {
	var at, latency int64
	var origin, heard sql.NullInt64
	var findings, headers, group sql.NullString
	err := sc.Scan(&r.ID, &at, &r.Profile, &r.Target, &r.Stage, &r.EventName, &r.ReferenceID, &r.Audience,
		&r.Status, &r.Message, &r.RequestID, &latency, &r.Attempts, &r.NetworkErr, &origin, &group, &heard,
		&r.Request, &findings, &headers, &r.Body)
	if err != nil {
		return err
	}
	r.SentAt = time.Unix(0, at).UTC()
	r.Latency = time.Duration(latency)
	r.OriginID = origin.Int64
	r.GroupID = group.String
	r.Heard = heardValue(heard)
	if findings.Valid {
		if err := json.Unmarshal([]byte(findings.String), &r.Findings); err != nil {
			return fmt.Errorf("record %d: unreadable findings: %w", r.ID, err)
		}
	}
	if headers.Valid {
		if err := json.Unmarshal([]byte(headers.String), &r.Headers); err != nil {
			return fmt.Errorf("record %d: unreadable headers: %w", r.ID, err)
		}
	}
	return nil
}

// heardValue is the heard column as a *bool (nil when not marked).
func heardValue(v sql.NullInt64) *bool {
	if !v.Valid {
		return nil
	}
	b := v.Int64 != 0
	return &b
}
