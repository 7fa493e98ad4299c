package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// TestDoctorCommand: 'pe-tui doctor' against a real sandbox on loopback
// exits 0 with a good profile, 1 with the scope refused (printing the ask
// smapi commands), 3 when nothing listens, 2 for an unreadable manifest;
// --target sandbox starts the in-process one; --json is a report; the
// secret is never printed.
func TestDoctorCommand(t *testing.T) {
	e := profileSetup(t)
	e.addMain()
	start := func(cfg sandbox.Config) string {
		srv := sandbox.New(cfg)
		base, err := srv.Start("127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { srv.Close() })
		return base
	}
	good := start(sandbox.Config{ClientID: "amzn1.application-oa2-client.main", ClientSecret: profileTestSecret})
	refusing := start(sandbox.Config{ScopeRefused: true})
	r := e.mustRun("", "doctor", "--target", good)
	if !strings.Contains(r.stdout, "issued a token (used for EU)") || !strings.Contains(r.stdout, "All good.") {
		t.Fatalf("good:\n%s", r.stdout)
	}
	r = e.run("", "doctor", "--target", refusing)
	if r.code != exitRejected || !strings.Contains(r.stdout, "ask smapi update-skill-manifest -s SKILL_ID -g development --manifest file:skill.json") {
		t.Fatalf("scope: exit %d\n%s", r.code, r.stdout)
	}
	r = e.run("", "doctor", "--target", "http://127.0.0.1:1")
	if r.code != exitNetwork {
		t.Fatalf("unreachable: exit %d\n%s", r.code, r.stdout)
	}
	r = e.mustRun("", "doctor", "--target", "sandbox", "--json")
	var rep struct {
		Checks []struct{ Area, Status string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Checks) < 3 {
		t.Fatalf("json: %v\n%s", err, r.stdout)
	}
	e.fail(exitUsage, "", []string{"doctor", "--manifest", filepath.Join(t.TempDir(), "missing.json")}, "missing.json")
	bom := filepath.Join(t.TempDir(), "skill.json")
	data, _ := os.ReadFile(filepath.Join("..", "..", "internal", "doctor", "testdata", "skill.json"))
	os.WriteFile(bom, append([]byte{0xEF, 0xBB, 0xBF}, data...), 0o600)
	r = e.run("", "doctor", "--target", good, "--manifest", bom)
	if r.code != exitRejected || !strings.Contains(r.stdout, "UTF-8 with a byte order mark") {
		t.Fatalf("bom: exit %d\n%s", r.code, r.stdout)
	}
	if strings.Contains(e.outputs.String(), profileTestSecret) {
		t.Fatal("a secret was printed")
	}
}
