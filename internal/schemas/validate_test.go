package schemas

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestGoldenRequestsAreValid(t *testing.T) {
	for _, s := range All() {
		t.Run(s.Short, func(t *testing.T) {
			r := golden(t, s.Short)
			if r.EventName() != s.Name {
				t.Fatalf("golden %s has event %q", s.Short, r.EventName())
			}
			for _, strict := range []bool{false, true} {
				fs := Validate(r, testNow, ValidateOptions{Strict: strict, Published: Names()})
				if len(fs) != 0 {
					t.Errorf("strict=%v: golden request has findings: %+v", strict, fs)
				}
			}
			// The localizable schemas other than the en-US-only ones carry two locales.
			entries := r.Get(FieldLocalizedAttributes).([]any)
			want := 0
			switch {
			case len(s.LocalizableFields()) == 0:
			case s.EnUSOnly:
				want = 1
			default:
				want = 2
			}
			if len(entries) != want {
				t.Errorf("golden %s has %d locale entries, want %d", s.Short, len(entries), want)
			}
		})
	}
}

// invalidCase changes a golden request and expects one finding.
type invalidCase struct {
	name   string
	schema string           // golden to start from
	raw    string           // instead of a golden: this body
	change func(r *Request) // mutation of the golden
	opts   ValidateOptions  // options
	code   string           // expected finding code
	sev    Severity         // and severity
	path   string           // and path
	msg    string           // a substring of the message
	fixed  bool             // the finding carries a fix
}

