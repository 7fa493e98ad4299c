package ui

import (
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// errorCount reads "N error(s)" from s; 0 when s names no error.
func errorCount(t *testing.T, s string, re *regexp.Regexp) int {
	t.Helper()
	m := re.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	n, err := strconv.Atoi(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDraftSendDecidesOnTheFindingsOnScreen: the draft's expiry sits
// exactly 5 minutes after the whole second the screen judges at, while the
// clock reads 0.6 s later. Judged at the unrounded clock, the expiry is too
// soon; judged as the status line judges it, it is not. Whether ctrl+s
// asks "send anyway?", the count that question gives and whether the send
// is refused must all be the status line's judgement.
func TestDraftSendDecidesOnTheFindingsOnScreen(t *testing.T) {
	statusErrors := regexp.MustCompile(`(\d+) errors?\b`)
	dialogErrors := regexp.MustCompile(`(\d+) errors? in the draft`)
	for _, tc := range []struct {
		name    string
		mut     func(r *schemas.Request)
		wantErr int // the errors the status line shows
	}{
		{name: "valid on screen", wantErr: 0},
		{name: "one error on screen", wantErr: 1, mut: func(r *schemas.Request) {
			r.Set("event.payload.weatherAlert.alertType", "BLIZZARD") // PL_ENUM
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var whole time.Time
			m, rig := newSendModel(t, 120, 40, func(o *Options, rig *sendRig) {
				whole = rig.clock.Now()
				body := eventJSON(t, whole, func(r *schemas.Request) {
					r.Set(schemas.FieldExpiryTime, schemas.FormatTime(whole.Add(5*time.Minute)))
					if tc.mut != nil {
						tc.mut(r)
					}
				})
				o.FileName, o.FileData = "boundary.json", body
				rig.clock.Advance(600 * time.Millisecond)
				o.Sender.Now = rig.clock.Now // one clock for the screen and the sender
			})
			if !m.dv.Now.Equal(whole) {
				t.Fatalf("the draft was derived at %v, want the whole second %v", m.dv.Now, whole)
			}
			status := ansi.Strip(m.statusView())
			onScreen := errorCount(t, status, statusErrors)
			if onScreen != tc.wantErr || m.dv.Errors != tc.wantErr {
				t.Fatalf("status line %q (dv %d errors), want %d errors", status, m.dv.Errors, tc.wantErr)
			}
			if fs, _, _ := m.sender.Check(m.sendBody(), m.target); errorsIn(fs) == onScreen {
				t.Fatal("the clock no longer sits at a boundary where the unrounded clock judges otherwise; the test proves nothing")
			}

			m = press(t, m, "ctrl+s")
			asked := topIs[*dialogs.Confirm](m) && topOf[*dialogs.Confirm](m).ID() == dialogs.IDSendAnyway
			if asked != (onScreen > 0) {
				t.Fatalf("send anyway asked: %v, but the status line shows %q:\n%s", asked, status, screen(m))
			}
			if asked {
				if n := errorCount(t, screen(m), dialogErrors); n != onScreen {
					t.Fatalf("the dialog counts %d errors, the status line %d:\n%s", n, onScreen, screen(m))
				}
				m = press(t, m, "y")
			}
			rejectScreen(t, m, "Not sent")
			recs := records(t, rig.store)
			if len(recs) != 1 {
				t.Fatalf("%d records, want the one send:\n%s", len(recs), screen(m))
			}
			rec, err := rig.store.Get(t.Context(), recs[0].ID)
			if err != nil {
				t.Fatal(err)
			}
			if n := errorsIn(rec.Findings); n != onScreen {
				t.Fatalf("history records %d errors at send time, the status line showed %d: %+v", n, onScreen, rec.Findings)
			}
		})
	}
}

// errorsIn counts the error findings.
func errorsIn(fs []schemas.Finding) int {
	n, _ := draft.Count(fs)
	return n
}
