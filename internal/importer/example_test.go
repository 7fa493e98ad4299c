package importer_test

import (
	"fmt"
	"time"

	"github.com/pe-tui/pe-tui/internal/importer"
)

// A UI import key reads the pasted text and takes each Event's Body into a
// draft (Target, Notes and Findings go to the status line or a dialog;
// Raw and Err keep what could not be parsed).
func ExampleImport() {
	pasted := `curl -X POST https://api.eu.amazonalexa.com/v1/proactiveEvents/stages/development \
  -H "Authorization: Bearer Atza|secret" \
  -d '{"timestamp": "'"$(date -u +%Y-%m-%dT%H:%M:%SZ)"'", "referenceId": "'"$(uuidgen)"'"}'`
	res, err := importer.Import([]byte(pasted), importer.Options{Now: time.Now()})
	if err != nil {
		fmt.Println(err)
		return
	}
	ev := res.Events[0]
	fmt.Println(res.Format, ev.Target, ev.Placeholders)
	fmt.Println(ev.Notes[0])
	// Output:
	// curl eu-dev [{{now}} {{ref}}]
	// the Authorization header was dropped: tokens are never imported (pe-tui fetches its own)
}