var invalidCases = []invalidCase{
	// §6.1 envelope
	{name: "array body", raw: `[]`, code: CodeEnvNotObject, sev: SeverityError, path: "", msg: "array"},
	{name: "string body", raw: `"x"`, code: CodeEnvNotObject, sev: SeverityError, path: "", msg: "string"},
	{name: "no timestamp", schema: "WeatherAlert", change: del("timestamp"), code: CodeEnvMissing, sev: SeverityError, path: "timestamp"},
	{name: "no referenceId", schema: "WeatherAlert", change: del("referenceId"), code: CodeEnvMissing, sev: SeverityError, path: "referenceId"},
	{name: "no expiryTime", schema: "WeatherAlert", change: del("expiryTime"), code: CodeEnvMissing, sev: SeverityError, path: "expiryTime"},
	{name: "no event", schema: "WeatherAlert", change: del("event"), code: CodeEnvMissing, sev: SeverityError, path: "event"},
	{name: "no audience", schema: "WeatherAlert", change: del("relevantAudience"), code: CodeEnvMissing, sev: SeverityError, path: "relevantAudience"},
	{name: "no localizedAttributes", schema: "MessageAlert", change: del("localizedAttributes"), code: CodeEnvL10nMissing, sev: SeverityWarning, path: "localizedAttributes", msg: "[]"},
	{name: "no localizedAttributes strict stays a warning", schema: "MessageAlert", change: del("localizedAttributes"), opts: ValidateOptions{Strict: true}, code: CodeEnvL10nMissing, sev: SeverityWarning, path: "localizedAttributes"},
	{name: "duplicate key", raw: `{"timestamp":"a","referenceId":"x","timestamp":"b"}`, code: CodeJSONDuplicateKey, sev: SeverityError, path: "timestamp", msg: "keep one"},
	{name: "duplicate nested key", raw: `{"event":{"payload":{"list":[{},{"k":1,"k":2}]}}}`, code: CodeJSONDuplicateKey, sev: SeverityError, path: "event.payload.list[1].k"},
	{name: "duplicate escaped key", raw: `{"a":{"name":1,"n\u0061me":2}}`, code: CodeJSONDuplicateKey, sev: SeverityError, path: "a.name"},
	{name: "invalid UTF-8 value", raw: "{\"referenceId\":\"ab\xffc\"}", code: CodeJSONInvalidUTF8, sev: SeverityError, path: "referenceId", msg: "UTF-8"},
	{name: "invalid UTF-8 nested", raw: "{\"event\":{\"payload\":{\"x\":[1,{\"k\":\"\xc3\"}]}}}", code: CodeJSONInvalidUTF8, sev: SeverityError, path: "event.payload.x[1].k"},
	{name: "unknown top-level field", schema: "MessageAlert", change: set("priority", "HIGH"), code: CodeEnvUnknownField, sev: SeverityWarning, path: "priority", msg: "remove it"},
	{name: "unknown event field", schema: "MessageAlert", change: set("event.version", "1"), code: CodeEnvUnknownField, sev: SeverityWarning, path: "event.version"},
	{name: "unknown audience field", schema: "MessageAlert", change: set("relevantAudience.stage", "live"), code: CodeEnvUnknownField, sev: SeverityWarning, path: "relevantAudience.stage"},
	{name: "timestamp without zone", schema: "WeatherAlert", change: set("timestamp", "2024-03-01T09:00:00"), code: CodeTSNoZone, sev: SeverityWarning, path: "timestamp", msg: "read as UTC"},
	{name: "timestamp naive utcnow strict", schema: "WeatherAlert", change: set("timestamp", "2024-03-01T09:00:00.123456"), opts: ValidateOptions{Strict: true}, code: CodeTSNoZone, sev: SeverityWarning, path: "timestamp", msg: `add "Z"`},
	{name: "timestamp bad zone", schema: "WeatherAlert", change: set("timestamp", "2024-03-01T09:00:00+0100"), code: CodeTSFormat, sev: SeverityError, path: "timestamp", msg: "zone"},
	{name: "timestamp as number", schema: "WeatherAlert", change: set("timestamp", json.Number("1709283600")), code: CodeTSFormat, sev: SeverityError, path: "timestamp", msg: "number"},
	{name: "timestamp skew", schema: "WeatherAlert", change: set("timestamp", "2024-03-01T08:50:00Z"), code: CodeTSSkew, sev: SeverityWarning, path: "timestamp", msg: "10m 0s before"},
	{name: "empty referenceId", schema: "WeatherAlert", change: set("referenceId", ""), code: CodeRefLength, sev: SeverityError, path: "referenceId", msg: "1 to 100"},
	{name: "long referenceId", schema: "WeatherAlert", change: set("referenceId", strings.Repeat("a", 101)), code: CodeRefLength, sev: SeverityError, path: "referenceId", msg: "101"},
	{name: "referenceId with dot", schema: "WeatherAlert", change: set("referenceId", "order.1"), code: CodeRefCharset, sev: SeverityError, path: "referenceId", msg: `'.'`},
	{name: "referenceId with underscore", schema: "WeatherAlert", change: set("referenceId", "order_1"), code: CodeRefCharset, sev: SeverityError, path: "referenceId"},
	{name: "referenceId with space", schema: "WeatherAlert", change: set("referenceId", "order 1"), code: CodeRefCharset, sev: SeverityError, path: "referenceId"},
	{name: "referenceId uuid", schema: "WeatherAlert", change: set("referenceId", "0b6f1c8e-5a4b-4a8e-9d3c-2f7e1a6b9c0d"), code: CodeRefHyphen, sev: SeverityWarning, path: "referenceId"},
	{name: "referenceId uuid strict", schema: "WeatherAlert", change: set("referenceId", "0b6f1c8e-5a4b"), opts: ValidateOptions{Strict: true}, code: CodeRefHyphen, sev: SeverityWarning, path: "referenceId"},
	{name: "expiry not a time", schema: "WeatherAlert", change: set("expiryTime", "tomorrow"), code: CodeExpFormat, sev: SeverityError, path: "expiryTime"},
	{name: "expiry too soon", schema: "WeatherAlert", change: set("expiryTime", "2024-03-01T09:04:59Z"), code: CodeExpTooSoon, sev: SeverityError, path: "expiryTime", msg: "4m 59s after"},
	{name: "expiry passed", schema: "WeatherAlert", change: set("expiryTime", "2024-02-27T08:00:00Z"), code: CodeExpInPast, sev: SeverityError, path: "expiryTime", msg: "already expired 3d 1h ago"},
	{name: "expiry exactly now", schema: "WeatherAlert", change: set("expiryTime", "2024-03-01T09:00:00Z"), code: CodeExpInPast, sev: SeverityError, path: "expiryTime", msg: "already expired"},
	{name: "expiry without zone", schema: "WeatherAlert", change: set("expiryTime", "2024-03-01T21:00:00.5"), opts: ValidateOptions{Strict: true}, code: CodeExpNoZone, sev: SeverityWarning, path: "expiryTime", msg: "read as UTC"},
	{name: "expiry too late", schema: "WeatherAlert", change: set("expiryTime", "2024-03-02T09:00:01Z"), code: CodeExpTooLate, sev: SeverityError, path: "expiryTime", msg: "24h 0m 1s after"},
	{name: "expiry too late in another zone", schema: "WeatherAlert", change: set("expiryTime", "2024-03-02T10:00:01+01:00"), code: CodeExpTooLate, sev: SeverityError, path: "expiryTime"},
	{name: "expiry vs timestamp", schema: "WeatherAlert", change: both(set("timestamp", "2024-03-01T08:58:00Z"), set("expiryTime", "2024-03-02T08:59:00Z")),
		code: CodeExpVsTimestamp, sev: SeverityWarning, path: "expiryTime", msg: "24h 1m after"},
	{name: "expiry vs timestamp strict", schema: "WeatherAlert", change: both(set("timestamp", "2024-03-01T08:58:00Z"), set("expiryTime", "2024-03-02T08:59:00Z")),
		opts: ValidateOptions{Strict: true}, code: CodeExpVsTimestamp, sev: SeverityError, path: "expiryTime"},
	// §6.2 event and audience
	{name: "event not an object", schema: "WeatherAlert", change: set("event", "AMAZON.WeatherAlert.Activated"), code: CodeEvtShape, sev: SeverityError, path: "event"},
	{name: "event name missing", schema: "WeatherAlert", change: both(del("event.name"), set("event.payload", map[string]any{})), code: CodeEvtShape, sev: SeverityError, path: "event.name", msg: "AMAZON.WeatherAlert.Activated"},
	{name: "event name as type", schema: "MessageAlert", change: both(del("event.name"), set("event.type", "AMAZON.MessageAlert.Activated")), code: CodeEvtShape, sev: SeverityError, path: "event.name", msg: `event.type holds AMAZON.MessageAlert.Activated`, fixed: true},
	{name: "event name missing, payload shape known", schema: "OrderStatus", change: del("event.name"), code: CodeEvtShape, sev: SeverityError, path: "event.name", msg: "looks like OrderStatus", fixed: true},
	{name: "event name a number", schema: "WeatherAlert", change: set("event.name", json.Number("1")), code: CodeEvtShape, sev: SeverityError, path: "event.name"},
	{name: "payload missing", schema: "WeatherAlert", change: del("event.payload"), code: CodeEvtShape, sev: SeverityError, path: "event.payload"},
	{name: "payload an array", schema: "WeatherAlert", change: set("event.payload", []any{}), code: CodeEvtShape, sev: SeverityError, path: "event.payload"},
	{name: "unknown event", schema: "WeatherAlert", change: set("event.name", "AMAZON.Weather.Alert"), code: CodeEvtUnknown, sev: SeverityError, path: "event.name", msg: "AMAZON.WeatherAlert.Activated"},
	{name: "event name wrong case", schema: "WeatherAlert", change: set("event.name", "amazon.weatheralert.activated"), code: CodeEvtUnknown, sev: SeverityError, path: "event.name", msg: "did you mean AMAZON.WeatherAlert.Activated"},
	{name: "not published", schema: "WeatherAlert", opts: ValidateOptions{Published: []string{"AMAZON.OrderStatus.Updated"}}, code: CodeEvtNotPublished, sev: SeverityError, path: "event.name", msg: "publications"},
	{name: "empty manifest publishes nothing", schema: "WeatherAlert", opts: ValidateOptions{Published: []string{}}, code: CodeEvtNotPublished, sev: SeverityError, path: "event.name"},
	{name: "audience type case", schema: "MessageAlert", change: set("relevantAudience.type", "unicast"), code: CodeAudType, sev: SeverityError, path: "relevantAudience.type", msg: `"Unicast"`},
	{name: "audience type missing", schema: "MessageAlert", change: del("relevantAudience.type"), code: CodeAudType, sev: SeverityError, path: "relevantAudience.type"},
	{name: "audience a string", schema: "MessageAlert", change: set("relevantAudience", "Multicast"), code: CodeAudType, sev: SeverityError, path: "relevantAudience"},
	{name: "multicast with user", schema: "WeatherAlert", change: set("relevantAudience.payload.user", "amzn1.ask.account.X"), code: CodeAudMulticastPayload, sev: SeverityError, path: "relevantAudience.payload"},
	{name: "multicast payload not object", schema: "WeatherAlert", change: set("relevantAudience.payload", "all"), code: CodeAudMulticastPayload, sev: SeverityError, path: "relevantAudience.payload"},
	{name: "multicast without payload", schema: "WeatherAlert", change: del("relevantAudience.payload"), code: CodeAudMulticastNoPayload, sev: SeverityWarning, path: "relevantAudience.payload", msg: "{}"},
	{name: "multicast null payload", schema: "WeatherAlert", change: set("relevantAudience.payload", nil), code: CodeAudMulticastNoPayload, sev: SeverityWarning, path: "relevantAudience.payload", msg: "send \"payload\": {}"},
	{name: "multicast without payload strict", schema: "WeatherAlert", change: del("relevantAudience.payload"), opts: ValidateOptions{Strict: true}, code: CodeAudMulticastNoPayload, sev: SeverityError, path: "relevantAudience.payload"},
	{name: "unicast empty user", schema: "MessageAlert", change: set("relevantAudience.payload.user", " "), code: CodeAudUnicastUser, sev: SeverityError, path: "relevantAudience.payload.user"},
	{name: "unicast no payload", schema: "MessageAlert", change: del("relevantAudience.payload"), code: CodeAudUnicastUser, sev: SeverityError, path: "relevantAudience.payload.user"},
	{name: "unicast odd user", schema: "MessageAlert", change: set("relevantAudience.payload.user", "user-42"), code: CodeAudUserFormat, sev: SeverityWarning, path: "relevantAudience.payload.user", msg: "amzn1.ask.account."},
	// §6.3 payload
	{name: "weather alertType missing", schema: "WeatherAlert", change: del("event.payload.weatherAlert.alertType"), code: CodePLMissing, sev: SeverityError, path: "event.payload.weatherAlert.alertType", msg: "TORNADO"},
	{name: "weather object missing", schema: "WeatherAlert", change: both(del("event.payload.weatherAlert"), set("localizedAttributes", []any{})), code: CodePLMissing, sev: SeverityError, path: "event.payload.weatherAlert"},
	{name: "sports update without team", schema: "SportsEvent", change: del("event.payload.update.teamName"), code: CodePLMissing, sev: SeverityError, path: "event.payload.update.teamName"},
	{name: "occasion broker without name", schema: "Occasion", change: set("event.payload.occasion.broker", map[string]any{}), code: CodePLMissing, sev: SeverityError, path: "event.payload.occasion.broker.name"},
	{name: "media provider without name", schema: "MediaContent", change: set("event.payload.availability.provider", map[string]any{}), code: CodePLMissing, sev: SeverityError, path: "event.payload.availability.provider.name"},
	{name: "score as string", schema: "SportsEvent", change: set("event.payload.sportsEvent.homeTeamStatistic.score", "1"), code: CodePLType, sev: SeverityError, path: "event.payload.sportsEvent.homeTeamStatistic.score", msg: `"1", a number in quotes (a JSON string); write 1 without quotes`},
	{name: "score fractional", schema: "SportsEvent", change: set("event.payload.sportsEvent.awayTeamStatistic.score", json.Number("1.5")), code: CodePLType, sev: SeverityError, path: "event.payload.sportsEvent.awayTeamStatistic.score", msg: "is 1.5, which has a fraction; it must be a whole number such as 2"},
	{name: "score fraction as string", schema: "SportsEvent", change: set("event.payload.sportsEvent.awayTeamStatistic.score", "1.5"), code: CodePLType, sev: SeverityError, path: "event.payload.sportsEvent.awayTeamStatistic.score", msg: `is "1.5", which has a fraction`},
	{name: "score too large", schema: "SportsEvent", change: set("event.payload.sportsEvent.awayTeamStatistic.score", json.Number("99999999999999999999")), code: CodePLType, sev: SeverityError, path: "event.payload.sportsEvent.awayTeamStatistic.score", msg: "is 99999999999999999999, which is too large; it must be a whole number up to 9223372036854775807"},
	{name: "score not a number", schema: "SportsEvent", change: set("event.payload.sportsEvent.awayTeamStatistic.score", "three"), code: CodePLType, sev: SeverityError, path: "event.payload.sportsEvent.awayTeamStatistic.score", msg: `is "three", which is not a number`},
	{name: "object as string", schema: "MessageAlert", change: set("event.payload.state", "UNREAD"), code: CodePLType, sev: SeverityError, path: "event.payload.state", msg: "object"},
	{name: "datetime without zone", schema: "Occasion", change: set("event.payload.occasion.bookingTime", "2024-03-04 15:30"), code: CodePLType, sev: SeverityError, path: "event.payload.occasion.bookingTime"},
	{name: "datetime as number", schema: "MediaContent", change: set("event.payload.availability.startTime", json.Number("5")), code: CodePLType, sev: SeverityError, path: "event.payload.availability.startTime"},
	{name: "enum as number", schema: "WeatherAlert", change: set("event.payload.weatherAlert.alertType", json.Number("1")), code: CodePLType, sev: SeverityError, path: "event.payload.weatherAlert.alertType"},
	{name: "string as bool", schema: "MessageAlert", change: set("event.payload.messageGroup.creator.name", true), code: CodePLType, sev: SeverityError, path: "event.payload.messageGroup.creator.name", msg: "boolean"},
	{name: "garbage types as string", schema: "TrashCollectionAlert", change: set("event.payload.alert.garbageTypes", "GLASS"), code: CodePLType, sev: SeverityError, path: "event.payload.alert.garbageTypes", msg: `["GLASS"]`},
	{name: "garbage item a number", schema: "TrashCollectionAlert", change: set("event.payload.alert.garbageTypes", []any{"GLASS", json.Number("2")}), code: CodePLType, sev: SeverityError, path: "event.payload.alert.garbageTypes[1]"},
	{name: "enum lower case", schema: "WeatherAlert", change: set("event.payload.weatherAlert.alertType", "tornado"), code: CodePLEnum, sev: SeverityError, path: "event.payload.weatherAlert.alertType", msg: "TORNADO in upper case"},
	{name: "occasion RECEIVED (V7)", schema: "Occasion", change: set("event.payload.state.confirmationStatus", "RECEIVED"), code: CodePLEnum, sev: SeverityError, path: "event.payload.state.confirmationStatus", msg: "CONFIRMED"},
	{name: "garbage item unknown", schema: "TrashCollectionAlert", change: set("event.payload.alert.garbageTypes", []any{"GLASS", "PAPER"}), code: CodePLEnum, sev: SeverityError, path: "event.payload.alert.garbageTypes[1]"},
	{name: "unknown payload field", schema: "WeatherAlert", change: set("event.payload.weatherAlert.severity", "HIGH"), code: CodePLUnknownField, sev: SeverityWarning, path: "event.payload.weatherAlert.severity", msg: "remove it"},
	{name: "unknown payload field strict", schema: "WeatherAlert", change: set("event.payload.weatherAlert.severity", "HIGH"), opts: ValidateOptions{Strict: true}, code: CodePLUnknownField, sev: SeverityError, path: "event.payload.weatherAlert.severity"},
	{name: "unknown top payload field", schema: "MessageAlert", change: set("event.payload.extra", map[string]any{"a": "b"}), code: CodePLUnknownField, sev: SeverityWarning, path: "event.payload.extra"},
	{name: "misspelt payload field", schema: "MessageAlert", change: both(del("event.payload.messageGroup.count"), set("event.payload.messageGroup.Count", json.Number("3"))), code: CodePLUnknownField, sev: SeverityWarning, path: "event.payload.messageGroup.Count", msg: "did you mean messageGroup.count"},
	{name: "empty inviter", schema: "SocialGameInvite", change: set("event.payload.invite.inviter.name", "  "), code: CodePLEmptyString, sev: SeverityWarning, path: "event.payload.invite.inviter.name"},
	{name: "negative count", schema: "MessageAlert", change: set("event.payload.messageGroup.count", json.Number("-1")), code: CodePLNegative, sev: SeverityWarning, path: "event.payload.messageGroup.count"},
	{name: "negative score earned", schema: "SportsEvent", change: set("event.payload.update.scoreEarned", json.Number("-2")), code: CodePLNegative, sev: SeverityWarning, path: "event.payload.update.scoreEarned"},
	{name: "no garbage types", schema: "TrashCollectionAlert", change: set("event.payload.alert.garbageTypes", []any{}), code: CodeTrashCount, sev: SeverityError, path: "event.payload.alert.garbageTypes", msg: "1 to 5"},
	{name: "six garbage types", schema: "TrashCollectionAlert", change: set("event.payload.alert.garbageTypes", []any{"GLASS", "CANS", "BULKY", "BOTTLES", "LANDFILL", "HAZARDOUS"}), code: CodeTrashCount, sev: SeverityError, path: "event.payload.alert.garbageTypes", msg: "6 items"},
	{name: "duplicate garbage type", schema: "TrashCollectionAlert", change: set("event.payload.alert.garbageTypes", []any{"GLASS", "CANS", "GLASS"}), code: CodeTrashDuplicate, sev: SeverityWarning, path: "event.payload.alert.garbageTypes[2]"},
	{name: "order in de-DE", schema: "OrderStatus", change: func(r *Request) { addEntry(r, map[string]any{"locale": "de-DE", "sellerName": "Nordwind Bücher"}) }, code: CodeLocaleUnsupported, sev: SeverityWarning, path: "localizedAttributes[1].locale", msg: "en-US only"},
	{name: "game invite in en-GB", schema: "SocialGameInvite", change: func(r *Request) { entry(r, 0)["locale"] = "en-GB" }, code: CodeLocaleUnsupported, sev: SeverityWarning, path: "localizedAttributes[0].locale"},
	{name: "weather without source", schema: "WeatherAlert", change: both(del("event.payload.weatherAlert.source"), set("localizedAttributes", []any{})), code: CodeWeatherNoSource, sev: SeverityWarning, path: "event.payload.weatherAlert.source"},
	{name: "weather without source strict", schema: "WeatherAlert", change: both(del("event.payload.weatherAlert.source"), set("localizedAttributes", []any{})), opts: ValidateOptions{Strict: true}, code: CodeWeatherNoSource, sev: SeverityError, path: "event.payload.weatherAlert.source"},
	// §6.4 localization
	{name: "reference on team name", schema: "SportsEvent", change: set("event.payload.sportsEvent.homeTeamStatistic.team.name", "localizedattribute:eventLeagueName"), code: CodeL10nNotAllowed, sev: SeverityError, path: "event.payload.sportsEvent.homeTeamStatistic.team.name"},
	{name: "reference on enum", schema: "WeatherAlert", change: set("event.payload.weatherAlert.alertType", "localizedattribute:source"), code: CodeL10nNotAllowed, sev: SeverityError, path: "event.payload.weatherAlert.alertType"},
	{name: "empty reference key", schema: "OrderStatus", change: set("event.payload.order.seller.name", "localizedattribute:"), code: CodeL10nBadRef, sev: SeverityError, path: "event.payload.order.seller.name", msg: "localizedattribute:sellerName"},
	{name: "entry not an object", schema: "WeatherAlert", change: func(r *Request) { addEntry(r, "fr-FR") }, code: CodeL10nEntryShape, sev: SeverityError, path: "localizedAttributes[2]"},
	{name: "entry without locale", schema: "WeatherAlert", change: func(r *Request) { delete(entry(r, 1), "locale") }, code: CodeL10nEntryShape, sev: SeverityError, path: "localizedAttributes[1].locale"},
	{name: "entry locale a number", schema: "WeatherAlert", change: func(r *Request) { entry(r, 1)["locale"] = json.Number("7") }, code: CodeL10nEntryShape, sev: SeverityError, path: "localizedAttributes[1].locale"},
	{name: "entry value a number", schema: "WeatherAlert", change: func(r *Request) { entry(r, 1)["source"] = json.Number("7") }, code: CodeL10nEntryShape, sev: SeverityError, path: "localizedAttributes[1].source"},
	{name: "localizedAttributes an object", schema: "WeatherAlert", change: set("localizedAttributes", map[string]any{"locale": "en-US"}), code: CodeL10nEntryShape, sev: SeverityError, path: "localizedAttributes"},
	{name: "locale with underscore", schema: "WeatherAlert", change: func(r *Request) { entry(r, 1)["locale"] = "de_DE" }, code: CodeL10nLocaleFormat, sev: SeverityError, path: "localizedAttributes[1].locale", msg: "en-US"},
	{name: "locale wrong case", schema: "WeatherAlert", change: func(r *Request) { entry(r, 0)["locale"] = "EN-us" }, code: CodeL10nLocaleFormat, sev: SeverityError, path: "localizedAttributes[0].locale"},
	{name: "duplicate locale", schema: "WeatherAlert", change: func(r *Request) { entry(r, 1)["locale"] = "en-US" }, code: CodeL10nDupLocale, sev: SeverityError, path: "localizedAttributes[1].locale", msg: "entries 0 and 1"},
	{name: "undefined key", schema: "OrderStatus", change: set("event.payload.order.seller.name", "localizedattribute:sellerNam"), code: CodeL10nUndefinedKey, sev: SeverityError, path: "event.payload.order.seller.name", msg: `"sellerNam"`},
	{name: "key missing in a locale", schema: "WeatherAlert", change: func(r *Request) { delete(entry(r, 1), "source") }, code: CodeL10nKeyMissingInLocale, sev: SeverityWarning, path: "localizedAttributes[1].source", msg: "de-DE"},
	{name: "key missing in a locale strict", schema: "MediaContent", change: func(r *Request) { delete(entry(r, 0), "contentName") }, opts: ValidateOptions{Strict: true}, code: CodeL10nKeyMissingInLocale, sev: SeverityError, path: "localizedAttributes[0].contentName"},
	{name: "unused key", schema: "WeatherAlert", change: func(r *Request) { entry(r, 0)["headline"] = "Storm" }, code: CodeL10nUnusedKey, sev: SeverityWarning, path: "localizedAttributes[0].headline"},
	{name: "references without entries", schema: "OrderStatus", change: set("localizedAttributes", []any{}), code: CodeL10nNoEntries, sev: SeverityError, path: "localizedAttributes", msg: `"sellerName"`},
	{name: "references without localizedAttributes", schema: "OrderStatus", change: del("localizedAttributes"), code: CodeL10nNoEntries, sev: SeverityError, path: "localizedAttributes"},
	// §9 variants with fixes
	{name: "V1 relationship under inviter", schema: "SocialGameInvite", change: moveCase("event.payload.invite.relationshipToInvitee", "event.payload.invite.inviter.relationshipToInvitee"),
		code: CodePLUnknownField, sev: SeverityWarning, path: "event.payload.invite.inviter.relationshipToInvitee", fixed: true},
	{name: "V1 missing canonical", schema: "SocialGameInvite", change: moveCase("event.payload.invite.relationshipToInvitee", "event.payload.invite.inviter.relationshipToInvitee"),
		code: CodePLMissing, sev: SeverityError, path: "event.payload.invite.relationshipToInvitee", fixed: true},
	{name: "V2 weather alert key", schema: "WeatherAlert", change: moveCase("event.payload.weatherAlert", "event.payload.alert"),
		code: CodePLUnknownField, sev: SeverityWarning, path: "event.payload.alert", fixed: true},
	{name: "V2 localizedattribute", schema: "WeatherAlert", change: moveCase("localizedAttributes", "localizedattribute"),
		code: CodeEnvUnknownField, sev: SeverityWarning, path: "localizedattribute", fixed: true},
	{name: "V2 localizedattribute missing", schema: "WeatherAlert", change: moveCase("localizedAttributes", "localizedattribute"),
		code: CodeEnvL10nMissing, sev: SeverityWarning, path: "localizedAttributes", fixed: true},
	{name: "V5 enterTimeStamp", schema: "OrderStatus", change: deliveredWith("state.enterTimeStamp"),
		code: CodePLUnknownField, sev: SeverityWarning, path: "event.payload.state.enterTimeStamp", fixed: true},
	{name: "V5 enterTimestamp in deliveryDetails", schema: "OrderStatus", change: deliveredWith("state.deliveryDetails.enterTimestamp"),
		code: CodePLUnknownField, sev: SeverityWarning, path: "event.payload.state.deliveryDetails.enterTimestamp", fixed: true},
	{name: "V6 ScoreEarned", schema: "SportsEvent", change: moveCase("event.payload.update.scoreEarned", "event.payload.update.ScoreEarned"),
		code: CodePLMissing, sev: SeverityError, path: "event.payload.update.scoreEarned", fixed: true},
	{name: "V6 garbageType", schema: "TrashCollectionAlert", change: both(del("event.payload.alert.garbageTypes"), set("event.payload.alert.garbageType", "GLASS")),
		code: CodePLUnknownField, sev: SeverityWarning, path: "event.payload.alert.garbageType", fixed: true},
}

