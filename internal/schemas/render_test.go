package schemas

import (
	"strings"
	"testing"
	"time"
)

// event builds a request around a payload given as JSON.
func event(t testing.TB, name, payload, l10n string) *Request {
	t.Helper()
	if l10n == "" {
		l10n = "[]"
	}
	body := `{"timestamp":"2024-03-01T09:00:00Z","referenceId":"r1","expiryTime":"2024-03-01T21:00:00Z",
	"event":{"name":"` + name + `","payload":` + payload + `},"localizedAttributes":` + l10n + `,
	"relevantAudience":{"type":"Multicast","payload":{}}}`
	r, err := Decode([]byte(body))
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return r
}

const (
	nWeather = "AMAZON.WeatherAlert.Activated"
	nSports  = "AMAZON.SportsEvent.Updated"
	nMessage = "AMAZON.MessageAlert.Activated"
	nOrder   = "AMAZON.OrderStatus.Updated"
	nOcc     = "AMAZON.Occasion.Updated"
	nTrash   = "AMAZON.TrashCollectionAlert.Activated"
	nMedia   = "AMAZON.MediaContent.Available"
	nGame    = "AMAZON.SocialGameInvite.Available"
)

func order(status, extra string) string {
	return `{"state":{"status":"` + status + `"` + extra + `},"order":{"seller":{"name":"Amazon"}}}`
}

const sports = `"sportsEvent":{"eventLeague":{"name":"TreeFruit League"},"homeTeamStatistic":{"team":{"name":"Oranges"},"score":1},"awayTeamStatistic":{"team":{"name":"Apples"},"score":2}}`

