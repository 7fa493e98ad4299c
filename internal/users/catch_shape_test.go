package users

import (
	"regexp"
	"strings"
	"testing"
)

// CheckUserID accepts exactly what the documented shape accepts (checked
// against the regexp it replaced, which cost ~4 ms of package init).
func TestCheckUserIDMatchesTheDocumentedShape(t *testing.T) {
	shape := regexp.MustCompile(`^amzn1\.ask\.account\.[A-Za-z0-9._-]{1,490}$`)
	ok := strings.Repeat("a", 490)
	for _, id := range []string{
		"", UserIDPrefix, UserIDPrefix + "A", UserIDPrefix + "aZ09._-", UserIDPrefix + ok, UserIDPrefix + ok + "a",
		UserIDPrefix + "a b", UserIDPrefix + "a\n", "x" + UserIDPrefix + "a", "amzn1.ask.account", UserIDPrefix + "é",
		UserIDPrefix + "a/", UserIDPrefix + "a\x00", strings.ToUpper(UserIDPrefix) + "a",
	} {
		if got, want := CheckUserID(id) == nil, shape.MatchString(id); got != want {
			t.Errorf("CheckUserID(%q) accepts %v, the shape %v", id, got, want)
		}
	}
}
