package schemas

import "testing"

func TestCountWords(t *testing.T) {
	cases := map[int64]string{
		0: "zero", 1: "one", 3: "three", 11: "eleven", 19: "nineteen", 20: "twenty", 21: "twenty-one",
		40: "forty", 45: "forty-five", 90: "ninety", 99: "ninety-nine", 100: "100", 1234: "1234", -1: "-1",
	}
	for n, want := range cases {
		if got := CountWords(n); got != want {
			t.Errorf("CountWords(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestEnumWord(t *testing.T) {
	s := Lookup("AMAZON.MessageAlert.Activated")
	game := Lookup("AMAZON.SocialGameInvite.Available")
	cases := []struct {
		f          *Field
		value, out string
	}{
		{nil, "SNOW_STORM", "snow storm"},
		{nil, "RECYCLABLE_PLASTICS", "recyclable plastics"},
		{nil, "already", "already"},
		{s.Field("state.status"), "UNREAD", ""},
		{s.Field("state.status"), "FLAGGED", "flagged"},
		{game.Field("invite.inviteType"), "CHALLENGE", "challenged"},
		{game.Field("invite.inviteType"), "INVITE", "invited"},
	}
	for _, c := range cases {
		if got := EnumWord(c.f, c.value); got != c.out {
			t.Errorf("EnumWord(%s) = %q, want %q", c.value, got, c.out)
		}
	}
}

func TestListWords(t *testing.T) {
	cases := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"a"}, "a"},
		{[]string{"a", "b"}, "a and b"},
		{[]string{"a", "b", "c"}, "a, b and c"},
		{[]string{"a", "b", "c", "d", "e"}, "a, b, c, d and e"},
	}
	for _, c := range cases {
		if got := ListWords(c.in); got != c.want {
			t.Errorf("ListWords(%v) = %q, want %q", c.in, got, c.want)
		}
	}
}
