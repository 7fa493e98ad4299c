package kit

import (
	"strings"
	"testing"
)

// Wrap keeps a list item's indentation on its continuation lines and
// breaks words longer than the width.
func TestWrapKeepsIndentation(t *testing.T) {
	got := Wrap("  - headless Linux or WSL: install gnome-keyring and dbus\nnext", 24)
	want := []string{"  - headless Linux or", "    WSL: install gnome-", "    keyring and dbus", "next"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("wrap:\n%q\nwant\n%q", got, want)
	}
	for _, l := range Wrap("amzn1.application-oa2-client.0123456789abcdef0123456789abcdef", 20) {
		if len(l) > 20 {
			t.Fatalf("a long word was not broken: %q", l)
		}
	}
}

// Clip and Prefix look at no more than n runes and cut at rune boundaries.
func TestClipAndPrefix(t *testing.T) {
	if got := Clip("日本語テキスト", 3); got != "日本語…" {
		t.Errorf("Clip = %q", got)
	}
	if got := Prefix("日本語", 5); got != "日本語" {
		t.Errorf("Prefix of a short string = %q", got)
	}
	if got := Clip(strings.Repeat("x", 1<<20), 4); got != "xxxx…" {
		t.Errorf("Clip of a megabyte = %q", got)
	}
}
