package speech_test

import (
	"context"
	"fmt"
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/speech"
)

// Speak starts at once; a UI waits on Measured and Done in the background
// (in Bubble Tea: two commands returning messages) and calls Stop when the
// key is pressed again or the program quits.
func ExampleSpeak() {
	r, _ := schemas.Decode([]byte(`{"event":{"name":"AMAZON.MessageAlert.Activated","payload":{
		"state":{"status":"UNREAD","freshness":"NEW"},
		"messageGroup":{"creator":{"name":"Jane Doe"},"count":3}}}}`))
	u, _ := schemas.Render(r, "de-DE", schemas.RenderOptions{})
	s := speech.Prepare(u, r)
	p, err := speech.Speak(context.Background(), s)
	if err != nil { // speech.ErrNotInstalled says how to install espeak-ng
		fmt.Println(err)
		return
	}
	<-p.Measured()
	fmt.Println("Speaking: " + speech.Describe(p.Voice(), p.Duration()))
	select {
	case <-p.Done():
	case <-time.After(30 * time.Second):
		p.Stop()
	}
	if err := p.Err(); err != nil { // e.g. speech.ErrNoAudio
		fmt.Println(err)
	}
}
