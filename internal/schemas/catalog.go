// Package schemas holds the catalog of the eight Alexa proactive-event schemas
// as data, the request representation, validation, utterance rendering and
// the helpers built on them. It is pure Go: no terminal, network or storage.
//
// The catalog in this file is the single table of fields and enums: the
// forms, the validator, the renderer and the sandbox all read it.
package schemas

import "strings"

// FieldType is the JSON type a payload field must have.
type FieldType int

// Field types of spec §4.
const (
	TypeObject   FieldType = iota // JSON object
	TypeString                    // JSON string
	TypeInt                       // JSON integral number
	TypeDateTime                  // ISO 8601 date-time string with a zone designator
	TypeEnum                      // one string from Field.Enum, exact case
	TypeEnumList                  // array of strings from Field.Enum
)

// String returns the spec's name of the type.
func (t FieldType) String() string {
	switch t {
	case TypeObject:
		return "object"
	case TypeString:
		return "string"
	case TypeInt:
		return "int"
	case TypeDateTime:
		return "datetime"
	case TypeEnum:
		return "enum"
	case TypeEnumList:
		return "enum[]"
	}
	return "unknown"
}

// Requirement says when a field must be present.
type Requirement int

// Requirements of spec §4 (✓, ✓*, –).
const (
	Required           Requirement = iota // always required (its parent is required too)
	RequiredWithParent                    // required when its optional parent object is present
	Optional                              // may be absent
)

// Condition limits a field to some values of an enum field of the same payload.
type Condition struct {
	Path   string   // payload-relative path of the enum field
	Values []string // the field applies when the enum holds one of these
}

// Field is one payload field of a schema.
type Field struct {
	Path         string      // payload-relative dotted path, e.g. "weatherAlert.alertType"
	Type         FieldType   // JSON type
	Req          Requirement // when it must be present
	Localizable  bool        // may hold a "localizedattribute:KEY" reference (spec §4 column L)
	LocalizedKey string      // the conventional attribute key for a localizable field
	Enum         []string    // allowed values for TypeEnum and TypeEnumList, exact spelling
	MinItems     int         // lower bound of items for TypeEnumList
	MaxItems     int         // upper bound of items for TypeEnumList
	Label        string      // short human label for forms
	Description  string      // one line saying what the field means
	Example      string      // sample value: text, digits, an enum value, a comma list, or a relative time such as "+48h"
	AppliesWhen  *Condition  // nil: always meaningful; else only for these enum values
	// Words overrides how enum values are spoken; a value absent here is spoken
	// lower-case with "_" as a space, and an empty word is not spoken at all.
	Words map[string]string
	// MissingCode, for an optional field, is the finding code of a ⚑ warning
	// reported when the field is absent (e.g. WEATHER_NO_SOURCE, spec §9 V3).
	MissingCode string
}

// Variant is a published misspelling or misplacement of a field (spec §9)
// that validation reports as an unknown field and offers to move.
type Variant struct {
	From string // payload-relative path of the variant spelling or position
	To   string // payload-relative canonical path
	Wrap bool   // wrap a lone value into a one-element array when moving it
	Note string // where the variant comes from, for the fix summary
}

// Parent returns the path of the field's parent object, or "" for a top-level field.
func (f *Field) Parent() string {
	if i := strings.LastIndexByte(f.Path, '.'); i >= 0 {
		return f.Path[:i]
	}
	return ""
}

// Name returns the last element of the field's path.
func (f *Field) Name() string { return f.Path[strings.LastIndexByte(f.Path, '.')+1:] }

// Template is one variant of a schema's sentence.
type Template struct {
	When string // the condition in words, "" when the template always applies
	Text string // the en-US template with {placeholders}
}

// Schema is one of the eight event schemas.
type Schema struct {
	Name        string     // event name, e.g. "AMAZON.WeatherAlert.Activated"
	Short       string     // the event type, e.g. "WeatherAlert"
	Description string     // what the event is for
	EnUSOnly    bool       // only the en-US locale is supported (spec §3)
	Fields      []Field    // every field, parents before their children
	Templates   []Template // the sentence variants of spec §5.2, most common first
	Variants    []Variant  // published variant spellings with an automatic fix (spec §9)
}

// Field returns the field at a payload-relative path, or nil.
func (s *Schema) Field(path string) *Field {
	for i := range s.Fields {
		if s.Fields[i].Path == path {
			return &s.Fields[i]
		}
	}
	return nil
}

// Children returns the fields whose parent is the given path ("" for top level).
func (s *Schema) Children(parent string) []*Field {
	var out []*Field
	for i := range s.Fields {
		if s.Fields[i].Parent() == parent {
			out = append(out, &s.Fields[i])
		}
	}
	return out
}