func set(path string, v any) func(*Request) { return func(r *Request) { r.Set(path, v) } }
func del(path string) func(*Request)        { return func(r *Request) { r.Delete(path) } }
func both(fs ...func(*Request)) func(*Request) {
	return func(r *Request) {
		for _, f := range fs {
			f(r)
		}
	}
}

// moveCase moves a value to a variant position.
func moveCase(from, to string) func(*Request) {
	return func(r *Request) {
		v := r.Get(from)
		r.Delete(from)
		r.Set(to, v)
	}
}

// deliveredWith makes the golden order delivered, with its date at a variant path.
func deliveredWith(rel string) func(*Request) {
	return func(r *Request) {
		r.Set("event.payload.state.status", "ORDER_DELIVERED")
		r.Delete("event.payload.state.deliveryDetails.expectedArrival")
		r.Set("event.payload."+rel, "2024-02-29T16:00:00Z")
	}
}

func addEntry(r *Request, e any) {
	r.Set(FieldLocalizedAttributes, append(r.Get(FieldLocalizedAttributes).([]any), e))
}

func (c invalidCase) request(t *testing.T) *Request {
	t.Helper()
	if c.raw != "" {
		r, err := Decode([]byte(c.raw))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	r := golden(t, c.schema)
	if c.change != nil {
		c.change(r)
	}
	return r
}

func TestValidateFindings(t *testing.T) {
	for _, c := range invalidCases {
		t.Run(c.name, func(t *testing.T) {
			fs := Validate(c.request(t), testNow, c.opts)
			var got *Finding
			for i := range fs {
				if fs[i].Code == c.code && fs[i].Path == c.path {
					got = &fs[i]
					break
				}
			}
			if got == nil {
				t.Fatalf("no %s at %q; findings:\n%s", c.code, c.path, dump(fs))
			}
			if got.Severity != c.sev {
				t.Errorf("%s severity %s, want %s", c.code, got.Severity, c.sev)
			}
			if !strings.Contains(got.Message, c.msg) {
				t.Errorf("message %q lacks %q", got.Message, c.msg)
			}
			if got.Message == "" || !strings.HasSuffix(got.Message, ".") && !strings.HasSuffix(got.Message, "?") && !strings.HasSuffix(got.Message, ")") {
				t.Errorf("message %q is not a finished sentence", got.Message)
			}
			if (got.Fix != nil) != c.fixed {
				t.Errorf("fix = %+v, want a fix: %v", got.Fix, c.fixed)
			}
		})
	}
}

func dump(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.Code + " " + string(f.Severity) + " " + f.Path + ": " + f.Message + "\n")
	}
	return b.String()
}

