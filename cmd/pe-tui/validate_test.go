package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// validateGoldenDir holds one valid request per schema, timestamped validateTestNow.
const validateGoldenDir = "../../internal/schemas/testdata/golden"

const validateTestNow = "2024-03-01T09:00:00Z"

// validateCLI runs the command line with stdin and returns the exit code and outputs.
func validateCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := execute(args, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

// validateGolden returns the path of a golden request.
func validateGolden(short string) string { return filepath.Join(validateGoldenDir, short+".json") }

// validateTempFile writes a golden request changed by edit to a temporary file.
func validateTempFile(t *testing.T, short string, edit func(r *schemas.Request)) string {
	t.Helper()
	data, err := os.ReadFile(validateGolden(short))
	if err != nil {
		t.Fatal(err)
	}
	r, err := schemas.Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	edit(r)
	path := filepath.Join(t.TempDir(), short+".json")
	if err := os.WriteFile(path, r.Encode(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestValidateGoldenFilesPass(t *testing.T) {
	var files []string
	for _, s := range schemas.All() {
		files = append(files, validateGolden(s.Short))
	}
	code, out, errOut := validateCLI(t, "", append([]string{"validate", "--strict", "--now", validateTestNow}, files...)...)
	if code != exitOK {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if n := strings.Count(out, ": valid\n"); n != 8 {
		t.Errorf("%d files reported valid:\n%s", n, out)
	}
}

func TestValidateReportsFindingsWithFix(t *testing.T) {
	file := validateTempFile(t, "SocialGameInvite", func(r *schemas.Request) {
		v := r.Get("event.payload.invite.relationshipToInvitee")
		r.Delete("event.payload.invite.relationshipToInvitee")
		r.Set("event.payload.invite.inviter.relationshipToInvitee", v)
	})
	code, out, _ := validateCLI(t, "", "validate", "--now", validateTestNow, file)
	if code != exitRejected {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	for _, want := range []string{
		file + ": invalid (1 error, 1 warning)",
		"error   PL_MISSING event.payload.invite.relationshipToInvitee",
		"warning PL_UNKNOWN_FIELD event.payload.invite.inviter.relationshipToInvitee",
		"fix: move invite.inviter.relationshipToInvitee to invite.relationshipToInvitee",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestValidateWarningsExitZeroUnlessStrict(t *testing.T) {
	file := validateTempFile(t, "WeatherAlert", func(r *schemas.Request) {
		r.Set("event.payload.weatherAlert.severity", "HIGH")
	})
	code, out, _ := validateCLI(t, "", "validate", "--now", validateTestNow, file)
	if code != exitOK || !strings.Contains(out, "valid (1 warning)") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, out, _ = validateCLI(t, "", "validate", "--strict", "--now", validateTestNow, file)
	if code != exitRejected || !strings.Contains(out, "error   PL_UNKNOWN_FIELD") {
		t.Errorf("strict: exit %d:\n%s", code, out)
	}
}

// --target judges as that target does and the report names the mode: the
// sandbox strictly, Amazon's development stage in standard mode.
func TestValidateTargetChoosesTheMode(t *testing.T) {
	file := validateTempFile(t, "WeatherAlert", func(r *schemas.Request) {
		r.Set("event.payload.weatherAlert.severity", "HIGH")
	})
	code, out, _ := validateCLI(t, "", "validate", "--target", "sandbox", "--now", validateTestNow, file)
	if code != exitRejected || !strings.Contains(out, "mode: strict (as sandbox judges)") || !strings.Contains(out, "invalid (1 error)") {
		t.Errorf("--target sandbox: exit %d:\n%s", code, out)
	}
	code, out, _ = validateCLI(t, "", "validate", "--target", "na-dev", "--now", validateTestNow, file)
	if code != exitOK || !strings.Contains(out, "mode: standard (as na-dev judges)") || !strings.Contains(out, "valid (1 warning)") {
		t.Errorf("--target na-dev: exit %d:\n%s", code, out)
	}
	code, _, errOut := validateCLI(t, "", "validate", "--target", "moon", file)
	if code != exitUsage || !strings.Contains(errOut, "--target") {
		t.Errorf("--target moon: exit %d: %s", code, errOut)
	}
}

func TestValidateClockMatters(t *testing.T) {
	// Without --now the real clock is years past the golden expiry.
	code, out, _ := validateCLI(t, "", "validate", validateGolden("OrderStatus"))
	if code != exitRejected || !strings.Contains(out, "EXP_IN_PAST") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestValidateSyntaxErrorIsAFinding(t *testing.T) {
	path := filepath.Join(t.TempDir(), "broken.json")
	if err := os.WriteFile(path, []byte("{\n  \"timestamp\": \"x\"\n  \"referenceId\": \"y\"\n}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := validateCLI(t, "", "validate", path)
	if code != exitRejected {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(out, "JSON_SYNTAX") || !strings.Contains(out, "line 3, column 3") {
		t.Errorf("output:\n%s", out)
	}
}

func TestValidateStdinAndJSON(t *testing.T) {
	data, err := os.ReadFile(validateGolden("TrashCollectionAlert"))
	if err != nil {
		t.Fatal(err)
	}
	broken := strings.Replace(string(data), `"TUESDAY"`, `"TUESDAYS"`, 1)
	code, out, errOut := validateCLI(t, broken, "validate", "--json", "--now", validateTestNow, "-", validateGolden("MessageAlert"))
	if code != exitRejected {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	var results []struct {
		File     string `json:"file"`
		Valid    bool   `json:"valid"`
		Findings []struct {
			Code, Severity, Path, Message string
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &results); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(results) != 2 || results[0].File != "-" || results[0].Valid || !results[1].Valid || results[1].Findings == nil {
		t.Fatalf("results: %+v", results)
	}
	f := results[0].Findings
	if len(f) != 1 || f[0].Code != "PL_ENUM" || f[0].Severity != "error" || f[0].Path != "event.payload.alert.collectionDayOfWeek" || f[0].Message == "" {
		t.Errorf("findings: %+v", f)
	}
	if !strings.Contains(out, `"findings": []`) {
		t.Errorf("a valid file must list an empty findings array:\n%s", out)
	}
}

func TestValidateUnreadableFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.json")
	code, out, errOut := validateCLI(t, "", "validate", "--now", validateTestNow, missing, validateGolden("Occasion"))
	if code != exitUsage {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errOut, "cannot read "+missing+": no such file or directory") {
		t.Errorf("stderr: %s", errOut)
	}
	if !strings.Contains(out, "Occasion.json: valid") {
		t.Errorf("the readable file was not reported:\n%s", out)
	}
}

func TestValidateManifestFlag(t *testing.T) {
	dir := t.TempDir()
	manifest := filepath.Join(dir, "skill.json")
	skill := `{"manifest":{"events":{"publications":[{"eventName":"AMAZON.OrderStatus.Updated"}]}}}`
	if err := os.WriteFile(manifest, []byte(skill), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ := validateCLI(t, "", "validate", "--now", validateTestNow, "--manifest", manifest, validateGolden("OrderStatus"), validateGolden("WeatherAlert"))
	if code != exitRejected || !strings.Contains(out, "EVT_NOT_PUBLISHED event.name") || !strings.Contains(out, "OrderStatus.json: valid") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, _, errOut := validateCLI(t, "", "validate", "--manifest", filepath.Join(dir, "missing.json"), validateGolden("OrderStatus"))
	if code != exitUsage || !strings.Contains(errOut, "cannot read") {
		t.Errorf("missing manifest: exit %d %s", code, errOut)
	}
}

func TestValidateUsageErrors(t *testing.T) {
	cases := [][]string{
		{"validate"},
		{"validate", "--now", "yesterday", validateGolden("Occasion")},
		{"validate", "--bogus", validateGolden("Occasion")},
	}
	for _, args := range cases {
		code, _, errOut := validateCLI(t, "", args...)
		if code != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func TestValidateHelp(t *testing.T) {
	code, out, _ := validateCLI(t, "", "validate", "--help")
	if code != exitOK || !strings.Contains(out, "pe-tui validate --strict events/*.json") || !strings.Contains(out, "--json") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}
