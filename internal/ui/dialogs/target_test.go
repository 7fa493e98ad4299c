package dialogs

import (
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/alexa"
)

func TestTargetLabel(t *testing.T) {
	custom, err := alexa.ParseTarget("http://127.0.0.1:8080/")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		target alexa.Target
		text   string
		live   bool
	}{
		{liveTarget(t, "sandbox"), "sandbox", false},
		{liveTarget(t, "na-dev"), "NA development", false},
		{liveTarget(t, "na-live"), "NA LIVE", true},
		{liveTarget(t, "eu-live"), "EU LIVE", true},
		{liveTarget(t, "fe-dev"), "FE development", false},
		{custom, "http://127.0.0.1:8080 (development)", false},
		{custom.WithStage(alexa.StageLive), "http://127.0.0.1:8080 (LIVE)", true},
		{alexa.Target{}, "no target", false},
	}
	for _, tc := range cases {
		text, live := TargetLabel(tc.target)
		if text != tc.text || live != tc.live {
			t.Errorf("TargetLabel(%s) = %q, %v; want %q, %v", tc.target, text, live, tc.text, tc.live)
		}
	}
}

func TestTargetPickerListsAndPicks(t *testing.T) {
	p := NewTargetPicker(liveTarget(t, "sandbox"))
	p.SetSize(100, 40)
	requireText(t, p, "› sandbox", "● current", "na-dev", "na-live", "eu-dev", "eu-live", "fe-dev", "fe-live", "custom URL…", "built-in local emulator")
	if got := countLIVE(text(p)); got != 3 {
		t.Fatalf("%d rows tagged LIVE, want 3:\n%s", got, text(p))
	}

	p, _ = press(t, p, "down", "down")
	requireText(t, p, "› na-live", "North America · LIVE stage: real customers are notified")
	p, out := press(t, p, "up", "enter")
	got, ok := find[TargetChosenMsg](out)
	if !ok || got.Target.Name != "na-dev" || got.Target.BaseURL != "https://api.amazonalexa.com" || got.Target.IsLive() {
		t.Fatalf("picked %#v", out)
	}

	// The cursor wraps; up from the first row is the custom row.
	p = NewTargetPicker(liveTarget(t, "sandbox"))
	p, _ = press(t, p, "up")
	requireText(t, p, "› custom URL…")

	_, out = press(t, NewTargetPicker(liveTarget(t, "sandbox")), "esc")
	if _, ok := find[CloseMsg](out); !ok {
		t.Fatalf("esc: %#v", out)
	}
}

func TestTargetPickerStartsOnCurrent(t *testing.T) {
	p := NewTargetPicker(liveTarget(t, "eu-live"))
	p.SetSize(100, 40)
	requireText(t, p, "› eu-live", "Europe · LIVE stage")

	custom, err := alexa.ParseTarget("http://127.0.0.1:9000")
	if err != nil {
		t.Fatal(err)
	}
	p = NewTargetPicker(custom.WithStage(alexa.StageLive))
	p.SetSize(100, 40)
	requireText(t, p, "› custom URL…")
	p, _ = press(t, p, "enter")
	if !p.Editing() {
		t.Fatal("enter on the custom row did not open the URL field")
	}
	requireText(t, p, "URL: http://127.0.0.1:9000", "stage: ‹ LIVE ›")
}

func TestTargetPickerCustomURL(t *testing.T) {
	p := NewTargetPicker(liveTarget(t, "na-dev"))
	p.SetSize(100, 40)
	p, _ = press(t, p, "up", "up", "enter") // na-dev → sandbox → custom
	if !p.Editing() {
		t.Fatalf("not editing:\n%s", text(p))
	}
	requireText(t, p, "URL:", "stage: ‹ development ›", "enter choose", "tab development/live", "esc back")

	bad := []struct{ input, want string }{
		{"", "Enter a base URL such as http://127.0.0.1:8080."},
		{"127.0.0.1:8080", "must start with http:// or https://"},
		{"ftp://example.com", "must start with http:// or https://"},
		{"http://", "a host is needed"},
		{"http://me:pw@example.com", "credentials do not belong in the URL"},
		{"http://example.com/?x=1", "no query or fragment"},
	}
	for _, b := range bad {
		q, _ := press(t, p, "ctrl+u")
		q, _ = typeText(t, q, b.input)
		q, out := press(t, q, "enter")
		if len(out) != 0 {
			t.Fatalf("%q was accepted: %#v", b.input, out)
		}
		requireText(t, q, b.want)
		if !q.Editing() {
			t.Fatalf("%q closed the URL field", b.input)
		}
	}

	q, _ := typeText(t, p, "http://127.0.0.1:9999/")
	_, out := press(t, q, "enter")
	got, ok := find[TargetChosenMsg](out)
	if !ok || got.Target.BaseURL != "http://127.0.0.1:9999" || got.Target.Stage != alexa.StageDevelopment || got.Target.AuthURL != "http://127.0.0.1:9999/auth/o2/token" {
		t.Fatalf("custom URL: %#v", out)
	}

	q, _ = typeText(t, p, "https://events.example.test")
	q, _ = press(t, q, "tab")
	requireText(t, q, "stage: ‹ LIVE ›")
	_, out = press(t, q, "enter")
	got, ok = find[TargetChosenMsg](out)
	if !ok || !got.Target.IsLive() || got.Target.EventURL() != "https://events.example.test/v1/proactiveEvents" {
		t.Fatalf("custom live URL: %#v", out)
	}

	// esc leaves the URL field, a second esc closes the picker.
	q, out = press(t, p, "esc")
	if len(out) != 0 || q.Editing() {
		t.Fatalf("esc in the URL field: editing=%v %#v", q.Editing(), out)
	}
	_, out = press(t, q, "esc")
	if _, ok := find[CloseMsg](out); !ok {
		t.Fatalf("second esc: %#v", out)
	}
}

// countLIVE counts the lines that say LIVE.
func countLIVE(s string) int {
	n := 0
	for _, line := range strings.Split(s, "\n") {
		if strings.Contains(line, "LIVE") {
			n++
		}
	}
	return n
}
