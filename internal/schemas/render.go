package schemas

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// TrashStyle selects the wording of the trash-collection sentence (spec §9 V8).
type TrashStyle int

// Trash sentence styles.
const (
	TrashDefault     TrashStyle = iota // "This coming Tuesday is glass collection day."
	TrashAlternative                   // "The coming Tuesday is glass garbage collection day."
)

// RenderOptions tune the preview sentence.
type RenderOptions struct {
	TimeZone   *time.Location // zone in which dates and times are spoken; nil = UTC
	TrashStyle TrashStyle     // TrashDefault or TrashAlternative
}

// DefaultLocale returns the locale a preview uses when none is chosen: the
// first locale in localizedAttributes, else "en-US".
func DefaultLocale(r *Request) string {
	entries, _ := r.Get(FieldLocalizedAttributes).([]any)
	for _, e := range entries {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		if l, ok := m["locale"].(string); ok && l != "" {
			return l
		}
	}
	return EnUSOnlyLocale
}

// Render returns the approximate sentence Alexa speaks for r in a locale
// (spec §5): localized attributes are resolved for that locale, falling back
// to the first entry that has a key (Utterance.Fallback); every locale uses the
// English templates, and any locale not starting with "en-" is marked
// Approximate. An empty locale means DefaultLocale(r). The error says which
// field keeps the sentence from being spoken when the event name is unknown
// or the payload lacks a value the sentence needs.
func Render(r *Request, locale string, opts RenderOptions) (Utterance, error) {
	if locale == "" {
		locale = DefaultLocale(r)
	}
	u := Utterance{Locale: locale, Approximate: !strings.HasPrefix(locale, "en-")}
	if r.Object() == nil {
		return u, errors.New("cannot preview: the body is not a JSON object")
	}
	s := r.Schema()
	if s == nil {
		name, ok := r.Get("event.name").(string)
		if !ok {
			return u, errors.New("cannot preview: event.name is missing; choose one of the eight event names")
		}
		return u, fmt.Errorf("cannot preview: unknown event name %q", name)
	}
	payload := r.Payload()
	if payload == nil {
		return u, errors.New("cannot preview: event.payload is missing or not an object")
	}
	rd := renderer{schema: s, payload: payload, locale: locale, tz: opts.TimeZone}
	rd.l10n, _ = r.Get(FieldLocalizedAttributes).([]any)
	if rd.tz == nil {
		rd.tz = time.UTC
	}
	when := rd.speak(opts)
	if rd.err != nil {
		return u, rd.err
	}
	text, err := rd.fill(when)
	if err != nil {
		return u, err
	}
	u.Text = text
	u.Fallback = rd.fallback
	u.Approximate = u.Approximate || rd.blank
	return u, nil
}

// renderer gathers the placeholder values of one sentence.
type renderer struct {
	schema   *Schema
	payload  map[string]any
	l10n     []any
	locale   string
	tz       *time.Location
	fallback bool
	blank    bool // a needed value was empty: the sentence is approximate
	err      error
	vars     [8]renderVar
	nvars    int
}

type renderVar struct{ key, val string }

func (rd *renderer) set(key, val string) {
	if rd.nvars < len(rd.vars) {
		rd.vars[rd.nvars] = renderVar{key, val}
		rd.nvars++
	}
}

func (rd *renderer) lookup(key string) (string, bool) {
	for i := 0; i < rd.nvars; i++ {
		if rd.vars[i].key == key {
			return rd.vars[i].val, true
		}
	}
	return "", false
}

func (rd *renderer) fail(format string, args ...any) {
	if rd.err == nil {
		rd.err = fmt.Errorf("cannot preview: "+format, args...)
	}
}

// value returns the raw payload value at a payload-relative path.
func (rd *renderer) value(path string) (any, bool) { return Walk(rd.payload, path) }

// str returns a string field as written; ok is false when the field is
// absent or (a failure) not a string.
func (rd *renderer) str(path string) (string, bool) {
	v, present := rd.value(path)
	if !present {
		return "", false
	}
	s, isString := v.(string)
	if !isString {
		rd.fail("event.payload.%s must be a string", path)
	}
	return s, isString
}

// text returns a string field with any localized reference resolved; ok is
// false when the field is absent or blank.
func (rd *renderer) text(path string) (string, bool) {
	s, ok := rd.str(path)
	if !ok {
		return "", false
	}
	if key, isRef := strings.CutPrefix(s, LocalizedAttributePrefix); isRef {
		s = rd.resolve(path, key)
	}
	s = strings.TrimSpace(s)
	return s, s != ""
}

// need is text for a value the sentence cannot do without. A missing value
// fails; an empty or blank one (only a warning, PL_EMPTY_STRING) is spoken as
// an empty phrase and marks the preview approximate (spec §5.1 Totality).
func (rd *renderer) need(path string) string {
	if _, present := rd.value(path); !present {
		rd.fail("event.payload.%s is missing", path)
		return ""
	}
	s, ok := rd.text(path)
	if !ok {
		rd.blank = true
	}
	return s
}