// TestPublishedExamples renders the acceptance vectors of spec §5.3 byte for byte.
func TestPublishedExamples(t *testing.T) {
	cases := []struct{ name, payload, want string }{
		{nWeather, `{"weatherAlert":{"source":"Example Weather Corp","alertType":"TORNADO"}}`,
			"There is a tornado alert for your area. Provided by Example Weather Corp."},
		{nSports, `{` + sports + `}`, "TreeFruit League match update, Oranges 1, Apples 2."},
		{nMessage, `{"state":{"status":"UNREAD","freshness":"NEW"},"messageGroup":{"creator":{"name":"Jane Doe"},"count":3}}`,
			"You have three new messages from Jane Doe."},
		{nMessage, `{"state":{"status":"UNREAD","freshness":"NEW"},"messageGroup":{"creator":{"name":"Jane Doe"},"count":3,"urgency":"URGENT"}}`,
			"You have three new urgent messages from Jane Doe."},
		{nOrder, order("PREORDER_RECEIVED", ""), "Your preorder from Amazon has been received."},
		{nOrder, order("ORDER_RECEIVED", ""), "Your order from Amazon has been received."},
		{nOrder, order("ORDER_PREPARING", ""), "Your order from Amazon is being prepared."},
		{nOrder, order("ORDER_SHIPPED", `,"deliveryDetails":{"expectedArrival":"2019-05-18T00:00:00Z"}`),
			"Your order from Amazon has been shipped and will arrive by May 18, 2019."},
		{nOrder, order("ORDER_OUT_FOR_DELIVERY", `,"deliveryDetails":{"expectedArrival":"2019-05-20T00:00:00Z"}`),
			"Your order from Amazon is out for delivery and will arrive by May 20, 2019."},
		{nOrder, order("ORDER_DELIVERED", `,"enterTimestamp":"2019-05-02T00:00:00Z"`), "Your order from Amazon was delivered on May 2, 2019."},
		{nOrder, order("ORDER_DELIVERED", ""), "Your order from Amazon has been delivered."},
		{nOcc, `{"state":{"confirmationStatus":"CONFIRMED"},"occasion":{"occasionType":"APPOINTMENT","subject":"a root canal","provider":{"name":"Dental XYZ"},"bookingTime":"2019-05-10T10:00:00Z"}}`,
			"Your appointment at Dental XYZ for a root canal on May 10, 2019 has been confirmed."},
		{nTrash, `{"alert":{"garbageTypes":["GLASS"],"collectionDayOfWeek":"TUESDAY"}}`, "This coming Tuesday is glass collection day."},
	}
	for _, c := range cases {
		t.Run(c.want, func(t *testing.T) {
			r := event(t, c.name, c.payload, "")
			u, err := Render(r, "en-US", RenderOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if u.Text != c.want {
				t.Errorf("got  %q\nwant %q", u.Text, c.want)
			}
			if u.Approximate || u.Fallback || u.Locale != "en-US" {
				t.Errorf("flags: %+v", u)
			}
		})
	}
}

// TestTemplateVariants covers every template of the catalog and the §5.1 rules.
func TestTemplateVariants(t *testing.T) {
	cases := []struct {
		label, name, payload string
		opts                 RenderOptions
		want                 string
	}{
		{"weather without source", nWeather, `{"weatherAlert":{"alertType":"SNOW_STORM"}}`, RenderOptions{}, "There is a snow storm alert for your area."},
		{"weather blank source", nWeather, `{"weatherAlert":{"alertType":"THUNDER_STORM","source":" "}}`, RenderOptions{}, "There is a thunder storm alert for your area."},
		{"sports with update", nSports, `{"update":{"scoreEarned":1,"teamName":"Apples"},` + sports + `}`, RenderOptions{},
			"TreeFruit League match update, Apples scored! Oranges 1, Apples 2."},
		{"one message", nMessage, `{"state":{"status":"UNREAD"},"messageGroup":{"creator":{"name":"Max"},"count":1}}`, RenderOptions{}, "You have one message from Max."},
		{"zero messages", nMessage, `{"state":{"status":"UNREAD"},"messageGroup":{"creator":{"name":"Max"},"count":0}}`, RenderOptions{}, "You have zero messages from Max."},
		{"flagged overdue urgent", nMessage, `{"state":{"status":"FLAGGED","freshness":"OVERDUE"},"messageGroup":{"creator":{"name":"Max"},"count":21,"urgency":"URGENT"}}`, RenderOptions{},
			"You have twenty-one overdue flagged urgent messages from Max."},
		{"flagged only", nMessage, `{"state":{"status":"FLAGGED"},"messageGroup":{"creator":{"name":"Max"},"count":99}}`, RenderOptions{}, "You have ninety-nine flagged messages from Max."},
		{"hundred messages", nMessage, `{"state":{"status":"UNREAD"},"messageGroup":{"creator":{"name":"Max"},"count":100}}`, RenderOptions{}, "You have 100 messages from Max."},
		{"shipped without date", nOrder, order("ORDER_SHIPPED", ""), RenderOptions{}, "Your order from Amazon has been shipped."},
		{"out for delivery without date", nOrder, order("ORDER_OUT_FOR_DELIVERY", ""), RenderOptions{}, "Your order from Amazon is out for delivery."},
		{"occasion reservation request", nOcc, `{"state":{"confirmationStatus":"RESCHEDULED"},"occasion":{"occasionType":"RESERVATION_REQUEST","subject":"dinner for two","provider":{"name":"Luigi's"},"bookingTime":"2024-12-31T19:00:00-05:00","broker":{"name":"TableNow"}}}`, RenderOptions{},
			"Your reservation request at Luigi's for dinner for two on January 1, 2025 has been rescheduled."},
		{"trash two types", nTrash, `{"alert":{"garbageTypes":["PET_BOTTLES","CANS"],"collectionDayOfWeek":"MONDAY"}}`, RenderOptions{}, "This coming Monday is pet bottles and cans collection day."},
		{"trash three types", nTrash, `{"alert":{"garbageTypes":["GLASS","WASTE_PAPER","HOME_APPLIANCES"],"collectionDayOfWeek":"SUNDAY"}}`, RenderOptions{}, "This coming Sunday is glass, waste paper and home appliances collection day."},
		{"trash alternative", nTrash, `{"alert":{"garbageTypes":["GLASS"],"collectionDayOfWeek":"TUESDAY"}}`, RenderOptions{TrashStyle: TrashAlternative}, "The coming Tuesday is glass garbage collection day."},
		{"media with provider", nMedia, `{"availability":{"startTime":"2024-03-02T20:00:00Z","provider":{"name":"Lumen TV"},"method":"PREMIERE"},"content":{"name":"The Long Orbit","contentType":"EPISODE"}}`, RenderOptions{},
			"The Long Orbit will premiere on March 2, 2024 at 8:00 PM on Lumen TV."},
		{"media without provider", nMedia, `{"availability":{"startTime":"2024-03-02T09:05:00Z","method":"STREAM"},"content":{"name":"Night Drive","contentType":"ALBUM"}}`, RenderOptions{},
			"Night Drive will stream on March 2, 2024 at 9:05 AM."},
		{"media at midnight and noon", nMedia, `{"availability":{"startTime":"2024-03-02T00:30:00Z","method":"DROP"},"content":{"name":"X","contentType":"SINGLE"}}`, RenderOptions{},
			"X will drop on March 2, 2024 at 12:30 AM."},
		{"game challenge", nGame, `{"invite":{"relationshipToInvitee":"FRIEND","inviter":{"name":"Max"},"inviteType":"CHALLENGE"},"game":{"offer":"MATCH","name":"Word Blitz"}}`, RenderOptions{},
			"Your friend Max has challenged you to a match of Word Blitz."},
		{"game invite", nGame, `{"invite":{"relationshipToInvitee":"CONTACT","inviter":{"name":"Ana"},"inviteType":"INVITE"},"game":{"offer":"REMATCH","name":"Chess"}}`, RenderOptions{},
			"Your contact Ana has invited you to a rematch of Chess."},
		{"game offer game", nGame, `{"invite":{"relationshipToInvitee":"CONTACT","inviter":{"name":"Ana"},"inviteType":"INVITE"},"game":{"offer":"GAME","name":"Chess"}}`, RenderOptions{},
			"Your contact Ana has invited you to a game of Chess."},
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			u, err := Render(event(t, c.name, c.payload, ""), "en-US", c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if u.Text != c.want {
				t.Errorf("got  %q\nwant %q", u.Text, c.want)
			}
		})
	}
}

