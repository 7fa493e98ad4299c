package termtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestCleanNeutralisesEverythingThatDrivesATerminal(t *testing.T) {
	cases := []struct{ in, want string }{
		{"plain text, äöü 日本", "plain text, äöü 日本"},
		{"tab\tand\nnewline", "tab\tand\nnewline"},
		{"\x1b]0;pwned\x07title", `\x1b]0;pwned\x07title`},
		{"\x1b[2J\x1b[Hclear", `\x1b[2J\x1b[Hclear`},
		{"over\rwrite", `over\rwrite`},
		{"del\x7f", `del\x7f`},
		{"c1 \u009b31m csi", `c1 \u009b31m csi`},
		{"\u202egnp.exe", `\u202egnp.exe`},
		{"iso\u2066late\u2069 mark\u200f", `iso\u2066late\u2069 mark\u200f`},
		{"bad \xff\xfe utf8", `bad \xff\xfe utf8`},
		{"nul\x00", `nul\x00`},
	}
	for _, c := range cases {
		if got := Clean(c.in); got != c.want {
			t.Errorf("Clean(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCleanOutputIsInert(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x3000; r++ {
		all.WriteRune(r)
	}
	all.WriteString("\xc2\xff\xe2\x80")
	out := Clean(all.String())
	if !utf8.ValidString(out) {
		t.Fatal("output is not valid UTF-8")
	}
	for _, r := range out {
		if unsafeRune(r) {
			t.Fatalf("output still holds %U", r)
		}
	}
}

func TestCleanDoesNotCopySafeText(t *testing.T) {
	s := strings.Repeat("safe text ", 100)
	if n := testing.AllocsPerRun(100, func() { _ = Clean(s) }); n != 0 {
		t.Errorf("Clean of safe text allocates %v times", n)
	}
}

func FuzzClean(f *testing.F) {
	f.Add("\x1b[31mred\u202e\xff")
	f.Fuzz(func(t *testing.T, s string) {
		out := Clean(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 out of %q", s)
		}
		for _, r := range out {
			if unsafeRune(r) {
				t.Fatalf("Clean(%q) still holds %U", s, r)
			}
		}
		if Clean(out) != out {
			t.Fatalf("Clean is not idempotent on %q", s)
		}
	})
}

func TestJSONCleansEveryString(t *testing.T) {
	v := map[string]any{"k\x1b": []any{"\u202ex", 1.5, map[string]string{"m": "\u009b2J"}}, "n": 3}
	b, err := JSON(v, "")
	if err != nil {
		t.Fatal(err)
	}
	want := `{"k\\x1b":["\\u202ex",1.5,{"m":"\\u009b2J"}],"n":3}` + "\n"
	if string(b) != want {
		t.Errorf("got %s want %s", b, want)
	}
}