// resolve looks a localized-attribute key up for the preview locale, falling
// back to the first entry that has it.
func (rd *renderer) resolve(path, key string) string {
	if key == "" {
		rd.fail("event.payload.%s refers to an empty localized-attribute key", path)
		return ""
	}
	first := -1
	for i, e := range rd.l10n {
		m, ok := e.(map[string]any)
		if !ok {
			continue
		}
		v, ok := m[key].(string)
		if !ok {
			continue
		}
		if l, _ := m["locale"].(string); l == rd.locale {
			return v
		}
		if first < 0 {
			first = i
		}
	}
	if first < 0 {
		rd.fail("localized attribute %q (used by event.payload.%s) is defined for no locale; add it to localizedAttributes", key, path)
		return ""
	}
	rd.fallback = true
	v, _ := rd.l10n[first].(map[string]any)[key].(string)
	return v
}

// enum returns the spoken word of an enum field; ok is false when absent.
func (rd *renderer) enum(path string) (string, bool) {
	s, ok := rd.str(path)
	if !ok {
		return "", false
	}
	return EnumWord(rd.schema.Field(path), s), true
}

// needEnum is enum for a value the sentence cannot do without.
func (rd *renderer) needEnum(path string) string {
	w, ok := rd.enum(path)
	if !ok {
		rd.fail("event.payload.%s is missing", path)
	}
	return w
}

// rawEnum returns the enum value as written.
func (rd *renderer) rawEnum(path string) string {
	v, present := rd.value(path)
	s, isString := v.(string)
	if !present || !isString {
		rd.fail("event.payload.%s is missing", path)
	}
	return s
}

// number returns an integral field.
func (rd *renderer) number(path string) int64 {
	v, present := rd.value(path)
	if !present {
		rd.fail("event.payload.%s is missing", path)
		return 0
	}
	n, ok := intValue(v)
	if !ok {
		rd.fail("event.payload.%s must be a whole number", path)
	}
	return n
}

// when returns a date-time field in the preview zone; ok is false when absent.
func (rd *renderer) when(path string) (time.Time, bool) {
	v, present := rd.value(path)
	if !present {
		return time.Time{}, false
	}
	s, _ := v.(string)
	t, err := ParseTime(s)
	if err != nil {
		rd.fail("event.payload.%s is %s", path, err)
		return time.Time{}, false
	}
	return t.In(rd.tz), true
}

func speakDate(t time.Time) string { return t.Format("January 2, 2006") }
func speakTime(t time.Time) string { return t.Format("3:04 PM") }

