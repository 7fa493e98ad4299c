package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/sandbox"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

// sandboxScenarioOptions are the flags that make `pe-tui sandbox` post
// skill-event scenarios instead of serving.
type sandboxScenarioOptions struct {
	name     string
	endpoint string
	user     string
	skillID  string
	asJSON   bool
}

func (so *sandboxScenarioOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&so.name, "scenario", "", "post the skill-event scenario `NAME` (all, "+strings.Join(sandbox.ScenarioNames, ", ")+") to --skill-endpoint and exit")
	f.StringVar(&so.endpoint, "skill-endpoint", "", "with --scenario: the loopback `URL` of the skill under test (default: the config's subscriptionEndpoint)")
	f.StringVar(&so.user, "scenario-user", "", "with --scenario: the user id in the events (default "+sandbox.DefaultUserID+")")
	f.StringVar(&so.skillID, "scenario-skill", "", "with --scenario: the skill id in the events (default: the config's skillId)")
	f.BoolVar(&so.asJSON, "scenario-json", false, "with --scenario: print the results as JSON")
}

// sandboxScenarioHelp is appended to the sandbox command's --help.
const sandboxScenarioHelp = `

Skill-event scenarios: --scenario NAME --skill-endpoint URL posts spec §11
AlexaSkillEvent.ProactiveSubscriptionChanged events to a skill running on
loopback and exits, printing each event posted, the endpoint's status and
answer, and the subscriptions a correct handler holds afterwards (the set of
the newest event by request.timestamp). The scenarios are the cases that
break real handlers: subscribe, unsubscribe-one, unsubscribe-all (an empty
list), unsubscribe-all-no-body (no "body" at all), out-of-order (the newest
event first) and duplicate (the same event twice); "all" posts every one.
The events are not signed: run the skill locally with request signature
verification off. Redirects are not followed; only loopback URLs are used.
Exit status: 0 every post answered 2xx, 1 some did not, 3 no answer.`

func sandboxScenarios(ctx context.Context, cmd *cobra.Command, o sandboxOptions) error {
	so := o.scenarios
	if so.name == "" {
		return exitWith(exitUsage, "--skill-endpoint goes with --scenario NAME (all, "+strings.Join(sandbox.ScenarioNames, ", ")+")")
	}
	var cfg sandbox.Config
	if o.configFile != "" {
		c, err := sandbox.LoadConfig(o.configFile)
		if err != nil {
			return exitWith(exitUsage, err.Error())
		}
		cfg = c
	}
	endpoint := so.endpoint
	if endpoint == "" {
		endpoint = cfg.SubscriptionEndpoint
	}
	if endpoint == "" {
		return exitWith(exitUsage, "--scenario needs --skill-endpoint URL (the skill running on loopback, e.g. http://127.0.0.1:3000/) or a config with subscriptionEndpoint")
	}
	skill := so.skillID
	if skill == "" {
		skill = cfg.SkillID
	}
	all := sandbox.Scenarios(sandbox.ScenarioTarget{SkillID: skill, UserID: so.user, APIEndpoint: "https://api.amazonalexa.com"}, time.Now())
	picked, err := sandbox.FindScenarios(all, so.name)
	if err != nil {
		return exitWith(exitUsage, err.Error())
	}
	out := cmd.OutOrStdout()
	type scenarioJSON struct {
		sandbox.Scenario
		Results []sandbox.StepResult `json:"results"`
	}
	var results []scenarioJSON
	code := exitOK
	for _, sc := range picked {
		res, err := sandbox.PostScenario(ctx, endpoint, sc)
		if err != nil && len(res) == 0 {
			return exitWith(exitUsage, err.Error())
		}
		for _, r := range res {
			switch {
			case r.Status == 0:
				code = exitNetwork
			case (r.Status < 200 || r.Status > 299) && code == exitOK:
				code = exitRejected
			}
		}
		if so.asJSON {
			results = append(results, scenarioJSON{sc, res})
		} else {
			sandboxPrintScenario(out, endpoint, sc, res)
		}
		if err != nil {
			code = exitNetwork
			break
		}
	}
	if so.asJSON {
		sendPrintJSON(out, results)
	}
	if code != exitOK {
		return exitWith(code, "")
	}
	return nil
}

// sandboxPrintScenario shows what was posted and what came back; the
// endpoint's answer is neutralised.
func sandboxPrintScenario(w io.Writer, endpoint string, sc sandbox.Scenario, res []sandbox.StepResult) {
	fmt.Fprintf(w, "== %s: %s\n   catches %s\n", sc.Name, sc.Title, sc.Breaks)
	for i, r := range res {
		fmt.Fprintf(w, "-- step %d: %s\n", i+1, r.Step.Title)
		var pretty bytes.Buffer
		if json.Indent(&pretty, r.Step.Event, "   ", "  ") == nil {
			fmt.Fprintf(w, "   POST %s\n   %s\n", termtext.Clean(endpoint), termtext.Clean(pretty.String()))
		}
		if r.Status == 0 {
			fmt.Fprintf(w, "   no answer: %s\n", termtext.Clean(r.Error))
		} else {
			fmt.Fprintf(w, "   answer: %d in %s", r.Status, alexa.FormatDuration(r.Elapsed))
			if r.Error != "" {
				fmt.Fprintf(w, " (%s)", termtext.Clean(r.Error))
			}
			fmt.Fprintln(w)
			if b := strings.TrimSpace(r.Body); b != "" {
				fmt.Fprintf(w, "   %s\n", termtext.Clean(historyClip(b, 300)))
			}
		}
		expect := "nothing"
		if len(r.Step.Expect) > 0 {
			expect = strings.Join(r.Step.Expect, ", ")
		}
		fmt.Fprintf(w, "   a correct handler now holds: %s\n", expect)
	}
}
