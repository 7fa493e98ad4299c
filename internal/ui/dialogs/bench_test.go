package dialogs

import (
	"fmt"
	"testing"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// BenchmarkCredentialKeyAndView is one typed character in the secret field
// plus the frame, at 120×40.
func BenchmarkCredentialKeyAndView(b *testing.B) {
	c := NewCredential(CredentialOptions{Store: nil})
	c.SetSize(120, 40)
	c.Focus()
	c, _ = c.Update(uitest.Key("tab"))
	c, _ = c.Update(uitest.Key("tab"))
	k, bs := uitest.Key("x"), uitest.Key("backspace")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		msg := k
		if i%2 == 1 {
			msg = bs
		}
		c, _ = c.Update(msg)
		_ = c.View()
	}
}

// BenchmarkProfilePickerKeyAndView is one cursor move in a list of 50
// profiles plus the frame, at 120×40.
func BenchmarkProfilePickerKeyAndView(b *testing.B) {
	p := NewProfilePicker(ProfilePickerOptions{})
	msg := profilesLoadedMsg{id: p.id, secrets: map[string]secretState{}}
	for i := range 50 {
		name := fmt.Sprintf("skill-%02d", i)
		msg.profiles = append(msg.profiles, credentials.Profile{Name: name, ClientID: "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef", Region: "NA", Stage: "development"})
		msg.secrets[name] = secretStored
	}
	p, _ = p.Update(msg)
	p.SetSize(120, 40)
	down := uitest.Key("down")
	b.ReportAllocs()
	for b.Loop() {
		p, _ = p.Update(down)
		_ = p.View()
	}
}
