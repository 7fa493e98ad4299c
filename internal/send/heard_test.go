package send

import (
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/alexa"
)

// TestSilenceChecklistFitsAudienceAndStage: Multicast says plainly that 202
// does not mean anyone is subscribed; Unicast names the subscription for
// this stage and region, a region mismatch and a known missing
// subscription; development adds the test-account item, live does not;
// the sandbox and URL targets get no checklist.
func TestSilenceChecklistFitsAudienceAndStage(t *testing.T) {
	naDev, _ := alexa.ParseTarget("na-dev")
	euLive, _ := alexa.ParseTarget("eu-live")
	sb, _ := alexa.ParseTarget("sandbox")
	url, _ := alexa.ParseTarget("http://127.0.0.1:8787")
	joined := func(c SilenceContext) string { return strings.Join(SilenceChecklist(c), "\n") }

	multi := joined(SilenceContext{Target: naDev, EventName: "AMAZON.WeatherAlert.Activated", Multicast: true})
	for _, w := range []string{"202 does not mean anyone is subscribed", "AMAZON.WeatherAlert.Activated notifications on the development stage in North America (NA)",
		"Do Not Disturb", "light ring", "Alexa, read my notifications", "re-enabling a skill turns them off", "test accounts"} {
		if !strings.Contains(multi, w) {
			t.Errorf("multicast lacks %q:\n%s", w, multi)
		}
	}
	uni := joined(SilenceContext{Target: euLive, EventName: "AMAZON.Occasion.Updated", UserRegion: "NA",
		UserEvents: []string{"AMAZON.WeatherAlert.Activated"}, UserEventsKnown: true})
	for _, w := range []string{"subscribed to AMAZON.Occasion.Updated on the live stage in Europe (EU)", "re-enabled", "the user lives in NA but this went to EU",
		"lists AMAZON.WeatherAlert.Activated, not AMAZON.Occasion.Updated"} {
		if !strings.Contains(uni, w) {
			t.Errorf("unicast lacks %q:\n%s", w, uni)
		}
	}
	if strings.Contains(uni, "202 does not mean") || strings.Contains(uni, "test accounts") {
		t.Errorf("unicast live has multicast or development items:\n%s", uni)
	}
	if SilenceChecklist(SilenceContext{Target: sb}) != nil || SilenceChecklist(SilenceContext{Target: url}) != nil {
		t.Error("a checklist for a target without devices")
	}
}
