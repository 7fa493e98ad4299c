package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/credentials"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

func TestHistoryResend(t *testing.T) {
	e := sendSetup(t)
	srv, base := sendStandalone(t, sandbox.Config{})
	file, ref := e.event(time.Hour)
	e.expect(exitOK, "send", file, "--target", base)

	// Exactly: the same bytes, so the same sandbox answers 409.
	r := e.expect(exitRejected, "history", "resend", "1")
	if !strings.Contains(r.stdout, "409 Conflict") || !strings.Contains(r.stdout, "history:    record 2") {
		t.Errorf("exact resend:\n%s", r.stdout)
	}
	// As new: a fresh referenceId, accepted.
	r = e.expect(exitOK, "history", "resend", "--as-new", "1")
	if !strings.Contains(r.stdout, "202 Accepted") {
		t.Errorf("as-new resend:\n%s", r.stdout)
	}
	recs := e.records()
	if len(recs) != 3 {
		t.Fatalf("%d records, want 3", len(recs))
	}
	if !bytes.Equal(recs[1].Request, recs[0].Request) || recs[1].OriginID != 1 || recs[1].Status != 409 || recs[1].Target != base {
		t.Errorf("exact resend record %+v", recs[1])
	}
	if recs[2].OriginID != 1 || recs[2].ReferenceID == ref || recs[2].Status != 202 || recs[2].EventName != recs[0].EventName {
		t.Errorf("as-new record %+v", recs[2])
	}
	nr, err := schemas.Decode(recs[2].Request)
	if err != nil || len(schemas.Validate(nr, time.Now(), schemas.ValidateOptions{Strict: true})) != 0 {
		t.Errorf("as-new body does not validate: %v %s", err, recs[2].Request)
	}
	if n := len(srv.Notifications("")); n != 2 {
		t.Errorf("sandbox holds %d notifications, want 2", n)
	}

	// Another target: a record of the standalone sandbox resent to the in-process one.
	r = e.expect(exitOK, "history", "resend", "1", "--target", "sandbox", "--json")
	if !strings.Contains(r.stdout, `"status": 202`) || !strings.Contains(r.stdout, `"heard"`) {
		t.Errorf("resend to sandbox:\n%s", r.stdout)
	}
	if last := e.records()[3]; last.Target != "sandbox" || last.OriginID != 1 {
		t.Errorf("retargeted record %+v", last)
	}
	// A sandbox record goes to a fresh in-process sandbox, which has not seen it.
	e.expect(exitOK, "history", "resend", "4")

	// A live stage needs confirmation here too.
	r = e.expect(exitUsage, "history", "resend", "1", "--stage", "live")
	if !strings.Contains(r.stderr, "--yes-live") {
		t.Errorf("live resend:\n%s", r.stderr)
	}

	// Usage.
	for _, args := range [][]string{
		{"history", "resend"},
		{"history", "resend", "x"},
		{"history", "resend", "99"},
		{"history", "resend", "1", "--target", "mars-dev"},
	} {
		e.expect(exitUsage, args...)
	}
	r = e.expect(exitUsage, "history", "resend", "99")
	if !strings.Contains(r.stderr, "no history record 99") {
		t.Errorf("unknown id:\n%s", r.stderr)
	}
}

func TestHistoryResendProfile(t *testing.T) {
	const id = "amzn1.application-oa2-client.resend"
	const secret = "ResendSecret-0a1b2c3d4e5f6a7b"
	e := sendSetup(t)
	_, base := sendStandalone(t, sandbox.Config{ClientID: id, ClientSecret: secret})
	cfg, err := credentials.Load(e.configDir)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Add(credentials.Profile{Name: "skill2", ClientID: id}); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	e.secrets.Set("skill2", secret)
	file, _ := e.event(time.Hour)
	e.expect(exitOK, "send", file, "--target", base, "--profile", "skill2")

	// The record's profile is used without --profile.
	e.expect(exitOK, "history", "resend", "--as-new", "1")
	if recs := e.records(); recs[1].Profile != "skill2" || recs[1].Status != 202 {
		t.Errorf("resend record %+v", recs[1])
	}
	// Once the profile is gone, resend says so.
	cfg, _ = credentials.Load(e.configDir)
	cfg.Remove("skill2")
	if err := cfg.Save(); err != nil {
		t.Fatal(err)
	}
	r := e.expect(exitUsage, "history", "resend", "--as-new", "1")
	if !strings.Contains(r.stderr, `profile "skill2", which no longer exists`) {
		t.Errorf("missing profile:\n%s", r.stderr)
	}
	if strings.Contains(e.outputs.String(), secret) {
		t.Error("the secret was printed")
	}
}