func TestRenderTimeZone(t *testing.T) {
	r := event(t, nMedia, `{"availability":{"startTime":"2024-03-02T02:15:00Z","method":"AIR"},"content":{"name":"News","contentType":"EPISODE"}}`, "")
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		ny = time.FixedZone("EST", -5*3600)
	}
	u, err := Render(r, "en-US", RenderOptions{TimeZone: ny})
	if err != nil {
		t.Fatal(err)
	}
	if want := "News will air on March 1, 2024 at 9:15 PM."; u.Text != want {
		t.Errorf("New York: %q, want %q", u.Text, want)
	}
	tokyo := time.FixedZone("JST", 9*3600)
	u, _ = Render(r, "en-US", RenderOptions{TimeZone: tokyo})
	if want := "News will air on March 2, 2024 at 11:15 AM."; u.Text != want {
		t.Errorf("Tokyo: %q, want %q", u.Text, want)
	}
	// An offset in the value itself does not change the spoken zone.
	r.Set("event.payload.availability.startTime", "2024-03-01T21:15:00-05:00")
	u, _ = Render(r, "en-US", RenderOptions{})
	if want := "News will air on March 2, 2024 at 2:15 AM."; u.Text != want {
		t.Errorf("UTC: %q, want %q", u.Text, want)
	}
}

