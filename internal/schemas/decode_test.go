package schemas

import (
	"errors"
	"testing"
)

func TestDecodeErrorsHaveLineAndColumn(t *testing.T) {
	cases := []struct {
		in        string
		line, col int
	}{
		{"{\n  \"timestamp\": \"x\",\n  \"referenceId\" \"y\"\n}", 3, 17},
		{"{\"a\": [1, 2,]}", 1, 13},
		{"", 1, 1},
		{"{\"a\": 1", 1, 8},
		{"{} {}", 1, 4},
		{"{\n\"a\": tru}", 2, 9},
	}
	for _, c := range cases {
		_, err := Decode([]byte(c.in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: error %v is not a *SyntaxError", c.in, err)
			continue
		}
		if se.Line != c.line || se.Column != c.col {
			t.Errorf("%q: line %d column %d (%s), want %d:%d", c.in, se.Line, se.Column, se.Msg, c.line, c.col)
		}
	}
}

func TestDecodeTrailingGarbage(t *testing.T) {
	for in, col := range map[string]int{"{} x": 4, "{}  ]": 5, "{}\n\"s\"": 1} {
		_, err := Decode([]byte(in))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if se.Column != col {
			t.Errorf("%q: column %d, want %d", in, se.Column, col)
		}
	}
}
