package formpane

import "testing"

// TestPickerTypeAhead: letters typed in a row find a label by its start
// ("es" finds es-ES), and a repeated first letter goes on to the next.
func TestPickerTypeAhead(t *testing.T) {
	opts := []string{"de-DE", "en-AU", "en-GB", "es-ES", "es-MX", "fr-FR"}
	p := newPicker(pickLocale, "x", opts, nil, "")
	p.jump("e")
	p.jump("s")
	if got := p.current(); got != "es-ES" {
		t.Fatalf("es found %q", got)
	}
	p.move(1)   // es-MX; a move ends the typing
	p.jump("e") // the current label starts with e: it stays
	if got := p.current(); got != "es-MX" {
		t.Fatalf("e after a move found %q", got)
	}
	p.jump("e") // "ee" matches nothing: the next label starting with e
	if got := p.current(); got != "en-AU" {
		t.Fatalf("e e found %q", got)
	}
}
