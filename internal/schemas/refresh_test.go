package schemas

import (
	"testing"
	"time"
)

func TestNewReferenceID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id := NewReferenceID()
		if len(id) != 23 || id[:3] != "pe~" {
			t.Fatalf("id %q", id)
		}
		for _, c := range id {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '~') {
				t.Fatalf("id %q has %q", id, c)
			}
		}
		if seen[id] {
			t.Fatalf("duplicate id %q", id)
		}
		seen[id] = true
	}
	// The id passes validation with no finding at all.
	r := golden(t, "WeatherAlert")
	r.Set(FieldReferenceID, NewReferenceID())
	if fs := Validate(r, testNow, ValidateOptions{Strict: true}); len(fs) != 0 {
		t.Error(dump(fs))
	}
}

func TestRefresh(t *testing.T) {
	r := golden(t, "OrderStatus")
	r.Set(FieldExpiryTime, "2024-03-01T12:30:00.5+01:00") // 2h30m0.5s after the timestamp
	before := string(r.Encode())
	later := time.Date(2024, 6, 7, 10, 11, 12, 900_000_000, time.FixedZone("", 7200))
	out := Refresh(r, later)
	if string(r.Encode()) != before {
		t.Error("Refresh changed its input")
	}
	if got := out.String(FieldTimestamp); got != "2024-06-07T08:11:12Z" {
		t.Errorf("timestamp %s", got)
	}
	if got := out.String(FieldExpiryTime); got != "2024-06-07T10:41:12Z" {
		t.Errorf("expiryTime %s", got)
	}
	if id := out.String(FieldReferenceID); id == r.String(FieldReferenceID) || id[:3] != "pe~" {
		t.Errorf("referenceId %s", id)
	}
	if out.Get("event.payload.order.seller.name") != "localizedattribute:sellerName" {
		t.Error("payload not kept")
	}
	if fs := Validate(out, later, ValidateOptions{Strict: true}); len(fs) != 0 {
		t.Errorf("refreshed request: %s", dump(fs))
	}
	// An unmeasurable expiry distance becomes 23 hours.
	r.Set(FieldExpiryTime, "tomorrow")
	if got := Refresh(r, testNow).String(FieldExpiryTime); got != "2024-03-02T08:00:00Z" {
		t.Errorf("default expiry %s", got)
	}
	r.Delete(FieldTimestamp)
	r.Set(FieldExpiryTime, "2024-03-01T10:00:00Z")
	if got := Refresh(r, testNow).String(FieldExpiryTime); got != "2024-03-02T08:00:00Z" {
		t.Errorf("no timestamp: %s", got)
	}
	if got := Refresh(nil, testNow); got.String(FieldTimestamp) != "2024-03-01T09:00:00Z" {
		t.Errorf("nil: %s", got.Encode())
	}
}
