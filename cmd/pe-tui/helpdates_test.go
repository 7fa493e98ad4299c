package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestHelpDatesFollowTheClock: every date in a --help text (examples, flag
// help) and in the history's "not a time" error lies within the last month,
// so none goes stale (issue 14 point 20e); the one exception is the root
// example's --now for examples/, whose files carry a fixed time.
func TestHelpDatesFollowTheClock(t *testing.T) {
	dateRE := regexp.MustCompile(`\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?`)
	now := time.Now().UTC()
	check := func(what, text string) {
		t.Helper()
		text = strings.ReplaceAll(text, "--now "+examplesNow+" examples/", "")
		dates := dateRE.FindAllString(text, -1)
		for _, d := range dates {
			day, err := time.Parse(time.DateOnly, d[:10])
			if err != nil {
				t.Fatalf("%s: %q: %v", what, d, err)
			}
			if day.Before(now.Add(-32*24*time.Hour)) || day.After(now.Add(24*time.Hour)) {
				t.Errorf("%s shows the stale date %s", what, d)
			}
		}
		if len(dates) == 0 && what != "pe-tui --help" {
			t.Errorf("%s shows no date at all:\n%s", what, text)
		}
	}
	for _, args := range [][]string{{"--help"}, {"validate", "--help"}, {"history", "list", "--help"}, {"history", "delete", "--help"}} {
		var out, errOut bytes.Buffer
		if code := execute(args, strings.NewReader(""), &out, &errOut); code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut.String())
		}
		check("pe-tui "+strings.Join(args, " "), out.String())
	}
	if _, err := historyParseWhen("soonish", now); err == nil {
		t.Fatal("soonish parsed")
	} else {
		check("the --since error", err.Error())
	}
}

// TestReadmeCommandsHaveNoStaleDates: a date in a README command line goes
// stale, so the only one allowed is the --now that matches examples/ fixed
// times, on a line that validates examples/, and the README says why.
func TestReadmeCommandsHaveNoStaleDates(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	dateRE := regexp.MustCompile(`\d{4}-\d{2}-\d{2}`)
	for i, line := range strings.Split(string(readme), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "pe-tui ") || !dateRE.MatchString(line) {
			continue
		}
		if !strings.Contains(line, "--now "+examplesNow+" examples/") || len(dateRE.FindAllString(line, -1)) != 1 {
			t.Errorf("README line %d has a date that goes stale: %s", i+1, line)
		}
	}
	if !strings.Contains(string(readme), "`--now` is deliberate") {
		t.Error("the README does not say that the examples' fixed --now is deliberate")
	}
}