// TestEveryCodeIsTested keeps the table complete: each request finding code
// of spec §6 and §9 V3 has at least one case.
func TestEveryCodeIsTested(t *testing.T) {
	tested := map[string]bool{}
	for _, c := range invalidCases {
		tested[c.code] = true
	}
	for _, info := range Codes() {
		if strings.HasPrefix(info.Code, "MAN_") || info.Code == CodeJSONSyntax {
			continue // manifest_test.go and the command line cover these
		}
		if !tested[info.Code] {
			t.Errorf("no invalid case for %s", info.Code)
		}
	}
}

func TestStrictPromotesFlaggedWarningsOnly(t *testing.T) {
	flagged := map[string]bool{
		CodeEnvUnknownField: true, CodeExpVsTimestamp: true, CodeAudMulticastNoPayload: true,
		CodePLUnknownField: true, CodeL10nKeyMissingInLocale: true, CodeWeatherNoSource: true,
	}
	for _, info := range Codes() {
		if info.Flagged != flagged[info.Code] {
			t.Errorf("%s flagged = %v, want %v", info.Code, info.Flagged, flagged[info.Code])
		}
	}
	// A request with every kind of warning: strict leaves only unflagged ones as warnings.
	r := golden(t, "WeatherAlert")
	r.Set("referenceId", "a-b")                          // REF_HYPHEN (never promoted)
	r.Set("timestamp", "2024-03-01T08:50:00Z")           // TS_SKEW (not flagged)
	r.Set("event.payload.weatherAlert.severity", "HIGH") // PL_UNKNOWN_FIELD
	r.Delete("relevantAudience.payload")                 // AUD_MULTICAST_NO_PAYLOAD
	delete(entry(r, 1), "source")                        // L10N_KEY_MISSING_IN_LOCALE
	normal := Validate(r, testNow, ValidateOptions{})
	strict := Validate(r, testNow, ValidateOptions{Strict: true})
	if len(normal) != len(strict) {
		t.Fatalf("strict changed the findings:\n%s---\n%s", dump(normal), dump(strict))
	}
	if HasErrors(normal) {
		t.Fatalf("only warnings expected:\n%s", dump(normal))
	}
	for i := range strict {
		want := SeverityWarning
		if flagged[strict[i].Code] {
			want = SeverityError
		}
		if strict[i].Severity != want {
			t.Errorf("strict %s = %s, want %s", strict[i].Code, strict[i].Severity, want)
		}
	}
	if len(findCode(strict, CodeRefHyphen)) != 1 || len(findCode(strict, CodeTSSkew)) != 1 {
		t.Errorf("expected REF_HYPHEN and TS_SKEW:\n%s", dump(strict))
	}
}

