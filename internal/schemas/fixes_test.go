package schemas

import (
	"bytes"
	"reflect"
	"testing"
)

// TestFixesRestoreTheGolden moves a golden field to its published variant
// position, applies the offered fix and expects the golden back, byte for byte.
func TestFixesRestoreTheGolden(t *testing.T) {
	cases := []struct {
		schema, canonical, variant string
	}{
		{"SocialGameInvite", "event.payload.invite.relationshipToInvitee", "event.payload.invite.inviter.relationshipToInvitee"}, // V1
		{"WeatherAlert", "event.payload.weatherAlert", "event.payload.alert"},                                                    // V2
		{"WeatherAlert", "localizedAttributes", "localizedattribute"},                                                            // V2
		{"SportsEvent", "event.payload.update.scoreEarned", "event.payload.update.ScoreEarned"},                                  // V6
	}
	for _, c := range cases {
		t.Run(c.variant, func(t *testing.T) {
			want := golden(t, c.schema)
			r := golden(t, c.schema)
			moveCase(c.canonical, c.variant)(r)
			before := r.Encode()
			fs := Validate(r, testNow, ValidateOptions{})
			var fix *Fix
			for _, f := range fs {
				if f.Fix != nil {
					fix = f.Fix
					break
				}
			}
			if fix == nil {
				t.Fatalf("no fix offered:\n%s", dump(fs))
			}
			fixed := ApplyFix(r, fix)
			if !bytes.Equal(fixed.Encode(), want.Encode()) {
				t.Errorf("fixed request differs from the golden:\n%s", fixed.Encode())
			}
			if !bytes.Equal(r.Encode(), before) {
				t.Error("ApplyFix changed its input")
			}
			if again := ApplyFix(fixed, fix); !bytes.Equal(again.Encode(), fixed.Encode()) {
				t.Error("applying the fix twice changed the request again")
			}
			if all := ApplyAllFixes(r, fs); !bytes.Equal(all.Encode(), want.Encode()) {
				t.Errorf("ApplyAllFixes: %s", all.Encode())
			}
		})
	}
}

func TestFixEnterTimestampVariants(t *testing.T) {
	for _, variant := range []string{"state.enterTimeStamp", "state.deliveryDetails.enterTimestamp"} {
		t.Run(variant, func(t *testing.T) {
			r := golden(t, "OrderStatus")
			deliveredWith(variant)(r)
			fs := Validate(r, testNow, ValidateOptions{})
			if len(fs) != 1 || fs[0].Fix == nil {
				t.Fatalf("want one finding with a fix:\n%s", dump(fs))
			}
			if want := "move " + variant + " to state.enterTimestamp"; fs[0].Fix.Summary[:len(want)] != want {
				t.Errorf("summary %q", fs[0].Fix.Summary)
			}
			fixed := ApplyFix(r, fs[0].Fix)
			if got := fixed.Get("event.payload.state.enterTimestamp"); got != "2024-02-29T16:00:00Z" {
				t.Errorf("enterTimestamp = %v", got)
			}
			if fs := Validate(fixed, testNow, ValidateOptions{Strict: true}); len(fs) != 0 {
				t.Errorf("fixed request still has findings:\n%s", dump(fs))
			}
			u, err := Render(fixed, "en-US", RenderOptions{})
			if err != nil || u.Text != "Your order from Northwind Books was delivered on February 29, 2024." {
				t.Errorf("render after fix: %q, %v", u.Text, err)
			}
		})
	}
}

func TestFixGarbageTypeWrapsString(t *testing.T) {
	r := golden(t, "TrashCollectionAlert")
	r.Delete("event.payload.alert.garbageTypes")
	r.Set("event.payload.alert.garbageType", "GLASS")
	fs := Validate(r, testNow, ValidateOptions{})
	missing := findCode(fs, CodePLMissing)
	unknown := findCode(fs, CodePLUnknownField)
	if len(missing) != 1 || len(unknown) != 1 || missing[0].Fix == nil || !reflect.DeepEqual(missing[0].Fix, unknown[0].Fix) {
		t.Fatalf("want PL_MISSING and PL_UNKNOWN_FIELD with the same fix:\n%s", dump(fs))
	}
	if !unknown[0].Fix.Moves[0].Wrap {
		t.Error("the garbageType move does not wrap")
	}
	fixed := ApplyFix(r, unknown[0].Fix)
	if got := fixed.Get("event.payload.alert.garbageTypes"); !reflect.DeepEqual(got, []any{"GLASS"}) {
		t.Errorf("garbageTypes = %#v", got)
	}
	if fs := Validate(fixed, testNow, ValidateOptions{Strict: true}); len(fs) != 0 {
		t.Errorf("%s", dump(fs))
	}
	// A list under the variant name is moved as it is.
	r.Set("event.payload.alert.garbageType", []any{"CANS", "GLASS"})
	fixed = ApplyFix(r, unknown[0].Fix)
	if got := fixed.Get("event.payload.alert.garbageTypes"); !reflect.DeepEqual(got, []any{"CANS", "GLASS"}) {
		t.Errorf("garbageTypes = %#v", got)
	}
}

func TestNoFixWhenCanonicalPresent(t *testing.T) {
	r := golden(t, "SocialGameInvite")
	r.Set("event.payload.invite.inviter.relationshipToInvitee", "CONTACT")
	fs := Validate(r, testNow, ValidateOptions{})
	if len(fs) != 1 || fs[0].Code != CodePLUnknownField || fs[0].Fix != nil {
		t.Errorf("both positions set: want a plain unknown-field warning:\n%s", dump(fs))
	}
	// A fix never overwrites an existing value.
	fix := &Fix{Moves: []Move{{From: "event.payload.invite.inviter.relationshipToInvitee", To: "event.payload.invite.relationshipToInvitee"}}}
	if got := ApplyFix(r, fix).Get("event.payload.invite.relationshipToInvitee"); got != "FRIEND" {
		t.Errorf("fix overwrote the canonical value: %v", got)
	}
	if ApplyFix(nil, nil) == nil {
		t.Error("ApplyFix(nil, nil) returned nil")
	}
}
