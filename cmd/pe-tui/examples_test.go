package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// TestExamplesFolder: examples/ holds one event per schema of the catalog,
// each valid under --strict at examplesNow and speakable by preview, and the
// files in examples/invalid/ each fail with the error their name promises.
func TestExamplesFolder(t *testing.T) {
	valid, _ := filepath.Glob(filepath.Join("..", "..", "examples", "*.json"))
	var names []string
	for _, f := range valid {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ev struct{ Event struct{ Name string } }
		if err := json.Unmarshal(data, &ev); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		names = append(names, ev.Event.Name)
		var out, errOut bytes.Buffer
		if code := execute([]string{"preview", f}, strings.NewReader(""), &out, &errOut); code != exitOK || out.Len() == 0 {
			t.Errorf("preview %s: exit %d\n%s%s", f, code, out.String(), errOut.String())
		}
	}
	slices.Sort(names)
	want := schemas.Names()
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("examples/ has events %v, want one per schema %v", names, want)
	}
	var out, errOut bytes.Buffer
	if code := execute(append([]string{"validate", "--strict", "--now", examplesNow}, valid...), strings.NewReader(""), &out, &errOut); code != exitOK {
		t.Fatalf("validate --strict examples/*.json: exit %d\n%s%s", code, out.String(), errOut.String())
	}

	for file, code := range map[string]string{
		"weather-alert-missing-alert-type.json": schemas.CodePLMissing,
		"order-status-expiry-too-late.json":     schemas.CodeExpTooLate,
	} {
		f := filepath.Join("..", "..", "examples", "invalid", file)
		var out, errOut bytes.Buffer
		got := execute([]string{"validate", "--now", examplesNow, f}, strings.NewReader(""), &out, &errOut)
		if got != exitRejected || !strings.Contains(out.String(), "error   "+code) {
			t.Errorf("validate %s: exit %d, want 1 with %s:\n%s%s", file, got, code, out.String(), errOut.String())
		}
	}
}

// TestReadmeNamesExistingExamples: every examples/ path the README uses
// exists, and the README states the --now its validate commands need.
func TestReadmeNamesExistingExamples(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	paths := regexp.MustCompile(`examples/[A-Za-z0-9_./*-]+\.json`).FindAllString(string(readme), -1)
	if len(paths) < 3 {
		t.Fatalf("the README uses only %d example files", len(paths))
	}
	for _, p := range paths {
		if m, _ := filepath.Glob(filepath.Join("..", "..", p)); len(m) == 0 {
			t.Errorf("README names %s, which does not exist", p)
		}
	}
	if !strings.Contains(string(readme), "--now "+examplesNow) {
		t.Errorf("README does not validate the examples with --now %s", examplesNow)
	}
}
