package credentials

import (
	"strings"
	"testing"
)

func TestParseASKCredentials(t *testing.T) {
	// The shape `ask smapi get-skill-credentials --skill-id …` prints.
	doc := `{
  "skillMessagingCredentials": {
    "clientId": "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef",
    "clientSecret": "` + testSecret + `"
  }
}`
	id, secret, err := ParseASKCredentials([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if id != "amzn1.application-oa2-client.0123456789abcdef0123456789abcdef" || secret != testSecret {
		t.Fatalf("got %q / %q", id, secret)
	}
	// A UTF-8 BOM (Windows editors, PowerShell redirection) is accepted.
	if _, _, err := ParseASKCredentials(append([]byte("\xef\xbb\xbf"), doc...)); err != nil {
		t.Fatalf("with BOM: %v", err)
	}
}

func TestParseASKCredentialsErrors(t *testing.T) {
	cases := []struct{ name, doc, want string }{
		{"syntax", `{"skillMessagingCredentials": {"clientId": "x", "clientSecret": "` + testSecret + `" oops}}`, "not valid JSON (line 1, column"},
		{"truncated", `{"skillMessagingCredentials": {"clientSecret": "` + testSecret, "not valid JSON"},
		{"other json", `{"manifest": {}}`, "no skillMessagingCredentials"},
		{"no id", `{"skillMessagingCredentials": {"clientSecret": "` + testSecret + `"}}`, "clientId is missing"},
		{"no secret", `{"skillMessagingCredentials": {"clientId": "x"}}`, "clientSecret is missing"},
		{"empty secret", `{"skillMessagingCredentials": {"clientId": "x", "clientSecret": ""}}`, "clientSecret is missing or empty"},
		{"wrong type", `{"skillMessagingCredentials": {"clientId": 5, "clientSecret": "` + testSecret + `"}}`, "clientId should be a string"},
		{"spaced secret", `{"skillMessagingCredentials": {"clientId": "x", "clientSecret": "` + testSecret + ` "}}`, "space or control character"},
		{"array", `[]`, "should be a"},
		{"huge", `{"a":"` + strings.Repeat("x", 2<<20) + `"}`, "expected a small JSON object"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ParseASKCredentials([]byte(tc.doc))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want one containing %q", err, tc.want)
			}
			assertNoSecret(t, "error", err.Error())
		})
	}
}

func FuzzParseASKCredentials(f *testing.F) {
	f.Add([]byte(`{"skillMessagingCredentials":{"clientId":"a","clientSecret":"b"}}`))
	f.Add([]byte(`{"skillMessagingCredentials":{"clientId":"a","clientSecret":"b c"}}`))
	f.Add([]byte(`{"skillMessagingCredentials":`))
	f.Fuzz(func(t *testing.T, data []byte) {
		id, secret, err := ParseASKCredentials(data)
		if err != nil {
			return
		}
		if id == "" || CheckSecret(secret) != nil {
			t.Fatalf("accepted id %q and an invalid secret", id)
		}
	})
}
