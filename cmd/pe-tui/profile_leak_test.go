package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

// profileScanTree fails the test if any file under root contains one of the
// needles; it returns how many files it read, so that a scan of nothing
// cannot pass unnoticed.
func profileScanTree(t *testing.T, root string, needles ...string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		for _, s := range needles {
			if strings.Contains(string(data), s) {
				t.Errorf("%s contains a secret (%.6s…)", path, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestProfileSecretNeverLeaks drives every profile command, on its success
// and failure paths, and checks that no client secret appears in any file
// under the config and state directories (all of $HOME here), in any output
// or in any error message.
//
// The send side of this check (a send with --profile to the sandbox, then a
// scan of the history database and the send output) belongs with the send
// command's tests.
func TestProfileSecretNeverLeaks(t *testing.T) {
	e := profileSetup(t)
	stdinSecret := profileTestSecret
	askSecret := "ASKsecret0123456789abcdefFEDCBA9876543210aaaabbbbccccddddeeeeffff"
	replaced := "REPLACEDsecret89abcdef0123456789abcdef0123456789abcdef0123456789"
	needles := []string{stdinSecret, stdinSecret[:12], askSecret, askSecret[:12], replaced, replaced[:12]}

	// The ASK CLI file is the user's own file, outside pe-tui's directories.
	askFile := filepath.Join(t.TempDir(), "ask.json")
	os.WriteFile(askFile, []byte(`{"skillMessagingCredentials":{"clientId":"amzn1.application-oa2-client.ask","clientSecret":"`+askSecret+`"}}`), 0o600)

	// Success paths.
	e.mustRun(stdinSecret+"\n", "profile", "add", "main", "--client-id", "amzn1.application-oa2-client.main", "--secret-stdin")
	e.mustRun("", "profile", "add", "ask", "--from-ask-json", askFile, "--region", "FE")
	e.mustRun("", "profile", "users", "main", "add", "amzn1.ask.account.AAA", "--label", "kitchen")
	e.mustRun("", "profile", "users", "main")
	e.mustRun("", "profile", "use", "ask")
	e.mustRun("", "profile", "list")
	e.mustRun("", "profile", "list", "--json")
	e.mustRun(replaced, "profile", "add", "main", "--client-id", "amzn1.application-oa2-client.main", "--replace", "--secret-stdin")
	if v, _ := profileKeyringHas(t, "main"); v != replaced {
		t.Fatal("the replaced secret is not in the keyring")
	}

	// Failure paths, each given a secret to hold.
	e.run(stdinSecret, "profile", "add", "main", "--client-id", "c", "--secret-stdin")               // exists
	e.run(stdinSecret+" tail", "profile", "add", "spaced", "--client-id", "c", "--secret-stdin")     // bad secret
	e.run(stdinSecret, "profile", "add", "noterm", "--client-id", "c")                               // no terminal
	e.run(stdinSecret, "profile", "add", "mismatch", "--from-ask-json", askFile, "--client-id", "x") // id mismatch
	keyring.MockInitWithError(errProfileNoSecretService)
	e.run(stdinSecret, "profile", "add", "nokeyring", "--client-id", "c", "--secret-stdin")
	e.run("", "profile", "list")
	e.run("", "profile", "remove", "ask")
	e.hangKeyring()
	e.run(stdinSecret, "profile", "add", "hung", "--client-id", "c", "--secret-stdin")
	e.run("", "profile", "list", "--json")
	e.run("", "profile", "remove", "main")

	// What the send command gets from Resolve, printed every way a log might.
	profileNewStore = func() credentials.SecretStore { return credentials.NewKeyringStore(time.Second) }
	keyring.MockInit()
	keyring.Set(credentials.KeyringService, "ask", askSecret)
	creds, err := credentials.Resolve(e.config(), profileNewStore(), "")
	if err != nil || creds.ClientSecret != askSecret {
		t.Fatalf("Resolve = %v, %v", creds, err)
	}
	j, _ := json.Marshal(creds)
	fmt.Fprintf(&e.outputs, "%v %+v %#v %s %q %x %d %s", creds, creds, creds, creds, creds, creds, creds, j)

	if n := profileScanTree(t, e.home, needles...); n == 0 {
		t.Fatal("the scan found no files; the config file should be there")
	}

	// Clean removal, then scan again.
	e.mustRun("", "profile", "remove", "ask")
	e.mustRun("", "profile", "remove", "main", "--force")
	profileScanTree(t, e.home, needles...)

	out := e.outputs.String()
	for _, s := range needles {
		if strings.Contains(out, s) {
			t.Errorf("command output or an error message contains a secret (%.6s…)", s)
		}
	}
	if !strings.Contains(out, "amzn1.application-oa2-client.main") || !strings.Contains(out, "OS keyring is unavailable") {
		t.Fatal("the captured output is missing expected text; the scan may not be looking at it")
	}
}
