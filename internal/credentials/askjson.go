package credentials

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode"
)

// maxASKJSON bounds the size of an ASK CLI credentials document.
const maxASKJSON = 1 << 20

// ParseASKCredentials reads the JSON that `ask smapi get-skill-credentials
// --skill-id …` prints:
//
//	{"skillMessagingCredentials": {"clientId": "…", "clientSecret": "…"}}
//
// and returns the client id and secret. Other fields are ignored. Errors give
// a position or a field name, never file content, so they cannot leak the
// secret.
func ParseASKCredentials(data []byte) (clientID, clientSecret string, err error) {
	if len(data) > maxASKJSON {
		return "", "", fmt.Errorf("the ASK CLI credentials file is %d bytes; expected a small JSON object", len(data))
	}
	var doc struct {
		SkillMessagingCredentials *struct {
			ClientID     *string `json:"clientId"`
			ClientSecret *string `json:"clientSecret"`
		} `json:"skillMessagingCredentials"`
	}
	if err := json.Unmarshal(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), &doc); err != nil {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &se):
			line, col := lineCol(data, se.Offset)
			return "", "", fmt.Errorf("the ASK CLI credentials are not valid JSON (line %d, column %d); pass the output of 'ask smapi get-skill-credentials --skill-id SKILL_ID'", line, col)
		case errors.As(err, &te):
			return "", "", fmt.Errorf("the ASK CLI credentials have a JSON %s where %s should be a %s", te.Value, te.Field, te.Type)
		default:
			return "", "", errors.New("the ASK CLI credentials are not a complete JSON object; pass the output of 'ask smapi get-skill-credentials --skill-id SKILL_ID'")
		}
	}
	m := doc.SkillMessagingCredentials
	if m == nil {
		return "", "", errors.New("the JSON has no skillMessagingCredentials object; pass the output of 'ask smapi get-skill-credentials --skill-id SKILL_ID'")
	}
	if m.ClientID == nil || *m.ClientID == "" {
		return "", "", errors.New("skillMessagingCredentials.clientId is missing or empty")
	}
	if m.ClientSecret == nil || *m.ClientSecret == "" {
		return "", "", errors.New("skillMessagingCredentials.clientSecret is missing or empty")
	}
	if err := validateToken("client id", *m.ClientID, maxClientIDLen); err != nil {
		return "", "", fmt.Errorf("skillMessagingCredentials.clientId: %w", err)
	}
	if err := CheckSecret(*m.ClientSecret); err != nil {
		return "", "", fmt.Errorf("skillMessagingCredentials.clientSecret: %w", err)
	}
	return *m.ClientID, *m.ClientSecret, nil
}

// maxSecretLen bounds a client secret (LWA secrets are 64 characters).
const maxSecretLen = 1024

// CheckSecret reports whether s is acceptable as a client secret: not empty,
// at most 1024 bytes, no spaces or control characters. The error never
// contains the secret.
func CheckSecret(s string) error {
	if s == "" {
		return errors.New("the client secret is empty")
	}
	if len(s) > maxSecretLen {
		return fmt.Errorf("the client secret is %d bytes long; at most %d are allowed", len(s), maxSecretLen)
	}
	for i, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return fmt.Errorf("the client secret has a space or control character at position %d; paste only the secret", i+1)
		}
	}
	return nil
}