// LocalizableFields returns the fields that may hold a localized-attribute reference.
func (s *Schema) LocalizableFields() []*Field {
	var out []*Field
	for i := range s.Fields {
		if s.Fields[i].Localizable {
			out = append(out, &s.Fields[i])
		}
	}
	return out
}

// Lookup returns the schema with the exact event name, or nil.
func Lookup(name string) *Schema {
	for i := range catalog {
		if catalog[i].Name == name {
			return &catalog[i]
		}
	}
	return nil
}

// All returns the eight schemas in the order of spec §4. The slice is shared; do not modify it.
func All() []Schema { return catalog }

// Names returns the eight event names in catalog order.
func Names() []string {
	out := make([]string, len(catalog))
	for i := range catalog {
		out[i] = catalog[i].Name
	}
	return out
}

// EnUSOnlyLocale is the single locale that en-US-only schemas support.
const EnUSOnlyLocale = "en-US"

// Locales lists the Alexa locales offered by the locale editor.
var Locales = []string{
	"ar-SA", "de-DE", "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX", "es-US",
	"fr-CA", "fr-FR", "hi-IN", "it-IT", "ja-JP", "nl-NL", "pt-BR",
}

// Conventional localized-attribute keys (spec §3).
const (
	KeySource          = "source"
	KeyEventLeagueName = "eventLeagueName"
	KeySellerName      = "sellerName"
	KeySubject         = "subject"
	KeyProviderName    = "providerName"
	KeyBrokerName      = "brokerName"
	KeyContentName     = "contentName"
	KeyGameName        = "gameName"
)

var weekdays = []string{"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"}

var garbageTypes = []string{
	"BOTTLES", "BULKY", "BURNABLE", "CANS", "CLOTHING", "COMPOSTABLE", "CRUSHABLE", "GARDEN_WASTE",
	"GLASS", "HAZARDOUS", "HOME_APPLIANCES", "KITCHEN_WASTE", "LANDFILL", "PET_BOTTLES",
	"RECYCLABLE_PLASTICS", "WASTE_PAPER",
}

