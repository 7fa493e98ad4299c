package ui

import (
	"bytes"
	"context"
	"testing"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/ui/dialogs"
)

// TestResendAsNewSendsTheBodyThatWasChecked: "resend as new" refreshes the
// record once; the body the user was asked about ("Send anyway?") is the
// body that goes out and is recorded, not a second refresh with another
// referenceId.
func TestResendAsNewSendsTheBodyThatWasChecked(t *testing.T) {
	m, rig := newSendModel(t, 120, 40, nil)
	now := rig.clock.Now()
	body := eventJSON(t, now, func(r *schemas.Request) {
		r.Set("event.payload.weatherAlert.alertType", "BLIZZARD") // PL_ENUM: stays an error after a refresh
	})
	req, err := schemas.Decode(body)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.openRequest(req); err != nil {
		t.Fatal(err)
	}
	m = press(t, m, "ctrl+s", "y")
	first := records(t, rig.store)
	if len(first) != 1 || first[0].Status != 400 {
		t.Fatalf("the forced first send: %+v", first)
	}

	m = press(t, m, "f2", "n")
	if !topIs[*dialogs.Confirm](m) || m.queued == nil || m.queued.body == nil {
		t.Fatalf("resending an event with errors must ask first:\n%s", screen(m))
	}
	checked := append([]byte(nil), m.queued.body...)
	m = press(t, m, "y")
	recs := records(t, rig.store)
	if len(recs) != 2 {
		t.Fatalf("%d records after the resend, want 2", len(recs))
	}
	rec, err := rig.store.Get(context.Background(), recs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.OriginID != first[0].ID {
		t.Fatalf("resend origin %d, want %d", rec.OriginID, first[0].ID)
	}
	if !bytes.Equal(rec.Request, checked) {
		t.Fatalf("the resend sent another body than the one checked:\nchecked %s\nsent    %s", checked, rec.Request)
	}
	if rec.ReferenceID == first[0].ReferenceID {
		t.Fatal("resend as new needs a fresh referenceId")
	}
	requireScreen(t, m, "Resent: 400")
}