func TestRenderLocalizedAttributes(t *testing.T) {
	r := golden(t, "MediaContent")
	cases := []struct {
		locale, want        string
		approximate, fallbk bool
	}{
		{"en-US", "The Long Orbit will premiere on March 2, 2024 at 8:00 PM on Lumen TV.", false, false},
		{"fr-FR", "La Longue Orbite will premiere on March 2, 2024 at 8:00 PM on Lumen TV France.", true, false},
		{"en-GB", "The Long Orbit will premiere on March 2, 2024 at 8:00 PM on Lumen TV.", false, true},
		{"ja-JP", "The Long Orbit will premiere on March 2, 2024 at 8:00 PM on Lumen TV.", true, true},
		{"", "The Long Orbit will premiere on March 2, 2024 at 8:00 PM on Lumen TV.", false, false},
	}
	for _, c := range cases {
		u, err := Render(r, c.locale, RenderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if u.Text != c.want || u.Approximate != c.approximate || u.Fallback != c.fallbk {
			t.Errorf("%q: %+v, want %q approximate=%v fallback=%v", c.locale, u, c.want, c.approximate, c.fallbk)
		}
	}
	// A key missing in the preview locale falls back to the first entry that has it.
	delete(entry(r, 1), "contentName")
	u, _ := Render(r, "fr-FR", RenderOptions{})
	if u.Text != "The Long Orbit will premiere on March 2, 2024 at 8:00 PM on Lumen TV France." || !u.Fallback {
		t.Errorf("partial fallback: %+v", u)
	}
	// Fallback takes the first entry in order, not en-US.
	r2 := golden(t, "WeatherAlert")
	r2.Set(FieldLocalizedAttributes, []any{entry(r2, 1), entry(r2, 0)})
	u, _ = Render(r2, "it-IT", RenderOptions{})
	if !strings.Contains(u.Text, "Beispiel Wetterdienst") || !u.Fallback || !u.Approximate {
		t.Errorf("fallback order: %+v", u)
	}
	if DefaultLocale(r2) != "de-DE" {
		t.Errorf("DefaultLocale = %s", DefaultLocale(r2))
	}
}

func TestDefaultLocale(t *testing.T) {
	if got := DefaultLocale(golden(t, "MessageAlert")); got != "en-US" {
		t.Errorf("no entries: %s", got)
	}
	r := golden(t, "WeatherAlert")
	r.Set(FieldLocalizedAttributes, []any{"junk", map[string]any{"source": "x"}, map[string]any{"locale": "fr-CA", "source": "y"}})
	if got := DefaultLocale(r); got != "fr-CA" {
		t.Errorf("skips malformed entries: %s", got)
	}
	if got := DefaultLocale(nil); got != "en-US" {
		t.Errorf("nil: %s", got)
	}
}

func TestRenderErrors(t *testing.T) {
	cases := []struct {
		label string
		r     *Request
		want  string
	}{
		{"not an object", &Request{Root: []any{}}, "not a JSON object"},
		{"no name", event(t, "", `{}`, ""), "unknown event name"},
		{"unknown name", event(t, "AMAZON.Nope", `{}`, ""), `"AMAZON.Nope"`},
		{"payload missing", func() *Request { r := golden(t, "WeatherAlert"); r.Delete("event.payload"); return r }(), "event.payload is missing"},
		{"required value missing", event(t, nWeather, `{"weatherAlert":{}}`, ""), "event.payload.weatherAlert.alertType is missing"},
		{"count not a number", event(t, nMessage, `{"state":{"status":"UNREAD"},"messageGroup":{"creator":{"name":"M"},"count":"3"}}`, ""), "messageGroup.count must be a whole number"},
		{"undefined key", event(t, nOrder, `{"state":{"status":"ORDER_RECEIVED"},"order":{"seller":{"name":"localizedattribute:sellerName"}}}`, ""), `"sellerName"`},
		{"empty key", event(t, nOrder, `{"state":{"status":"ORDER_RECEIVED"},"order":{"seller":{"name":"localizedattribute:"}}}`, ""), "empty localized-attribute key"},
		{"unknown status", event(t, nOrder, order("ORDER_LOST", ""), ""), `"ORDER_LOST"`},
		{"bad date", event(t, nOrder, order("ORDER_DELIVERED", `,"enterTimestamp":"May 2"`), ""), "enterTimestamp"},
		{"garbage not a list", event(t, nTrash, `{"alert":{"garbageTypes":"GLASS","collectionDayOfWeek":"MONDAY"}}`, ""), "garbageTypes must be a list"},
		{"name a number", event(t, nGame, `{"invite":{"relationshipToInvitee":"FRIEND","inviter":{"name":7},"inviteType":"INVITE"},"game":{"offer":"GAME","name":"Chess"}}`, ""), "inviter.name must be a string"},
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			_, err := Render(c.r, "en-US", RenderOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want it to contain %q", err, c.want)
			}
		})
	}
	u, err := Render(nil, "de-DE", RenderOptions{})
	if err == nil || u.Locale != "de-DE" {
		t.Errorf("nil request: %+v %v", u, err)
	}
}