// catalog is the one table of spec §4.
var catalog = []Schema{
	{
		Name:        "AMAZON.WeatherAlert.Activated",
		Short:       "WeatherAlert",
		Description: "Weather alert for the customer's area",
		Fields: []Field{
			{Path: "weatherAlert", Type: TypeObject, Req: Required, Label: "Weather alert", Description: "the alert"},
			{Path: "weatherAlert.source", Type: TypeString, Req: Optional, Localizable: true, LocalizedKey: KeySource,
				Label: "Source", Description: "issuer of the alert (optional; spoken as \"Provided by …\")", Example: "Example Weather Corp",
				MissingCode: "WEATHER_NO_SOURCE"},
			{Path: "weatherAlert.alertType", Type: TypeEnum, Req: Required, Enum: []string{"TORNADO", "HURRICANE", "SNOW_STORM", "THUNDER_STORM"},
				Label: "Alert type", Description: "kind of weather alert", Example: "TORNADO"},
		},
		Templates: []Template{
			{When: "source present", Text: "There is a {alertType} alert for your area. Provided by {source}."},
			{When: "source absent", Text: "There is a {alertType} alert for your area."},
		},
		Variants: []Variant{
			{From: "alert", To: "weatherAlert", Note: "some published samples name the object alert"},
		},
	},
	{
		Name:        "AMAZON.SportsEvent.Updated",
		Short:       "SportsEvent",
		Description: "Sports score update",
		Fields: []Field{
			{Path: "update", Type: TypeObject, Req: Optional, Label: "Score update", Description: "present when a team just scored"},
			{Path: "update.scoreEarned", Type: TypeInt, Req: RequiredWithParent, Label: "Points scored", Description: "points just scored", Example: "1"},
			{Path: "update.teamName", Type: TypeString, Req: RequiredWithParent, Label: "Scoring team", Description: "team that scored", Example: "Apples"},
			{Path: "sportsEvent", Type: TypeObject, Req: Required, Label: "Sports event", Description: "the match"},
			{Path: "sportsEvent.eventLeague", Type: TypeObject, Req: Required, Label: "League", Description: "the league"},
			{Path: "sportsEvent.eventLeague.name", Type: TypeString, Req: Required, Localizable: true, LocalizedKey: KeyEventLeagueName,
				Label: "League name", Description: "league name", Example: "TreeFruit League"},
			{Path: "sportsEvent.homeTeamStatistic", Type: TypeObject, Req: Required, Label: "Home team", Description: "home team and score"},
			{Path: "sportsEvent.homeTeamStatistic.team", Type: TypeObject, Req: Required, Label: "Home team", Description: "home team"},
			{Path: "sportsEvent.homeTeamStatistic.team.name", Type: TypeString, Req: Required, Label: "Home team name", Description: "home team name", Example: "Oranges"},
			{Path: "sportsEvent.homeTeamStatistic.score", Type: TypeInt, Req: Required, Label: "Home score", Description: "home team score", Example: "1"},
			{Path: "sportsEvent.awayTeamStatistic", Type: TypeObject, Req: Required, Label: "Away team", Description: "away team and score"},
			{Path: "sportsEvent.awayTeamStatistic.team", Type: TypeObject, Req: Required, Label: "Away team", Description: "away team"},
			{Path: "sportsEvent.awayTeamStatistic.team.name", Type: TypeString, Req: Required, Label: "Away team name", Description: "away team name", Example: "Apples"},
			{Path: "sportsEvent.awayTeamStatistic.score", Type: TypeInt, Req: Required, Label: "Away score", Description: "away team score", Example: "2"},
		},
		Templates: []Template{
			{When: "update absent", Text: "{league} match update, {homeTeam} {homeScore}, {awayTeam} {awayScore}."},
			{When: "update present", Text: "{league} match update, {update.teamName} scored! {homeTeam} {homeScore}, {awayTeam} {awayScore}."},
		},
		Variants: []Variant{
			{From: "update.ScoreEarned", To: "update.scoreEarned", Note: "the capitalised spelling appears in some published samples"},
		},
	},
	{
		Name:        "AMAZON.MessageAlert.Activated",
		Short:       "MessageAlert",
		Description: "Reminder of unread or flagged messages",
		Fields: []Field{
			{Path: "state", Type: TypeObject, Req: Required, Label: "State", Description: "message state"},
			{Path: "state.status", Type: TypeEnum, Req: Required, Enum: []string{"UNREAD", "FLAGGED"}, Label: "Status", Description: "status of the messages", Example: "UNREAD",
				Words: map[string]string{"UNREAD": ""}},
			{Path: "state.freshness", Type: TypeEnum, Req: Optional, Enum: []string{"NEW", "OVERDUE"}, Label: "Freshness", Description: "new or overdue (optional)", Example: "NEW"},
			{Path: "messageGroup", Type: TypeObject, Req: Required, Label: "Message group", Description: "the messages"},
			{Path: "messageGroup.creator", Type: TypeObject, Req: Required, Label: "Sender", Description: "sender"},
			{Path: "messageGroup.creator.name", Type: TypeString, Req: Required, Label: "Sender name", Description: "sender", Example: "Jane Doe"},
			{Path: "messageGroup.count", Type: TypeInt, Req: Required, Label: "Count", Description: "number of messages", Example: "3"},
			{Path: "messageGroup.urgency", Type: TypeEnum, Req: Optional, Enum: []string{"URGENT"}, Label: "Urgency", Description: "urgent (optional)"},
		},
		Templates: []Template{
			{Text: "You have {count}[ {freshness}][ {status}][ {urgency}] {message|messages} from {creator}."},
		},
	},
	{
		Name:        "AMAZON.OrderStatus.Updated",
		Short:       "OrderStatus",
		Description: "Order status update (en-US only)",
		EnUSOnly:    true,
		Fields: []Field{
			{Path: "state", Type: TypeObject, Req: Required, Label: "State", Description: "order state"},
			{Path: "state.status", Type: TypeEnum, Req: Required,
				Enum:  []string{"PREORDER_RECEIVED", "ORDER_RECEIVED", "ORDER_PREPARING", "ORDER_SHIPPED", "ORDER_OUT_FOR_DELIVERY", "ORDER_DELIVERED"},
				Label: "Status", Description: "status the order entered", Example: "ORDER_SHIPPED"},
			{Path: "state.enterTimestamp", Type: TypeDateTime, Req: Optional, Label: "Entered status at",
				Description: "when the order entered this status (spoken as \"delivered on …\")", Example: "-2h",
				AppliesWhen: &Condition{Path: "state.status", Values: []string{"ORDER_DELIVERED"}}},
			{Path: "state.deliveryDetails", Type: TypeObject, Req: Optional, Label: "Delivery details", Description: "expected arrival",
				AppliesWhen: &Condition{Path: "state.status", Values: []string{"ORDER_SHIPPED", "ORDER_OUT_FOR_DELIVERY"}}},
			{Path: "state.deliveryDetails.expectedArrival", Type: TypeDateTime, Req: Optional, Label: "Expected arrival",
				Description: "spoken as \"will arrive by …\"", Example: "+72h",
				AppliesWhen: &Condition{Path: "state.status", Values: []string{"ORDER_SHIPPED", "ORDER_OUT_FOR_DELIVERY"}}},
			{Path: "order", Type: TypeObject, Req: Required, Label: "Order", Description: "the order"},
			{Path: "order.seller", Type: TypeObject, Req: Required, Label: "Seller", Description: "seller"},
			{Path: "order.seller.name", Type: TypeString, Req: Required, Localizable: true, LocalizedKey: KeySellerName,
				Label: "Seller name", Description: "seller or company", Example: "Northwind Books"},
		},
		Templates: []Template{
			{When: "PREORDER_RECEIVED", Text: "Your preorder from {seller} has been received."},
			{When: "ORDER_RECEIVED", Text: "Your order from {seller} has been received."},
			{When: "ORDER_PREPARING", Text: "Your order from {seller} is being prepared."},
			{When: "ORDER_SHIPPED with expectedArrival", Text: "Your order from {seller} has been shipped and will arrive by {date(expectedArrival)}."},
			{When: "ORDER_SHIPPED without a date", Text: "Your order from {seller} has been shipped."},
			{When: "ORDER_OUT_FOR_DELIVERY with expectedArrival", Text: "Your order from {seller} is out for delivery and will arrive by {date(expectedArrival)}."},
			{When: "ORDER_OUT_FOR_DELIVERY without a date", Text: "Your order from {seller} is out for delivery."},
			{When: "ORDER_DELIVERED with enterTimestamp", Text: "Your order from {seller} was delivered on {date(enterTimestamp)}."},
			{When: "ORDER_DELIVERED without a date", Text: "Your order from {seller} has been delivered."},
		},
		Variants: []Variant{
			{From: "state.enterTimeStamp", To: "state.enterTimestamp", Note: "the enterTimeStamp spelling appears in some published samples"},
			{From: "state.deliveryDetails.enterTimestamp", To: "state.enterTimestamp", Note: "some published samples put it inside deliveryDetails"},
		},
	},
	{
		Name:        "AMAZON.Occasion.Updated",
		Short:       "Occasion",
		Description: "Reservation or appointment update",
		Fields: []Field{
			{Path: "state", Type: TypeObject, Req: Required, Label: "State", Description: "booking state"},
			{Path: "state.confirmationStatus", Type: TypeEnum, Req: Required,
				Enum:  []string{"CONFIRMED", "CANCELED", "RESCHEDULED", "REQUESTED", "CREATED", "UPDATED"},
				Label: "Status", Description: "confirmation status", Example: "CONFIRMED"},
			{Path: "occasion", Type: TypeObject, Req: Required, Label: "Occasion", Description: "the booking"},
			{Path: "occasion.occasionType", Type: TypeEnum, Req: Required,
				Enum:  []string{"RESERVATION_REQUEST", "RESERVATION", "APPOINTMENT_REQUEST", "APPOINTMENT"},
				Label: "Occasion type", Description: "kind of booking", Example: "APPOINTMENT"},
			{Path: "occasion.subject", Type: TypeString, Req: Required, Localizable: true, LocalizedKey: KeySubject,
				Label: "Subject", Description: "what the booking is for", Example: "a root canal"},
			{Path: "occasion.provider", Type: TypeObject, Req: Required, Label: "Provider", Description: "business"},
			{Path: "occasion.provider.name", Type: TypeString, Req: Required, Localizable: true, LocalizedKey: KeyProviderName,
				Label: "Provider name", Description: "business where it happens", Example: "Dental XYZ"},
			{Path: "occasion.bookingTime", Type: TypeDateTime, Req: Required, Label: "Booking time", Description: "time of the booking", Example: "+72h"},
			{Path: "occasion.broker", Type: TypeObject, Req: Optional, Label: "Broker", Description: "booking intermediary (not spoken)"},
			{Path: "occasion.broker.name", Type: TypeString, Req: RequiredWithParent, Localizable: true, LocalizedKey: KeyBrokerName,
				Label: "Broker name", Description: "booking intermediary", Example: "Booking Hub"},
		},
		Templates: []Template{
			{Text: "Your {occasionType} at {provider} for {subject} on {date(bookingTime)} has been {status}."},
		},
	},
	{
		Name:        "AMAZON.TrashCollectionAlert.Activated",
		Short:       "TrashCollectionAlert",
		Description: "Trash collection day reminder",
		Fields: []Field{
			{Path: "alert", Type: TypeObject, Req: Required, Label: "Alert", Description: "the collection"},
			{Path: "alert.garbageTypes", Type: TypeEnumList, Req: Required, Enum: garbageTypes, MinItems: 1, MaxItems: 5,
				Label: "Garbage types", Description: "1 to 5 kinds of garbage collected", Example: "GLASS"},
			{Path: "alert.collectionDayOfWeek", Type: TypeEnum, Req: Required, Enum: weekdays,
				Label: "Collection day", Description: "day of the collection", Example: "TUESDAY"},
		},
		Templates: []Template{
			{When: "default style", Text: "This coming {Day} is {garbageList} collection day."},
			{When: "alternative style", Text: "The coming {Day} is {garbageList} garbage collection day."},
		},
		Variants: []Variant{
			{From: "alert.garbageType", To: "alert.garbageTypes", Wrap: true, Note: "the singular spelling appears in some published samples"},
		},
	},
	{
		Name:        "AMAZON.MediaContent.Available",
		Short:       "MediaContent",
		Description: "Media content becomes available",
		Fields: []Field{
			{Path: "availability", Type: TypeObject, Req: Required, Label: "Availability", Description: "when and how"},
			{Path: "availability.startTime", Type: TypeDateTime, Req: Required, Label: "Start time", Description: "when the content becomes available", Example: "+26h"},
			{Path: "availability.provider", Type: TypeObject, Req: Optional, Label: "Provider", Description: "channel or service (optional)"},
			{Path: "availability.provider.name", Type: TypeString, Req: RequiredWithParent, Localizable: true, LocalizedKey: KeyProviderName,
				Label: "Provider name", Description: "channel or service", Example: "Lumen TV"},
			{Path: "availability.method", Type: TypeEnum, Req: Required, Enum: []string{"STREAM", "AIR", "RELEASE", "PREMIERE", "DROP"},
				Label: "Method", Description: "how it becomes available", Example: "PREMIERE"},
			{Path: "content", Type: TypeObject, Req: Required, Label: "Content", Description: "the content"},
			{Path: "content.name", Type: TypeString, Req: Required, Localizable: true, LocalizedKey: KeyContentName,
				Label: "Title", Description: "title", Example: "The Long Orbit"},
			{Path: "content.contentType", Type: TypeEnum, Req: Required, Enum: []string{"BOOK", "EPISODE", "ALBUM", "SINGLE", "MOVIE", "GAME"},
				Label: "Content type", Description: "kind of content", Example: "EPISODE"},
		},
		Templates: []Template{
			{When: "provider present", Text: "{content} will {method} on {date(startTime)} at {time(startTime)} on {provider}."},
			{When: "provider absent", Text: "{content} will {method} on {date(startTime)} at {time(startTime)}."},
		},
	},
	{
		Name:        "AMAZON.SocialGameInvite.Available",
		Short:       "SocialGameInvite",
		Description: "Game invitation between users (en-US only)",
		EnUSOnly:    true,
		Fields: []Field{
			{Path: "invite", Type: TypeObject, Req: Required, Label: "Invite", Description: "the invitation"},
			{Path: "invite.inviter", Type: TypeObject, Req: Required, Label: "Inviter", Description: "inviting player"},
			{Path: "invite.inviter.name", Type: TypeString, Req: Required, Label: "Inviter name", Description: "inviting player", Example: "Max"},
			{Path: "invite.relationshipToInvitee", Type: TypeEnum, Req: Required, Enum: []string{"FRIEND", "CONTACT"},
				Label: "Relationship", Description: "inviter's relation to the invitee", Example: "FRIEND"},
			{Path: "invite.inviteType", Type: TypeEnum, Req: Required, Enum: []string{"CHALLENGE", "INVITE"},
				Label: "Invite type", Description: "challenge or invite", Example: "CHALLENGE",
				Words: map[string]string{"CHALLENGE": "challenged", "INVITE": "invited"}},
			{Path: "game", Type: TypeObject, Req: Required, Label: "Game", Description: "the game"},
			{Path: "game.offer", Type: TypeEnum, Req: Required, Enum: []string{"MATCH", "REMATCH", "GAME"},
				Label: "Offer", Description: "what is offered", Example: "MATCH"},
			{Path: "game.name", Type: TypeString, Req: Required, Localizable: true, LocalizedKey: KeyGameName,
				Label: "Game name", Description: "game title", Example: "Word Blitz"},
		},
		Templates: []Template{
			{Text: "Your {friend|contact} {inviter} has {challenged|invited} you to a {match|rematch|game} of {game}."},
		},
		Variants: []Variant{
			{From: "invite.inviter.relationshipToInvitee", To: "invite.relationshipToInvitee", Note: "some published samples put it inside inviter"},
		},
	},
}
