package export

import (
	"slices"
	"testing"

	"github.com/pe-tui/pe-tui/internal/alexa"
)

// TestChecksSharedByCommandAndDialog: placeholders are named once each and
// sorted; a custom URL target is refused, a region/stage or the sandbox not.
func TestChecksSharedByCommandAndDialog(t *testing.T) {
	got := Placeholders([]byte(`{"a":"{{ref}}","b":"x {{who}} {{ref}}","c":"{{now+1h}}"}`))
	if want := []string{"{{now+1h}}", "{{ref}}", "{{who}}"}; !slices.Equal(got, want) {
		t.Errorf("Placeholders = %q, want %q", got, want)
	}
	if got := Placeholders([]byte(`{"a":"plain"}`)); got != nil {
		t.Errorf("a plain body has placeholders %q", got)
	}
	for name, ok := range map[string]bool{"na-dev": true, "sandbox": true, "http://127.0.0.1:8787": false} {
		tg, err := alexa.ParseTarget(name)
		if err != nil {
			t.Fatal(err)
		}
		if (CheckTarget(tg) == nil) != ok {
			t.Errorf("CheckTarget(%s) = %v", name, CheckTarget(tg))
		}
	}
}
