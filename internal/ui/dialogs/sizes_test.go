package dialogs

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// TestDialogsFitAndSurviveTinySizes: every dialog draws within the width it
// is given (from 30 columns up) and does not panic down to 1×1, in both
// style sets.
func TestDialogsFitAndSurviveTinySizes(t *testing.T) {
	tg := liveTarget(t, "eu-live")
	for _, st := range []Styles{DefaultStyles(true), PlainStyles()} {
		for _, size := range [][2]int{{1, 1}, {5, 3}, {20, 6}, {30, 12}, {50, 20}, {120, 40}} {
			w, h := size[0], size[1]
			views := map[string]func() string{
				"confirm": func() string {
					c := NewSendAnyway([]schemas.Finding{errFinding(1), errFinding(2)})
					c.SetStyles(st)
					c.SetSize(w, h)
					return c.View()
				},
				"typed": func() string {
					d := NewLiveConfirm(tg, "AMAZON.WeatherAlert.Activated", "")
					d.SetStyles(st)
					d.SetSize(w, h)
					d.Focus()
					return d.View()
				},
				"target": func() string {
					p := NewTargetPicker(tg)
					p.SetStyles(st)
					p.SetSize(w, h)
					return p.View()
				},
				"credential": func() string {
					c := NewCredential(CredentialOptions{})
					c.SetStyles(st)
					c.SetSize(w, h)
					c.Focus()
					c, _ = c.Update(uitest.Key("enter")) // field errors make it tall
					return c.View()
				},
				"profiles": func() string {
					p := NewProfilePicker(ProfilePickerOptions{})
					p.SetStyles(st)
					p.SetSize(w, h)
					return p.View()
				},
			}
			for name, view := range views {
				v := view()
				if w < 30 {
					continue // too narrow for the smallest box: only "no panic" is asked
				}
				lines := strings.Split(v, "\n")
				if len(lines) > h {
					t.Errorf("%s at %dx%d: %d lines", name, w, h, len(lines))
				}
				for _, l := range lines {
					if n := ansi.StringWidth(l); n > w {
						t.Errorf("%s at %dx%d: a line is %d wide:\n%s", name, w, h, n, ansi.Strip(v))
						break
					}
				}
			}
		}
	}
}
