package alexa

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// TestTokenOfAnotherSkill sends, through the client and the real sandbox over
// loopback, a Unicast event with skill A's credentials to a user who enabled
// only skill B: 403 "No enablement", not retried, explained in plain words.
func TestTokenOfAnotherSkill(t *testing.T) {
	const userB = "amzn1.ask.account.USER_B"
	e := newEnv(t, sandbox.Config{
		SkillID: "amzn1.ask.skill.A",
		OtherSkills: []sandbox.Skill{{SkillID: "amzn1.ask.skill.B", ClientID: "client-b",
			Subscribers: []sandbox.Subscriber{{UserID: userB, EventNames: []string{"AMAZON.MessageAlert.Activated"}}}}},
	}, false)
	resp, err := e.client.Send(context.Background(), e.target, testCreds, event(time.Now(), nextRef(), unicast(userB)), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "No enablement for clientId: " + testClientID + ", userId: " + userB
	if resp.Status != 403 || resp.Message != want || len(resp.Attempts) != 1 {
		t.Fatalf("got %d %q after %d attempts; want 403 %q once", resp.Status, resp.Message, len(resp.Attempts), want)
	}
	if !strings.Contains(resp.Explanation, "enabled another skill") || !strings.Contains(resp.Explanation, "Check the profile") {
		t.Errorf("explanation %q", resp.Explanation)
	}
	if resp.RequestID == "" {
		t.Error("a 403 without x-amzn-requestid")
	}
}
