package users

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const (
	naUser = "amzn1.ask.account.AFNA7QXLKQ3UZ5TDKPZ6VTOB3ZQBYJ4X6MFRUPXWQ2W3KXH7NAUSER"
	euUser = "amzn1.ask.account.AGEU2BERLINUSERZ7Q4M3XK5JH2L9P0RS6TVWYZ"
	skill  = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func catchOne(t *testing.T, text []byte) Caught {
	t.Helper()
	got, err := Catch(text)
	if err != nil {
		t.Fatalf("Catch: %v", err)
	}
	if len(got) != 1 {
		t.Fatalf("Catch found %d users, want 1: %+v", len(got), got)
	}
	return got[0]
}

// TestCatchRealisticRequests: every shape a developer has (a LaunchRequest
// envelope in NA, an IntentRequest in EU, a CloudWatch text log line and a
// CloudWatch JSON log event with the request as an escaped string, and §11
// events with and without body) gives the user, region, locale and skill.
func TestCatchRealisticRequests(t *testing.T) {
	cases := []struct {
		file, user, region, locale, typ string
		events                          []string
		known                           bool
	}{
		{"launch_na.json", naUser, "NA", "en-US", "LaunchRequest", nil, false},
		{"intent_eu.json", euUser, "EU", "de-DE", "IntentRequest", nil, false},
		{"cloudwatch.log", euUser, "EU", "de-DE", "IntentRequest", nil, false},
		{"cloudwatch_json.log", naUser, "NA", "en-US", "LaunchRequest", nil, false},
		{"subscription_changed.json", euUser, "EU", "de-DE", SubscriptionChangedType,
			[]string{"AMAZON.MessageAlert.Activated", "AMAZON.WeatherAlert.Activated"}, true},
		{"subscription_changed_nobody.json", euUser, "EU", "", SubscriptionChangedType, []string{}, true},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got := catchOne(t, fixture(t, c.file))
			if got.UserID != c.user || got.Region != c.region || got.Locale != c.locale || got.RequestType != c.typ || got.SkillID != skill {
				t.Fatalf("got %+v", got)
			}
			if got.EventsKnown != c.known || (c.known && !slices.Equal(got.Events, c.events)) {
				t.Fatalf("events %v known %v, want %v %v", got.Events, got.EventsKnown, c.events, c.known)
			}
		})
	}
}

func TestRegionOf(t *testing.T) {
	for in, want := range map[string]string{
		"https://api.amazonalexa.com":              "NA",
		"https://api.eu.amazonalexa.com":           "EU",
		"https://API.FE.amazonalexa.com/":          "FE",
		"http://127.0.0.1:8787":                    "",
		"https://api.amazonalexa.com.evil.example": "",
		"": "",
	} {
		if got := RegionOf(in); got != want {
			t.Errorf("RegionOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCatchBadInput: each clumsy input gets its own clear error.
func TestCatchBadInput(t *testing.T) {
	whole := string(fixture(t, "cloudwatch.log"))
	cases := []struct {
		name, text string
		want       error
		says       string
	}{
		{"no user", `{"version":"1.0","request":{"type":"LaunchRequest"}}`, ErrNoUser, "context.System.user.userId"},
		{"empty", "", ErrNoUser, "paste a skill request"},
		{"truncated log line", whole[:len(whole)/2], ErrTruncated, "cut short"},
		{"wrong shape", `{"context":{"System":{"user":{"userId":"amzn1.ask.account.<script>"}}}}`, ErrUserIDShape, "amzn1.ask.account."},
		{"not a user id", `{"context":{"System":{"user":{"userId":"my-test-user"}}}}`, ErrUserIDShape, "letters, digits"},
		{"huge", strings.Repeat("{", MaxInput+1), nil, "at most"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Catch([]byte(c.text))
			if err == nil || (c.want != nil && !errors.Is(err, c.want)) || !strings.Contains(err.Error(), c.says) {
				t.Fatalf("err = %v, want %v saying %q", err, c.want, c.says)
			}
		})
	}
}

// TestCatchSeveralUsers: two requests of two users are both reported (the
// caller chooses); the same user twice is one entry, the newest winning.
func TestCatchSeveralUsers(t *testing.T) {
	text := append(append(fixture(t, "launch_na.json"), '\n'), fixture(t, "intent_eu.json")...)
	got, err := Catch(text)
	if err != nil || len(got) != 2 || got[0].UserID != naUser || got[1].UserID != euUser {
		t.Fatalf("got %+v, %v", got, err)
	}
	// Out of order: the older "nobody" event after the newer subscribe.
	text = append(append(fixture(t, "subscription_changed.json"), '\n'), fixture(t, "subscription_changed_nobody.json")...)
	old := strings.Replace(string(text), "2026-12-04T20:05:00Z", "2026-12-04T19:00:00Z", 1)
	c := catchOne(t, []byte(old))
	if len(c.Events) != 2 {
		t.Fatalf("an older event overrode a newer one: %+v", c)
	}
	c = catchOne(t, text)
	if len(c.Events) != 0 || !c.EventsKnown {
		t.Fatalf("the newest (unsubscribe all) should win: %+v", c)
	}
}

func TestCheckSkill(t *testing.T) {
	c := catchOne(t, fixture(t, "launch_na.json"))
	if err := CheckSkill(c, ""); err != nil {
		t.Fatal(err)
	}
	if err := CheckSkill(c, skill); err != nil {
		t.Fatal(err)
	}
	err := CheckSkill(c, "amzn1.ask.skill.OTHER")
	if !errors.Is(err, ErrWrongSkill) || !strings.Contains(err.Error(), "amzn1.ask.skill.OTHER") {
		t.Fatalf("err = %v", err)
	}
}

// TestCatchBoundedOnHostileText: text made of many '{' and nested JSON
// strings finishes (attempts are bounded).
func TestCatchBoundedOnHostileText(t *testing.T) {
	text := strings.Repeat(`{"a":"{\"userId\":`, 40000)
	if _, err := Catch([]byte(text)); !errors.Is(err, ErrTruncated) {
		t.Fatalf("err = %v", err)
	}
}

func FuzzCatch(f *testing.F) {
	for _, n := range []string{"launch_na.json", "cloudwatch.log", "subscription_changed_nobody.json"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n))
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := Catch(b)
		if err == nil {
			for _, c := range got {
				if CheckUserID(c.UserID) != nil {
					t.Fatalf("accepted a bad id %q", c.UserID)
				}
			}
		}
	})
}