func TestFindingOrderFollowsPaths(t *testing.T) {
	r := golden(t, "Occasion")
	r.Set("zzz", true)
	r.Set("relevantAudience.type", "Everyone")
	entry(r, 1)["locale"] = "es_ES"
	r.Set("event.payload.occasion.provider.name", "")
	r.Set("event.payload.state.confirmationStatus", "RECEIVED")
	r.Set("event.payload.occasion.extra", "x")
	r.Set("event.payload.occasion.bookingTime", "soon")
	r.Delete("event.payload.occasion.occasionType")
	r.Set("expiryTime", "2024-03-01T09:01:00Z")
	r.Set("referenceId", "has space")
	r.Set("timestamp", "yesterday")
	want := []string{
		"timestamp TS_FORMAT",
		"referenceId REF_CHARSET",
		"expiryTime EXP_TOO_SOON",
		"event.payload.state.confirmationStatus PL_ENUM",
		"event.payload.occasion.occasionType PL_MISSING",
		"event.payload.occasion.provider.name PL_EMPTY_STRING",
		"event.payload.occasion.bookingTime PL_TYPE",
		"event.payload.occasion.extra PL_UNKNOWN_FIELD",
		"localizedAttributes[0].providerName L10N_UNUSED_KEY",
		"localizedAttributes[1].locale L10N_LOCALE_FORMAT",
		"localizedAttributes[1].providerName L10N_UNUSED_KEY",
		"relevantAudience.type AUD_TYPE",
		"zzz ENV_UNKNOWN_FIELD",
	}
	fs := Validate(r, testNow, ValidateOptions{})
	var got []string
	for _, f := range fs {
		got = append(got, f.Path+" "+f.Code)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings in order:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Same input, same output.
	again := Validate(r, testNow, ValidateOptions{})
	for i := range fs {
		if fs[i].Path != again[i].Path || fs[i].Code != again[i].Code || fs[i].Message != again[i].Message {
			t.Fatalf("order differs between runs at %d", i)
		}
	}
}

func TestUnknownEventSkipsPayloadChecks(t *testing.T) {
	r := golden(t, "WeatherAlert")
	r.Set("event.name", "AMAZON.Custom.Thing")
	fs := Validate(r, testNow, ValidateOptions{})
	if len(fs) != 1 || fs[0].Code != CodeEvtUnknown {
		t.Errorf("want only EVT_UNKNOWN:\n%s", dump(fs))
	}
}

func TestNilRequest(t *testing.T) {
	fs := Validate(nil, testNow, ValidateOptions{})
	if len(fs) != 1 || fs[0].Code != CodeEnvNotObject {
		t.Errorf("nil request: %+v", fs)
	}
}

func TestIntegralFloatCounts(t *testing.T) {
	r := golden(t, "MessageAlert")
	r.Set("event.payload.messageGroup.count", json.Number("3.0"))
	if fs := Validate(r, testNow, ValidateOptions{}); len(fs) != 0 {
		t.Errorf("3.0 is an integral number: %s", dump(fs))
	}
	r.Set("event.payload.messageGroup.count", 4) // a Go int set by a form
	if fs := Validate(r, testNow, ValidateOptions{}); len(fs) != 0 {
		t.Errorf("Go int: %s", dump(fs))
	}
}

func TestEmptyLocalizedValue(t *testing.T) {
	r := golden(t, "WeatherAlert")
	entry(r, 1)["source"] = " "
	fs := Validate(r, testNow, ValidateOptions{})
	if len(fs) != 1 || fs[0].Code != CodePLEmptyString || fs[0].Path != "localizedAttributes[1].source" || fs[0].Severity != SeverityWarning {
		t.Errorf("%s", dump(fs))
	}
}

func TestIsLocale(t *testing.T) {
	for s, want := range map[string]bool{
		"en-US": true, "de-DE": true, "pt-BR": true,
		"en_US": false, "EN-us": false, "en-us": false, "eng-US": false, "en-USA": false, "": false, "en-U1": false,
	} {
		if got := IsLocale(s); got != want {
			t.Errorf("IsLocale(%q) = %v, want %v", s, got, want)
		}
	}
}

// A finding names a distance truncated to the second, as the form's
// countdown does, never rounded up: 25h 59m 59.6s is not "26 hours"
// (issue 14 point 20a).
func TestExpiryMessageTruncates(t *testing.T) {
	now := testNow.Add(400 * time.Millisecond)
	req := golden(t, "WeatherAlert")
	req.Set("expiryTime", "2024-03-02T11:00:00Z")
	for _, f := range Validate(req, now, ValidateOptions{}) {
		if f.Code == CodeExpTooLate {
			if want := "is " + FormatDuration(25*time.Hour+59*time.Minute+59*time.Second) + " after"; !strings.Contains(f.Message, want) || !strings.Contains(want, "25h 59m 59s") {
				t.Fatalf("message %q lacks %q", f.Message, want)
			}
			return
		}
	}
	t.Fatal("no EXP_TOO_LATE")
}