// speak fills the placeholders for the schema and returns the When of the template to use.
func (rd *renderer) speak(opts RenderOptions) string {
	switch rd.schema.Short {
	case "WeatherAlert":
		rd.set("alertType", rd.needEnum("weatherAlert.alertType"))
		if src, ok := rd.text("weatherAlert.source"); ok {
			rd.set("source", src)
			return "source present"
		}
		return "source absent"
	case "SportsEvent":
		rd.set("league", rd.need("sportsEvent.eventLeague.name"))
		rd.set("homeTeam", rd.need("sportsEvent.homeTeamStatistic.team.name"))
		rd.set("homeScore", strconv.FormatInt(rd.number("sportsEvent.homeTeamStatistic.score"), 10))
		rd.set("awayTeam", rd.need("sportsEvent.awayTeamStatistic.team.name"))
		rd.set("awayScore", strconv.FormatInt(rd.number("sportsEvent.awayTeamStatistic.score"), 10))
		if _, ok := rd.value("update"); ok {
			rd.set("update.teamName", rd.need("update.teamName"))
			return "update present"
		}
		return "update absent"
	case "MessageAlert":
		n := rd.number("messageGroup.count")
		rd.set("count", CountWords(n))
		fresh, _ := rd.enum("state.freshness")
		rd.set("freshness", fresh)
		rd.set("status", rd.needEnum("state.status"))
		urgency, _ := rd.enum("messageGroup.urgency")
		rd.set("urgency", urgency)
		if n == 1 {
			rd.set("message|messages", "message")
		} else {
			rd.set("message|messages", "messages")
		}
		rd.set("creator", rd.need("messageGroup.creator.name"))
		return ""
	case "OrderStatus":
		rd.set("seller", rd.need("order.seller.name"))
		status := rd.rawEnum("state.status")
		switch status {
		case "PREORDER_RECEIVED", "ORDER_RECEIVED", "ORDER_PREPARING":
			return status
		case "ORDER_SHIPPED", "ORDER_OUT_FOR_DELIVERY":
			if t, ok := rd.when("state.deliveryDetails.expectedArrival"); ok {
				rd.set("date(expectedArrival)", speakDate(t))
				return status + " with expectedArrival"
			}
			return status + " without a date"
		case "ORDER_DELIVERED":
			if t, ok := rd.when("state.enterTimestamp"); ok {
				rd.set("date(enterTimestamp)", speakDate(t))
				return status + " with enterTimestamp"
			}
			return status + " without a date"
		}
		rd.fail("event.payload.state.status %q is not an order status", status)
		return ""
	case "Occasion":
		rd.set("occasionType", rd.needEnum("occasion.occasionType"))
		rd.set("provider", rd.need("occasion.provider.name"))
		rd.set("subject", rd.need("occasion.subject"))
		if t, ok := rd.when("occasion.bookingTime"); ok {
			rd.set("date(bookingTime)", speakDate(t))
		} else {
			rd.fail("event.payload.occasion.bookingTime is missing")
		}
		rd.set("status", rd.needEnum("state.confirmationStatus"))
		return ""
	case "TrashCollectionAlert":
		rd.set("Day", capitalise(rd.needEnum("alert.collectionDayOfWeek")))
		rd.set("garbageList", rd.garbageList("alert.garbageTypes"))
		if opts.TrashStyle == TrashAlternative {
			return "alternative style"
		}
		return "default style"
	case "MediaContent":
		rd.set("content", rd.need("content.name"))
		rd.set("method", rd.needEnum("availability.method"))
		if t, ok := rd.when("availability.startTime"); ok {
			rd.set("date(startTime)", speakDate(t))
			rd.set("time(startTime)", speakTime(t))
		} else {
			rd.fail("event.payload.availability.startTime is missing")
		}
		if p, ok := rd.text("availability.provider.name"); ok {
			rd.set("provider", p)
			return "provider present"
		}
		return "provider absent"
	case "SocialGameInvite":
		rd.set("friend|contact", rd.needEnum("invite.relationshipToInvitee"))
		rd.set("inviter", rd.need("invite.inviter.name"))
		rd.set("challenged|invited", rd.needEnum("invite.inviteType"))
		rd.set("match|rematch|game", rd.needEnum("game.offer"))
		rd.set("game", rd.need("game.name"))
		return ""
	}
	rd.fail("no sentence is defined for %s", rd.schema.Name)
	return ""
}

// garbageList speaks an enum list field.
func (rd *renderer) garbageList(path string) string {
	v, present := rd.value(path)
	if !present {
		rd.fail("event.payload.%s is missing", path)
		return ""
	}
	items, ok := v.([]any)
	if !ok || len(items) == 0 {
		rd.fail("event.payload.%s must be a list of at least one value", path)
		return ""
	}
	f := rd.schema.Field(path)
	words := make([]string, 0, len(items))
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			rd.fail("event.payload.%s must hold only strings", path)
			return ""
		}
		words = append(words, EnumWord(f, s))
	}
	return ListWords(words)
}

// fill expands the template chosen by when: {key} is replaced by its value and
// a [bracketed] part is kept only when every placeholder inside has a value.
func (rd *renderer) fill(when string) (string, error) {
	text := ""
	found := false
	for _, t := range rd.schema.Templates {
		if t.When == when {
			text, found = t.Text, true
			break
		}
	}
	if !found {
		return "", fmt.Errorf("cannot preview: %s has no template for %q", rd.schema.Name, when)
	}
	b := make([]byte, 0, len(text)+48)
	optStart, optOK := -1, true
	for i := 0; i < len(text); i++ {
		switch c := text[i]; c {
		case '[':
			optStart, optOK = len(b), true
		case ']':
			if !optOK {
				b = b[:optStart]
			}
			optStart = -1
		case '{':
			end := strings.IndexByte(text[i:], '}')
			if end < 0 {
				return "", fmt.Errorf("cannot preview: unterminated placeholder in the %s template", rd.schema.Short)
			}
			key := text[i+1 : i+end]
			val, ok := rd.lookup(key)
			if !ok {
				return "", fmt.Errorf("cannot preview: the %s template uses {%s}, which has no value", rd.schema.Short, key)
			}
			if val == "" && optStart >= 0 {
				optOK = false
			}
			b = append(b, val...)
			i += end
		default:
			b = append(b, c)
		}
	}
	return string(b), nil
}

// intValue reads an integral JSON number (json.Number, float64 or a Go integer).
func intValue(v any) (int64, bool) {
	switch n := v.(type) {
	case json.Number:
		if i, err := n.Int64(); err == nil {
			return i, true
		}
		if f, err := n.Float64(); err == nil && f == float64(int64(f)) && f > -1<<53 && f < 1<<53 {
			return int64(f), true
		}
		return 0, false
	case float64:
		if n == float64(int64(n)) && n > -1<<53 && n < 1<<53 {
			return int64(n), true
		}
	case int:
		return int64(n), true
	case int64:
		return n, true
	case int32:
		return int64(n), true
	}
	return 0, false
}
