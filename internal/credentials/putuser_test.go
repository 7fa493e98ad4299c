package credentials

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestOldProfileFileLoadsAndGainsUserContext: a profiles.json written
// before users had a region, locale and events loads unchanged; PutUser
// adds context to a known user (keeping its label) and appends a new one;
// the file written back still omits what is unknown.
func TestOldProfileFileLoadsAndGainsUserContext(t *testing.T) {
	dir := t.TempDir()
	old := `{"version":1,"default":"main","profiles":[{"name":"main","clientId":"cid","region":"NA","stage":"development","users":[{"id":"amzn1.ask.account.A","label":"kitchen"}]}]}`
	if err := os.WriteFile(filepath.Join(dir, ConfigFileName), []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	p, added, err := PutProfileUser(dir, "main", User{ID: "amzn1.ask.account.A", Region: "eu", Locale: "de-DE", Events: []string{}, EventsKnown: true}, nil)
	if err != nil || added {
		t.Fatalf("update: added %v, %v", added, err)
	}
	want := User{ID: "amzn1.ask.account.A", Label: "kitchen", Region: "EU", Locale: "de-DE", Events: []string{}, EventsKnown: true}
	if !reflect.DeepEqual(p.Users[0], want) {
		t.Fatalf("user = %+v", p.Users[0])
	}
	refuse := errors.New("refused")
	if _, _, err := PutProfileUser(dir, "main", User{ID: "amzn1.ask.account.B"}, func(Profile) error { return refuse }); !errors.Is(err, refuse) {
		t.Fatalf("check not applied: %v", err)
	}
	p, added, err = PutProfileUser(dir, "main", User{ID: "amzn1.ask.account.B", Region: "FE"}, nil)
	if err != nil || !added || len(p.Users) != 2 {
		t.Fatalf("add: %v %v %+v", added, err, p.Users)
	}
	data, _ := os.ReadFile(filepath.Join(dir, ConfigFileName))
	if strings.Contains(string(data), `"skillId"`) || strings.Count(string(data), `"locale"`) != 1 {
		t.Fatalf("unknown context written:\n%s", data)
	}
	if _, _, err := PutProfileUser(dir, "main", User{ID: "amzn1.ask.account.C", Region: "MARS"}, nil); err == nil || !strings.Contains(err.Error(), "NA, EU or FE") {
		t.Fatalf("bad region: %v", err)
	}
}
