package draft

import (
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

func TestEqualComparesContent(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	s := schemas.Lookup("AMAZON.WeatherAlert.Activated")
	if s == nil {
		t.Fatal("no WeatherAlert schema")
	}
	a := NewDraft(s, now)
	b := a.Clone()
	if !Equal(a, b) {
		t.Fatal("a clone differs")
	}
	path := ""
	for p := range b.Values {
		path = p
		break
	}
	old := b.Values[path]
	b.SetText(path, old+"x")
	if Equal(a, b) {
		t.Fatalf("a changed %s counts as equal", path)
	}
	b.SetText(path, old)
	if !Equal(a, b) {
		t.Fatal("typing a letter and deleting it again counts as a change")
	}
	b.Present["x"] = false
	if !Equal(a, b) {
		t.Fatal("a switch recorded off counts as a change")
	}
	b.ReferenceID = "other"
	if Equal(a, b) {
		t.Fatal("another reference id counts as equal")
	}
}

func TestHasPlaceholder(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	d := NewDraft(schemas.Lookup("AMAZON.WeatherAlert.Activated"), now)
	if d.HasPlaceholder() {
		t.Fatal("a sample draft has no placeholder")
	}
	d.Localized["en-US"]["source"] = "{{user:home}}"
	if !d.HasPlaceholder() {
		t.Fatal("a localized value's placeholder is found")
	}
}
